import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { component } from '../__testUtils__/entities';
import { indexedDatabase } from '../__testUtils__/indexedDatabase';
import { DatabaseResolverIndex } from '../catalogIndex/DatabaseResolverIndex';
import { NOW, resolverEntities } from './__testUtils__/resolverFixtures';
import {
  EntityOwnershipResolver,
  ResolverSource,
} from './EntityOwnershipResolver';
import { CatalogReadDecisions } from './CatalogReadDecisions';
import { OnCallResolver } from './OnCallResolver';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const ann = mockCredentials.user('user:default/ann');

const SERVICES = [
  'payments-api',
  'payments-ledger',
  'mobile-bff',
  'gappy-service',
  'checkout-v2',
  'search-api',
  'identity-web',
  'ghost-service',
  'user-owned',
];

describe.each(databases.eachSupportedId())(
  'the resolver reading the index on %p',
  id => {
    /**
     * The fixtures indexed at NOW, and resolvers over the in-memory catalog
     * with the catalog and permission calls counted. `hidden` are the refs
     * the caller may not read (catalog.entity.read denied, and left out by
     * the catalog).
     */
    async function setup(
      hidden: string[] = [],
      registeredSince: Entity[] = [],
    ) {
      const { knex, database, feed } = await indexedDatabase(databases, id);
      await feed(resolverEntities(), NOW);
      const index = await DatabaseResolverIndex.create({
        database,
        verificationPeriodDays: 90,
      });
      const inner = catalogServiceMock({
        entities: [...resolverEntities(), ...registeredSince],
      });
      const visible = <T extends { metadata: { name: string } } | undefined>(
        e: T,
      ) =>
        e &&
        hidden.some(
          h =>
            h.endsWith(`/${e.metadata.name}`) &&
            h.startsWith((e as any).kind.toLowerCase()),
        )
          ? undefined
          : e;
      const catalog = catalogServiceMock.mock({
        getEntityByRef: jest.fn(async (ref: string) =>
          visible(await inner.getEntityByRef(ref)),
        ),
        getEntitiesByRefs: jest.fn(async (request: any) => ({
          items: (await inner.getEntitiesByRefs(request)).items.map(visible),
        })),
      });
      const authorize = jest.fn(
        async (
          requests: AuthorizePermissionRequest[],
          _options?: { credentials: unknown },
        ) =>
          requests.map(r => ({
            result:
              r.permission.name === 'catalog.entity.read' &&
              hidden.includes(String(r.resourceRef))
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      );
      // the policy's own decision, before the catalog applies conditions
      let policy: AuthorizeResult = AuthorizeResult.CONDITIONAL;
      let clock = 0;
      const authorizeConditional = jest.fn(async () => [{ result: policy }]);
      const plugin = mockCredentials.service('plugin:ownership');
      const resolver = (
        source: ResolverSource,
        {
          readsAsPlugin,
          withIndex = index,
          ttlMs = 0,
        }: {
          readsAsPlugin?: boolean;
          withIndex?: DatabaseResolverIndex;
          ttlMs?: number;
        } = {},
      ) =>
        new EntityOwnershipResolver({
          catalog,
          readChecks: new CatalogReadDecisions({
            permissions: { authorize, authorizeConditional } as any,
            auth: mockServices.auth(),
            ttlMs,
            clock: () => clock,
          }),
          ...(readsAsPlugin
            ? { auth: { getOwnServiceCredentials: async () => plugin } }
            : {}),
          source,
          index: withIndex,
          onCall: new OnCallResolver({ logger: mockServices.logger.mock() }),
          verification: {
            getStatus: async (_ref, known) => ({
              status: known?.verification ? 'verified' : 'never',
              periodDays: 90,
            }),
          },
          clock: () => NOW,
        });
      const calls = () => ({
        catalog:
          (catalog.getEntityByRef as jest.Mock).mock.calls.length +
          (catalog.getEntitiesByRefs as jest.Mock).mock.calls.length,
        authorize: authorize.mock.calls.length,
      });
      const reset = () => {
        (catalog.getEntityByRef as jest.Mock).mockClear();
        (catalog.getEntitiesByRefs as jest.Mock).mockClear();
        authorize.mockClear();
        authorizeConditional.mockClear();
      };
      return {
        knex,
        database,
        catalog,
        authorize,
        resolver,
        calls,
        reset,
        plugin,
        feed,
        authorizeConditional,
        setPolicy: (result: AuthorizeResult) => {
          policy = result;
        },
        advance: (ms: number) => {
          clock += ms;
        },
      };
    }

    it('answers what the live path answers, reading the entity from the index: no catalog call, one permission call', async () => {
      const { resolver, calls, reset, authorize } = await setup();
      const live = resolver('live');
      const indexed = resolver('index');
      for (const name of SERVICES) {
        const ref = `component:default/${name}`;
        reset();
        const fromIndex = await indexed.getEntityOwnership(ref, ann);
        // before: 2 to 7 catalog calls and one authorize (verify) per card,
        // then one catalog call (the entity) and one authorize; now the
        // entity comes from the index too, its read checked in the batch
        expect({ name, ...calls() }).toEqual({
          name,
          catalog: 0,
          authorize: 1,
        });
        expect(authorize.mock.calls[0][0][0]).toMatchObject({
          permission: { name: 'catalog.entity.read' },
          resourceRef: ref,
        });
        const fromCatalog = await live.getEntityOwnership(ref, ann);
        expect(fromIndex).toEqual(fromCatalog);
        expect(fromIndex.verification.canVerify).toBeUndefined();
        expect(fromIndex.indexedAt).toBe(NOW.toISOString());
      }
    });

    it("reuses the policy's decision for the caller's token: no permission call per card while it holds", async () => {
      const {
        resolver,
        calls,
        reset,
        setPolicy,
        advance,
        authorizeConditional,
      } = await setup(['user:default/bob']);
      const checked = await resolver('index').getEntityOwnership(
        'component:default/payments-api',
        ann,
      );
      // a token, with its expiry: what tells one token from the next
      const token = { ...ann, expiresAt: new Date('2031-01-01T00:00:00Z') };
      const cached = resolver('index', { ttlMs: 10_000 });
      setPolicy(AuthorizeResult.ALLOW);
      reset();
      for (const name of SERVICES) {
        await cached.getEntityOwnership(`component:default/${name}`, token);
      }
      expect(calls()).toEqual({ catalog: 0, authorize: 0 });
      expect(authorizeConditional).toHaveBeenCalledTimes(1);
      // an allow holds for every entity: nothing hidden is left out
      const allowed = await cached.getEntityOwnership(
        'component:default/payments-api',
        token,
      );
      expect(checked.secondary).toEqual({
        entityRef: 'user:default/bob',
        exists: false,
      });
      expect(allowed.secondary).toMatchObject({
        entityRef: 'user:default/bob',
        exists: true,
      });

      // a conditional decision checks every card's refs, in one call
      advance(10_000);
      setPolicy(AuthorizeResult.CONDITIONAL);
      reset();
      const conditional = await cached.getEntityOwnership(
        'component:default/payments-api',
        token,
      );
      await cached.getEntityOwnership('component:default/payments-api', token);
      expect(calls()).toEqual({ catalog: 0, authorize: 2 });
      expect(authorizeConditional).toHaveBeenCalledTimes(1);
      expect(conditional).toEqual(checked);

      // a deny holds for every entity too: the card is not found
      advance(10_000);
      setPolicy(AuthorizeResult.DENY);
      await expect(
        cached.getEntityOwnership('component:default/payments-api', token),
      ).rejects.toMatchObject({ name: 'NotFoundError' });
    });

    it('reads a cold card in few statements, answering as a warm one', async () => {
      const { resolver, knex, database } = await setup();
      const warm = resolver('index');
      const counts: Record<string, number> = {};
      for (const name of SERVICES) {
        const ref = `component:default/${name}`;
        // a new index: every cache empty, as on the first visit
        const cold = resolver('index', {
          withIndex: await DatabaseResolverIndex.create({
            database,
            verificationPeriodDays: 90,
          }),
        });
        const statements: string[] = [];
        const count = (q: { sql: string }) => statements.push(q.sql);
        knex.on('query', count);
        const card = await cold.getEntityOwnership(ref, ann);
        knex.off('query', count);
        counts[name] = statements.length;
        expect(card).toEqual(await warm.getEntityOwnership(ref, ann));
      }
      // before: 13, 11, 5, 15, 8, 8, 8, 6 and 4 (83): the entity's document
      // and its matrices apart from its facts, each group's links apart
      // from its profile, its members' profiles apart, users apart from
      // groups
      expect(counts).toEqual({
        'payments-api': 7,
        'payments-ledger': 6,
        'mobile-bff': 2,
        'gappy-service': 8,
        'checkout-v2': 4,
        'search-api': 3,
        'identity-web': 3,
        'ghost-service': 3,
        'user-owned': 2,
      });
    });

    it('neither shows nor reports as missing what the caller may not read', async () => {
      const hidden = [
        'user:default/bob',
        'group:default/platform',
        'escalationpolicy:default/gappy',
      ];
      const { resolver } = await setup(hidden);
      for (const source of ['index', 'live'] as const) {
        const res = await resolver(source).getEntityOwnership(
          'component:default/payments-api',
          ann,
        );
        expect(res.secondary).toEqual({
          entityRef: 'user:default/bob',
          exists: false,
        });
        expect(
          res.owner!.members.find(m => m.entityRef === 'user:default/bob'),
        ).toEqual({ entityRef: 'user:default/bob', exists: false });
        expect(res.owner!.parents).toEqual([
          { entityRef: 'group:default/platform', displayName: undefined },
        ]);
        expect(res.findings).toEqual([]);
        const gappy = await resolver(source).getEntityOwnership(
          'component:default/gappy-service',
          ann,
        );
        expect(gappy.escalationPolicy).toMatchObject({
          entityRef: 'escalationpolicy:default/gappy',
          exists: false,
          levels: [],
        });
        expect(gappy.onCall).toEqual([]);
        expect(JSON.stringify(gappy)).not.toContain('gappy-rota');
        expect(gappy.findings.filter(f => f.rule === 'ref-not-found')).toEqual(
          [],
        );
      }
    });

    it('checks only the visibility of what it shows, never the conditional verify permission', async () => {
      const { resolver, authorize } = await setup();
      const res = await resolver('index').getEntityOwnership(
        'component:default/payments-api',
        ann,
      );
      expect(res.verification.canVerify).toBeUndefined();
      expect(authorize).toHaveBeenCalledTimes(1);
      const [requests] = authorize.mock.calls[0];
      expect(
        requests.every(r => r.permission.name === 'catalog.entity.read'),
      ).toBe(true);
      expect(requests.map(r => r.resourceRef)).toEqual(
        expect.arrayContaining([
          'user:default/bob',
          'group:default/payments',
          'escalationpolicy:default/payments-tier-1',
          'racimatrix:default/payments-raci',
        ]),
      );
    });

    it("reads an indexed entity from the index, with the caller's read of it in the one batched check", async () => {
      const { resolver, authorize, calls, reset } = await setup([
        'user:default/bob',
      ]);
      for (const name of SERVICES) {
        const ref = `component:default/${name}`;
        const live = await resolver('live').getEntityOwnership(ref, ann);
        for (const readsAsPlugin of [false, true]) {
          reset();
          const card = await resolver('index', {
            readsAsPlugin,
          }).getEntityOwnership(ref, ann);
          expect({ name, readsAsPlugin, ...calls() }).toEqual({
            name,
            readsAsPlugin,
            catalog: 0,
            authorize: 1,
          });
          expect(card).toEqual(live);
          const [requests, options] = authorize.mock.calls[0];
          expect(requests[0]).toMatchObject({
            permission: { name: 'catalog.entity.read' },
            resourceRef: ref,
          });
          expect(
            requests.some(r => r.permission.name === 'ownership.verify'),
          ).toBe(false);
          expect(options).toEqual({ credentials: ann });
        }
      }
    });

    it('reads an entity registered since the last refresh from the catalog, as the plugin, its read checked in the batch', async () => {
      const fresh = component('fresh-service', {
        owner: 'group:default/payments',
        ownership: {
          primary: 'user:default/ann',
          secondary: 'user:default/bob',
        },
      });
      const { resolver, catalog, authorize, calls, reset, plugin } =
        await setup(['user:default/bob'], [fresh]);
      const ref = 'component:default/fresh-service';
      const live = await resolver('live').getEntityOwnership(ref, ann);
      reset();
      const card = await resolver('index', {
        readsAsPlugin: true,
      }).getEntityOwnership(ref, ann);
      expect(calls()).toEqual({ catalog: 1, authorize: 1 });
      expect((catalog.getEntityByRef as jest.Mock).mock.calls[0]).toEqual([
        ref,
        { credentials: plugin },
      ]);
      const [requests, options] = authorize.mock.calls[0];
      expect(requests[0]).toMatchObject({
        permission: { name: 'catalog.entity.read' },
        resourceRef: ref,
      });
      expect(options).toEqual({ credentials: ann });
      // the live source says nothing of the index's state
      expect(card).toEqual({ ...live, indexedAt: NOW.toISOString() });
      expect(card).toMatchObject({
        indexed: false,
        indexedAt: NOW.toISOString(),
        primary: { entityRef: 'user:default/ann', exists: true },
        secondary: { entityRef: 'user:default/bob', exists: false },
      });
      // without the plugin's credentials: read as the caller
      reset();
      expect(await resolver('index').getEntityOwnership(ref, ann)).toEqual(
        card,
      );
      expect((catalog.getEntityByRef as jest.Mock).mock.calls[0]).toEqual([
        ref,
        { credentials: ann },
      ]);
    });

    it('shows a catalog edit once the index has been refreshed, saying which state it shows', async () => {
      const { resolver, feed, calls, reset } = await setup();
      const ref = 'component:default/payments-api';
      const card = () => resolver('index').getEntityOwnership(ref, ann);
      const before = await card();
      expect(before).toMatchObject({
        title: 'Payments API',
        secondary: { entityRef: 'user:default/bob', exists: true },
        tier: 'tier-1',
        indexedAt: NOW.toISOString(),
      });
      const edited = resolverEntities().map(e =>
        e.metadata.name === 'payments-api'
          ? {
              ...e,
              metadata: { ...e.metadata, title: 'Payments API (edited)' },
              spec: {
                ...e.spec,
                ownership: {
                  ...(e.spec!.ownership as object),
                  secondary: 'user:default/eve',
                  tier: 'tier-2',
                },
              },
            }
          : e,
      );
      // until the index refreshes, the card shows the state of NOW
      expect(await card()).toEqual(before);
      const later = new Date(NOW.getTime() + 60_000);
      await feed(edited, later);
      reset();
      const after = await card();
      expect(calls()).toEqual({ catalog: 0, authorize: 1 });
      expect(after).toMatchObject({
        title: 'Payments API (edited)',
        secondary: { entityRef: 'user:default/eve', exists: true },
        tier: 'tier-2',
        indexedAt: later.toISOString(),
      });
    });

    it('answers 404 for an entity the caller may not read, though the index and the plugin may', async () => {
      const fresh = component('fresh-service', {
        owner: 'group:default/payments',
      });
      const hidden = [
        'component:default/payments-api',
        'component:default/fresh-service',
      ];
      const { resolver, catalog, calls, reset, plugin } = await setup(hidden, [
        fresh,
      ]);
      const payments = resolverEntities().find(
        e => e.metadata.name === 'payments-api',
      );
      // the plugin may read what the caller may not
      (catalog.getEntityByRef as jest.Mock).mockImplementation(
        async (ref: string, options: { credentials: unknown }) => {
          if (options.credentials !== plugin) {
            return undefined;
          }
          return ref === 'component:default/fresh-service' ? fresh : payments;
        },
      );
      for (const ref of hidden) {
        for (const readsAsPlugin of [false, true]) {
          reset();
          await expect(
            resolver('index', { readsAsPlugin }).getEntityOwnership(ref, ann),
          ).rejects.toMatchObject({
            name: 'NotFoundError',
            message: `Entity ${ref} not found`,
          });
          // the indexed one from the index, the other from the catalog
          expect(calls().catalog).toBe(ref.endsWith('payments-api') ? 0 : 1);
        }
      }
    });

    it('shows a write at once: a handoff opened after the refresh', async () => {
      const { resolver, knex } = await setup();
      const card = () =>
        resolver('index').getEntityOwnership(
          'component:default/mobile-bff',
          ann,
        );
      expect((await card()).handoff).toBeUndefined();
      await knex('ownership_handoffs').insert({
        id: 'h-now',
        entity_ref: 'component:default/mobile-bff',
        open_entity_ref: 'component:default/mobile-bff',
        from_team: 'group:default/empty-team',
        to_team: 'group:default/identity',
        state: 'initiated',
        version: 1,
        initiated_by: 'user:default/ann',
        initiated_at: NOW,
        state_changed_at: NOW,
        shadow_days: 14,
        reverse_shadow_days: 7,
        forced: false,
        checklist: '[]',
        issues: '[]',
      });
      expect((await card()).handoff).toMatchObject({
        id: 'h-now',
        toTeam: 'group:default/identity',
      });
    });

    it('answers 503 when the catalog is down and the entity must be read from it, never half a card', async () => {
      const fresh = component('fresh-service', {
        owner: 'group:default/payments',
      });
      const { resolver, catalog } = await setup([], [fresh]);
      (catalog.getEntityByRef as jest.Mock).mockRejectedValue(
        new TypeError('fetch failed: connect ECONNREFUSED 127.0.0.1:7007'),
      );
      (catalog.getEntitiesByRefs as jest.Mock).mockRejectedValue(
        new TypeError('fetch failed: connect ECONNREFUSED 127.0.0.1:7007'),
      );
      const unavailable = (ref: string) => ({
        name: 'ServiceUnavailableError',
        message: expect.stringMatching(
          new RegExp(
            `^The catalog is unavailable, so the ownership of ${ref.replace(
              '/',
              '\\/',
            )} cannot be resolved; try again shortly`,
          ),
        ),
      });
      // the index source needs no catalog for an entity the index holds: it
      // shows the catalog's state of the last refresh and says so
      const indexed = await resolver('index').getEntityOwnership(
        'component:default/payments-api',
        ann,
      );
      expect(indexed).toMatchObject({
        entityRef: 'component:default/payments-api',
        owner: { entityRef: 'group:default/payments', exists: true },
        indexedAt: NOW.toISOString(),
      });
      // one registered since the last refresh is read from the catalog
      await expect(
        resolver('index').getEntityOwnership(
          'component:default/fresh-service',
          ann,
        ),
      ).rejects.toMatchObject(unavailable('component:default/fresh-service'));
      // the live source reads everything from the catalog
      await expect(
        resolver('live').getEntityOwnership(
          'component:default/payments-api',
          ann,
        ),
      ).rejects.toMatchObject(unavailable('component:default/payments-api'));
      // the live path's later calls fail the same way
      (catalog.getEntityByRef as jest.Mock).mockReset();
      (catalog.getEntitiesByRefs as jest.Mock).mockRejectedValue(
        new Error('Request failed with 502 Bad Gateway'),
      );
      (catalog.getEntityByRef as jest.Mock).mockResolvedValue(
        resolverEntities().find(e => e.metadata.name === 'payments-api'),
      );
      await expect(
        resolver('live').getEntityOwnership(
          'component:default/payments-api',
          ann,
        ),
      ).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
    });
  },
);
