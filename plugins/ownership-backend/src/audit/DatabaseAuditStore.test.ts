import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { appendAudit, DatabaseAuditStore } from './DatabaseAuditStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseAuditStore on %p', id => {
  async function createStore() {
    const knex = await databases.init(id);
    const store = await DatabaseAuditStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  const newEntry = (correlationId: string) => ({
    occurredAt: new Date('2026-03-01T10:00:00Z'),
    actor: 'user:default/ann',
    action: 'verify',
    entityRef: 'component:default/a',
    details: { n: 1 },
    correlationId,
  });

  it("appends inside the caller's transaction", async () => {
    const { knex, store } = await createStore();
    await knex.transaction(async (trx: Knex.Transaction) => {
      await appendAudit(trx, newEntry('committed'));
    });
    await knex
      .transaction(async (trx: Knex.Transaction) => {
        await appendAudit(trx, newEntry('rolled-back'));
        throw new Error('the change failed');
      })
      .catch(() => undefined);
    const { items } = await store.listAudit({}, { offset: 0, limit: 10 });
    expect(items.map(i => i.correlationId)).toEqual(['committed']);
    expect(items[0]).toMatchObject({
      actor: 'user:default/ann',
      entityRef: 'component:default/a',
      details: { n: 1 },
      occurredAt: new Date('2026-03-01T10:00:00Z'),
    });
  });

  it('filters, pages and streams the audit trail', async () => {
    const { store, knex } = await createStore();
    const start = new Date('2026-01-01T00:00:00Z').getTime();
    const rows = Array.from({ length: 1203 }, (_, i) => ({
      occurred_at: new Date(start + i * 60_000),
      actor: i % 3 === 0 ? 'user:default/ann' : 'user:default/bob',
      action: i % 2 === 0 ? 'verify' : 'other',
      entity_ref: `component:default/c${i % 10}`,
      details: JSON.stringify({ i }),
      correlation_id: `c${i}`,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await knex('ownership_audit_log').insert(rows.slice(i, i + 200));
    }
    const ann = await store.listAudit(
      { actor: 'user:default/ann', action: 'verify' },
      { offset: 0, limit: 5 },
    );
    expect(ann.totalCount).toBe(201);
    expect(ann.items.map(i => i.details.i)).toEqual([
      1200, 1194, 1188, 1182, 1176,
    ]);
    const window = await store.listAudit(
      {
        entityRef: 'component:default/c3',
        from: new Date(start + 100 * 60_000),
        to: new Date(start + 200 * 60_000),
      },
      { offset: 2, limit: 100 },
    );
    expect(window.totalCount).toBe(10);
    expect(window.items.map(i => i.details.i)).toEqual([
      173, 163, 153, 143, 133, 123, 113, 103,
    ]);

    const batches: number[] = [];
    let previous = Infinity;
    for await (const batch of store.streamAudit({})) {
      batches.push(batch.length);
      for (const entry of batch) {
        expect(Number(entry.id)).toBeLessThan(previous);
        previous = Number(entry.id);
      }
    }
    expect(batches).toEqual([1000, 203]);
  });
});
