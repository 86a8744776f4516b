import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  CoverageSnapshot,
  CoverageTrendRow,
  readCoverageSnapshot,
  readCoverageTrend,
} from '../catalogIndex/coverageSnapshots';
import {
  EntityQueryRow,
  entityQuery,
  IndexedEntityRecord,
  withReasons,
} from '../catalogIndex/indexedEntities';
import { readIndexState } from '../catalogIndex/indexState';
import { getMigratedClient } from '../database/client';
import { clientOf, count, READ_BATCH, readSnapshot } from '../database/sql';
import { ENTITIES } from '../database/tables';
import { orphanFilter, orphanOrder } from './orphanQuery';
import { OrphanQuery, ReportsStore, TeamRecord } from './ReportsStore';
import { readTeam } from './teamQuery';

/** Coverage, orphans and teams from the index on PostgreSQL or SQLite. */
export class DatabaseReportsStore implements ReportsStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseReportsStore> {
    return new DatabaseReportsStore(await getMigratedClient(options.database));
  }

  constructor(private readonly db: Knex) {}

  readSnapshot<T>(fn: (store: ReportsStore) => Promise<T>): Promise<T> {
    return readSnapshot(this.db, trx => fn(new DatabaseReportsStore(trx)));
  }

  async getIndexedAt(): Promise<Date | undefined> {
    return (await readIndexState(this.db)).indexedAt;
  }

  getCoverageSnapshot(asOf?: string): Promise<CoverageSnapshot | undefined> {
    return readCoverageSnapshot(this.db, asOf);
  }

  getCoverageTrend(sinceDate: string): Promise<CoverageTrendRow[]> {
    return readCoverageTrend(this.db, sinceDate);
  }

  private orphanPage(
    query: Omit<OrphanQuery, 'offset' | 'limit'>,
  ): Knex.QueryBuilder {
    return orphanOrder(
      orphanFilter(this.db, entityQuery(this.db), query),
      query.orderBy,
      query.order,
    );
  }

  async listOrphans(
    query: OrphanQuery,
  ): Promise<{ items: IndexedEntityRecord[]; totalCount: number }> {
    const page = this.orphanPage(query).offset(query.offset).limit(query.limit);
    const total = orphanFilter(
      this.db,
      this.db(`${ENTITIES} as e`).count({ count: '*' }),
      query,
    ).first();
    // Called inside a snapshot transaction: one client, so one query at a
    // time (pg refuses overlapping queries on one client from pg 9 on).
    const rows = await page;
    const totalRow = await total;
    return {
      items: await withReasons(this.db, rows as EntityQueryRow[]),
      totalCount: count(totalRow),
    };
  }

  async *streamOrphans(
    query: Omit<OrphanQuery, 'offset' | 'limit'>,
  ): AsyncIterable<IndexedEntityRecord[]> {
    // On PostgreSQL every batch comes from one snapshot, however long the
    // download takes. On SQLite a transaction would hold the plugin's only
    // connection for that long, so each batch is read on its own there.
    if (clientOf(this.db) !== 'pg') {
      yield* this.orphanBatches(query);
      return;
    }
    const trx = await this.db.transaction({
      isolationLevel: 'repeatable read',
      readOnly: true,
    });
    try {
      yield* new DatabaseReportsStore(trx).orphanBatches(query);
    } finally {
      await trx.commit();
    }
  }

  private async *orphanBatches(
    query: Omit<OrphanQuery, 'offset' | 'limit'>,
  ): AsyncIterable<IndexedEntityRecord[]> {
    for (let offset = 0; ; offset += READ_BATCH) {
      const rows = (await this.orphanPage(query)
        .offset(offset)
        .limit(READ_BATCH)) as EntityQueryRow[];
      if (!rows.length) {
        return;
      }
      yield await withReasons(this.db, rows);
      if (rows.length < READ_BATCH) {
        return;
      }
    }
  }

  getTeam(
    groupRef: string,
    options: { limit: number },
  ): Promise<TeamRecord | undefined> {
    return readTeam(this.db, groupRef, options);
  }
}
