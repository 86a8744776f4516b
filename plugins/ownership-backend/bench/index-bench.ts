/*
 * Benchmark of the ownership index (not a test; never run in CI).
 *
 *   yarn workspace @service-ownership/plugin-ownership-backend bench [sizes...]
 *
 * For each size (number of components; default 1000 10000 100000 250000) a
 * child process generates an organisation (a group hierarchy, users, policies,
 * RACI matrices and components in a realistic mix of ownership states), feeds
 * it to OwnershipIndexer.refresh() through a catalog stub that streams it in
 * pages like CatalogService.streamEntities, on a SQLite file database, and
 * measures: the first build, a second refresh with nothing changed, a refresh
 * with 1% of the components changed, the latency of the coverage and orphan
 * endpoints' service calls (p50/p95), and the peak RSS of the process.
 */
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { Knex } from 'knex';
import { readOwnershipConfig } from '../src/config';
import { DatabaseOwnershipStore } from '../src/database/DatabaseOwnershipStore';
import { OwnershipIndexer } from '../src/index/OwnershipIndexer';
import { OwnershipReports } from '../src/service/OwnershipReports';

type Result = {
  components: number;
  entities: number;
  buildMs: number;
  noChangeMs: number;
  onePercentMs: number;
  onePercentUpdated: number;
  dbMb: number;
  coverage: { p50: number; p95: number };
  coverageAsOf: { p50: number; p95: number };
  orphans: { p50: number; p95: number };
  orphansFiltered: { p50: number; p95: number };
  orphansDeep: { p50: number; p95: number };
  orphanCount: number;
  coveragePercent: number;
  peakRssMb: number;
};

// Deterministic pseudo-random numbers, so every run sees the same catalog.
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shape of the generated organisation for a number of components. */
function orgShape(components: number) {
  const teams = Math.max(10, Math.ceil(components / 20));
  const departments = Math.max(2, Math.ceil(teams / 8));
  return { teams, departments };
}

function teamSize(team: number): number {
  const r = random(team * 7919)();
  if (r < 0.04) return 0; // empty team
  if (r < 0.12) return 1; // bus factor 1
  return 2 + (Math.floor(r * 100) % 8);
}

const meta = (kind: string, name: string, extra: object = {}) => ({
  apiVersion:
    kind === 'EscalationPolicy' || kind === 'RaciMatrix'
      ? 'ownership.dev/v1alpha1'
      : 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', ...extra },
});

/** Generates the catalog lazily, one entity at a time. */
function* generateCatalog(
  components: number,
  changedFraction = 0,
): Generator<Entity> {
  const { teams, departments } = orgShape(components);
  yield {
    ...meta('Group', 'org'),
    spec: { type: 'organization', children: [] },
  };
  for (let d = 0; d < departments; d++) {
    yield {
      ...meta('Group', `dept-${d}`, { title: `Department ${d}` }),
      spec: { type: 'department', parent: 'org', children: [] },
    };
    yield {
      ...meta('EscalationPolicy', `policy-dept-${d}`),
      spec: {
        owner: `group:default/dept-${d}`,
        levels: [
          {
            name: 'Primary on-call',
            escalateAfter: '15m',
            targets: [
              {
                type: 'schedule',
                id: `dept-${d}-primary`,
                rota: {
                  members: [`user:default/u-${d * 8}-0`],
                  rotation: '1w',
                  start: '2026-01-05',
                },
              },
            ],
          },
          {
            name: 'Department',
            escalateAfter: '1h',
            targets: [{ type: 'group', id: `group:default/dept-${d}` }],
          },
        ],
      },
    } as Entity;
    yield {
      ...meta('RaciMatrix', `raci-dept-${d}`),
      spec: {
        owner: `group:default/dept-${d}`,
        appliesTo: [],
        activities: [
          {
            name: 'Deployment',
            responsible: [`group:default/team-${d * 8}`],
            accountable: `group:default/dept-${d}`,
            consulted: [`group:default/team-${d * 8 + 1}`],
          },
        ],
      },
    } as Entity;
  }
  for (let t = 0; t < teams; t++) {
    const size = teamSize(t);
    const members: string[] = [];
    for (let k = 0; k < size; k++) {
      // half of the memberships come from the group, half from the user
      if (k % 2 === 0) members.push(`u-${t}-${k}`);
    }
    yield {
      ...meta('Group', `team-${t}`, { title: `Team ${t}` }),
      spec: {
        type: 'team',
        parent: `dept-${t % departments}`,
        children: [],
        members,
        profile: { displayName: `Team ${t}`, email: `team-${t}@acme.example` },
      },
    };
    for (let k = 0; k < size; k++) {
      yield {
        ...meta('User', `u-${t}-${k}`),
        spec: {
          profile: {
            displayName: `User ${t}.${k}`,
            email: `u-${t}-${k}@acme.example`,
          },
          memberOf: k % 2 === 1 ? [`team-${t}`] : [],
        },
      };
    }
  }
  const systems = Math.max(1, Math.floor(components / 50));
  for (let c = 0; c < components; c++) {
    const r = random(c + 1);
    const pick = r();
    const team = c % teams;
    let owner: string;
    if (pick < 0.8) owner = `group:default/team-${team}`;
    else if (pick < 0.85) owner = `user:default/u-${team}-0`; // may not exist
    else if (pick < 0.89) owner = `group:default/ghost-team-${c % 97}`;
    else if (pick < 0.9) owner = `user:default/ghost-user-${c % 89}`;
    else if (pick < 0.95) owner = `dept-${team % departments}`;
    else owner = `team-${team}`;
    const tierPick = r();
    let tier: string | undefined;
    if (tierPick < 0.15) tier = 'tier-1';
    else if (tierPick < 0.5) tier = 'tier-2';
    else if (tierPick < 0.65) tier = 'tier-3';
    const policyPick = r();
    let escalationPolicy: string | undefined;
    if (tier === 'tier-1' && policyPick < 0.8) {
      escalationPolicy = `escalationpolicy:default/policy-dept-${
        team % departments
      }`;
    } else if (tier === 'tier-1' && policyPick < 0.9) {
      escalationPolicy = 'escalationpolicy:default/no-such-policy';
    }
    const feature = r() < 0.03;
    // a separate stream, so that changing 1% leaves the rest identical
    const changed = random(c * 31 + 7)() < changedFraction;
    yield {
      ...meta(
        'Component',
        `svc-${c}`,
        r() < 0.5 ? { title: `Service ${c}` } : {},
      ),
      spec: {
        type: ['service', 'service', 'website', 'library'][c % 4],
        lifecycle: ['production', 'production', 'experimental', 'deprecated'][
          c % 4
        ],
        owner: changed ? `group:default/team-${(team + 1) % teams}` : owner,
        ...(r() < 0.7 ? { system: `system-${c % systems}` } : {}),
        ...(tier || feature
          ? {
              ownership: {
                ...(tier ? { tier } : {}),
                ...(escalationPolicy ? { escalationPolicy } : {}),
                ...(feature
                  ? {
                      level: 'feature',
                      feature: `Feature ${c}`,
                      expires: c % 2 ? '2025-01-31' : '2031-01-31',
                    }
                  : {}),
                primary: `user:default/u-${team}-0`,
              },
            }
          : {}),
      },
    };
  }
}

/** A catalog stub that streams the generated entities in pages. */
function catalogStub(components: number, changedFraction: () => number) {
  return {
    async *streamEntities(request?: { pageSize?: number }) {
      const pageSize = request?.pageSize ?? 500;
      let page: Entity[] = [];
      for (const entity of generateCatalog(components, changedFraction())) {
        page.push(entity);
        if (page.length === pageSize) {
          yield page;
          page = [];
        }
      }
      if (page.length) {
        yield page;
      }
    },
  };
}

async function timeIt<T>(fn: () => Promise<T>) {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

async function latency(fn: () => Promise<unknown>, runs = 200) {
  for (let i = 0; i < 20; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    samples.push((await timeIt(fn)).ms);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round(
      samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] *
        100,
    ) / 100;
  return { p50: at(0.5), p95: at(0.95) };
}

async function runOne(components: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'ownership-bench-'));
  const filename = join(dir, 'ownership.sqlite');
  // What the database service gives a plugin for `client: better-sqlite3`
  // with a directory: one file per plugin.
  const knex: Knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
  });
  try {
    const store = await DatabaseOwnershipStore.create({
      database: { getClient: async () => knex },
    });
    const config = readOwnershipConfig(new ConfigReader({}));
    let changed = 0;
    const logger = {
      info() {},
      warn(message: string) {
        process.stderr.write(`${message}\n`);
      },
      error() {},
      debug() {},
      child() {
        return logger;
      },
    };
    const indexer = new OwnershipIndexer({
      catalog: catalogStub(components, () => changed) as any,
      auth: { getOwnServiceCredentials: async () => ({} as any) },
      store,
      logger: logger as any,
      config,
    });
    const build = await timeIt(() => indexer.refresh());
    if (!build.value.ok) throw new Error(build.value.error);
    const noChange = await timeIt(() => indexer.refresh());
    changed = 0.01;
    const onePercent = await timeIt(() => indexer.refresh());
    if (!onePercent.value.ok) throw new Error(onePercent.value.error);

    // 90 days of history, so that coverage reads a realistic snapshot table
    await knex.raw(`
      WITH RECURSIVE days(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM days WHERE n < 90)
      INSERT INTO ownership_coverage_snapshots
        (snapshot_date, taken_at, total, owned, buckets)
      SELECT date(s.snapshot_date, '-' || days.n || ' days'), s.taken_at,
             s.total, s.owned, s.buckets
      FROM ownership_coverage_snapshots s CROSS JOIN days`);

    const reports = new OwnershipReports({ store, config });
    const coverage = await reports.getCoverage();
    const pastDay = new Date(Date.now() - 30 * 86400_000)
      .toISOString()
      .slice(0, 10);
    const firstPage = await reports.listOrphans({
      offset: 0,
      limit: 50,
      orderBy: 'entityRef',
      order: 'asc',
    });
    const result: Result = {
      components,
      entities: build.value.entitiesRead,
      buildMs: Math.round(build.ms),
      noChangeMs: Math.round(noChange.ms),
      onePercentMs: Math.round(onePercent.ms),
      onePercentUpdated: onePercent.value.stats.entities.updated,
      dbMb: 0,
      // Serialised too, as the router's res.json() does: at 250k the
      // coverage response is ~1 MB (one bucket per owner and per system).
      coverage: await latency(async () =>
        JSON.stringify(await reports.getCoverage()),
      ),
      coverageAsOf: await latency(async () =>
        JSON.stringify(await reports.getCoverage(pastDay)),
      ),
      orphans: await latency(async () =>
        JSON.stringify(
          await reports.listOrphans({
            offset: 0,
            limit: 50,
            orderBy: 'entityRef',
            order: 'asc',
          }),
        ),
      ),
      orphansFiltered: await latency(async () =>
        JSON.stringify(
          await reports.listOrphans({
            offset: 0,
            limit: 50,
            orderBy: 'title',
            order: 'desc',
            severity: 'error',
            tier: 'tier-1',
          }),
        ),
      ),
      orphansDeep: await latency(async () =>
        JSON.stringify(
          await reports.listOrphans({
            offset: Math.floor(firstPage.totalCount / 2),
            limit: 50,
            orderBy: 'reasons',
            order: 'desc',
          }),
        ),
      ),
      orphanCount: firstPage.totalCount,
      coveragePercent: coverage.coverage,
      peakRssMb: 0,
    };
    result.dbMb = Math.round(statSync(filename).size / 1e5) / 10;
    result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    return result;
  } finally {
    await knex.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

function table(results: Result[]): string {
  const rows = [
    '| components | entities streamed | first build | refresh, no change | refresh, 1% changed | coverage p50 / p95 | coverage asOf p50 / p95 | orphan page p50 / p95 | orphan page, filtered + sorted by title p50 / p95 | orphan page, middle, sorted by reasons p50 / p95 | orphans | coverage | DB file | peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const ms = (v: { p50: number; p95: number }) => `${v.p50} / ${v.p95} ms`;
  const s = (v: number) =>
    v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
  for (const r of results) {
    rows.push(
      `| ${r.components.toLocaleString('en-US')} | ${r.entities.toLocaleString(
        'en-US',
      )} | ${s(r.buildMs)} | ${s(r.noChangeMs)} | ${s(r.onePercentMs)} (${
        r.onePercentUpdated
      } rows) | ${ms(r.coverage)} | ${ms(r.coverageAsOf)} | ${ms(
        r.orphans,
      )} | ${ms(r.orphansFiltered)} | ${ms(
        r.orphansDeep,
      )} | ${r.orphanCount.toLocaleString('en-US')} | ${
        r.coveragePercent
      } % | ${r.dbMb} MB | ${r.peakRssMb} MB |`,
    );
  }
  return rows.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const result = await runOne(Number(args[1]));
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const sizes = args.length
    ? args.map(Number)
    : [1_000, 10_000, 100_000, 250_000];
  const results: Result[] = [];
  for (const size of sizes) {
    process.stderr.write(`benchmarking ${size} components...\n`);
    // One process per size, so that peak RSS belongs to that size alone.
    const child = spawnSync(
      process.execPath,
      [...process.execArgv, __filename, '--child', String(size)],
      {
        encoding: 'utf8',
        maxBuffer: 1e8,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const line = child.stdout.split('\n').find(l => l.startsWith('RESULT '));
    if (child.status !== 0 || !line) {
      throw new Error(`benchmark of ${size} failed:\n${child.stdout}`);
    }
    results.push(JSON.parse(line.slice('RESULT '.length)));
    process.stderr.write(`${JSON.stringify(results[results.length - 1])}\n`);
  }
  process.stdout.write(`${table(results)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
