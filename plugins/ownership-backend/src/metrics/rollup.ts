import { Knex } from 'knex';
import { chunks, clientOf } from '../database/sql';
import {
  INCIDENT_DAILY,
  INCIDENT_ENTITY_DAILY,
  INCIDENT_ENTITY_WEEKLY,
  INCIDENT_WEEKLY,
  INCIDENTS,
} from '../database/tables';
import { bucketCaseSql, DURATION_BUCKET_COUNT } from './buckets';

const MEASURES = ['tta', 'ttr'] as const;
const bucketIndexes = [...Array(DURATION_BUCKET_COUNT).keys()];

/** The rollup's value columns, in insert order. */
export const ROLLUP_VALUE_COLUMNS = [
  'incidents',
  'p0',
  'p1',
  'p2',
  'p3',
  'escalated',
  'sla_met',
  ...MEASURES.flatMap(m => [
    `${m}_count`,
    `${m}_sum`,
    `${m}_max`,
    ...bucketIndexes.map(b => `${m}_b${b}`),
  ]),
];

/**
 * The rollup's value columns aggregated over ownership_incidents rows (one
 * `?` binding: the default response SLA in minutes).
 */
export const INCIDENT_AGGREGATE_SQL = [
  'COUNT(*)',
  ...['P0', 'P1', 'P2', 'P3'].map(
    s => `SUM(CASE WHEN severity = '${s}' THEN 1 ELSE 0 END)`,
  ),
  'SUM(CASE WHEN escalated THEN 1 ELSE 0 END)',
  `SUM(CASE WHEN tta_seconds IS NOT NULL
        AND tta_seconds <= COALESCE(response_sla_minutes, ?) * 60
       THEN 1 ELSE 0 END)`,
  ...MEASURES.flatMap(m => [
    `COUNT(${m}_seconds)`,
    `COALESCE(SUM(${m}_seconds), 0)`,
    `MAX(${m}_seconds)`,
    ...bucketIndexes.map(b => `SUM(${bucketCaseSql(`${m}_seconds`, b)})`),
  ]),
];

const selectList = (prefix: string) =>
  INCIDENT_AGGREGATE_SQL.map(
    (expr, i) => `${expr} AS ${prefix}${ROLLUP_VALUE_COLUMNS[i]}`,
  ).join(',\n  ');

/** The rollup's value columns summed over rollup cells (max for `_max`). */
export const ROLLUP_SUMS_SQL = ROLLUP_VALUE_COLUMNS.map(c =>
  c.endsWith('_max') ? `MAX(${c}) AS ${c}` : `SUM(${c}) AS ${c}`,
).join(', ');

/**
 * A (UTC day, charged team or '') cell of the rollup, and the
 * (day, team, entity) cells of the entity rollup within it.
 */
export type RollupKey = [day: string, ownerRef: string];

const DAY_MS = 24 * 3600 * 1000;

/** A UTC day as days since 1970-01-01, and back. */
export const dayNumber = (day: string) =>
  Date.parse(`${day}T00:00:00Z`) / DAY_MS;
export const dayString = (n: number) =>
  new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The Monday on or before a day number (1970-01-01 was a Thursday). */
export const weekStart = (n: number) => n - ((n + 3) % 7);

/** SQL for the Monday of a `day` column's week, YYYY-MM-DD (as weekStart). */
function weekSql(db: Knex, column: string) {
  return clientOf(db) === 'pg'
    ? `to_char(date_trunc('week', CAST(${column} AS date)), 'YYYY-MM-DD')`
    : `date(${column}, '-6 days', 'weekday 1')`;
}

// Two bindings per key, under SQLite's bound-variable limit.
const KEY_BATCH = 400;

/** The advisory lock that serialises rollup refreshes on PostgreSQL. */
const ROLLUP_LOCK_KEY = 7_020_305_001;

/**
 * Recomputes the rollup cells of these keys, and the entity rollup cells
 * within them, from ownership_incidents inside the ingestion's transaction:
 * deletes them and inserts the aggregates of their incidents, set-based per
 * batch of keys.
 */
export async function refreshIncidentRollup(
  trx: Knex.Transaction,
  keys: RollupKey[],
  defaultSlaMinutes: number,
): Promise<void> {
  const unique = [
    ...new Map(keys.map(k => [`${k[0]}\u0000${k[1]}`, k])).values(),
  ];
  // Concurrent ingestions (the pull task and POST /incidents/batch, or two
  // replicas) refresh cells one at a time on PostgreSQL: without the lock,
  // a second transaction's DELETE skips the row the first re-inserted and
  // its INSERT then hits the primary key. Held until the commit; SQLite
  // serialises writers already.
  if (clientOf(trx) === 'pg' && unique.length) {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [ROLLUP_LOCK_KEY]);
  }
  for (const batch of chunks(unique, KEY_BATCH)) {
    const values = batch.map(() => '(?, ?)').join(', ');
    const keyBindings = batch.flat();
    const cte = `WITH keys (day, owner_ref) AS (VALUES ${values})`;
    for (const table of [INCIDENT_DAILY, INCIDENT_ENTITY_DAILY]) {
      await trx.raw(
        // A row-value IN: both databases then probe the primary key (an
        // EXISTS over the keys scanned the whole rollup on SQLite).
        `${cte} DELETE FROM ${table}
         WHERE (day, owner_ref) IN (SELECT day, owner_ref FROM keys)`,
        keyBindings,
      );
    }
    const columns = ['day', 'owner_ref', 'sla_default_minutes'].concat(
      ROLLUP_VALUE_COLUMNS,
    );
    // Owned and unowned incidents separately so that the owner_ref index
    // serves the first.
    await trx.raw(
      `${cte} INSERT INTO ${INCIDENT_DAILY} (${columns.join(', ')})
       SELECT created_day, owner_ref, ?, ${ROLLUP_VALUE_COLUMNS.join(', ')}
       FROM (
         SELECT i.created_day, i.owner_ref, ${selectList('')}
         FROM ${INCIDENTS} i JOIN keys k
           ON i.owner_ref = k.owner_ref AND i.created_day = k.day
         GROUP BY i.created_day, i.owner_ref
         UNION ALL
         SELECT i.created_day, '', ${selectList('')}
         FROM ${INCIDENTS} i
         WHERE i.owner_ref IS NULL
           AND i.created_day IN (SELECT day FROM keys WHERE owner_ref = '')
         GROUP BY i.created_day) cells`,
      [...keyBindings, defaultSlaMinutes, defaultSlaMinutes, defaultSlaMinutes],
    );
    await trx.raw(
      `${cte} INSERT INTO ${INCIDENT_ENTITY_DAILY} (day, owner_ref, entity_ref, incidents)
       SELECT i.created_day, i.owner_ref, i.entity_ref, COUNT(*)
       FROM ${INCIDENTS} i
       WHERE (i.owner_ref, i.created_day) IN (SELECT owner_ref, day FROM keys)
       GROUP BY i.created_day, i.owner_ref, i.entity_ref
       UNION ALL
       SELECT i.created_day, '', i.entity_ref, COUNT(*)
       FROM ${INCIDENTS} i
       WHERE i.owner_ref IS NULL
         AND i.created_day IN (SELECT day FROM keys WHERE owner_ref = '')
       GROUP BY i.created_day, i.entity_ref`,
      keyBindings,
    );
  }
  await refreshWeeks(trx, unique, defaultSlaMinutes);
}

// Three bindings per day, seven days per week key.
const WEEK_BATCH = 150;

/** Recomputes the weekly cells of the weeks these daily keys fall in from the daily ones. */
async function refreshWeeks(
  trx: Knex.Transaction,
  keys: RollupKey[],
  defaultSlaMinutes: number,
) {
  const weeks = new Map<string, [week: number, ownerRef: string]>();
  for (const [day, ownerRef] of keys) {
    const week = weekStart(dayNumber(day));
    weeks.set(`${week}\u0000${ownerRef}`, [week, ownerRef]);
  }
  for (const batch of chunks([...weeks.values()], WEEK_BATCH)) {
    const weekKeys = batch.map(([week, owner]) => [dayString(week), owner]);
    const weekCte = `WITH keys (week, owner_ref) AS (VALUES ${weekKeys
      .map(() => '(?, ?)')
      .join(', ')})`;
    for (const table of [INCIDENT_WEEKLY, INCIDENT_ENTITY_WEEKLY]) {
      await trx.raw(
        `${weekCte} DELETE FROM ${table}
         WHERE (week, owner_ref) IN (SELECT week, owner_ref FROM keys)`,
        weekKeys.flat(),
      );
    }
    // Each week's seven (day, team) cells by name, so that both databases
    // probe the daily rollups' primary keys.
    const days = batch.flatMap(([week, owner]) =>
      [0, 1, 2, 3, 4, 5, 6].map(d => [
        dayString(week + d),
        dayString(week),
        owner,
      ]),
    );
    const dayCte = `WITH days (day, week, owner_ref) AS (VALUES ${days
      .map(() => '(?, ?, ?)')
      .join(', ')})`;
    await trx.raw(
      `${dayCte} INSERT INTO ${INCIDENT_WEEKLY}
         (week, owner_ref, sla_default_minutes, ${ROLLUP_VALUE_COLUMNS.join(
           ', ',
         )})
       SELECT k.week, r.owner_ref, ?, ${ROLLUP_SUMS_SQL}
       FROM ${INCIDENT_DAILY} r JOIN days k
         ON r.day = k.day AND r.owner_ref = k.owner_ref
       GROUP BY k.week, r.owner_ref`,
      [...days.flat(), defaultSlaMinutes],
    );
    await trx.raw(
      `${dayCte} INSERT INTO ${INCIDENT_ENTITY_WEEKLY}
         (week, owner_ref, entity_ref, incidents)
       SELECT k.week, r.owner_ref, r.entity_ref, SUM(r.incidents)
       FROM ${INCIDENT_ENTITY_DAILY} r JOIN days k
         ON r.day = k.day AND r.owner_ref = k.owner_ref
       GROUP BY k.week, r.owner_ref, r.entity_ref`,
      days.flat(),
    );
  }
}

const ROLLUPS = [
  INCIDENT_DAILY,
  INCIDENT_ENTITY_DAILY,
  INCIDENT_WEEKLY,
  INCIDENT_ENTITY_WEEKLY,
];

/**
 * Rebuilds the rollups when the daily one was counted with another default
 * response SLA (a config change) or one is empty while there are incidents
 * (ingested before the rollup existed); a no-op otherwise.
 */
export async function ensureIncidentRollup(
  db: Knex,
  defaultSlaMinutes: number,
): Promise<boolean> {
  let stale = !!(await db(INCIDENT_DAILY)
    .whereNot('sla_default_minutes', defaultSlaMinutes)
    .first('day'));
  for (const table of ROLLUPS) {
    stale ||= !(await db(table).first('owner_ref'));
  }
  if (!stale || !(await db(INCIDENTS).first('source'))) {
    return false;
  }
  await db.transaction(async trx => {
    for (const table of ROLLUPS) {
      await trx(table).delete();
    }
    await trx.raw(
      `INSERT INTO ${INCIDENT_ENTITY_DAILY} (day, owner_ref, entity_ref, incidents)
       SELECT created_day, COALESCE(owner_ref, ''), entity_ref, COUNT(*)
       FROM ${INCIDENTS} GROUP BY created_day, COALESCE(owner_ref, ''), entity_ref`,
    );
    await trx.raw(
      `INSERT INTO ${INCIDENT_DAILY} (day, owner_ref, sla_default_minutes, ${ROLLUP_VALUE_COLUMNS.join(
        ', ',
      )})
       SELECT created_day, COALESCE(owner_ref, ''), ?, ${selectList('')}
       FROM ${INCIDENTS} GROUP BY created_day, COALESCE(owner_ref, '')`,
      [defaultSlaMinutes, defaultSlaMinutes],
    );
    const week = weekSql(trx, 'day');
    await trx.raw(
      `INSERT INTO ${INCIDENT_WEEKLY} (week, owner_ref, sla_default_minutes, ${ROLLUP_VALUE_COLUMNS.join(
        ', ',
      )})
       SELECT ${week}, owner_ref, ?, ${ROLLUP_SUMS_SQL}
       FROM ${INCIDENT_DAILY} GROUP BY ${week}, owner_ref`,
      [defaultSlaMinutes],
    );
    await trx.raw(
      `INSERT INTO ${INCIDENT_ENTITY_WEEKLY} (week, owner_ref, entity_ref, incidents)
       SELECT ${week}, owner_ref, entity_ref, SUM(incidents)
       FROM ${INCIDENT_ENTITY_DAILY} GROUP BY ${week}, owner_ref, entity_ref`,
    );
  });
  return true;
}
