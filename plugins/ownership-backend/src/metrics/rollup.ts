import { Knex } from 'knex';
import { chunks, clientOf } from '../database/sql';
import { bucketCaseSql, DURATION_BUCKET_COUNT } from './buckets';

export const INCIDENT_DAILY = 'ownership_incident_daily';

const INCIDENTS = 'ownership_incidents';
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

/** A (UTC day, charged team or '') cell of the rollup. */
export type RollupKey = [day: string, ownerRef: string];

// Two bindings per key, under SQLite's bound-variable limit.
const KEY_BATCH = 400;

/** The advisory lock that serialises rollup refreshes on PostgreSQL. */
const ROLLUP_LOCK_KEY = 7_020_305_001;

/**
 * Recomputes the rollup cells of these keys from ownership_incidents,
 * inside the ingestion's transaction: deletes them and inserts the
 * aggregates of their incidents, set-based per batch of keys.
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
    await trx.raw(
      // A row-value IN: both databases then probe the primary key (an
      // EXISTS over the keys scanned the whole rollup on SQLite).
      `${cte} DELETE FROM ${INCIDENT_DAILY}
       WHERE (day, owner_ref) IN (SELECT day, owner_ref FROM keys)`,
      keyBindings,
    );
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
  }
}

/**
 * Rebuilds the whole rollup when it was counted with another default
 * response SLA (a config change) or is empty while there are incidents
 * (ingested before the rollup existed); a no-op otherwise.
 */
export async function ensureIncidentRollup(
  db: Knex,
  defaultSlaMinutes: number,
): Promise<boolean> {
  const stale =
    (await db(INCIDENT_DAILY)
      .whereNot('sla_default_minutes', defaultSlaMinutes)
      .first('day')) ||
    (!(await db(INCIDENT_DAILY).first('day')) &&
      (await db(INCIDENTS).first('source')));
  if (!stale) {
    return false;
  }
  await db.transaction(async trx => {
    await trx(INCIDENT_DAILY).delete();
    await trx.raw(
      `INSERT INTO ${INCIDENT_DAILY} (day, owner_ref, sla_default_minutes, ${ROLLUP_VALUE_COLUMNS.join(
        ', ',
      )})
       SELECT created_day, COALESCE(owner_ref, ''), ?, ${selectList('')}
       FROM ${INCIDENTS} GROUP BY created_day, COALESCE(owner_ref, '')`,
      [defaultSlaMinutes, defaultSlaMinutes],
    );
  });
  return true;
}
