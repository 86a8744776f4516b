import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/databases';
import { ROLLUP_VALUE_COLUMNS } from './rollup';

jest.setTimeout(60_000);

const config = {
  directory: resolvePackagePath(
    '@service-ownership/plugin-ownership-backend',
    'migrations',
  ),
};
const ROLLUPS_MIGRATION = '20270205090000_incident_rollups.js';
const ENTITY_MIGRATION = '20270206090000_incident_entity_rollup.js';
const WEEKLY_MIGRATION = '20270206140000_incident_weekly_rollups.js';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'incident rollup migration on %p',
  id => {
    it('fills created_day of existing incidents, goes down and up keeping them', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(config);
      await knex.migrate.down({ ...config, name: ROLLUPS_MIGRATION });
      const at = new Date('2026-03-01T23:30:00Z');
      await knex('ownership_incidents').insert({
        source: 'test',
        external_id: '1',
        entity_ref: 'component:default/a',
        attribution: 'none',
        severity: 'P1',
        created_at: at,
        escalated: false,
        responders: '[]',
        row_hash: 'h',
        ingested_at: at,
        updated_at: at,
      });
      await knex.migrate.up({ ...config, name: ROLLUPS_MIGRATION });
      expect(
        (await knex('ownership_incidents').select('created_day'))[0],
      ).toEqual({ created_day: '2026-03-01' });
      expect(await knex('ownership_incident_daily')).toEqual([]);
      expect(await knex('ownership_team_coverage_snapshots')).toEqual([]);
      expect(
        await knex.schema.hasColumn(
          'ownership_index_policies',
          'response_sla_minutes',
        ),
      ).toBe(true);

      await knex.migrate.down({ ...config, name: ROLLUPS_MIGRATION });
      expect(await knex.schema.hasTable('ownership_incident_daily')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('ownership_incidents', 'created_day'),
      ).toBe(false);
      expect(await knex('ownership_incidents')).toHaveLength(1);
      await knex.migrate.latest(config);
      expect(await knex('ownership_incidents')).toHaveLength(1);
    });

    it('fills the entity and weekly rollups from existing incidents, goes down and up keeping them', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(config);
      await knex.migrate.down({ ...config, name: WEEKLY_MIGRATION });
      await knex.migrate.down({ ...config, name: ENTITY_MIGRATION });
      const incident = (n: number, at: Date) => ({
        source: 'test',
        external_id: String(n),
        entity_ref: 'component:default/a',
        owner_ref: 'group:default/red',
        attribution: 'history',
        severity: 'P1',
        created_at: at,
        created_day: at.toISOString().slice(0, 10),
        escalated: false,
        responders: '[]',
        row_hash: 'h',
        ingested_at: at,
        updated_at: at,
      });
      // a Sunday and the Monday after
      await knex('ownership_incidents').insert([
        incident(1, new Date('2026-05-31T23:30:00Z')),
        incident(2, new Date('2026-06-01T08:00:00Z')),
        incident(3, new Date('2026-06-01T09:00:00Z')),
      ]);
      const daily = {
        day: '2026-06-01',
        owner_ref: 'group:default/red',
        sla_default_minutes: 15,
        ...Object.fromEntries(
          ROLLUP_VALUE_COLUMNS.map(c => [c, c.endsWith('_max') ? null : 0]),
        ),
      };
      await knex('ownership_incident_daily').insert([
        { ...daily, day: '2026-05-31', incidents: 1, p1: 1 },
        { ...daily, incidents: 2, p1: 2 },
      ]);
      await knex.migrate.up({ ...config, name: ENTITY_MIGRATION });
      await knex.migrate.up({ ...config, name: WEEKLY_MIGRATION });
      const cells = async (table: string, key: string) =>
        (await knex(table).orderBy(key)).map(r => [
          r[key],
          r.owner_ref,
          Number(r.incidents),
        ]);
      expect(await cells('ownership_incident_entity_daily', 'day')).toEqual([
        ['2026-05-31', 'group:default/red', 1],
        ['2026-06-01', 'group:default/red', 2],
      ]);
      expect(await cells('ownership_incident_entity_weekly', 'week')).toEqual([
        ['2026-05-25', 'group:default/red', 1],
        ['2026-06-01', 'group:default/red', 2],
      ]);
      expect(await cells('ownership_incident_weekly', 'week')).toEqual([
        ['2026-05-25', 'group:default/red', 1],
        ['2026-06-01', 'group:default/red', 2],
      ]);

      await knex.migrate.down({ ...config, name: WEEKLY_MIGRATION });
      await knex.migrate.down({ ...config, name: ENTITY_MIGRATION });
      for (const table of [
        'ownership_incident_entity_daily',
        'ownership_incident_entity_weekly',
        'ownership_incident_weekly',
      ]) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      expect(await knex('ownership_incidents')).toHaveLength(3);
      await knex.migrate.latest(config);
      expect(await cells('ownership_incident_weekly', 'week')).toHaveLength(2);
    });
  },
);
