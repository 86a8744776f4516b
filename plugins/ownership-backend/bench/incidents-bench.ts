/*
 * Incident ingestion and metrics benchmark (issue 12): incidents over 2,000
 * services and 200 teams with a year of ownership history, ingested in
 * batches of 500 through the same service as POST /incidents/batch; then one
 * team's 90-day metrics and the org-wide 90-day metrics, p50 of repeated runs.
 *
 *   yarn bench:incidents                       # SQLite, 1,000,000 incidents
 *   BENCH_INCIDENTS=100000 yarn bench:incidents
 *   BENCH_PG=postgresql://postgres@127.0.0.1:5433 yarn bench:incidents  # also PostgreSQL
 */
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DEFAULT_INCIDENT_METRICS_TARGETS } from '@service-ownership/plugin-ownership-common';
import knexFactory, { Knex } from 'knex';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseHistoryStore } from '../src/history/DatabaseHistoryStore';
import { setIndexedEntities } from '../src/history/__testUtils__/indexRows';
import { DatabaseIncidentStore } from '../src/incidents/DatabaseIncidentStore';
import { IncidentService } from '../src/incidents/IncidentService';
import { DatabaseMetricsStore } from '../src/metrics/DatabaseMetricsStore';
import { IncidentMetricsService } from '../src/metrics/IncidentMetricsService';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);
const SERVICES = 2000;
const TEAMS = 200;
const BATCH = 500;
const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-12-01T00:00:00Z');
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

function p50(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(sorted.length / 2) - 1];
}

async function timed(runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return p50(times);
}

async function run(label: string, knex: Knex) {
  const database = mockServices.database({ knex });
  const history = await DatabaseHistoryStore.create({ database });
  const store = await DatabaseIncidentStore.create({ database });
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

  const metrics = new IncidentMetricsService({
    store: await DatabaseMetricsStore.create({ database }),
    config: {
      targets: DEFAULT_INCIDENT_METRICS_TARGETS,
      defaultResponseSlaMinutes: 15,
    },
    clock: () => NOW,
  });
  const window = {
    from: new Date(NOW.getTime() - 90 * DAY),
    to: NOW,
    entityLimit: 100,
  };
  const oneTeam = await timed(20, () =>
    metrics.getMetrics({ ...window, team: team(7) }),
  );
  const sample = await metrics.getMetrics({ ...window, team: team(7) });
  const orgWide = await timed(10, () => metrics.getMetrics(window));
  const all = await metrics.getMetrics(window);
  console.log(
    `[${label}] one team's 90-day metrics (${
      sample.overall.incidents
    } incidents): p50 ${oneTeam.toFixed(1)} ms`,
  );
  console.log(
    `[${label}] org-wide 90-day metrics (${all.overall.incidents} incidents, ${
      all.teams.length
    } teams): p50 ${orgWide.toFixed(1)} ms`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ownership-incidents-bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'bench.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await run('SQLite', sqlite);
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = process.env.BENCH_PG;
  if (pg) {
    const name = 'ownership_incidents_bench';
    const admin = knexFactory({ client: 'pg', connection: pg });
    await admin.raw(`DROP DATABASE IF EXISTS ${name}`);
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(pg);
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
