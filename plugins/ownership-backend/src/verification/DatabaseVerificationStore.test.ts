import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseIndexVerificationHook } from '../catalogIndex/DatabaseIndexVerificationHook';
import { getIndexedEntity } from '../catalogIndex/indexedEntities';
import { DatabaseAuditStore } from '../audit/DatabaseAuditStore';
import { createTestDatabases } from '../__testUtils__/databases';
import { exampleEntities } from '../__testUtils__/entities';
import { indexedDatabase, page } from '../__testUtils__/indexedDatabase';
import { DatabaseReportsStore } from '../reports/DatabaseReportsStore';
import { DatabaseVerificationStore } from './DatabaseVerificationStore';
import { IndexVerificationHook } from './VerificationStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseVerificationStore on %p',
  id => {
    async function createStore(index?: IndexVerificationHook) {
      const env = await indexedDatabase(databases, id);
      return {
        ...env,
        store: await DatabaseVerificationStore.create({
          ...env,
          index: index ?? (await DatabaseIndexVerificationHook.create(env)),
        }),
        audit: await DatabaseAuditStore.create(env),
        reports: await DatabaseReportsStore.create(env),
      };
    }

    it('stores the latest verification with its audit entry', async () => {
      const { store, audit: auditStore } = await createStore();
      expect(
        await store.getVerification('component:default/a'),
      ).toBeUndefined();
      for (const [day, who] of [
        ['2026-01-01', 'user:default/ann'],
        ['2026-02-01', 'user:default/bob'],
      ]) {
        await store.recordVerification(
          {
            entityRef: 'component:default/a',
            verifiedAt: new Date(`${day}T10:00:00Z`),
            verifiedBy: who,
            comment: `by ${who}`,
          },
          {
            occurredAt: new Date(`${day}T10:00:00Z`),
            actor: who,
            action: 'verify',
            entityRef: 'component:default/a',
            details: { comment: `by ${who}` },
            correlationId: `c-${day}`,
          },
        );
      }
      expect(await store.getVerification('component:default/a')).toEqual({
        entityRef: 'component:default/a',
        verifiedAt: new Date('2026-02-01T10:00:00Z'),
        verifiedBy: 'user:default/bob',
        comment: 'by user:default/bob',
      });
      const audit = await auditStore.listAudit({}, { offset: 0, limit: 10 });
      expect(audit.totalCount).toBe(2);
      expect(audit.items.map(i => i.actor)).toEqual([
        'user:default/bob',
        'user:default/ann',
      ]);
      expect(audit.items[0]).toEqual({
        id: expect.any(String),
        occurredAt: new Date('2026-02-01T10:00:00Z'),
        actor: 'user:default/bob',
        action: 'verify',
        entityRef: 'component:default/a',
        details: { comment: 'by user:default/bob' },
        correlationId: 'c-2026-02-01',
      });
    });

    it('drops the not-verified warning as soon as the service is verified', async () => {
      const { feed, store, knex, reports } = await createStore();
      await feed(exampleEntities(), new Date('2026-01-01T00:00:00Z'));
      await feed(exampleEntities(), new Date('2026-06-01T00:00:00Z'));
      const before = await getIndexedEntity(
        knex,
        'component:default/user-owned',
      );
      expect(before?.reasons).toEqual([
        { code: 'not-verified', severity: 'warning' },
      ]);
      expect(
        (await reports.listOrphans({ ...page, reasons: ['not-verified'] }))
          .totalCount,
      ).toBe(8);
      await store.recordVerification(
        {
          entityRef: 'component:default/user-owned',
          verifiedAt: new Date('2026-06-01T01:00:00Z'),
          verifiedBy: 'user:default/eve',
        },
        {
          occurredAt: new Date('2026-06-01T01:00:00Z'),
          actor: 'user:default/eve',
          action: 'verify',
          entityRef: 'component:default/user-owned',
          details: {},
          correlationId: 'x',
        },
      );
      const after = await getIndexedEntity(
        knex,
        'component:default/user-owned',
      );
      expect(after?.reasons).toEqual([]);
      expect(after?.verifiedAt).toEqual(new Date('2026-06-01T01:00:00Z'));
      const orphans = await reports.listOrphans(page);
      expect(orphans.items.map(i => i.entityRef)).not.toContain(
        'component:default/user-owned',
      );
    });

    it('tells when an entity first entered the index', async () => {
      const { feed, store } = await createStore();
      expect(
        await store.getFirstSeenAt('component:default/user-owned'),
      ).toBeUndefined();
      await feed(exampleEntities(), new Date('2026-01-01T00:00:00Z'));
      expect(
        await store.getFirstSeenAt('component:default/user-owned'),
      ).toEqual(new Date('2026-01-01T00:00:00Z'));
    });

    it("updates the index inside the verification's transaction", async () => {
      const seen: unknown[] = [];
      const { store, audit } = await createStore({
        firstSeenAt: async () => undefined,
        onVerified: async (trx, entityRef) => {
          seen.push(trx.isTransaction, entityRef);
          throw new Error('index update failed');
        },
      });
      await expect(
        store.recordVerification(
          {
            entityRef: 'component:default/a',
            verifiedAt: new Date('2026-06-01T01:00:00Z'),
            verifiedBy: 'user:default/eve',
          },
          {
            occurredAt: new Date('2026-06-01T01:00:00Z'),
            actor: 'user:default/eve',
            action: 'verify',
            entityRef: 'component:default/a',
            details: {},
            correlationId: 'x',
          },
        ),
      ).rejects.toThrow('index update failed');
      expect(seen).toEqual([true, 'component:default/a']);
      // rolled back with it: neither the verification nor its audit entry
      expect(
        await store.getVerification('component:default/a'),
      ).toBeUndefined();
      expect(
        (await audit.listAudit({}, { offset: 0, limit: 10 })).totalCount,
      ).toBe(0);
    });
  },
);

describe('verification', () => {
  it('reaches the index only through IndexVerificationHook', () => {
    const files = readdirSync(__dirname).filter(
      f => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect([file, readFileSync(join(__dirname, file), 'utf8')]).not.toEqual([
        file,
        expect.stringMatching(/from '\.\.\/catalogIndex\//),
      ]);
    }
  });
});
