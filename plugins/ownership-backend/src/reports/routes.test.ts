import request from 'supertest';
import {
  ORPHAN_ORDER_BY,
  OrphanedServicesPage,
} from '@service-ownership/plugin-ownership-common';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  ann,
  api,
  startBackend,
  useTestBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('reports routes on %p', id => {
  const env = useTestBackend(databases, id);

  describe('coverage', () => {
    it('reports coverage per dimension from the index', async () => {
      const res = await request(env.server)
        .get(api('/coverage'))
        .set('Authorization', ann);
      expect(res.status).toBe(200);
      // identity-web (tier-1 without policy) and feature-x (expired) have
      // owners with members, but their error reasons count against coverage
      expect(res.body).toMatchObject({
        total: 9,
        owned: 4,
        coverage: 44.4,
        byKind: [{ key: 'Component', total: 9, owned: 4, coverage: 44.4 }],
        byType: [
          { key: 'service', total: 8, owned: 3, coverage: 37.5 },
          { key: 'website', total: 1, owned: 1, coverage: 100 },
        ],
        byLifecycle: [
          { key: 'production', total: 8, owned: 4, coverage: 50 },
          { key: 'experimental', total: 1, owned: 0, coverage: 0 },
        ],
      });
      // in tier order, entities without a tier last
      expect(res.body.byTier).toEqual([
        { key: 'tier-1', total: 2, owned: 1, coverage: 50 },
        { key: 'tier-2', total: 1, owned: 1, coverage: 100 },
        { key: '(none)', total: 6, owned: 2, coverage: 33.3 },
      ]);
      expect(res.body.byOwner).toContainEqual({
        key: 'group:default/ghosts',
        total: 1,
        owned: 0,
        coverage: 0,
      });
      expect(res.body.bySystem[0]).toEqual({
        key: '(none)',
        total: 7,
        owned: 2,
        coverage: 28.6,
      });
      expect(res.body.asOf).toBe(new Date().toISOString().slice(0, 10));
      expect(res.body.indexedAt).toBeDefined();
    });

    it('answers as of a past date, or 404 before the first snapshot', async () => {
      const today = new Date().toISOString().slice(0, 10);
      const res = await request(env.server)
        .get(api(`/coverage?asOf=${today}`))
        .set('Authorization', ann);
      expect(res.body).toMatchObject({ asOf: today, total: 9 });
      const before = await request(env.server)
        .get(api('/coverage?asOf=2001-01-01'))
        .set('Authorization', ann);
      expect(before.status).toBe(404);
      const bad = await request(env.server)
        .get(api('/coverage?asOf=01/02/2026'))
        .set('Authorization', ann);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'asOf'");
    });

    it('answers 400 naming asOf for a date in the future', async () => {
      const tomorrow = new Date(Date.now() + 86400_000)
        .toISOString()
        .slice(0, 10);
      for (const asOf of [tomorrow, '2999-01-01']) {
        const res = await request(env.server)
          .get(api(`/coverage?asOf=${asOf}`))
          .set('Authorization', ann);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /query parameter 'asOf': must not be in the future/,
        );
      }
    });

    it('serves the trend', async () => {
      const res = await request(env.server)
        .get(api('/coverage/trend?days=30'))
        .set('Authorization', ann);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        points: [
          {
            date: new Date().toISOString().slice(0, 10),
            total: 9,
            owned: 4,
            coverage: 44.4,
          },
        ],
      });
      const bad = await request(env.server)
        .get(api('/coverage/trend?days=0'))
        .set('Authorization', ann);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'days'");
    });
  });

  describe('orphans', () => {
    const get = (query: string) =>
      request(env.server)
        .get(api(`/orphans${query}`))
        .set('Authorization', ann);

    it('lists orphaned and at-risk services with reasons', async () => {
      const res = await get('');
      expect(res.status).toBe(200);
      const body: OrphanedServicesPage = res.body;
      expect(body.totalCount).toBe(6);
      expect(body).toMatchObject({ offset: 0, limit: 50 });
      expect(body.indexedAt).toBeDefined();
      expect(body.items.map(i => i.entityRef)).toEqual([
        'component:default/empty-service',
        'component:default/feature-x',
        'component:default/ghost-service',
        'component:default/identity-web',
        'component:default/missing-user-owned',
        'component:default/payments-ledger',
      ]);
      const identity = body.items.find(i =>
        i.entityRef.endsWith('identity-web'),
      );
      expect(identity).toMatchObject({
        kind: 'Component',
        owner: 'group:default/identity',
        tier: 'tier-1',
        lifecycle: 'production',
        type: 'service',
      });
      expect(identity!.reasons).toEqual([
        {
          code: 'tier1-no-escalation',
          severity: 'error',
          message: 'Tier-1 service without an escalation policy',
          fix: expect.stringContaining('escalationPolicy'),
        },
        {
          code: 'owner-single-member',
          severity: 'warning',
          message:
            'The owner group:default/identity has a single member (bus factor 1)',
          fix: expect.any(String),
        },
      ]);
      const featureX = body.items.find(i => i.entityRef.endsWith('feature-x'));
      expect(featureX!.reasons[0]).toMatchObject({
        code: 'ownership-expired',
        message: 'Feature ownership expired on 2020-01-01',
      });
    });

    it.each([
      ['?reason=owner-not-found', ['ghost-service', 'missing-user-owned']],
      ['?reason=owner-no-members', ['empty-service']],
      ['?severity=warning', ['identity-web', 'payments-ledger']],
      ['?owner=payments-core', ['payments-ledger']],
      ['?owner=group:default/payments-core', ['payments-ledger']],
      ['?tier=tier-1', ['identity-web']],
      ['?kind=component&q=GHOST', ['ghost-service']],
      // the owner's ref, and the owner group's title
      ['?q=group:default/ghosts', ['ghost-service']],
      ['?q=payments%20CORE', ['payments-ledger']],
      ['?kind=api', []],
      ['?q=100%25', []],
      [
        '?orderBy=entityRef&order=desc&limit=2',
        ['payments-ledger', 'missing-user-owned'],
      ],
      ['?orderBy=tier&limit=2', ['identity-web', 'payments-ledger']],
      ['?orderBy=reasons&order=desc&limit=1', ['identity-web']],
      ['?offset=5', ['payments-ledger']],
    ])('filters and sorts with %s', async (query, expected) => {
      const res = await get(query);
      expect(res.status).toBe(200);
      expect(
        res.body.items.map(
          (i: { entityRef: string }) => i.entityRef.split('/')[1],
        ),
      ).toEqual(expected);
    });

    it.each(ORPHAN_ORDER_BY)(
      'sorts by every column of the contract: %s',
      async orderBy => {
        const [sorted, unsorted] = [
          await get(`?orderBy=${orderBy}&order=desc`),
          await get(''),
        ];
        expect(sorted.status).toBe(200);
        expect(sorted.body.items).toHaveLength(unsorted.body.items.length);
      },
    );

    it('counts all matches while paging', async () => {
      const res = await get('?severity=error&limit=1');
      expect(res.body.items).toHaveLength(1);
      expect(res.body.totalCount).toBe(5);
    });

    it.each([
      ['limit=501', 'limit'],
      ['limit=0', 'limit'],
      ['offset=x', 'offset'],
      ['orderBy=owner_ref', 'orderBy'],
      ['order=up', 'order'],
      // one reason, as the contract (OrphanFilters.reason) and the page say
      ['reason=owner-not-found,owner-no-members', 'reason'],
      ['reason=nonsense', 'reason'],
      ['severity=fatal', 'severity'],
    ])('answers 400 for %s naming %s', async (query, param) => {
      const res = await get(`?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`'${param}`);
    });

    it('exports CSV with the same filters', async () => {
      const res = await request(env.server)
        .get(api('/orphans/export.csv?severity=error'))
        .set('Authorization', ann);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      expect(res.headers['content-disposition']).toContain(
        'orphaned-services.csv',
      );
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe(
        'entityRef,kind,type,title,owner,system,tier,lifecycle,severity,reasons,messages',
      );
      expect(lines).toHaveLength(6);
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^component:default\/identity-web,Component,service,,group:default\/identity,,tier-1,production,error,tier1-no-escalation;owner-single-member,/,
        ),
      );
    });
  });

  describe('GET /groups/:namespace/:name/ownership', () => {
    it('shows what a team owns directly and through child groups', async () => {
      const res = await request(env.server)
        .get(api('/groups/default/payments/ownership'))
        .set('Authorization', ann);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: 'group:default/payments',
        title: 'Payments',
        memberCount: 3,
        childGroups: ['group:default/payments-core'],
        ownedTotalCount: 4,
        gapsTotalCount: 1,
        escalationPolicies: [
          {
            policyRef: 'escalationpolicy:default/payments-tier-1',
            levels: [],
            as: 'owner',
          },
        ],
      });
      expect(res.body.owned).toEqual([
        expect.objectContaining({
          entityRef: 'api:default/payments-public',
          direct: true,
        }),
        {
          entityRef: 'component:default/payments-api',
          kind: 'Component',
          type: 'service',
          title: 'Payments API',
          tier: 'tier-1',
          owner: 'group:default/payments',
          direct: true,
        },
        expect.objectContaining({
          entityRef: 'component:default/payments-ledger',
          owner: 'group:default/payments-core',
          direct: false,
        }),
        expect.objectContaining({
          entityRef: 'component:default/secret-service',
        }),
      ]);
      expect(
        res.body.gaps.map((g: { entityRef: string }) => g.entityRef),
      ).toEqual(['component:default/payments-ledger']);
      expect(res.body.raciRoles).toEqual(
        expect.arrayContaining([
          {
            matrixRef: 'racimatrix:default/payments-raci',
            activity: 'Deployment',
            role: 'R',
            participant: 'group:default/payments',
          },
          {
            matrixRef: 'racimatrix:default/payments-raci',
            activity: 'Incident response',
            role: 'R',
            participant: 'user:default/ann',
          },
          {
            matrixRef: 'racimatrix:default/payments-raci',
            activity: 'Incident response',
            role: 'A',
            participant: 'group:default/payments',
          },
        ]),
      );
      expect(res.body.raciRoles).toHaveLength(3);
    });

    it('shows the escalation levels a team is a target of', async () => {
      const res = await request(env.server)
        .get(api('/groups/default/sre/ownership'))
        .set('Authorization', ann);
      expect(res.body.escalationPolicies).toEqual([
        {
          policyRef: 'escalationpolicy:default/payments-tier-1',
          levels: ['SRE'],
          as: 'target',
        },
      ]);
      expect(
        res.body.owned.map((o: { entityRef: string }) => o.entityRef),
      ).toEqual(['component:default/feature-x']);
    });

    it('answers 404 for unknown groups and 400 for bad limits', async () => {
      const res = await request(env.server)
        .get(api('/groups/default/nobody/ownership'))
        .set('Authorization', ann);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('group:default/nobody');
      const bad = await request(env.server)
        .get(api('/groups/default/payments/ownership?limit=5000'))
        .set('Authorization', ann);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'limit'");
    });
  });
});

describe.each(databases.eachSupportedId())(
  'reports routes before the first refresh on %p',
  id => {
    it.each([
      '/coverage',
      '/coverage?asOf=2026-01-01',
      '/coverage/trend',
      '/orphans',
      '/orphans/export.csv',
      '/groups/default/payments/ownership',
    ])('answers %s with 503 until the index is built', async path => {
      const { server, refresh } = await startBackend(await databases.init(id), {
        refresh: false,
      });
      const before = await request(server)
        .get(api(path))
        .set('Authorization', ann);
      expect(before.status).toBe(503);
      expect(before.body.error).toMatchObject({
        name: 'ServiceUnavailableError',
        message: expect.stringContaining(
          'The ownership index has not been built yet',
        ),
      });
      await refresh();
      const after = await request(server)
        .get(api(path))
        .set('Authorization', ann);
      expect(after.status).toBe(path.includes('asOf') ? 404 : 200);
    });
  },
);
