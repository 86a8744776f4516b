import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const config = {
  directory: resolvePackagePath(
    '@service-ownership/plugin-ownership-backend',
    'migrations',
  ),
};
const INCIDENTS_MIGRATION = '20270203090000_incidents.js';
const HISTORY_MIGRATION = '20270203090100_ownership_history.js';

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'incident and history migrations on %p',
  id => {
    it('go down and up again, keeping the other tables’ data', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(config);
      const at = new Date('2026-03-01T10:00:00Z');
      await knex('ownership_verifications').insert({
        entity_ref: 'component:default/a',
        verified_at: at,
        verified_by: 'user:default/ann',
      });
      await knex('ownership_history').insert({
        entity_ref: 'component:default/a',
        owner_ref: 'group:default/red',
        valid_from: at,
        source: 'index',
      });
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

      await knex.migrate.down({ ...config, name: HISTORY_MIGRATION });
      expect(await knex.schema.hasTable('ownership_history')).toBe(false);
      expect(await knex('ownership_incidents')).toHaveLength(1);
      await knex.migrate.down({ ...config, name: INCIDENTS_MIGRATION });
      expect(await knex.schema.hasTable('ownership_incidents')).toBe(false);
      expect(await knex.schema.hasTable('ownership_incident_sources')).toBe(
        false,
      );
      expect(await knex('ownership_verifications')).toHaveLength(1);

      await knex.migrate.latest(config);
      expect(await knex('ownership_history')).toEqual([]);
      expect(await knex('ownership_incidents')).toEqual([]);
      expect(await knex('ownership_verifications')).toHaveLength(1);
    });
  },
);
