/*
 * Incident ingestion and metrics benchmark (issue 12): incidents over 2,000
 * services and 200 teams with a year of ownership history, ingested in
 * batches of 500 through the same service as POST /incidents/batch; then a
 * year of daily coverage snapshots per team, and the 90-day figures as
 * `GET /metrics?team=`, `GET /metrics` and `GET /metrics/report` compute
 * them (OwnershipMetricsService), p50 and p95 of repeated runs, with the
 * time each store call takes on the org-wide path.
 *
 *   yarn bench:incidents                       # SQLite, 1,000,000 incidents
 *   BENCH_INCIDENTS=100000 yarn bench:incidents
 *   BENCH_PG=postgresql://postgres@127.0.0.1:5433 yarn bench:incidents  # also PostgreSQL
 *   BENCH_DATABASES=pg BENCH_PG=... yarn bench:incidents  # PostgreSQL only
 *
 * PostgreSQL runs in a fresh database named after the process, dropped at
 * the end, or in the database BENCH_PG names (created and dropped by the
 * caller, kept between runs: a run on a database that already holds
 * incidents only measures the queries, as BENCH_SQLITE_DIR does); SQLite
 * in a file under the OS temp directory, removed at the end.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_INCIDENT_METRICS_TARGETS,
  DEFAULT_OWNERSHIP_METRICS_TARGETS,
} from '@service-ownership/plugin-ownership-common';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chunks } from '../src/database/sql';
import { SNAPSHOTS, VERIFICATIONS } from '../src/database/tables';
import { TEAM_SNAPSHOTS } from '../src/catalogIndex/coverageSnapshots';
import { DatabaseHistoryStore } from '../src/history/DatabaseHistoryStore';
import { setIndexedEntities } from '../src/history/__testUtils__/indexRows';
import { DatabaseIncidentStore } from '../src/incidents/DatabaseIncidentStore';
import { IncidentService } from '../src/incidents/IncidentService';
import { DatabaseMetricsStore } from '../src/metrics/DatabaseMetricsStore';
import { DatabaseOwnershipMetricsStore } from '../src/metrics/DatabaseOwnershipMetricsStore';
import { IncidentMetricsService } from '../src/metrics/IncidentMetricsService';
import { OwnershipMetricsService } from '../src/metrics/OwnershipMetricsService';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);
const SERVICES = 2000;
const TEAMS = 200;
const BATCH = 500;
const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-12-01T00:00:00Z');
// The metrics are asked for at 14:00 the day before: windows then start and
// end in the middle of a day, as they do in use.
const AT = new Date(NOW.getTime() - 10 * 3600 * 1000);
const SEVERITIES = ['P0', 'P1', 'P1', 'P2', 'P2', 'P2', 'P3', 'P3', 'P3', 'P3'];

/** mulberry32: the same data on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const service = (i: number) => `component:default/service-${i}`;
const team = (i: number) => `group:default/team-${i % TEAMS}`;

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((sorted.length * p) / 100) - 1];
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  const [p50, p95] = [50, 95].map(p => percentile(times, p).toFixed(1));
  return `p50 ${p50} ms, p95 ${p95} ms`;
}

/** The store with each method call's time added to `times` by method name. */
function profiled<T extends object>(store: T, times: Map<string, number[]>): T {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') {
        return value;
      }
      return async (...args: unknown[]) => {
        const start = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          const name = `${String(prop)}${
            typeof args[1] === 'string' ? `(${args[1]})` : ''
          }`;
          times.set(name, [
            ...(times.get(name) ?? []),
            performance.now() - start,
          ]);
        }
      };
    },
  });
}

/** A year of daily coverage per team and overall, as the index refresh writes it. */
async function seedCoverage(knex: Knex) {
  const rows = [];
  const org = [];
  for (let d = 0; d < 365; d++) {
    const date = new Date(NOW.getTime() - d * DAY).toISOString().slice(0, 10);
    org.push({
      snapshot_date: date,
      taken_at: new Date(NOW.getTime() - d * DAY),
      total: SERVICES,
      owned: SERVICES - 20,
      buckets: '[]',
    });
    for (let t = 0; t < TEAMS; t++) {
      rows.push({
        snapshot_date: date,
        owner_ref: team(t),
        total: SERVICES / TEAMS,
        owned: SERVICES / TEAMS - (t % 3 === 0 ? 1 : 0),
      });
    }
  }
  for (const batch of chunks(rows, 200)) {
    await knex(TEAM_SNAPSHOTS).insert(batch);
  }
  for (const batch of chunks(org, 100)) {
    await knex(SNAPSHOTS).insert(batch);
  }
  const verifications = Array.from({ length: SERVICES / 2 }, (_, i) => ({
    entity_ref: service(i * 2),
    verified_at: new Date(NOW.getTime() - (i % 200) * DAY),
    verified_by: 'user:default/bench',
    comment: null,
  }));
  for (const batch of chunks(verifications, 200)) {
    await knex(VERIFICATIONS).insert(batch);
  }
}

async function run(label: string, knex: Knex) {
  const database = mockServices.database({ knex });
  const history = await DatabaseHistoryStore.create({ database });
  const store = await DatabaseIncidentStore.create({ database });
  if (!(await knex('ownership_incidents').first('source'))) {
    await fill(label, knex, history, store);
  }
  await measure(label, knex);
}

async function fill(
  label: string,
  knex: Knex,
  history: DatabaseHistoryStore,
  store: DatabaseIncidentStore,
) {
  const rnd = random(42);

  // a year of history: everyone's owner a year ago, then 5 % of the services
  // change team every month
  let started = performance.now();
  const owners = Array.from({ length: SERVICES }, (_, i) => i);
  const rows = () =>
    owners.map((owner, i) => ({
      entityRef: service(i),
      ownerRef: team(owner),
      escalationPolicyRef: `escalationpolicy:default/policy-${owner % TEAMS}`,
      tier: `tier-${(i % 3) + 1}`,
      responseSlaMinutes: [5, 15, 30][i % 3],
    }));
  await history.recordCurrentOwners(
    undefined,
    rows(),
    new Date(NOW.getTime() - 365 * DAY),
  );
  for (let month = 11; month >= 0; month--) {
    for (let k = 0; k < SERVICES / 20; k++) {
      owners[Math.floor(rnd() * SERVICES)] = Math.floor(rnd() * TEAMS);
    }
    await history.recordCurrentOwners(
      undefined,
      rows(),
      new Date(NOW.getTime() - month * 30 * DAY),
    );
  }
  await setIndexedEntities(
    knex,
    owners.map((owner, i) => ({
      entityRef: service(i),
      ownerRef: team(owner),
    })),
    NOW,
  );
  const intervals = Number(
    (await knex('ownership_history').count({ count: '*' }))[0].count,
  );
  console.log(
    `[${label}] history: ${intervals} intervals for ${SERVICES} services in ${Math.round(
      performance.now() - started,
    )} ms`,
  );

  const ingestion = new IncidentService({
    store,
    permissions: {
      authorize: async () => [
        { result: AuthorizeResult.ALLOW } as { result: AuthorizeResult.ALLOW },
      ],
    },
    clock: () => NOW,
  });
  started = performance.now();
  let created = 0;
  for (let offset = 0; offset < INCIDENTS; offset += BATCH) {
    const batch = [];
    for (let i = offset; i < Math.min(offset + BATCH, INCIDENTS); i++) {
      const createdAt = NOW.getTime() - Math.floor(rnd() * 365 * DAY);
      const tta = Math.floor(rnd() * rnd() * 40 * 60_000);
      const acked = rnd() < 0.95;
      const resolved = rnd() < 0.97;
      const levels = rnd() < 0.15 ? 2 + Math.floor(rnd() * 2) : 1;
      batch.push({
        source: 'bench',
        id: `INC-${i}`,
        entityRef: service(Math.floor(rnd() * SERVICES)),
        severity: SEVERITIES[Math.floor(rnd() * SEVERITIES.length)],
        createdAt: new Date(createdAt).toISOString(),
        ...(acked
          ? { acknowledgedAt: new Date(createdAt + tta).toISOString() }
          : {}),
        ...(resolved
          ? {
              resolvedAt: new Date(
                createdAt + tta + Math.floor(rnd() * 90 * 60_000),
              ).toISOString(),
            }
          : {}),
        levelsReached: levels,
        responders: [`user:default/user-${Math.floor(rnd() * 2000)}`],
      });
    }
    const result = await ingestion.ingest(batch);
    created += result.created;
  }
  const ingestMs = performance.now() - started;
  console.log(
    `[${label}] ingestion: ${created} incidents in batches of ${BATCH} in ${(
      ingestMs / 1000
    ).toFixed(1)} s = ${Math.round(created / (ingestMs / 1000))} incidents/s`,
  );

  started = performance.now();
  await seedCoverage(knex);
  console.log(
    `[${label}] coverage: ${365 * TEAMS} team snapshots and ${
      SERVICES / 2
    } verifications in ${Math.round(performance.now() - started)} ms`,
  );
}

async function measure(label: string, knex: Knex) {
  const database = mockServices.database({ knex });

  const times = new Map<string, number[]>();
  const incidents = new IncidentMetricsService({
    store: profiled(await DatabaseMetricsStore.create({ database }), times),
    config: {
      targets: DEFAULT_INCIDENT_METRICS_TARGETS,
      defaultResponseSlaMinutes: 15,
    },
    clock: () => AT,
  });
  const metrics = new OwnershipMetricsService({
    incidents,
    store: profiled(
      await DatabaseOwnershipMetricsStore.create({ database }),
      times,
    ),
    config: {
      targets: DEFAULT_INCIDENT_METRICS_TARGETS,
      ownershipTargets: DEFAULT_OWNERSHIP_METRICS_TARGETS,
    },
  });
  const window = {
    from: new Date(AT.getTime() - 90 * DAY),
    to: AT,
    entityLimit: 100,
  };
  const sample = await metrics.getMetrics({ ...window, team: team(7) });
  console.log(
    `[${label}] one team's 90-day metrics, GET /metrics?team= (${
      sample.overall.incidents
    } incidents): ${await timed(20, () =>
      metrics.getMetrics({ ...window, team: team(7) }),
    )}`,
  );
  const all = await metrics.getMetrics(window);
  times.clear();
  console.log(
    `[${label}] org-wide 90-day metrics, GET /metrics (${
      all.overall.incidents
    } incidents, ${all.teams.length} teams, ${
      all.entities.length
    } entities): ${await timed(20, () => metrics.getMetrics(window))}`,
  );
  for (const [name, values] of times) {
    console.log(
      `[${label}]   ${name}: p50 ${percentile(values, 50).toFixed(1)} ms`,
    );
  }
  times.clear();
  // What the HTTP answer adds to the service call: res.json serialises the
  // response, and the root router's compression middleware gzips it.
  const body = JSON.stringify(all);
  console.log(
    `[${label}]   the answer: ${Math.round(
      Buffer.byteLength(body) / 1024,
    )} KiB of JSON (${Math.round(
      gzipSync(body).length / 1024,
    )} KiB gzipped); JSON.stringify ${await timed(20, async () =>
      JSON.stringify(all),
    )}; gzip ${await timed(20, async () => gzipSync(body))}`,
  );
  console.log(
    `[${label}] org-wide 90-day health report, GET /metrics/report: ${await timed(
      20,
      () => metrics.getReport(window),
    )}`,
  );
  console.log(
    `[${label}] org-wide 90-day incident metrics only (IncidentMetricsService): ${await timed(
      20,
      () => incidents.getMetrics(window),
    )}`,
  );
}

async function main() {
  const only = process.env.BENCH_DATABASES?.split(',');
  if (!only || only.includes('sqlite')) {
    // BENCH_SQLITE_DIR keeps the database there and measures it again on
    // the next run (for profiling the queries without re-ingesting).
    const kept = process.env.BENCH_SQLITE_DIR;
    const dir =
      kept ?? mkdtempSync(join(tmpdir(), 'ownership-incidents-bench-'));
    const sqlite = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: join(dir, 'bench.sqlite') },
      useNullAsDefault: true,
    });
    try {
      await run('SQLite', sqlite);
    } finally {
      await sqlite.destroy();
      if (!kept) {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const pg = process.env.BENCH_PG;
  if (pg && (!only || only.includes('pg'))) {
    const url = new URL(pg);
    if (url.pathname.length > 1) {
      // a database the caller created (and drops): kept between runs
      const knex = knexFactory({ client: 'pg', connection: pg });
      try {
        await run('PostgreSQL', knex);
      } finally {
        await knex.destroy();
      }
      return;
    }
    const name = `ownership_incidents_bench_${process.pid}`;
    const admin = knexFactory({ client: 'pg', connection: pg });
    await admin.raw(`CREATE DATABASE ${name}`);
    url.pathname = `/${name}`;
    const knex = knexFactory({ client: 'pg', connection: url.toString() });
    try {
      await run('PostgreSQL', knex);
    } finally {
      await knex.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
      await admin.destroy();
    }
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
