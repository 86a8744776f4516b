/*
 * Load benchmark of the owner card, the coverage page and the orphan page
 * (not a test; never run in CI; localhost only, bounded in requests).
 *
 *   yarn workspace @service-ownership/plugin-ownership-backend bench:load [examples|<components>...]
 *
 * Default: `examples 10000`. `examples` is the portal's example catalog
 * (examples/*.yaml); a number is the organisation of generateCatalog.ts with
 * that many components. For each it starts load-bench-backend.ts (catalog,
 * the suite's catalog module, the ownership plugin, the permission backend
 * with a portal-like policy and guest sign-in, on SQLite files in a temporary
 * directory), waits for the catalog to settle and the ownership index to be
 * built, signs in as a guest user, and measures:
 *
 * - the owner card one request at a time (p50 / p95 / p99), over the services;
 * - with autocannon, LOAD_BENCH_REQUESTS (default 2000) requests at
 *   concurrency LOAD_BENCH_CONCURRENCY (default 20) each for the owner card
 *   (rotating over up to 200 services), the coverage and the first orphan
 *   page, a team view, the handoffs, metrics (90 days) and audit pages:
 *   req/s, p50 / p95 / p99, errors and non-2xx answers, and the internal
 *   requests (permission, catalog, auth) each made, from the request log;
 * - the CPU time and duration of a refresh that finds the catalog unchanged
 *   (the freshness cost, paid every `ownership.refresh.frequency`);
 * - the backend's RSS when idle before the load, 10 s after it, and after a
 *   forced full garbage collection (SIGUSR2; load-bench-backend.ts).
 *
 * Options (environment): CATALOG_BENCH_PORT (default 7117), LOAD_BENCH_DIR=<dir>
 * keeps and reuses <dir>/<size> (a second run finds the catalog ingested),
 * LOAD_BENCH_INGEST_MINUTES (default 90) bounds the wait for the catalog to
 * ingest and stitch the generated catalog (progress every 30 s: on a loaded
 * 2-core machine 10k components take far longer than the 10 minutes the
 * catalog benchmark waits), CATALOG_BENCH_CPU_PROF=1 writes a CPU profile of
 * the backend into the directory.
 */
import autocannon from 'autocannon';
import { knex } from 'knex';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  Backend,
  BASE,
  client,
  writeCatalog,
  writeConfig,
} from './catalog-bench';

const REQUESTS = Number(process.env.LOAD_BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.LOAD_BENCH_CONCURRENCY ?? 20);
const SEQUENTIAL = Number(process.env.LOAD_BENCH_SEQUENTIAL ?? 200);
const REUSE_DIR = process.env.LOAD_BENCH_DIR;
const DECISION_TTL = process.env.LOAD_BENCH_DECISION_TTL;
const INGEST_MINUTES = Number(process.env.LOAD_BENCH_INGEST_MINUTES ?? 90);
const TASK_ID = 'ownership-index-refresh';
const EXAMPLES = resolve(__dirname, '../../../examples');
const GUEST = 'user:default/load-bench-guest';

const log = (message: string) =>
  process.stderr.write(`[${new Date().toISOString()}] ${message}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const round = (v: number, digits = 1) =>
  Math.round(v * 10 ** digits) / 10 ** digits;

type Load = {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Internal requests (permission, catalog, auth) per request, by kind. */
  internal?: Record<string, number>;
};

type SizeResult = {
  size: string;
  services: number;
  sequential: { p50: number; p95: number; p99: number };
  loads: Load[];
  idleRssMb: number;
  afterRssMb: number;
  afterGcRssMb: number;
  peakRssMb: number;
  unchangedRefresh: { ms: number; cpuMs: number };
  /** The first build of the index over the ingested catalog. */
  build: { entities: number; ms: number };
  callsPerCard: Record<string, number>;
};

/**
 * Triggers the index refresh; while the schedule's own run is going (409),
 * waits for it and tries again.
 */
async function trigger(call: ReturnType<typeof client>) {
  for (let attempt = 0; ; attempt++) {
    try {
      await call(
        `/api/ownership/.backstage/scheduler/v1/tasks/${TASK_ID}/trigger`,
        { method: 'POST' },
      );
      return;
    } catch (error) {
      if (attempt > 600 || !String(error).includes(' 409 ')) throw error;
      await sleep(1000);
    }
  }
}

/** The paths of the internal calls, without the entity they name. */
function callKind(path: string): string {
  return path
    .replace(/\/entities\/by-name\/.*/, '/entities/by-name/…')
    .replace(/^(\w+ \/api\/ownership\/entities)\/.*/, '$1/… (cards)');
}

/**
 * The requests the backend received between two counts, per owner card
 * (the card requests themselves included, as 1).
 */
function perCard(
  before: Map<string, number>,
  after: Map<string, number>,
): Record<string, number> {
  const delta = new Map<string, number>();
  for (const [path, n] of after) {
    const kind = callKind(path);
    const d = n - (before.get(path) ?? 0);
    if (d) delta.set(kind, (delta.get(kind) ?? 0) + d);
  }
  const cards = delta.get('GET /api/ownership/entities/… (cards)') ?? 0;
  return Object.fromEntries(
    [...delta].map(([kind, n]) => [kind, cards ? round(n / cards, 2) : n]),
  );
}

/**
 * The internal requests (anything but the ownership plugin's own routes)
 * the backend received between two counts, per request of a load of
 * REQUESTS requests.
 */
function internalPerRequest(
  before: Map<string, number>,
  after: Map<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [path, n] of after) {
    const kind = callKind(path);
    const d = n - (before.get(path) ?? 0);
    if (d && !kind.startsWith('GET /api/ownership/')) {
      delta[kind] = (delta[kind] ?? 0) + d;
    }
  }
  return Object.fromEntries(
    Object.entries(delta).map(([kind, n]) => [kind, round(n / REQUESTS, 2)]),
  );
}

/** The name of a team (group) that owns components, for the team view. */
async function ownerTeam(call: ReturnType<typeof client>): Promise<string> {
  const res = await call(
    '/api/catalog/entities/by-query?filter=kind=component,spec.owner&limit=500&fields=spec.owner',
  );
  // an owner without a kind is a group; some components are owned by users
  const owner = (res.items ?? [])
    .map((e: { spec?: { owner?: string } }) => String(e.spec?.owner ?? ''))
    .find((o: string) => o && !o.toLowerCase().startsWith('user:'));
  const name = owner?.replace(/^(group:)?(default\/)?/i, '');
  if (!name) {
    throw new Error('no component owned by a group to read a team view of');
  }
  return name;
}

/**
 * Waits until the catalog has nothing left to do (no entity due for
 * processing, an empty stitch queue: three checks in a row, read from its
 * SQLite file), logging its progress every 30 s, for at most
 * LOAD_BENCH_INGEST_MINUTES.
 */
async function waitForIngestion(dir: string, exited: () => boolean) {
  const db = knex({
    client: 'better-sqlite3',
    connection: {
      filename: join(dir, 'sqlite', 'catalog.sqlite'),
      options: { readonly: true },
    },
    useNullAsDefault: true,
  });
  try {
    const started = Date.now();
    const deadline = started + INGEST_MINUTES * 60_000;
    let lastLog = 0;
    let idleChecks = 0;
    while (idleChecks < 3) {
      if (exited()) throw new Error('the backend exited');
      const [row] = await db.raw(
        `SELECT (SELECT COUNT(*) FROM refresh_state) AS entities,
                (SELECT COUNT(*) FROM final_entities WHERE final_entity IS NOT NULL) AS stitched,
                (SELECT COUNT(*) FROM refresh_state
                 WHERE next_update_at <= strftime('%Y-%m-%d %H:%M:%S', 'now')) AS due,
                (SELECT COUNT(*) FROM stitch_queue) AS stitching`,
      );
      const pending = Number(row.due) + Number(row.stitching);
      idleChecks = pending === 0 ? idleChecks + 1 : 0;
      if (Date.now() - lastLog > 30_000) {
        lastLog = Date.now();
        log(
          `catalog ingesting: ${row.entities} entities known, ${
            row.stitched
          } stitched, ${row.due} due for processing, ${
            row.stitching
          } waiting to be stitched (${Math.round(
            (Date.now() - started) / 1000,
          )} s)`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `the catalog did not settle within ${INGEST_MINUTES} minutes (LOAD_BENCH_INGEST_MINUTES)`,
        );
      }
      await sleep(pending ? 2000 : 500);
    }
    log(`catalog settled in ${Math.round((Date.now() - started) / 1000)} s`);
  } finally {
    await db.destroy();
  }
}

async function guestToken(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  const body: any = await res.json();
  const token = body?.backstageIdentity?.token;
  if (!token) {
    throw new Error(
      `guest sign-in failed: ${res.status} ${JSON.stringify(body)}`,
    );
  }
  return token;
}

async function runLoad(
  name: string,
  paths: string[],
  token: string,
): Promise<Load> {
  let i = 0;
  const result = await autocannon({
    url: BASE,
    connections: CONCURRENCY,
    amount: REQUESTS,
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (req: object) => ({
          ...req,
          path: paths[i++ % paths.length],
        }),
      },
    ],
  });
  return {
    name,
    // not requests.average: that is per whole second, so 2,000 requests
    // come out as 2000 / whole seconds (133.3, 166.7, 200, …)
    rps: round(result.requests.total / result.duration),
    p50: result.latency.p50,
    p95: (result.latency as any).p97_5 ?? result.latency.p90,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function sequential(paths: string[], token: string) {
  const get = async (path: string) => {
    const res = await fetch(`${BASE}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  };
  for (let i = 0; i < 20; i++) await get(paths[i % paths.length]);
  const samples: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const start = performance.now();
    await get(paths[(i * 7) % paths.length]);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) =>
    round(
      samples[Math.min(samples.length - 1, Math.floor(p * samples.length))],
      2,
    );
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

async function runSize(size: string, dir: string): Promise<SizeResult> {
  mkdirSync(join(dir, 'sqlite'), { recursive: true });
  rmSync(join(dir, 'sqlite', 'ownership.sqlite'), { force: true });
  const token = 'load-bench-static-token-0123456789abcdef';
  let files: string[];
  let serviceNames: string[] = [];
  if (size === 'examples') {
    files = readdirSync(EXAMPLES)
      .filter(f => f.endsWith('.yaml'))
      .map(f => join(EXAMPLES, f));
  } else {
    files = writeCatalog(dir, Number(size)).files;
  }
  const configFile = writeConfig(dir, files, token, {
    ...(DECISION_TTL === undefined
      ? {}
      : { ownership: { resolver: { permissionDecisionTtl: DECISION_TTL } } }),
    permission: { enabled: true },
    auth: {
      providers: {
        guest: {
          userEntityRef: GUEST,
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
  });
  const call = client(token);
  const backend = new Backend(
    dir,
    configFile,
    join(__dirname, 'load-bench-backend.ts'),
  );
  try {
    const spawned = Date.now();
    for (;;) {
      if (backend.hasExited)
        throw new Error(`backend exited; see ${dir}/backend.log`);
      const ok = await fetch(`${BASE}/api/ownership/health`)
        .then(r => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() - spawned > 180_000)
        throw new Error('backend did not start');
      await sleep(200);
    }
    log(`backend up (pid ${backend.pid}); waiting for the catalog to settle`);
    // the catalog lists the locations' entities, then stitches them
    for (;;) {
      const res = await call(
        '/api/catalog/entities/by-query?filter=kind=component&limit=1',
      );
      if (res.totalItems > 0) break;
      await sleep(1000);
    }
    await waitForIngestion(dir, () => backend.hasExited);
    const before = backend.refreshCount;
    await trigger(call);
    const build = await backend.waitForRefresh(before, 15 * 60_000);
    log(`index built: ${JSON.stringify(build)}`);
    // the freshness cost: a refresh that finds the catalog unchanged
    await sleep(2000);
    const cpuBefore = backend.cpuMs();
    const again = backend.refreshCount;
    await trigger(call);
    const unchanged = await backend.waitForRefresh(again, 15 * 60_000);
    const unchangedRefresh = {
      ms: unchanged.ms,
      cpuMs: backend.cpuMs() - cpuBefore,
    };
    log(`refresh, catalog unchanged: ${JSON.stringify(unchangedRefresh)}`);
    const services: Array<{ metadata: { name: string } }> = [];
    let cursor: string | undefined;
    do {
      const res = await call(
        cursor
          ? `/api/catalog/entities/by-query?cursor=${encodeURIComponent(
              cursor,
            )}`
          : '/api/catalog/entities/by-query?filter=kind=component&limit=500&fields=metadata.name',
      );
      services.push(...res.items);
      cursor = res.pageInfo?.nextCursor;
    } while (cursor);
    serviceNames = services.map(s => s.metadata.name);
    const step = Math.max(1, Math.floor(serviceNames.length / 200));
    const cards = serviceNames
      .filter((_, i) => i % step === 0)
      .slice(0, 200)
      .map(n => `/api/ownership/entities/component/default/${n}/ownership`);
    const user = await guestToken();
    await sleep(3000);
    const idleRssMb = backend.rssMb();
    log(`${serviceNames.length} services; idle RSS ${idleRssMb} MB`);
    const seqFrom = process.hrtime.bigint() / 1000n;
    const seq = await sequential(cards, user);
    log(
      `owner card one at a time window (µs): ${seqFrom}-${
        process.hrtime.bigint() / 1000n
      }`,
    );
    log(`owner card one at a time: ${JSON.stringify(seq)}`);
    const loads: Load[] = [];
    let callsPerCard: Record<string, number> = {};
    const team = await ownerTeam(call);
    for (const [name, paths] of [
      ['owner card', cards],
      ['coverage', ['/api/ownership/coverage']],
      ['orphan page', ['/api/ownership/orphans?limit=50']],
      ['team view', [`/api/ownership/groups/default/${team}/ownership`]],
      ['handoffs page', ['/api/ownership/handoffs']],
      ['metrics page (90 days)', ['/api/ownership/metrics?days=90']],
      ['audit page', ['/api/ownership/audit']],
    ] as const) {
      const requestsBefore = backend.requestCounts();
      // the monotonic clock of the backend's CPU profile (CATALOG_BENCH_CPU_PROF)
      const from = process.hrtime.bigint() / 1000n;
      const load = await runLoad(name, [...paths], user);
      log(
        `${name} load window (µs): ${from}-${process.hrtime.bigint() / 1000n}`,
      );
      // the request log is written as the requests end
      await sleep(500);
      if (name === 'owner card') {
        callsPerCard = perCard(requestsBefore, backend.requestCounts());
        log(`internal calls per card: ${JSON.stringify(callsPerCard)}`);
      } else {
        load.internal = internalPerRequest(
          requestsBefore,
          backend.requestCounts(),
        );
      }
      log(`${name}: ${JSON.stringify(load)}`);
      loads.push(load);
    }
    await sleep(10_000);
    const afterRssMb = backend.rssMb();
    backend.signal('SIGUSR2');
    await sleep(3000);
    const afterGcRssMb = backend.rssMb();
    log(
      `RSS idle ${idleRssMb}, after ${afterRssMb}, after GC ${afterGcRssMb} MB`,
    );
    return {
      size,
      services: serviceNames.length,
      sequential: seq,
      loads,
      idleRssMb,
      afterRssMb,
      afterGcRssMb,
      unchangedRefresh,
      build,
      peakRssMb: backend.peakRssMb(),
      callsPerCard,
    };
  } finally {
    await backend.stop();
  }
}

/** `1 POST /api/permission/authorize`, or `none`. */
function describeCalls(calls: Record<string, number>): string {
  const internal = Object.entries(calls).filter(
    ([kind, n]) => n && !kind.startsWith('GET /api/ownership/'),
  );
  return internal.length
    ? internal.map(([kind, n]) => `${n} ${kind}`).join(', ')
    : 'none';
}

function table(results: SizeResult[]): string {
  const rows = [
    `| catalog | services | owner card one at a time p50 / p95 / p99 | endpoint (c=${CONCURRENCY}, ${REQUESTS} req) | req/s | p50 / p95* / p99 | errors / non-2xx | internal calls / request | RSS idle → 10 s after → after GC (peak) | unchanged refresh wall / CPU |`,
    '|---|---:|---:|---|---:|---:|---:|---|---:|---:|',
  ];
  for (const r of results) {
    r.loads.forEach((l, i) => {
      rows.push(
        `| ${i ? '' : r.size} | ${i ? '' : r.services} | ${
          i
            ? ''
            : `${r.sequential.p50} / ${r.sequential.p95} / ${r.sequential.p99} ms`
        } | ${l.name} | ${l.rps} | ${l.p50} / ${l.p95} / ${l.p99} ms | ${
          l.errors
        } / ${l.non2xx} | ${describeCalls(
          i ? l.internal ?? {} : r.callsPerCard,
        )} | ${
          i
            ? ''
            : `${r.idleRssMb} → ${r.afterRssMb} → ${r.afterGcRssMb} MB (${r.peakRssMb})`
        } | ${
          i ? '' : `${r.unchangedRefresh.ms} / ${r.unchangedRefresh.cpuMs} ms`
        } |`,
      );
    });
  }
  rows.push(
    '',
    `\\* autocannon reports p97.5, not p95. Permission decision ttl: ${
      DECISION_TTL ?? 'default (10 s)'
    }.`,
  );
  for (const r of results) {
    rows.push(
      '',
      `Requests per owner card (${
        r.size
      }, from the request log): ${Object.entries(r.callsPerCard)
        .map(([kind, n]) => `${kind} ${n}`)
        .join('; ')}. First index build: ${r.build.entities} entities in ${
        r.build.ms
      } ms.`,
    );
  }
  return rows.join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const sizes = args.length ? args : ['examples', '10000'];
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const dir = REUSE_DIR
      ? join(REUSE_DIR, size)
      : mkdtempSync(join(tmpdir(), 'ownership-load-bench-'));
    try {
      log(`size ${size} in ${dir}`);
      const result = await runSize(size, dir);
      process.stderr.write(`RESULT ${JSON.stringify(result)}\n`);
      results.push(result);
    } finally {
      if (!REUSE_DIR) rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${table(results)}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
