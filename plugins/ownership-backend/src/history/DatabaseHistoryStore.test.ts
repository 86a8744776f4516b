import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { setIndexedEntities } from './__testUtils__/indexRows';
import { DatabaseHistoryStore, HISTORY } from './DatabaseHistoryStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const t = (iso: string) => new Date(iso);
const row = (
  entityRef: string,
  ownerRef: string | null,
  extra: { tier?: string; policy?: string; sla?: number } = {},
) => ({
  entityRef,
  ownerRef,
  escalationPolicyRef: extra.policy ?? null,
  tier: extra.tier ?? null,
  responseSlaMinutes: extra.sla ?? null,
});

describe.each(databases.eachSupportedId())('DatabaseHistoryStore on %p', id => {
  async function setup() {
    const knex = await databases.init(id);
    const store = await DatabaseHistoryStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  it('opens, keeps and closes intervals as owners change', async () => {
    const { knex, store } = await setup();
    const a = 'component:default/a';
    const b = 'component:default/b';
    expect(
      await store.recordCurrentOwners(
        undefined,
        [row(a, 'group:default/red', { tier: 'tier-1', sla: 5 }), row(b, null)],
        t('2026-01-01T00:00:00Z'),
      ),
    ).toEqual({ closed: 0, opened: 2 });
    // unchanged: nothing happens, however often
    expect(
      await store.recordCurrentOwners(
        undefined,
        [row(a, 'group:default/red', { tier: 'tier-1', sla: 5 }), row(b, null)],
        t('2026-01-02T00:00:00Z'),
      ),
    ).toEqual({ closed: 0, opened: 0 });
    await knex.transaction(trx =>
      store.recordCurrentOwners(
        trx,
        [
          row(a, 'group:default/blue', { tier: 'tier-1', sla: 5 }),
          row(b, 'group:default/red'),
        ],
        t('2026-01-10T00:00:00Z'),
      ),
    );
    // a tier change alone is a new interval too
    expect(
      await store.recordCurrentOwners(
        undefined,
        [row(a, 'group:default/blue', { tier: 'tier-2', sla: 5 })],
        t('2026-01-20T00:00:00Z'),
      ),
    ).toEqual({ closed: 1, opened: 1 });

    expect(await store.historyOf(a)).toEqual([
      {
        entityRef: a,
        ownerRef: 'group:default/red',
        escalationPolicyRef: null,
        tier: 'tier-1',
        responseSlaMinutes: 5,
        validFrom: '2026-01-01T00:00:00.000Z',
        validTo: '2026-01-10T00:00:00.000Z',
        source: 'index',
      },
      expect.objectContaining({
        ownerRef: 'group:default/blue',
        tier: 'tier-1',
        validFrom: '2026-01-10T00:00:00.000Z',
        validTo: '2026-01-20T00:00:00.000Z',
      }),
      expect.objectContaining({
        ownerRef: 'group:default/blue',
        tier: 'tier-2',
        validFrom: '2026-01-20T00:00:00.000Z',
      }),
    ]);
    expect((await store.historyOf(a))[2].validTo).toBeUndefined();

    const asOf = async (iso: string) =>
      Object.fromEntries(
        [
          ...(await store.ownersAsOf([a, b, 'component:default/x'], t(iso))),
        ].map(([ref, e]) => [ref, e.ownerRef]),
      );
    expect(await asOf('2025-12-31T23:59:59Z')).toEqual({});
    expect(await asOf('2026-01-05T00:00:00Z')).toEqual({
      [a]: 'group:default/red',
      [b]: null,
    });
    // intervals are [from, to): the change moment belongs to the new owner
    expect(await asOf('2026-01-10T00:00:00Z')).toEqual({
      [a]: 'group:default/blue',
      [b]: 'group:default/red',
    });
    expect(
      Number(
        (await knex(HISTORY).whereNull('valid_to').count({ count: '*' }))[0]
          .count,
      ),
    ).toBe(2);
  });

  it('allows one open interval per entity in the schema', async () => {
    const { knex, store } = await setup();
    await store.recordCurrentOwners(
      undefined,
      [row('component:default/a', 'group:default/red')],
      t('2026-01-01T00:00:00Z'),
    );
    const error = await knex(HISTORY)
      .insert({
        entity_ref: 'component:default/a',
        owner_ref: 'group:default/blue',
        valid_from: t('2026-02-01T00:00:00Z'),
        source: 'index',
      })
      .then(
        () => 'no error',
        (e: Error) => e.message,
      );
    expect(error).toMatch(/unique/i);
  });

  it('records handoffs, and refreshes that still see the old owner leave them for a grace period', async () => {
    const { knex, store } = await setup();
    const a = 'component:default/a';
    await store.recordCurrentOwners(
      undefined,
      [
        row(a, 'group:default/red', {
          policy: 'escalationpolicy:default/p',
          sla: 10,
        }),
      ],
      t('2026-01-01T00:00:00Z'),
    );
    await knex.transaction(trx =>
      store.recordHandoffCompleted(trx, {
        entityRef: 'Component:default/A',
        toTeam: 'group:default/blue',
        at: t('2026-02-01T00:00:00Z'),
      }),
    );
    expect(await store.historyOf(a)).toEqual([
      expect.objectContaining({
        ownerRef: 'group:default/red',
        validTo: '2026-02-01T00:00:00.000Z',
        source: 'index',
      }),
      expect.objectContaining({
        ownerRef: 'group:default/blue',
        escalationPolicyRef: 'escalationpolicy:default/p',
        responseSlaMinutes: 10,
        validFrom: '2026-02-01T00:00:00.000Z',
        source: 'handoff',
      }),
    ]);
  });

  it('records the ownership index, closing what changed or left it', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseHistoryStore.create({
      database: mockServices.database({ knex }),
      handoffGraceDays: 7,
    });
    const day = (n: number) => new Date(Date.UTC(2026, 0, n));
    const entity = (name: string, ownerRef: string | null) => ({
      entityRef: `component:default/${name}`,
      ownerRef,
    });
    await setIndexedEntities(
      knex,
      [
        entity('a', 'group:default/red'),
        entity('b', 'group:default/red'),
        entity('c', null),
      ],
      day(1),
    );
    expect(await store.recordFromIndex(undefined, day(1))).toEqual({
      closed: 0,
      opened: 3,
    });
    expect(await store.recordFromIndex(undefined, day(2))).toEqual({
      closed: 0,
      opened: 0,
    });
    await setIndexedEntities(
      knex,
      [entity('a', 'group:default/blue'), entity('c', null)],
      day(3),
    );
    expect(await store.recordFromIndex(undefined, day(3))).toEqual({
      closed: 2,
      opened: 1,
    });
    // a handoff to green; the catalog still says blue for a while
    await store.recordHandoffCompleted(undefined, {
      entityRef: 'component:default/a',
      toTeam: 'group:default/green',
      at: day(4),
    });
    expect(await store.recordFromIndex(undefined, day(5))).toEqual({
      closed: 0,
      opened: 0,
    });
    expect(await store.recordFromIndex(undefined, day(20))).toEqual({
      closed: 1,
      opened: 1,
    });
    expect(
      (await store.historyOf('component:default/a')).map(e => [
        e.ownerRef,
        e.source,
        e.validFrom.slice(0, 10),
        e.validTo?.slice(0, 10),
      ]),
    ).toEqual([
      ['group:default/red', 'index', '2026-01-01', '2026-01-03'],
      ['group:default/blue', 'index', '2026-01-03', '2026-01-04'],
      ['group:default/green', 'handoff', '2026-01-04', '2026-01-20'],
      ['group:default/blue', 'index', '2026-01-20', undefined],
    ]);
    expect(
      (await store.historyOf('component:default/b')).map(e => e.validTo),
    ).toEqual(['2026-01-03T00:00:00.000Z']);
    expect(
      (await store.historyOf('component:default/c')).map(e => e.ownerRef),
    ).toEqual([null]);
  });
});
