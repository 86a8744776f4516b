/*
 * Benchmark of handoffs (not a test; never run in CI).
 *
 *   yarn workspace @service-ownership/plugin-ownership-backend bench:handoffs
 *
 * Seeds 10,000 handoffs (2,500 entities, 100 teams, one open handoff per
 * entity at most) and 200,000 audit events on a SQLite file database and,
 * when OWNERSHIP_BENCH_PG is a PostgreSQL connection string, on a fresh
 * PostgreSQL database too. Prints p50/p95 of the handoffs page query (first
 * page, a team's open handoffs, overdue), one entity's handoffs, and the
 * throughput and p95 of 50 concurrent writers on one handoff (each reads the
 * handoff, applies a checklist change with the state machine and writes it
 * with the version it read; a stale write counts as refused).
 */
import {
  applyHandoffChecklistChange,
  applyHandoffTransition,
  createHandoff,
  DEFAULT_HANDOFF_SETTINGS,
  Handoff,
} from '@service-ownership/plugin-ownership-common';
import knexFactory, { Knex } from 'knex';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendAudit } from '../src/audit/DatabaseAuditStore';
import { HANDOFFS } from '../src/database/tables';
import {
  DatabaseHandoffStore,
  handoffToRow,
} from '../src/handoffs/DatabaseHandoffStore';

const HANDOFF_COUNT = 10_000;
const ENTITIES = 2_500;
const TEAMS = 100;
const AUDIT_EVENTS = Number(
  process.env.OWNERSHIP_BENCH_AUDIT_EVENTS ?? 200_000,
);
const WRITERS = 50;
const ATTEMPTS_PER_WRITER = 20;
const NOW = DateTime.fromISO('2027-06-01T12:00:00Z', { zone: 'utc' });

const team = (i: number) => `group:default/team-${i % TEAMS}`;
const entity = (i: number) => `component:default/service-${i % ENTITIES}`;

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function latency(fn: () => Promise<unknown>, runs = 200) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return `p50 ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(
    times,
    0.95,
  ).toFixed(2)} ms`;
}

/** Handoff i: entity i % 2500; the newest of each entity open, the rest closed. */
function seedHandoff(i: number): Handoff {
  const round = Math.floor(i / ENTITIES);
  const rounds = HANDOFF_COUNT / ENTITIES;
  const started = NOW.minus({ days: (rounds - round) * 40 + (i % 17) });
  const h = createHandoff(
    {
      id: randomUUID(),
      entityRef: entity(i),
      fromTeam: team(i + round),
      toTeam: team(i + round + 1),
      actor: 'user:default/bench',
    },
    started,
    DEFAULT_HANDOFF_SETTINGS,
  );
  if (round === rounds - 1 && i % 3 !== 0) {
    return h; // open
  }
  const closedAt = started.plus({ days: 20 + (i % 30) });
  const outcome = i % 5 === 0 ? 'roll-back' : 'force-close';
  if (i % 5 === 0) {
    const result = applyHandoffTransition(
      h,
      { action: outcome, reason: 'bench' },
      { now: closedAt, actor: 'user:default/bench' },
    );
    return result.ok ? result.handoff : h;
  }
  return {
    ...h,
    state: 'completed',
    stateDueAt: undefined,
    completedAt: closedAt.toISO()!,
    closedAt: closedAt.toISO()!,
    closedBy: 'user:default/bench',
  };
}

async function seed(knex: Knex) {
  const handoffs = Array.from({ length: HANDOFF_COUNT }, (_, i) =>
    seedHandoff(i),
  );
  for (let i = 0; i < handoffs.length; i += 500) {
    await knex(HANDOFFS).insert(
      handoffs.slice(i, i + 500).map(h => handoffToRow(h)),
    );
  }
  for (let i = 0; i < AUDIT_EVENTS; i += 2_000) {
    await knex.transaction(async trx => {
      for (let j = i; j < i + 2_000; j++) {
        const h = handoffs[j % handoffs.length];
        await appendAudit(trx, {
          occurredAt: NOW.minus({ minutes: AUDIT_EVENTS - j }).toJSDate(),
          actor: 'user:default/bench',
          action: 'handoff-checklist',
          entityRef: h.entityRef,
          details: { handoffId: h.id, item: 'runbooks-reviewed', done: true },
          correlationId: randomUUID(),
          teams: [h.fromTeam, h.toTeam],
        });
      }
    });
  }
  return handoffs;
}

async function writers(store: DatabaseHandoffStore, id: string) {
  const items = DEFAULT_HANDOFF_SETTINGS.checklist.filter(i => !i.evidence);
  const times: number[] = [];
  let accepted = 0;
  let refused = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let a = 0; a < ATTEMPTS_PER_WRITER; a++) {
        const t = process.hrtime.bigint();
        const read = (await store.getHandoff(id))!;
        const item = items[(w + a) % items.length].id;
        const change = applyHandoffChecklistChange(
          read,
          item,
          { done: (w + a) % 2 === 0, comment: `writer ${w}` },
          { now: NOW, actor: 'user:default/bench' },
        );
        if (!change.ok) {
          throw new Error(change.guards[0].message);
        }
        const result = await store.updateHandoff(change.handoff, read.version, {
          occurredAt: NOW.toJSDate(),
          actor: 'user:default/bench',
          action: 'handoff-checklist',
          entityRef: read.entityRef,
          details: { handoffId: id, item },
          correlationId: randomUUID(),
        });
        if (result.updated) {
          accepted++;
        } else {
          refused++;
        }
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  times.sort((x, y) => x - y);
  const final = (await store.getHandoff(id))!;
  return {
    line: `${WRITERS} writers x ${ATTEMPTS_PER_WRITER} attempts: ${accepted} accepted, ${refused} refused (409) in ${seconds.toFixed(
      2,
    )} s; ${(accepted / seconds).toFixed(0)} accepted writes/s, ${(
      (accepted + refused) /
      seconds
    ).toFixed(0)} attempts/s; attempt p50 ${percentile(times, 0.5).toFixed(
      2,
    )} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`,
    consistent: final.version === 1 + accepted,
  };
}

async function run(label: string, knex: Knex) {
  const database = { getClient: async () => knex };
  const store = await DatabaseHandoffStore.create({ database });
  const seedStart = Date.now();
  const handoffs = await seed(knex);
  console.log(
    `${label}: seeded ${HANDOFF_COUNT} handoffs and ${AUDIT_EVENTS} audit events in ${(
      (Date.now() - seedStart) /
      1000
    ).toFixed(1)} s`,
  );
  const now = NOW.toJSDate();
  const page = { offset: 0, limit: 50 };
  console.log(
    `  handoffs page (first 50, with team summary): ${await latency(() =>
      store.listHandoffs({}, page, now),
    )}`,
  );
  console.log(
    `  handoffs page (team's open handoffs):        ${await latency(() =>
      store.listHandoffs({ team: team(7), state: 'open' }, page, now),
    )}`,
  );
  console.log(
    `  handoffs page (overdue):                     ${await latency(() =>
      store.listHandoffs({ overdue: true }, page, now),
    )}`,
  );
  let k = 0;
  console.log(
    `  one entity's handoffs:                       ${await latency(() =>
      store.entityHandoffs(entity(k++ * 37)),
    )}`,
  );
  console.log(
    `  metrics (90 days):                           ${await latency(
      () =>
        store.metrics(
          { from: NOW.minus({ days: 90 }).toJSDate(), to: now },
          now,
        ),
      50,
    )}`,
  );
  const open = handoffs.find(h => h.state === 'initiated')!;
  const result = await writers(store, open.id);
  console.log(`  ${result.line}`);
  console.log(
    `  final version = 1 + accepted: ${result.consistent ? 'yes' : 'NO'}`,
  );
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'handoffs-bench-'));
  const sqlite = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: join(dir, 'ownership.sqlite') },
    useNullAsDefault: true,
  });
  try {
    await run('SQLite (file)', sqlite);
  } finally {
    await sqlite.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
  const pg = process.env.OWNERSHIP_BENCH_PG;
  if (pg) {
    const name = `handoffs_bench_${Date.now()}`;
    const admin = knexFactory({ client: 'pg', connection: pg });
    await admin.raw(`CREATE DATABASE ${name}`);
    const url = new URL(pg);
    url.pathname = `/${name}`;
    const db = knexFactory({
      client: 'pg',
      connection: url.toString(),
      pool: { min: 0, max: 10 },
    });
    try {
      await run('PostgreSQL', db);
    } finally {
      await db.destroy();
      await admin.raw(`DROP DATABASE ${name}`);
      await admin.destroy();
    }
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
