import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { chunks, count, WRITE_BATCH } from '../database/sql';
import { DbIndexStagingRow, ENTITIES, STAGING } from '../database/tables';
import { applyTarget } from './applyTargets';
import { writeCoverageSnapshot } from './coverageSnapshots';
import {
  updateMemberCounts,
  updateOwnerStatus,
  updateReasonCounts,
  updateReasons,
} from './derivedColumns';
import {
  IndexApplyOptions,
  IndexRefreshStats,
  IndexState,
  IndexStore,
  IndexTarget,
  StagedIndexRow,
} from './IndexStore';
import { readIndexState, writeIndexState } from './indexState';

async function clearStaging(db: Knex, runId: string, staleBefore?: Date) {
  await db<DbIndexStagingRow>(STAGING)
    .where(q => {
      q.where('run_id', runId);
      if (staleBefore) {
        q.orWhere('staged_at', '<', staleBefore);
      }
    })
    .delete();
}

/**
 * The ownership index on PostgreSQL or SQLite: staging of the catalog's
 * rows, their diff into the index tables with the derived columns, reasons
 * and the day's coverage snapshot, and the index state.
 */
export class DatabaseIndexStore implements IndexStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseIndexStore> {
    return new DatabaseIndexStore(await getMigratedClient(options.database));
  }

  constructor(private readonly db: Knex) {}

  async clearIndexStaging(
    runId: string,
    options: { staleBefore?: Date } = {},
  ): Promise<void> {
    await clearStaging(this.db, runId, options.staleBefore);
  }

  async stageIndexRows(runId: string, rows: StagedIndexRow[]): Promise<void> {
    const stagedAt = new Date();
    // Plain multi-row VALUES (knex writes SQLite inserts as a UNION ALL of
    // SELECTs, several times slower), in one transaction per call so that
    // SQLite syncs once per call rather than once per statement.
    await this.db.transaction(async trx => {
      for (const batch of chunks(rows, WRITE_BATCH)) {
        await trx.raw(
          `INSERT INTO ${STAGING} (run_id, target, row_key, row_hash, payload, staged_at)
           VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (run_id, target, row_key) DO NOTHING`,
          batch.flatMap(r => [
            runId,
            r.target,
            r.key,
            r.hash,
            JSON.stringify(r.payload),
            stagedAt,
          ]),
        );
      }
    });
  }

  async countStagedRows(runId: string, target: IndexTarget): Promise<number> {
    return count(
      await this.db(STAGING)
        .where({ run_id: runId, target })
        .count({ count: '*' })
        .first(),
    );
  }

  async applyStagedIndex(
    options: IndexApplyOptions,
  ): Promise<IndexRefreshStats> {
    const { runId, now, signal } = options;
    const clock = options.clock ?? (() => new Date());
    // Throwing inside the transaction rolls everything back.
    const checkAborted = () => signal?.throwIfAborted();
    return this.db.transaction(async trx => {
      checkAborted();
      // Writing the state row first takes its row lock, so that two runs
      // that overlap apply one after the other rather than interleaved.
      await writeIndexState(trx, { last_attempt_at: now });
      const apply = async (target: IndexTarget) => {
        const result = await applyTarget(trx, runId, target, now);
        checkAborted();
        return result;
      };
      const stats: IndexRefreshStats = {
        entities: await apply('entities'),
        groups: await apply('groups'),
        users: await apply('users'),
        policies: await apply('policies'),
        links: await apply('links'),
        documents: await apply('documents'),
        derived: { entities: 0, groups: 0 },
        reasons: { added: 0, removed: 0 },
      };
      stats.derived.groups = await updateMemberCounts(trx);
      stats.derived.entities = await updateOwnerStatus(trx);
      checkAborted();
      stats.reasons = await updateReasons(trx, options);
      stats.derived.entities += await updateReasonCounts(trx);
      await clearStaging(trx, runId);
      checkAborted();
      // The end of the refresh: what readers see from the commit on.
      const finishedAt = clock();
      await writeCoverageSnapshot(trx, {
        now,
        takenAt: finishedAt,
        retentionDays: options.snapshotRetentionDays,
      });
      await writeIndexState(trx, {
        indexed_at: finishedAt,
        last_attempt_at: now,
        last_error: null,
        stats: JSON.stringify(stats),
        catalog_digest: options.catalogDigest ?? null,
      });
      return stats;
    });
  }

  async applyUnchangedIndex(
    options: Omit<IndexApplyOptions, 'catalogDigest'>,
  ): Promise<IndexRefreshStats> {
    const { runId, now, signal } = options;
    const clock = options.clock ?? (() => new Date());
    const unchanged = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
    return this.db.transaction(async trx => {
      signal?.throwIfAborted();
      await writeIndexState(trx, { last_attempt_at: now });
      const reasons = await updateReasons(trx, options);
      const stats: IndexRefreshStats = {
        entities: unchanged,
        groups: unchanged,
        users: unchanged,
        policies: unchanged,
        links: unchanged,
        documents: unchanged,
        derived: { entities: await updateReasonCounts(trx), groups: 0 },
        reasons,
        catalogUnchanged: true,
      };
      await clearStaging(trx, runId);
      signal?.throwIfAborted();
      const finishedAt = clock();
      await writeCoverageSnapshot(trx, {
        now,
        takenAt: finishedAt,
        retentionDays: options.snapshotRetentionDays,
      });
      await writeIndexState(trx, {
        indexed_at: finishedAt,
        last_attempt_at: now,
        last_error: null,
        stats: JSON.stringify(stats),
      });
      return stats;
    });
  }

  async recordIndexFailure(at: Date, error: string): Promise<void> {
    await writeIndexState(this.db, {
      last_attempt_at: at,
      last_error: error.slice(0, 4000),
    });
  }

  getIndexState(): Promise<IndexState> {
    return readIndexState(this.db);
  }

  async countIndexedEntities(): Promise<number> {
    return count(await this.db(ENTITIES).count({ count: '*' }).first());
  }
}
