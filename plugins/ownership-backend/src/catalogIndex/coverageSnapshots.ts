import { Knex } from 'knex';
import { DateTime } from 'luxon';
import {
  DbCoverageSnapshotRow,
  ENTITIES,
  SNAPSHOTS,
  toDate,
} from '../database/tables';
import { ownedCountSql } from './coveragePolicy';

/** The dimensions coverage is broken down by. */
export type CoverageDimension =
  | 'kind'
  | 'type'
  | 'lifecycle'
  | 'tier'
  | 'owner'
  | 'system';

/** One bucket of a coverage snapshot; key '' for entities without a value. */
export interface CoverageSnapshotBucket {
  key: string;
  total: number;
  owned: number;
}

/** A coverage snapshot, buckets largest first. */
export interface CoverageSnapshot {
  date: string;
  takenAt: Date;
  total: number;
  owned: number;
  buckets: Record<CoverageDimension, CoverageSnapshotBucket[]>;
}

/** One day of coverage. */
export interface CoverageTrendRow {
  date: string;
  total: number;
  owned: number;
}

const COLUMNS: Record<CoverageDimension, string> = {
  kind: 'kind',
  type: 'type',
  lifecycle: 'lifecycle',
  tier: 'tier',
  owner: 'owner_ref',
  system: 'system_ref',
};

function utcDate(date: Date): string {
  return DateTime.fromJSDate(date).toUTC().toISODate()!;
}

/**
 * Writes the coverage of the services now in the index as the snapshot of
 * the (UTC) day of `now`, the moment the refresh evaluated the reasons at,
 * replacing an earlier one of that day; prunes snapshots older than the
 * retention. `takenAt` is when the refresh finished.
 */
export async function writeCoverageSnapshot(
  trx: Knex.Transaction,
  options: { now: Date; takenAt: Date; retentionDays: number },
): Promise<void> {
  const buckets = {} as Record<
    CoverageDimension,
    Array<[string, number, number]>
  >;
  for (const [dimension, column] of Object.entries(COLUMNS) as Array<
    [CoverageDimension, string]
  >) {
    const result: Array<{
      bucket_key: string | null;
      total: number | string;
      owned: number | string | null;
    }> = await trx(ENTITIES)
      .where('is_service', true)
      .select(ownedCountSql(trx), trx.raw('COUNT(*) AS total'), {
        bucket_key: column,
      })
      .groupBy(column);
    buckets[dimension] = result
      .map((r): [string, number, number] => [
        r.bucket_key ?? '',
        Number(r.total),
        Number(r.owned ?? 0),
      ])
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  }
  const row: DbCoverageSnapshotRow = {
    snapshot_date: utcDate(options.now),
    taken_at: options.takenAt,
    total: buckets.kind.reduce((sum, b) => sum + b[1], 0),
    owned: buckets.kind.reduce((sum, b) => sum + b[2], 0),
    buckets: JSON.stringify(buckets),
  };
  await trx(SNAPSHOTS)
    .insert(row)
    .onConflict('snapshot_date')
    .merge(['taken_at', 'total', 'owned', 'buckets']);
  const oldest = utcDate(
    DateTime.fromJSDate(options.now)
      .minus({ days: options.retentionDays })
      .toJSDate(),
  );
  await trx(SNAPSHOTS).where('snapshot_date', '<', oldest).delete();
  await writeTeamCoverageSnapshot(trx, row.snapshot_date, oldest);
}

/** Per-team coverage, one row per owner and UTC day. */
export const TEAM_SNAPSHOTS = 'ownership_team_coverage_snapshots';

// Set-based: one INSERT … SELECT replaces the day's rows, whatever the
// number of teams.
async function writeTeamCoverageSnapshot(
  trx: Knex.Transaction,
  date: string,
  oldest: string,
): Promise<void> {
  await trx(TEAM_SNAPSHOTS).where('snapshot_date', date).delete();
  await trx
    .into(trx.raw(`${TEAM_SNAPSHOTS} (snapshot_date, owner_ref, total, owned)`))
    .insert(
      trx(ENTITIES)
        .select(
          trx.raw('? AS snapshot_date', [date]),
          'owner_ref',
          trx.raw('COUNT(*) AS total'),
          ownedCountSql(trx),
        )
        .where('is_service', true)
        .whereNotNull('owner_ref')
        .groupBy('owner_ref'),
    );
  await trx(TEAM_SNAPSHOTS).where('snapshot_date', '<', oldest).delete();
}

/** The snapshot of `asOf` (or the last one before it), else the latest. */
export async function readCoverageSnapshot(
  db: Knex,
  asOf?: string,
): Promise<CoverageSnapshot | undefined> {
  const query = db<DbCoverageSnapshotRow>(SNAPSHOTS)
    .orderBy('snapshot_date', 'desc')
    .first();
  if (asOf) {
    query.where('snapshot_date', '<=', asOf);
  }
  const row = (await query) as DbCoverageSnapshotRow | undefined;
  if (!row) {
    return undefined;
  }
  const stored = JSON.parse(row.buckets) as Record<
    CoverageDimension,
    Array<[string, number, number]>
  >;
  const buckets = {} as CoverageSnapshot['buckets'];
  for (const [dimension, list] of Object.entries(stored)) {
    buckets[dimension as CoverageDimension] = list.map(
      ([key, total, owned]) => ({ key, total, owned }),
    );
  }
  return {
    date: row.snapshot_date,
    takenAt: toDate(row.taken_at),
    total: Number(row.total),
    owned: Number(row.owned),
    buckets,
  };
}

/** One row per day with a snapshot since `sinceDate`, oldest first. */
export async function readCoverageTrend(
  db: Knex,
  sinceDate: string,
): Promise<CoverageTrendRow[]> {
  const rows: Array<
    Pick<DbCoverageSnapshotRow, 'snapshot_date' | 'total' | 'owned'>
  > = await db(SNAPSHOTS)
    .where('snapshot_date', '>=', sinceDate)
    .orderBy('snapshot_date', 'asc')
    .select('snapshot_date', 'total', 'owned');
  return rows.map(r => ({
    date: r.snapshot_date,
    total: Number(r.total),
    owned: Number(r.owned),
  }));
}
