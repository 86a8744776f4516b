import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const config = {
  directory: resolvePackagePath(
    '@service-ownership/plugin-ownership-backend',
    'migrations',
  ),
};
const ROLLUPS_MIGRATION = '20270205090000_incident_rollups.js';

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
  },
);
