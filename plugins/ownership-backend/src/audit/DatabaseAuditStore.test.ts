import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { auditRowHash, checkAuditChain } from './auditChain';
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

  /** Changes rows behind the append-only triggers' back, as an attacker with database access could. */
  async function tamper(knex: Knex, fn: () => Promise<unknown>) {
    if (id.startsWith('POSTGRES')) {
      await knex.raw(
        'ALTER TABLE ownership_audit_log DISABLE TRIGGER ownership_audit_log_append_only',
      );
      await fn();
      await knex.raw(
        'ALTER TABLE ownership_audit_log ENABLE TRIGGER ownership_audit_log_append_only',
      );
    } else {
      await knex.raw('DROP TRIGGER IF EXISTS ownership_audit_log_no_update');
      await knex.raw('DROP TRIGGER IF EXISTS ownership_audit_log_no_delete');
      await fn();
    }
  }

  async function appendMany(knex: Knex, n: number) {
    for (let i = 0; i < n; i += 1) {
      await appendAudit(knex, {
        ...newEntry(`c-${i}`),
        details: { i },
        teams: ['group:default/payments'],
      });
    }
  }

  it('chains every entry to the one before it', async () => {
    const { knex, store } = await createStore();
    await appendMany(knex, 3);
    const rows = await knex('ownership_audit_log').orderBy('id');
    expect(rows[0].prev_hash).toBeNull();
    expect(rows[1].prev_hash).toBe(rows[0].hash);
    expect(rows[2].prev_hash).toBe(rows[1].hash);
    expect(rows[2].hash).toBe(auditRowHash(rows[2], rows[1].hash));
    expect(await store.checkIntegrity()).toEqual({ intact: true, checked: 3 });
  });

  it('keeps the chain whole with 50 concurrent writers in separate transactions', async () => {
    const { knex, store } = await createStore();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        knex.transaction(async (trx: Knex.Transaction) => {
          // some work of the change before its audit entry
          await trx.raw('SELECT 1');
          await appendAudit(trx, newEntry(`w-${i}`));
        }),
      ),
    );
    const rows = await knex('ownership_audit_log').orderBy('id');
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map(r => r.correlation_id)).size).toBe(50);
    expect(await store.checkIntegrity()).toEqual({
      intact: true,
      checked: 50,
    });
  });

  it('finds the first row whose content was changed or whose predecessor was deleted', async () => {
    const { knex, store } = await createStore();
    await appendMany(knex, 5);
    const ids = (
      await knex('ownership_audit_log').orderBy('id').pluck('id')
    ).map(String);
    await tamper(knex, () =>
      knex('ownership_audit_log')
        .where('id', ids[2])
        .update({ details: JSON.stringify({ i: 99 }) }),
    );
    expect(await store.checkIntegrity()).toEqual({
      intact: false,
      checked: 3,
      firstBrokenId: ids[2],
    });

    // a recomputed hash does not help: the next row names the old one
    const row = await knex('ownership_audit_log').where('id', ids[2]).first();
    await tamper(knex, () =>
      knex('ownership_audit_log')
        .where('id', ids[2])
        .update({ hash: auditRowHash(row, row.prev_hash) }),
    );
    expect((await store.checkIntegrity()).firstBrokenId).toBe(ids[3]);

    await tamper(knex, () =>
      knex('ownership_audit_log').where('id', '>=', ids[2]).delete(),
    );
    expect(await store.checkIntegrity()).toEqual({ intact: true, checked: 2 });
    await appendMany(knex, 1);
    await tamper(knex, () =>
      knex('ownership_audit_log').where('id', ids[1]).delete(),
    );
    const last = await knex('ownership_audit_log').max({ id: 'id' }).first();
    expect(await checkAuditChain(knex)).toEqual({
      intact: false,
      checked: 2,
      firstBrokenId: String(last?.id),
    });
  });

  it('keeps the request id apart and filters by team', async () => {
    const { knex, store } = await createStore();
    await appendAudit(knex, {
      ...newEntry('c-1'),
      requestId: 'client-req-1',
      teams: ['Group:Default/Payments', 'group:default/identity'],
    });
    await appendAudit(knex, {
      ...newEntry('c-2'),
      teams: ['group:default/payments-core'],
    });
    await appendAudit(knex, {
      ...newEntry('c-3'),
      teams: ['group:default/payments_x'],
    });
    const payments = await store.listAudit(
      { team: 'group:default/payments' },
      { offset: 0, limit: 10 },
    );
    expect(payments.items).toEqual([
      expect.objectContaining({
        correlationId: 'c-1',
        requestId: 'client-req-1',
        teams: ['group:default/identity', 'group:default/payments'],
      }),
    ]);
    // LIKE wildcards in a ref match only themselves
    expect(
      (
        await store.listAudit(
          { team: 'group:default/payments_x' },
          { offset: 0, limit: 10 },
        )
      ).items.map(i => i.correlationId),
    ).toEqual(['c-3']);
    expect(
      (
        await store.listAudit(
          { team: 'group:default/payments-cor' },
          { offset: 0, limit: 10 },
        )
      ).totalCount,
    ).toBe(0);
    expect(await store.checkIntegrity()).toMatchObject({ intact: true });
  });

  it('matches entity and actor refs in any case, through their indexes', async () => {
    const { knex, store } = await createStore();
    await appendAudit(knex, {
      ...newEntry('mixed'),
      actor: 'user:default/Ann.Lee',
      entityRef: 'Component:Default/Payments-API',
    });
    await appendAudit(knex, {
      ...newEntry('lower'),
      actor: 'user:default/ann.lee',
      entityRef: 'component:default/payments-api',
    });
    await appendAudit(knex, {
      ...newEntry('other'),
      actor: 'user:default/ann.leeds',
      entityRef: 'component:default/payments-api-2',
    });
    const ids = async (filter: { entityRef?: string; actor?: string }) =>
      (await store.listAudit(filter, { offset: 0, limit: 10 })).items.map(
        i => i.correlationId,
      );
    expect(await ids({ entityRef: 'component:default/PAYMENTS-api' })).toEqual([
      'lower',
      'mixed',
    ]);
    expect(await ids({ actor: 'User:Default/ANN.LEE' })).toEqual([
      'lower',
      'mixed',
    ]);
    expect(
      await ids({
        actor: 'user:default/ann.lee',
        entityRef: 'component:default/payments-api',
      }),
    ).toEqual(['lower', 'mixed']);
    // rows keep the case they were written in (the hash chain covers them)
    expect(
      (
        await store.listAudit(
          { actor: 'USER:default/ann.lee' },
          { offset: 1, limit: 1 },
        )
      ).items[0],
    ).toMatchObject({
      actor: 'user:default/Ann.Lee',
      entityRef: 'Component:Default/Payments-API',
    });
    expect(await store.checkIntegrity()).toMatchObject({ intact: true });

    // the store's own filter queries use the lower(...) indexes
    for (const [filter, index] of [
      [
        { entityRef: 'Component:default/payments-api' },
        'ownership_audit_log_entity_ref_lower_idx',
      ],
      [
        { actor: 'User:default/ann.lee' },
        'ownership_audit_log_actor_lower_idx',
      ],
    ] as const) {
      expect(await queryPlan(knex, () => ids(filter))).toContain(index);
    }
  });
});

/**
 * The plan of the SELECT the store runs inside `run` (the page query, not
 * the count), with sequential scans discouraged on PostgreSQL so that a
 * tiny table still shows whether an index applies.
 */
async function queryPlan(knex: Knex, run: () => Promise<unknown>) {
  const seen: Array<{ sql: string; bindings: unknown[] }> = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) => {
    seen.push({ sql: q.sql, bindings: q.bindings ?? [] });
  };
  knex.on('query', listener);
  try {
    await run();
  } finally {
    knex.off('query', listener);
  }
  const page = seen.find(
    q => /^select \*/i.test(q.sql) && /ownership_audit_log/.test(q.sql),
  );
  if (!page) {
    throw new Error(`no page query among ${seen.map(q => q.sql).join('; ')}`);
  }
  const sql = knex
    .raw(page.sql.replace(/\$\d+/g, '?'), page.bindings as Knex.Value[])
    .toQuery();
  if (knex.client.config.client === 'pg') {
    return knex.transaction(async trx => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      const plan = await trx.raw(`EXPLAIN ${sql}`);
      return (plan.rows as Array<{ 'QUERY PLAN': string }>)
        .map(r => r['QUERY PLAN'])
        .join('\n');
    });
  }
  const plan: Array<{ detail: string }> = await knex.raw(
    `EXPLAIN QUERY PLAN ${sql}`,
  );
  return plan.map(r => r.detail).join('\n');
}
