import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { DatabaseIndexStore } from '../catalogIndex/DatabaseIndexStore';
import { IndexApplyOptions } from '../catalogIndex/IndexStore';
import { entityToIndexRows } from '../catalogIndex/rows';
import { OrphanQuery } from '../reports/ReportsStore';

/** The first page of the orphan list in its default order. */
export const page: OrphanQuery = {
  offset: 0,
  limit: 50,
  orderBy: 'entityRef',
  order: 'asc',
};

export const applyDefaults: Omit<IndexApplyOptions, 'now' | 'runId'> = {
  verificationPeriodDays: 90,
  tier1RequiresEscalationPolicy: true,
  warnSingleMemberTeams: true,
  snapshotRetentionDays: 400,
};

/**
 * A migrated test database with an index store and `feed`, which indexes
 * entities as one refresh at `now` would (finishing at `now` too).
 */
export async function indexedDatabase(
  databases: TestDatabases,
  id: TestDatabaseId,
) {
  const knex = await databases.init(id);
  const database = mockServices.database({ knex });
  const index = await DatabaseIndexStore.create({ database });
  const feed = async (
    entities: Entity[],
    now: Date,
    options: Partial<IndexApplyOptions> = {},
  ) => {
    await index.stageIndexRows(
      'run-1',
      entities.flatMap(e =>
        entityToIndexRows(e, { serviceKinds: ['Component'] }),
      ),
    );
    return index.applyStagedIndex({
      ...applyDefaults,
      clock: () => now,
      ...options,
      runId: 'run-1',
      now,
    });
  };
  return { knex, database, index, feed };
}
