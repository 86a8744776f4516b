import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { ENTITIES } from '../database/tables';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import { DatabaseOwnershipMetricsStore } from '../metrics/DatabaseOwnershipMetricsStore';
import { TEAM_SNAPSHOTS, writeCoverageSnapshot } from './coverageSnapshots';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const day = (d: string) => new Date(`${d}T06:00:00Z`);

describe.each(databases.eachSupportedId())(
  'per-team coverage snapshots on %p',
  id => {
    it('writes one row per owner and day, replaces the day and prunes like the org-wide ones', async () => {
      const knex = await databases.init(id);
      const store = await DatabaseOwnershipMetricsStore.create({
        database: mockServices.database({ knex }),
      });
      const snapshot = (d: string) =>
        knex.transaction(trx =>
          writeCoverageSnapshot(trx, {
            now: day(d),
            takenAt: day(d),
            retentionDays: 30,
          }),
        );
      await setIndexedEntities(
        knex,
        [
          { entityRef: 'component:default/a', ownerRef: 'group:default/red' },
          { entityRef: 'component:default/b', ownerRef: 'group:default/red' },
          { entityRef: 'component:default/c', ownerRef: 'group:default/blue' },
          { entityRef: 'component:default/d', ownerRef: null },
        ],
        day('2026-01-01'),
      );
      await knex(ENTITIES)
        .update({ owner_status: 'ok' })
        .whereIn('entity_ref', ['component:default/a', 'component:default/c']);
      await snapshot('2026-01-01');
      await snapshot('2026-01-20');
      // the same day again: the later refresh's figures replace the earlier
      await knex(ENTITIES)
        .update({ owner_ref: 'group:default/blue', owner_status: 'ok' })
        .where('entity_ref', 'component:default/b');
      await snapshot('2026-01-20');
      await snapshot('2026-02-05');

      const trends = await store.teamCoverageTrend('2026-01-01', '2026-12-31');
      // 2026-01-01 is older than 30 days on 2026-02-05
      expect(Object.fromEntries(trends)).toEqual({
        'group:default/blue': [
          { date: '2026-01-20', total: 2, owned: 2 },
          { date: '2026-02-05', total: 2, owned: 2 },
        ],
        'group:default/red': [
          { date: '2026-01-20', total: 1, owned: 1 },
          { date: '2026-02-05', total: 1, owned: 1 },
        ],
      });
      expect(
        await knex(TEAM_SNAPSHOTS).where('snapshot_date', '<', '2026-01-06'),
      ).toEqual([]);
      expect(
        await store.teamCoverageTrend(
          '2026-01-01',
          '2026-01-31',
          'group:default/red',
        ),
      ).toEqual(
        new Map([
          ['group:default/red', [{ date: '2026-01-20', total: 1, owned: 1 }]],
        ]),
      );
      expect(await store.coverageTrend('2026-01-01', '2026-12-31')).toEqual([
        { date: '2026-01-20', total: 4, owned: 3 },
        { date: '2026-02-05', total: 4, owned: 3 },
      ]);
    });
  },
);
