import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import { EntityOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { indexedDatabase } from '../__testUtils__/indexedDatabase';
import { DatabaseResolverIndex } from '../catalogIndex/DatabaseResolverIndex';
import { NOW, resolverEntities } from './__testUtils__/resolverFixtures';
import {
  EntityOwnershipResolver,
  ResolverSource,
} from './EntityOwnershipResolver';
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
    async function setup(hidden: string[] = []) {
      const { knex, database, feed } = await indexedDatabase(databases, id);
      await feed(resolverEntities(), NOW);
      const index = await DatabaseResolverIndex.create({
        database,
        verificationPeriodDays: 90,
      });
      const inner = catalogServiceMock({ entities: resolverEntities() });
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
        async (requests: AuthorizePermissionRequest[]) =>
          requests.map(r => ({
            result:
              r.permission.name === 'catalog.entity.read' &&
              hidden.includes(String(r.resourceRef))
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
          })),
      );
      const resolver = (source: ResolverSource) =>
        new EntityOwnershipResolver({
          catalog,
          permissions: { authorize } as any,
          source,
          index,
          onCall: new OnCallResolver({ logger: mockServices.logger.mock() }),
          verification: {
            getStatus: async (_ref, _credentials, options) => ({
              status: 'never',
              periodDays: 90,
              canVerify:
                (await options?.verifyDecision) === AuthorizeResult.ALLOW,
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
      };
      return { knex, catalog, authorize, resolver, calls, reset };
    }

    const withoutVerify = (res: EntityOwnershipResponse) => ({
      ...res,
      verification: { ...res.verification, canVerify: undefined },
    });

    it('answers what the live path answers, in one catalog call and one permission call', async () => {
      const { resolver, calls, reset } = await setup();
      const live = resolver('live');
      const indexed = resolver('index');
      for (const name of SERVICES) {
        const ref = `component:default/${name}`;
        reset();
        const fromIndex = await indexed.getEntityOwnership(ref, ann);
        // before: 2 to 7 catalog calls and one authorize (verify) per card
        expect({ name, ...calls() }).toEqual({
          name,
          catalog: 1,
          authorize: 1,
        });
        const fromCatalog = await live.getEntityOwnership(ref, ann);
        expect(withoutVerify(fromIndex)).toEqual(withoutVerify(fromCatalog));
        expect(fromIndex.indexedAt).toBe(NOW.toISOString());
      }
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

    it('batches the verify permission with the visibility checks', async () => {
      const { resolver, authorize } = await setup();
      const res = await resolver('index').getEntityOwnership(
        'component:default/payments-api',
        ann,
      );
      expect(res.verification.canVerify).toBe(true);
      const [requests] = authorize.mock.calls[0];
      expect(requests[0]).toMatchObject({
        permission: { name: 'ownership.verify' },
        resourceRef: 'component:default/payments-api',
      });
      expect(
        requests
          .slice(1)
          .every(r => r.permission.name === 'catalog.entity.read'),
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

    it('answers 503 when the catalog is down, never half a card', async () => {
      const { resolver, catalog } = await setup();
      (catalog.getEntityByRef as jest.Mock).mockRejectedValue(
        new TypeError('fetch failed: connect ECONNREFUSED 127.0.0.1:7007'),
      );
      for (const source of ['index', 'live'] as const) {
        await expect(
          resolver(source).getEntityOwnership(
            'component:default/payments-api',
            ann,
          ),
        ).rejects.toMatchObject({
          name: 'ServiceUnavailableError',
          message: expect.stringMatching(
            /^The catalog is unavailable, so the ownership of component:default\/payments-api cannot be resolved; try again shortly/,
          ),
        });
      }
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
