import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { checkAuditChain, teamsColumn, teamsFromColumn } from './auditChain';
import { appendAudit } from './DatabaseAuditStore';

jest.setTimeout(60_000);

const config = {
  directory: resolvePackagePath(
    '@service-ownership/plugin-ownership-backend',
    'migrations',
  ),
};
const CHAIN_MIGRATION = '20270202090000_audit_chain.js';

const databases = createTestDatabases();

describe('teamsColumn', () => {
  it('stores lower-case refs padded with spaces, and reads them back', () => {
    expect(
      teamsColumn(['group:default/B', 'group:default/a', 'group:default/b']),
    ).toBe(' group:default/a group:default/b ');
    expect(teamsColumn([])).toBeNull();
    expect(teamsColumn(undefined)).toBeNull();
    expect(teamsFromColumn(' group:default/a group:default/b ')).toEqual([
      'group:default/a',
      'group:default/b',
    ]);
    expect(teamsFromColumn(null)).toBeUndefined();
  });
});

describe.each(databases.eachSupportedId())(
  'the audit chain migration on %p',
  id => {
    async function migrateUpTo(knex: Knex, name: string) {
      for (;;) {
        const [done] = (await knex.migrate.list(config)) as [
          Array<{ name: string }>,
          unknown,
        ];
        if (done.some(m => m.name === name)) {
          return;
        }
        await knex.migrate.up(config);
      }
    }

    const failure = (query: Promise<unknown>) =>
      query.then(
        () => 'no error',
        (error: Error) => error.message,
      );

    it('hashes the existing trail, keeps it append-only, and steps down and up', async () => {
      const knex = await databases.init(id);
      await migrateUpTo(knex, '20270201090000_handoffs.js');
      const start = Date.parse('2026-03-01T10:00:00Z');
      const legacy = Array.from({ length: 1005 }, (_, i) => ({
        occurred_at: new Date(start + i * 1000),
        actor: 'user:default/ann',
        action: 'verify',
        entity_ref: i % 2 ? 'component:default/a' : null,
        details: JSON.stringify({ i, text: 'ünïcode' }),
        correlation_id: `legacy-${i}`,
      }));
      for (let i = 0; i < legacy.length; i += 200) {
        await knex('ownership_audit_log').insert(legacy.slice(i, i + 200));
      }
      await migrateUpTo(knex, CHAIN_MIGRATION);

      expect(
        Number(
          (
            await knex('ownership_audit_log')
              .whereNull('hash')
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBe(0);
      // the migration's frozen hash agrees with the code's
      expect(await checkAuditChain(knex)).toEqual({
        intact: true,
        checked: 1005,
      });
      await appendAudit(knex, {
        occurredAt: new Date(),
        actor: 'user:default/bob',
        action: 'verify',
        details: {},
        correlationId: 'new',
        requestId: 'r-1',
        teams: ['group:default/payments'],
      });
      expect(await checkAuditChain(knex)).toEqual({
        intact: true,
        checked: 1006,
      });
      expect(
        await failure(knex('ownership_audit_log').update({ actor: 'x' })),
      ).toMatch(/append-only/);

      // down keeps the rows and the triggers
      await knex.migrate.down(config);
      while (await knex.schema.hasColumn('ownership_audit_log', 'hash')) {
        await knex.migrate.down(config);
      }
      expect(
        Number((await knex('ownership_audit_log').count({ n: '*' }))[0].n),
      ).toBe(1006);
      expect(await failure(knex('ownership_audit_log').delete())).toMatch(
        /append-only/,
      );

      await knex.migrate.latest(config);
      expect(await checkAuditChain(knex)).toEqual({
        intact: true,
        checked: 1006,
      });
      await knex.destroy();
    });
  },
);
