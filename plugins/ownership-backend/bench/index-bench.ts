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
import { DatabaseIndexStore } from '../src/catalogIndex/DatabaseIndexStore';
import { OwnershipIndexer } from '../src/catalogIndex/OwnershipIndexer';
import { DatabaseReportsStore } from '../src/reports/DatabaseReportsStore';
import { OwnershipReports } from '../src/reports/OwnershipReports';
import { generateCatalog } from './generateCatalog';

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

/** A catalog stub that streams the generated entities in pages. */
function catalogStub(components: number, changedFraction: () => number) {
  return {
    async *streamEntities(request?: {
      pageSize?: number;
      filter?: { kind?: string[] };
    }) {
      const pageSize = request?.pageSize ?? 500;
      const kinds = new Set(request?.filter?.kind?.map(k => k.toLowerCase()));
      let page: Entity[] = [];
      for (const entity of generateCatalog(components, changedFraction())) {
        if (!kinds.has(entity.kind.toLowerCase())) {
          continue;
        }
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
    const database = { getClient: async () => knex };
    const store = await DatabaseIndexStore.create({ database });
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

    const reports = new OwnershipReports({
      store: await DatabaseReportsStore.create({ database }),
      config,
    });
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
