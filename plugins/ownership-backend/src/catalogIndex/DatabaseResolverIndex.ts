import { DatabaseService } from '@backstage/backend-plugin-api';
import { OrphanReason } from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { ResolverIndex } from '../resolver/ResolverIndex';
import { getMigratedClient } from '../database/client';
import { chunks, READ_BATCH, readSnapshot } from '../database/sql';
import { GROUPS, POLICIES, USERS } from '../database/tables';
import { describeIndexedReasons, getIndexedEntity } from './indexedEntities';
import { readIndexState } from './indexState';

/**
 * What the entity resolver reads from the index: which refs exist, and the
 * entity's orphan reasons described exactly as the orphan list describes
 * them (the same record, the same function).
 */
export class DatabaseResolverIndex implements ResolverIndex {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
    verificationPeriodDays: number;
  }): Promise<DatabaseResolverIndex> {
    return new DatabaseResolverIndex(
      await getMigratedClient(options.database),
      options.verificationPeriodDays,
    );
  }

  constructor(
    private readonly db: Knex,
    private readonly verificationPeriodDays: number,
  ) {}

  async filterIndexedRefs(refs: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const batch of chunks([...new Set(refs)], READ_BATCH)) {
      for (const table of [USERS, GROUPS, POLICIES]) {
        const rows: Array<{ entity_ref: string }> = await this.db(table)
          .whereIn('entity_ref', batch)
          .select('entity_ref');
        rows.forEach(r => found.add(r.entity_ref));
      }
    }
    return found;
  }

  async getEntityReasons(entityRef: string): Promise<{
    indexed: boolean;
    indexedAt?: Date;
    reasons: OrphanReason[];
  }> {
    return readSnapshot(this.db, async trx => {
      const record = await getIndexedEntity(trx, entityRef);
      const { indexedAt } = await readIndexState(trx);
      const indexed = Boolean(record?.isService);
      return {
        indexed,
        indexedAt,
        reasons:
          record && indexed
            ? describeIndexedReasons(record, this.verificationPeriodDays)
            : [],
      };
    });
  }

  async getGroupMemberCount(groupRef: string): Promise<number | undefined> {
    const row: { member_count: number | string | null } | undefined =
      await this.db(GROUPS)
        .where({ entity_ref: groupRef })
        .first('member_count');
    return row?.member_count === undefined || row?.member_count === null
      ? undefined
      : Number(row.member_count);
  }
}
