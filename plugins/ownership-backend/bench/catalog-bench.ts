/*
 * Benchmark of the ownership plugin against the real catalog (not a test;
 * never run in CI).
 *
 *   yarn workspace @service-ownership/plugin-ownership-backend bench:catalog [sizes...]
 *
 * Options (environment): CATALOG_BENCH_PORT (default 7117), CATALOG_BENCH_RUNS
 * (naive computations per size, default 5), CATALOG_BENCH_REQUESTS (measured
 * requests per endpoint, default 200), CATALOG_BENCH_KEEP=1 keeps the temporary
 * directory (YAML, config, SQLite files, backend log). CATALOG_BENCH_DIR=<dir>
 * uses (and keeps) <dir>/<size> instead of a temporary directory: a second run
 * finds the catalog already ingested there (within its 60-minute processing
 * interval), which makes trying changes to the refresh quick; the ingestion
 * time it reports is then not an ingestion. CATALOG_BENCH_CPU_PROF=1 writes a
 * CPU profile of the backend (node --cpu-prof) into that directory.
 * CATALOG_BENCH_REPEAT=<n> (default 1) measures each size n times, restarting
 * the backend over the same catalog with an empty ownership index each time,
 * and adds a table of medians (this machine varies by ±20 % between runs).
 *
 * For each size (number of components; default 1000 10000) it writes the
 * organisation of generateCatalog.ts as YAML files into a temporary
 * directory, starts catalog-bench-backend.ts as a child process (catalog +
 * the suite's catalog module + the ownership plugin, on SQLite files in that
 * directory, with a static external access token) and measures, in one run:
 * how long the catalog takes to ingest everything; the naive coverage
 * computation (page through /api/catalog/entities/by-query for components,
 * groups and users with `fields`, then compute coverage and orphans in JS);
 * the first build of the ownership index over the full catalog and a second
 * refresh with nothing changed (from the plugin's log line); and the HTTP
 * latency of the suite's coverage, orphan page and resolved-ownership
 * endpoints. Then it stops the backend with SIGTERM.
 */
import { parseEntityRef } from '@backstage/catalog-model';
import { knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCatalog } from './generateCatalog';

const PORT = Number(process.env.CATALOG_BENCH_PORT ?? 7117);
const NAIVE_RUNS = Number(process.env.CATALOG_BENCH_RUNS ?? 5);
const REQUESTS = Number(process.env.CATALOG_BENCH_REQUESTS ?? 200);
const REUSE_DIR = process.env.CATALOG_BENCH_DIR;
const KEEP = process.env.CATALOG_BENCH_KEEP === '1' || Boolean(REUSE_DIR);
const CPU_PROF = process.env.CATALOG_BENCH_CPU_PROF === '1';
const REPEAT = Number(process.env.CATALOG_BENCH_REPEAT ?? 1);
const PAGE_SIZE = process.env.CATALOG_BENCH_PAGE_SIZE
  ? Number(process.env.CATALOG_BENCH_PAGE_SIZE)
  : undefined;
export const BASE = `http://localhost:${PORT}`;
const TASK_ID = 'ownership-index-refresh';
const REFRESHED =
  /Ownership index refreshed from (\d+) catalog entities in (\d+) ms/;
// the root router's request log line: "GET /api/catalog/... HTTP/1.1" 200
const INCOMING =
  /^(?=.*"type":"incomingRequest").*"message":"\\"(\w+ \S+) HTTP/;

type Percentiles = { p50: number; p95: number };

type Result = {
  components: number;
  entities: number;
  startupMs: number;
  ingestMs: number;
  naive: {
    readMs: number;
    totalMs: number;
    entitiesRead: number;
    coverage: number;
    orphans: number;
  };
  buildMs: number;
  noChangeMs: number;
  /** CPU time of the whole backend (catalog included) during that refresh. */
  noChangeCpuMs: number;
  suite: { coverage: number; orphans: number; indexedAt: string };
  coverage: Percentiles;
  orphans: Percentiles;
  ownership: Percentiles;
  backendPeakRssMb: number;
};

const log = (message: string) =>
  process.stderr.write(`[${new Date().toISOString()}] ${message}\n`);

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function median(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (v: number, digits = 2) =>
  Math.round(v * 10 ** digits) / 10 ** digits;

function now() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Writes the generated organisation as YAML files of at most 500 entities. */
export function writeCatalog(dir: string, components: number) {
  const files: string[] = [];
  const counts: Record<string, number> = {};
  let docs: string[] = [];
  const flush = () => {
    if (!docs.length) return;
    const file = join(
      dir,
      `catalog-${String(files.length).padStart(3, '0')}.yaml`,
    );
    // JSON is YAML; one document per entity, as in a catalog-info.yaml.
    writeFileSync(file, `${docs.join('\n---\n')}\n`);
    files.push(file);
    docs = [];
  };
  for (const entity of generateCatalog(components)) {
    counts[entity.kind] = (counts[entity.kind] ?? 0) + 1;
    docs.push(JSON.stringify(entity));
    if (docs.length === 500) flush();
  }
  flush();
  return { files, counts };
}

export function writeConfig(
  dir: string,
  files: string[],
  token: string,
  extra: Record<string, unknown> = {},
) {
  const { ownership, ...rest } = extra;
  const config = {
    app: { baseUrl: BASE },
    backend: {
      baseUrl: BASE,
      listen: { port: PORT },
      database: {
        client: 'better-sqlite3',
        connection: { directory: join(dir, 'sqlite') },
      },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'catalog-bench' } },
        ],
      },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Domain',
            'Location',
            'Group',
            'User',
            'EscalationPolicy',
            'RaciMatrix',
          ],
        },
      ],
      locations: files.map(target => ({ type: 'file', target })),
      // Ingestion is the first processing of every entity; a long interval
      // keeps the catalog from reprocessing what it already has during
      // ingestion and the measurements.
      processingInterval: { minutes: 60 },
    },
    ownership: {
      // The benchmark triggers the refreshes itself (scheduler API), so that
      // the first build runs over the complete catalog: the one at start
      // finds the catalog still empty. (A global task's worker only polls for
      // triggers once its initial delay has passed.)
      refresh: {
        frequency: { minutes: 60 },
        initialDelay: { seconds: 1 },
        timeout: { minutes: 15 },
        ...(PAGE_SIZE ? { pageSize: PAGE_SIZE } : {}),
      },
      ...(ownership as object | undefined),
    },
    ...rest,
  };
  const file = join(dir, 'app-config.yaml');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

export class Backend {
  private readonly child: ChildProcess;
  private readonly refreshes: { entities: number; ms: number }[] = [];
  private buffer = '';
  private exited = false;
  private readonly requests = new Map<string, number>();

  constructor(
    dir: string,
    configFile: string,
    script = join(__dirname, 'catalog-bench-backend.ts'),
  ) {
    const out = createWriteStream(join(dir, 'backend.log'));
    this.child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
        script,
        '--config',
        configFile,
      ],
      {
        // the package, so that --require of the TypeScript transform resolves
        cwd: join(__dirname, '..'),
        env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const onData = (data: Buffer) => {
      out.write(data);
      this.buffer += data.toString('utf8');
      const lines = this.buffer.split('\n');
      this.buffer = lines.pop() ?? '';
      for (const line of lines) {
        const request = INCOMING.exec(line);
        if (request) {
          const path = request[1].replace(/\?.*$/, '');
          this.requests.set(path, (this.requests.get(path) ?? 0) + 1);
        }
        const match = REFRESHED.exec(line);
        if (match) {
          this.refreshes.push({
            entities: Number(match[1]),
            ms: Number(match[2]),
          });
        }
        if (
          /"level":"(error|warn)"|\b(error|warn)\b/i.test(line) &&
          /ownership|Error: /i.test(line)
        ) {
          log(`backend: ${line.slice(0, 400)}`);
        }
      }
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.child.on('exit', code => {
      this.exited = true;
      out.end();
      if (code) log(`backend exited with ${code}`);
    });
  }

  get pid() {
    return this.child.pid!;
  }

  /**
   * Incoming HTTP requests so far by method and path (no query), from the
   * root router's request log: the calls between plugins go over HTTP too.
   */
  requestCounts(): Map<string, number> {
    return new Map(this.requests);
  }

  get refreshCount() {
    return this.refreshes.length;
  }

  async waitForRefresh(after: number, timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (this.refreshes.length <= after) {
      if (this.exited) throw new Error('the backend exited');
      if (Date.now() > deadline) {
        throw new Error('no "Ownership index refreshed" log line in time');
      }
      await sleep(50);
    }
    return this.refreshes[after];
  }

  /** The backend's resident memory now. */
  rssMb() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
    } catch {
      return 0;
    }
  }

  /** CPU time (user + system) the backend has used so far. */
  cpuMs() {
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      // the fields after the command name, which may contain spaces
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]);
      return Math.round((ticks * 1000) / 100);
    } catch {
      return 0;
    }
  }

  peakRssMb() {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      return Math.round(kb / 1024);
    } catch {
      return 0;
    }
  }

  /** Sends the backend a signal (load-bench-backend.ts: SIGUSR2 runs a GC). */
  signal(name: NodeJS.Signals) {
    if (!this.exited) this.child.kill(name);
  }

  async stop() {
    if (this.exited) return;
    const exited = new Promise(r => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      sleep(30_000).then(() => false),
    ]);
    if (!stopped) {
      log('backend did not stop within 30 s, killing it');
      this.child.kill('SIGKILL');
      await exited;
    }
  }

  get hasExited() {
    return this.exited;
  }
}

/**
 * Waits until the catalog has nothing left to do: no entity due for
 * processing and an empty stitch queue (read from its SQLite file). Counting
 * entities is not enough: the catalog keeps stitching relations into entities
 * for a while after the last one appears, and that work would otherwise
 * compete with what is measured next.
 */
export async function waitForCatalogIdle(dir: string, exited: () => boolean) {
  const db = knex({
    client: 'better-sqlite3',
    connection: {
      filename: join(dir, 'sqlite', 'catalog.sqlite'),
      options: { readonly: true },
    },
    useNullAsDefault: true,
  });
  try {
    const deadline = Date.now() + 10 * 60_000;
    let idleChecks = 0;
    while (idleChecks < 3) {
      if (exited()) throw new Error('the backend exited');
      if (Date.now() > deadline) {
        throw new Error('the catalog did not settle within 10 minutes');
      }
      const [{ n }] = await db.raw(
        `SELECT (SELECT COUNT(*) FROM stitch_queue)
              + (SELECT COUNT(*) FROM refresh_state
                 WHERE next_update_at <= strftime('%Y-%m-%d %H:%M:%S', 'now')) AS n`,
      );
      idleChecks = Number(n) === 0 ? idleChecks + 1 : 0;
      await sleep(500);
    }
  } finally {
    await db.destroy();
  }
}

export function client(token: string) {
  return async function call(path: string, init: RequestInit = {}) {
    const res = await fetch(`${BASE}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...init.headers },
    });
    const body = await res.text();
    if (!res.ok) {
      throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${body}`);
    }
    return body ? JSON.parse(body) : undefined;
  };
}

type Call = ReturnType<typeof client>;

async function countEntities(call: Call, kinds: string[]): Promise<number> {
  const filters = kinds.map(k => `filter=kind=${k.toLowerCase()}`).join('&');
  const res = await call(`/api/catalog/entities/by-query?${filters}&limit=1`);
  return res.totalItems;
}

/** Pages through the catalog the way a naive plugin would. */
async function readAll(call: Call, kind: string, fields: string[]) {
  const items: any[] = [];
  let cursor: string | undefined;
  const base = `/api/catalog/entities/by-query?limit=500&fields=${fields.join(
    ',',
  )}`;
  do {
    const res = await call(
      cursor
        ? `${base}&cursor=${encodeURIComponent(cursor)}`
        : `${base}&filter=kind=${kind}`,
    );
    items.push(...res.items);
    cursor = res.pageInfo?.nextCursor;
  } while (cursor);
  return items;
}

const refOf = (e: any) =>
  `${e.kind}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`.toLowerCase();

/**
 * The naive coverage computation: the whole catalog's components, groups and
 * users read over HTTP, then owners resolved and coverage and orphan reasons
 * (those that components, groups and users can tell) computed in memory.
 */
async function naiveCoverage(call: Call) {
  const start = now();
  const [components, groups, users] = await Promise.all([
    readAll(call, 'component', [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'metadata.title',
      'spec.type',
      'spec.lifecycle',
      'spec.owner',
      'spec.system',
      'spec.ownership',
    ]),
    readAll(call, 'group', [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'spec.parent',
      'spec.children',
      'spec.members',
    ]),
    readAll(call, 'user', [
      'kind',
      'metadata.name',
      'metadata.namespace',
      'spec.memberOf',
    ]),
  ]);
  const readMs = now() - start;

  const userRefs = new Set(users.map(refOf));
  const groupRef = (ref: string, namespace = 'default') =>
    refOf({
      kind: 'group',
      metadata: parseEntityRef(ref, {
        defaultKind: 'group',
        defaultNamespace: namespace,
      }),
    });
  const direct = new Map<string, Set<string>>();
  const children = new Map<string, Set<string>>();
  const add = (m: Map<string, Set<string>>, k: string, v: string) => {
    if (!m.has(k)) m.set(k, new Set());
    m.get(k)!.add(v);
  };
  for (const g of groups) {
    const ref = refOf(g);
    const ns = g.metadata.namespace ?? 'default';
    if (!direct.has(ref)) direct.set(ref, new Set());
    for (const m of g.spec?.members ?? []) {
      const u = refOf({
        kind: 'user',
        metadata: parseEntityRef(m, {
          defaultKind: 'user',
          defaultNamespace: ns,
        }),
      });
      if (userRefs.has(u)) add(direct, ref, u);
    }
    for (const c of g.spec?.children ?? []) add(children, ref, groupRef(c, ns));
    if (g.spec?.parent) add(children, groupRef(g.spec.parent, ns), ref);
  }
  for (const u of users) {
    for (const g of u.spec?.memberOf ?? []) {
      add(direct, groupRef(g, u.metadata.namespace ?? 'default'), refOf(u));
    }
  }
  const memo = new Map<string, Set<string>>();
  const members = (ref: string, seen = new Set<string>()): Set<string> => {
    const cached = memo.get(ref);
    if (cached) return cached;
    seen.add(ref);
    const all = new Set(direct.get(ref) ?? []);
    for (const c of children.get(ref) ?? []) {
      if (!seen.has(c)) for (const m of members(c, seen)) all.add(m);
    }
    memo.set(ref, all);
    return all;
  };

  const today = new Date().toISOString().slice(0, 10);
  const buckets: Record<
    string,
    Map<string, { total: number; owned: number }>
  > = {
    kind: new Map(),
    type: new Map(),
    lifecycle: new Map(),
    tier: new Map(),
    owner: new Map(),
    system: new Map(),
  };
  const orphans: { ref: string; reasons: string[] }[] = [];
  let covered = 0;
  for (const c of components) {
    const reasons: string[] = [];
    const ns = c.metadata.namespace ?? 'default';
    const owner: string | undefined = c.spec?.owner;
    let ownerRef = '(none)';
    let owned = false;
    if (!owner) {
      reasons.push('no-owner');
    } else {
      const parsed = parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: ns,
      });
      ownerRef = refOf({ kind: parsed.kind, metadata: parsed });
      if (parsed.kind.toLowerCase() === 'user') {
        owned = userRefs.has(ownerRef);
        if (!owned) reasons.push('owner-not-found');
      } else if (!direct.has(ownerRef)) {
        reasons.push('owner-not-found');
      } else {
        const size = members(ownerRef).size;
        owned = size > 0;
        if (size === 0) reasons.push('owner-no-members');
        if (size === 1) reasons.push('owner-single-member');
      }
    }
    const o = c.spec?.ownership ?? {};
    if (o.tier === 'tier-1' && !o.escalationPolicy)
      reasons.push('tier1-no-escalation');
    if (o.expires && String(o.expires) < today)
      reasons.push('ownership-expired');
    const isCovered = owned && !reasons.some(r => r !== 'owner-single-member');
    if (isCovered) covered++;
    if (reasons.length) orphans.push({ ref: refOf(c), reasons });
    const keys: Record<string, string> = {
      kind: c.kind,
      type: c.spec?.type ?? '(none)',
      lifecycle: c.spec?.lifecycle ?? '(none)',
      tier: o.tier ?? '(none)',
      owner: ownerRef,
      system: c.spec?.system ?? '(none)',
    };
    for (const [dim, key] of Object.entries(keys)) {
      const b = buckets[dim].get(key) ?? { total: 0, owned: 0 };
      b.total++;
      if (isCovered) b.owned++;
      buckets[dim].set(key, b);
    }
  }
  orphans.sort((a, b) => a.ref.localeCompare(b.ref));
  const firstPage = orphans.slice(0, 50);
  const totalMs = now() - start;
  return {
    readMs,
    totalMs,
    entitiesRead: components.length + groups.length + users.length,
    coverage: round((covered / Math.max(1, components.length)) * 100, 1),
    orphans: orphans.length,
    firstPage,
  };
}

async function latency(fn: (i: number) => Promise<unknown>, runs = REQUESTS) {
  for (let i = 0; i < 20; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = now();
    await fn(i);
    samples.push(now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    round(
      samples[Math.min(samples.length - 1, Math.floor(p * samples.length))],
    );
  return { p50: at(0.5), p95: at(0.95) };
}

async function runOne(components: number, dir: string): Promise<Result> {
  mkdirSync(join(dir, 'sqlite'), { recursive: true });
  // a kept catalog is reused, never a kept ownership index
  rmSync(join(dir, 'sqlite', 'ownership.sqlite'), { force: true });
  const token = randomBytes(24).toString('hex');
  const { files, counts } = writeCatalog(dir, components);
  const kinds = Object.keys(counts);
  const entities = Object.values(counts).reduce((a, b) => a + b, 0);
  log(
    `${components} components: ${entities} entities (${JSON.stringify(
      counts,
    )}) in ${files.length} files under ${dir}`,
  );
  const configFile = writeConfig(dir, files, token);
  const call = client(token);

  const spawned = Date.now();
  const backend = new Backend(dir, configFile);
  try {
    // started: the plugins' routes answer
    for (;;) {
      if (backend.hasExited)
        throw new Error(`the backend exited; see ${dir}/backend.log`);
      const ok = await fetch(`${BASE}/api/ownership/health`)
        .then(r => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() - spawned > 120_000)
        throw new Error('the backend did not start');
      await sleep(200);
    }
    // The refresh at start runs over an empty catalog, or over a kept one
    // (CATALOG_BENCH_DIR); either way it must not overlap what is measured.
    await backend.waitForRefresh(0, 15 * 60_000);
    const started = Date.now();
    const startupMs = started - spawned;
    log(`backend up in ${startupMs} ms (pid ${backend.pid}); ingesting...`);

    let last = -1;
    let lastChange = Date.now();
    let lastReport = 0;
    for (;;) {
      const n = await countEntities(call, kinds);
      if (n !== last) {
        last = n;
        lastChange = Date.now();
      }
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        log(
          `  ${n} / ${entities} entities after ${Math.round(
            (Date.now() - started) / 1000,
          )} s`,
        );
      }
      if (n >= entities) break;
      if (Date.now() - lastChange > 180_000) {
        throw new Error(
          `ingestion stalled at ${n} / ${entities} entities; see ${dir}/backend.log`,
        );
      }
      await sleep(1000);
    }
    const counted = Date.now();
    await waitForCatalogIdle(dir, () => backend.hasExited);
    log(
      `all entities listed after ${round(
        (counted - started) / 1000,
        1,
      )} s; the catalog finished stitching ${round(
        (Date.now() - counted) / 1000,
        1,
      )} s later`,
    );
    const ingested = Date.now();
    const ingestMs = ingested - started;
    const componentCount = await countEntities(call, ['component']);
    log(
      `ingested ${entities} entities (${componentCount} components) in ${round(
        ingestMs / 1000,
        1,
      )} s`,
    );

    const naiveRuns = [];
    for (let i = 0; i < NAIVE_RUNS; i++) {
      naiveRuns.push(await naiveCoverage(call));
    }
    const naive = {
      readMs: round(median(naiveRuns.map(r => r.readMs)), 0),
      totalMs: round(median(naiveRuns.map(r => r.totalMs)), 0),
      entitiesRead: naiveRuns[0].entitiesRead,
      coverage: naiveRuns[0].coverage,
      orphans: naiveRuns[0].orphans,
    };
    log(
      `naive: ${JSON.stringify(naive)} (runs: ${naiveRuns
        .map(r => Math.round(r.totalMs))
        .join(', ')} ms)`,
    );

    const trigger = () =>
      call(`/api/ownership/.backstage/scheduler/v1/tasks/${TASK_ID}/trigger`, {
        method: 'POST',
      });
    let before = backend.refreshCount;
    await trigger();
    const build = await backend.waitForRefresh(before, 15 * 60_000);
    log(`first build: ${build.ms} ms over ${build.entities} entities`);
    let coverage: any;
    for (;;) {
      coverage = await call('/api/ownership/coverage');
      if (
        coverage.total === components &&
        coverage.indexedAt &&
        Date.parse(coverage.indexedAt) >= ingested
      )
        break;
      await sleep(200);
    }
    before = backend.refreshCount;
    const cpuBefore = backend.cpuMs();
    await trigger();
    const noChange = await backend.waitForRefresh(before, 15 * 60_000);
    const noChangeCpuMs = backend.cpuMs() - cpuBefore;
    log(
      `refresh with nothing changed: ${noChange.ms} ms, ${noChangeCpuMs} ms CPU`,
    );
    const orphanPage = await call('/api/ownership/orphans?limit=50');

    const result: Result = {
      components,
      entities,
      startupMs,
      ingestMs,
      naive,
      buildMs: build.ms,
      noChangeMs: noChange.ms,
      noChangeCpuMs,
      suite: {
        coverage: coverage.coverage,
        orphans: orphanPage.totalCount,
        indexedAt: coverage.indexedAt,
      },
      coverage: await latency(() => call('/api/ownership/coverage')),
      orphans: await latency(() => call('/api/ownership/orphans?limit=50')),
      ownership: await latency(i =>
        call(
          `/api/ownership/entities/component/default/svc-${
            (i * 7919) % components
          }/ownership`,
        ),
      ),
      backendPeakRssMb: 0,
    };
    result.backendPeakRssMb = backend.peakRssMb();
    return result;
  } finally {
    await backend.stop();
    log('backend stopped');
  }
}

function table(results: Result[]): string {
  const ms = (v: Percentiles) => `${v.p50} / ${v.p95} ms`;
  const s = (v: number) =>
    v >= 10000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
  const x = (v: number) => `${v >= 100 ? Math.round(v) : v.toFixed(1)}×`;
  const rows = [
    '| components | entities | catalog ingestion | naive: read catalog | naive: read + compute | index first build | refresh, no change (CPU) | coverage p50 / p95 | orphan page p50 / p95 | owner card p50 / p95 | speed-up coverage / orphan page (naive ÷ p50) | first build ÷ naive read | coverage naive / suite | orphans naive / suite | backend peak RSS |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    rows.push(
      `| ${r.components.toLocaleString('en-US')} | ${r.entities.toLocaleString(
        'en-US',
      )} | ${(r.ingestMs / 1000).toFixed(0)} s | ${s(r.naive.readMs)} | ${s(
        r.naive.totalMs,
      )} | ${s(r.buildMs)} | ${s(r.noChangeMs)} (${s(r.noChangeCpuMs)}) | ${ms(
        r.coverage,
      )} | ${ms(r.orphans)} | ${ms(r.ownership)} | ${x(
        r.naive.totalMs / r.coverage.p50,
      )} / ${x(r.naive.totalMs / r.orphans.p50)} | ${(
        r.buildMs / r.naive.readMs
      ).toFixed(2)} | ${r.naive.coverage} % / ${
        r.suite.coverage
      } % | ${r.naive.orphans.toLocaleString(
        'en-US',
      )} / ${r.suite.orphans.toLocaleString('en-US')} | ${
        r.backendPeakRssMb
      } MB |`,
    );
  }
  return rows.join('\n');
}

/** Per size: the medians over the repetitions of what varies between runs. */
function medians(results: Result[]): string {
  const rows = [
    '| components | runs | naive: read catalog (median) | index first build (median) | first build ÷ naive read, per run | median |',
    '|---:|---:|---:|---:|---|---:|',
  ];
  const sizes = [...new Set(results.map(r => r.components))];
  for (const size of sizes) {
    const runs = results.filter(r => r.components === size);
    const ratios = runs.map(r => r.buildMs / r.naive.readMs);
    rows.push(
      `| ${size.toLocaleString('en-US')} | ${runs.length} | ${Math.round(
        median(runs.map(r => r.naive.readMs)),
      )} ms | ${Math.round(median(runs.map(r => r.buildMs)))} ms | ${ratios
        .map(r => r.toFixed(2))
        .join(', ')} | ${median(ratios).toFixed(2)} |`,
    );
  }
  return rows.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const sizes = args.length ? args.map(Number) : [1_000, 10_000];
  const results: Result[] = [];
  for (const size of sizes) {
    const dir = REUSE_DIR
      ? join(REUSE_DIR, String(size))
      : mkdtempSync(join(tmpdir(), 'ownership-catalog-bench-'));
    try {
      // Repetitions after the first find the catalog ingested (see
      // CATALOG_BENCH_DIR) and start with an empty ownership index.
      for (let run = 1; run <= REPEAT; run++) {
        log(`size ${size}, run ${run} of ${REPEAT}`);
        const result = await runOne(size, dir);
        results.push(result);
        process.stderr.write(`RESULT ${JSON.stringify(result)}\n`);
      }
    } finally {
      if (KEEP) {
        log(`kept ${dir}`);
      } else {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  process.stdout.write(`${table(results)}\n`);
  if (REPEAT > 1) {
    process.stdout.write(`\n${medians(results)}\n`);
  }
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  });
}
