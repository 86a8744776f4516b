import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { IncidentService } from '../incidents/IncidentService';
import {
  INCIDENT_DAILY,
  INCIDENT_ENTITY_DAILY,
  INCIDENT_ENTITY_WEEKLY,
  INCIDENT_WEEKLY,
  INCIDENTS,
} from '../database/tables';
import {
  dayNumber,
  dayString,
  ensureIncidentRollup,
  ROLLUP_VALUE_COLUMNS,
  weekStart,
} from './rollup';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-06-15T12:00:00Z');
const A = 'component:default/a';
const B = 'component:default/b';

type Row = Record<string, unknown>;
const weekOf = (day: unknown) => dayString(weekStart(dayNumber(String(day))));

/** The weekly rollups as sums (max for `_max`) of the daily ones, and as stored. */
async function weeks(knex: Knex) {
  const sum = (rows: Row[], key: (r: Row) => string[], columns: string[]) => {
    const cells = new Map<string, Row>();
    for (const r of rows) {
      const k = key(r);
      const cell = cells.get(k.join('|')) ?? { key: k };
      for (const c of columns) {
        const v = r[c] === null ? null : Number(r[c]);
        const before = cell[c] as number | null | undefined;
        cell[c] = c.endsWith('_max')
          ? Math.max(before ?? -Infinity, v ?? -Infinity)
          : (before ?? 0) + (v ?? 0);
      }
      cells.set(k.join('|'), cell);
    }
    return [...cells.values()]
      .map(c => {
        for (const col of columns) {
          if (c[col] === -Infinity) c[col] = null;
        }
        return c;
      })
      .sort((a, b) => String(a.key).localeCompare(String(b.key)));
  };
  const teamColumns = ROLLUP_VALUE_COLUMNS;
  return {
    teams: sum(
      await knex(INCIDENT_DAILY),
      r => [weekOf(r.day), String(r.owner_ref)],
      teamColumns,
    ),
    storedTeams: sum(
      await knex(INCIDENT_WEEKLY),
      r => [String(r.week), String(r.owner_ref)],
      teamColumns,
    ),
    entities: sum(
      await knex(INCIDENT_ENTITY_DAILY),
      r => [weekOf(r.day), String(r.owner_ref), String(r.entity_ref)],
      ['incidents'],
    ),
    storedEntities: sum(
      await knex(INCIDENT_ENTITY_WEEKLY),
      r => [String(r.week), String(r.owner_ref), String(r.entity_ref)],
      ['incidents'],
    ),
  };
}

async function expectWeeksMatchDays(knex: Knex) {
  const w = await weeks(knex);
  expect(w.storedTeams).toEqual(w.teams);
  expect(w.storedEntities).toEqual(w.entities);
  return w;
}

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
      const entityRollup = async () =>
        (
          await knex(INCIDENT_ENTITY_DAILY)
            .orderBy(['day', 'owner_ref', 'entity_ref'])
            .select()
        ).map(c => [c.day, c.owner_ref, c.entity_ref, Number(c.incidents)]);
      const entityCounts = async () =>
        (
          await knex(INCIDENTS)
            .select(
              'created_day',
              knex.raw("COALESCE(owner_ref, '') AS owner"),
              'entity_ref',
            )
            .count({ n: '*' })
            .groupBy('created_day', knex.raw("COALESCE(owner_ref, '')"))
            .groupBy('entity_ref')
            .orderBy(['created_day', 'owner', 'entity_ref'])
        ).map((c: Record<string, unknown>) => [
          c.created_day,
          c.owner,
          c.entity_ref,
          Number(c.n),
        ]);
      const cells = await rollup();
      expect(
        cells.map(c => [c.day, c.owner_ref, Number(c.incidents), Number(c.p1)]),
      ).toEqual([
        ['2026-06-01', 'group:default/red', 2, 1],
        ['2026-06-02', '', 1, 1],
        ['2026-06-03', 'group:default/red', 1, 0],
      ]);
      expect(await entityRollup()).toEqual([
        ['2026-06-01', 'group:default/red', A, 2],
        ['2026-06-02', '', B, 1],
        ['2026-06-03', 'group:default/red', A, 1],
      ]);
      expect(await entityRollup()).toEqual(await entityCounts());
      // 2026-06-01 is a Monday: one week
      expect(
        (await expectWeeksMatchDays(knex)).storedEntities.map(c => [
          c.key,
          c.incidents,
        ]),
      ).toEqual([
        [['2026-06-01', '', B], 1],
        [['2026-06-01', 'group:default/red', A], 3],
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
      expect(await entityRollup()).toEqual([
        ['2026-06-01', 'group:default/red', A, 1],
        ['2026-06-02', '', B, 2],
        ['2026-06-03', 'group:default/red', A, 1],
      ]);
      expect(await entityRollup()).toEqual(await entityCounts());
      await expectWeeksMatchDays(knex);

      // a has a new owner; incident 4 is updated and charged to it, 1 is re-sent unchanged
      await setIndexedEntities(
        knex,
        [
          { entityRef: A, ownerRef: 'group:default/blue' },
          { entityRef: B, ownerRef: null },
        ],
        NOW,
      );
      await service.ingest([
        { ...incident(4, A, '2026-06-03T08:00:00Z'), severity: 'P0' },
        incident(1, A, '2026-06-01T10:00:00Z'),
      ]);
      const moved = await rollup();
      expect(moved.map(c => [c.day, c.owner_ref, Number(c.p0)])).toEqual([
        ['2026-06-01', 'group:default/red', 0],
        ['2026-06-02', '', 0],
        ['2026-06-03', 'group:default/blue', 1],
      ]);
      expect(await entityRollup()).toEqual([
        ['2026-06-01', 'group:default/red', A, 1],
        ['2026-06-02', '', B, 2],
        ['2026-06-03', 'group:default/blue', A, 1],
      ]);
      expect(await entityRollup()).toEqual(await entityCounts());
      await expectWeeksMatchDays(knex);
      // the Sunday before is the week before
      await service.ingest([incident(5, A, '2026-05-31T23:00:00Z')]);
      expect(
        (await expectWeeksMatchDays(knex)).storedTeams.map(c => [
          c.key,
          c.incidents,
        ]),
      ).toEqual([
        [['2026-05-25', 'group:default/blue'], 1],
        [['2026-06-01', ''], 2],
        [['2026-06-01', 'group:default/blue'], 1],
        [['2026-06-01', 'group:default/red'], 1],
      ]);

      const dailyCells = await rollup();
      const entityCells = await entityRollup();
      const weekCells = await weeks(knex);
      await knex(INCIDENT_DAILY).delete();
      await knex(INCIDENT_ENTITY_DAILY).delete();
      expect(await ensureIncidentRollup(knex, 15)).toBe(true);
      expect(await rollup()).toEqual(dailyCells);
      expect(await entityRollup()).toEqual(entityCells);
      expect(await weeks(knex)).toEqual(weekCells);
      expect(await ensureIncidentRollup(knex, 15)).toBe(false);
      // an empty entity or weekly rollup beside a filled daily one is rebuilt too
      for (const table of [INCIDENT_ENTITY_DAILY, INCIDENT_ENTITY_WEEKLY]) {
        await knex(table).delete();
        expect(await ensureIncidentRollup(knex, 15)).toBe(true);
        expect(await entityRollup()).toEqual(entityCells);
        expect(await weeks(knex)).toEqual(weekCells);
      }
      // another default SLA rebuilds the counts of SLA met
      expect(await ensureIncidentRollup(knex, 1)).toBe(true);
      expect(
        (await rollup()).map(c => [
          Number(c.sla_met),
          Number(c.sla_default_minutes),
        ]),
      ).toEqual([
        [0, 1],
        [1, 1],
        [0, 1],
        [0, 1],
      ]);
      expect(await entityRollup()).toEqual(entityCells);
      expect(
        (await expectWeeksMatchDays(knex)).storedTeams.map(c => c.sla_met),
      ).toEqual([0, 0, 0, 1]);
    });
  },
);
