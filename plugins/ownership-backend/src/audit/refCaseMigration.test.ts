import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const MIGRATION = '20270206120000';
const config = {
  directory: resolvePackagePath(
    '@service-ownership/plugin-ownership-backend',
    'migrations',
  ),
};

const databases = createTestDatabases();

async function indexes(knex: Knex, table: string): Promise<string[]> {
  const names: string[] =
    knex.client.config.client === 'pg'
      ? (
          await knex.raw(
            'SELECT indexname AS name FROM pg_indexes WHERE tablename = ?',
            [table],
          )
        ).rows.map((r: { name: string }) => r.name)
      : (
          await knex.raw(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?",
            [table],
          )
        ).map((r: { name: string }) => r.name);
  return names.filter(n => /_(idx)$/.test(n)).sort();
}

describe.each(databases.eachSupportedId())(
  `migration ${MIGRATION} on %p`,
  id => {
    it('swaps the audit ref indexes for lower-case ones and indexes open incidents, keeping data', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest(config);
      const at = new Date('2027-02-06T09:00:00Z');
      await knex('ownership_audit_log').insert({
        occurred_at: at,
        actor: 'user:default/Ann',
        action: 'verify',
        entity_ref: 'Component:default/A',
        details: '{}',
        correlation_id: 'c-1',
      });
      await knex('ownership_incidents').insert({
        source: 'pagerduty',
        external_id: 'P1',
        entity_ref: 'component:default/a',
        attribution: 'none',
        severity: 'P2',
        created_at: at,
        created_day: '2027-02-06',
        escalated: false,
        responders: '[]',
        row_hash: 'h',
        ingested_at: at,
        updated_at: at,
      });
      const latest = {
        audit: await indexes(knex, 'ownership_audit_log'),
        incidents: await indexes(knex, 'ownership_incidents'),
      };
      expect(latest.audit).toEqual(
        expect.arrayContaining([
          'ownership_audit_log_actor_lower_idx',
          'ownership_audit_log_entity_ref_lower_idx',
        ]),
      );
      expect(latest.audit).not.toContain('ownership_audit_log_actor_idx');
      expect(latest.incidents).toContain('ownership_incidents_open_idx');

      while ((await knex.migrate.currentVersion(config)) >= MIGRATION) {
        await knex.migrate.down(config);
      }
      const audit = await indexes(knex, 'ownership_audit_log');
      expect(audit).toEqual(
        expect.arrayContaining([
          'ownership_audit_log_actor_idx',
          'ownership_audit_log_entity_ref_idx',
        ]),
      );
      expect(audit).not.toContain('ownership_audit_log_actor_lower_idx');
      expect(await indexes(knex, 'ownership_incidents')).not.toContain(
        'ownership_incidents_open_idx',
      );
      expect(await knex('ownership_audit_log').pluck('actor')).toEqual([
        'user:default/Ann',
      ]);

      await knex.migrate.latest(config);
      expect(await indexes(knex, 'ownership_audit_log')).toEqual(latest.audit);
      expect(await indexes(knex, 'ownership_incidents')).toEqual(
        latest.incidents,
      );
      expect(await knex('ownership_incidents').pluck('external_id')).toEqual([
        'P1',
      ]);
      await knex.destroy();
    });
  },
);
