import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { IncidentService } from '../incidents/IncidentService';
import { ensureIncidentRollup, INCIDENT_DAILY } from './rollup';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-06-15T12:00:00Z');
const A = 'component:default/a';
const B = 'component:default/b';

describe.each(databases.eachSupportedId())(
  'daily incident rollup on %p',
  id => {
    it('stays equal to a rebuild from the incidents through creates, updates and moves between days', async () => {
      const knex = await databases.init(id);
      const database = mockServices.database({ knex });
      const store = await DatabaseIncidentStore.create({ database });
      await setIndexedEntities(
        knex,
        [
          { entityRef: A, ownerRef: 'group:default/red' },
          { entityRef: B, ownerRef: null },
        ],
        NOW,
      );
      const service = new IncidentService({
        store,
        permissions: mockServices.permissions.mock({
          authorize: async () => [{ result: AuthorizeResult.ALLOW }],
        }),
        clock: () => NOW,
      });
      const incident = (n: number, entityRef: string, created: string) => ({
        source: 'test',
        id: String(n),
        entityRef,
        severity: n % 2 ? 'P1' : 'P3',
        createdAt: created,
        acknowledgedAt: new Date(
          Date.parse(created) + n * 60_000,
        ).toISOString(),
        resolvedAt: new Date(Date.parse(created) + n * 600_000).toISOString(),
        levelsReached: n % 3 ? 1 : 2,
      });
      await service.ingest([
        incident(1, A, '2026-06-01T10:00:00Z'),
        incident(2, A, '2026-06-01T23:59:00Z'),
        incident(3, B, '2026-06-02T00:00:00Z'),
        incident(4, A, '2026-06-03T08:00:00Z'),
      ]);
      const rollup = () =>
        knex(INCIDENT_DAILY).orderBy(['day', 'owner_ref']).select();
      const cells = await rollup();
      expect(
        cells.map(c => [c.day, c.owner_ref, Number(c.incidents), Number(c.p1)]),
      ).toEqual([
        ['2026-06-01', 'group:default/red', 2, 1],
        ['2026-06-02', '', 1, 1],
        ['2026-06-03', 'group:default/red', 1, 0],
      ]);
      // incident 2 moves to the next day and to entity b (no owner); 4 is re-sent unchanged
      await service.ingest([
        incident(2, B, '2026-06-02T00:30:00Z'),
        incident(4, A, '2026-06-03T08:00:00Z'),
      ]);
      const updated = await rollup();
      expect(
        updated.map(c => [c.day, c.owner_ref, Number(c.incidents)]),
      ).toEqual([
        ['2026-06-01', 'group:default/red', 1],
        ['2026-06-02', '', 2],
        ['2026-06-03', 'group:default/red', 1],
      ]);
      await knex(INCIDENT_DAILY).delete();
      expect(await ensureIncidentRollup(knex, 15)).toBe(true);
      expect(await rollup()).toEqual(updated);
      expect(await ensureIncidentRollup(knex, 15)).toBe(false);
      // another default SLA rebuilds the counts of SLA met
      expect(await ensureIncidentRollup(knex, 1)).toBe(true);
      expect(
        (await rollup()).map(c => [
          Number(c.sla_met),
          Number(c.sla_default_minutes),
        ]),
      ).toEqual([
        [1, 1],
        [0, 1],
        [0, 1],
      ]);
    });
  },
);
