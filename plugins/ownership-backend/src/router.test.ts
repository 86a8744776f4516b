import request from 'supertest';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { EntityOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import { ownershipOnCallProviderExtensionPoint } from '@service-ownership/plugin-ownership-node';
import { createTestDatabases } from './__testUtils__/databases';
import {
  ann,
  api,
  mallory,
  startBackend,
  useTestBackend,
} from './__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('ownership router on %p', id => {
  const env = useTestBackend(databases, id);

  describe('access', () => {
    it('serves /health without credentials', async () => {
      const res = await request(env.server)
        .get(api('/health'))
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it.each([
      ['get', '/entities/component/default/payments-api/ownership'],
      ['get', '/entities/component/default/payments-api/verification'],
      ['post', '/entities/component/default/payments-api/verification'],
      ['get', '/coverage'],
      ['get', '/coverage/trend'],
      ['get', '/orphans'],
      ['get', '/orphans/export.csv'],
      ['get', '/groups/default/payments/ownership'],
      ['get', '/audit'],
      ['get', '/handoffs'],
      ['get', '/handoffs/metrics'],
      ['get', '/handoffs/some-id'],
      ['post', '/handoffs/some-id/transitions'],
      ['post', '/handoffs/reorganisations'],
      ['get', '/entities/component/default/payments-api/handoffs'],
      ['post', '/entities/component/default/payments-api/handoffs'],
    ])('answers anonymous %s %s with 401', async (method, path) => {
      const res = await request(env.server)
        [method as 'get' | 'post'](api(path))
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('serves reads to services', async () => {
      const res = await request(env.server)
        .get(api('/entities/component/default/payments-api/ownership'))
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      const coverage = await request(env.server)
        .get(api('/coverage'))
        .set('Authorization', mockCredentials.service.header());
      expect(coverage.status).toBe(200);
    });

    it('registers its permissions', async () => {
      const res = await request(env.server)
        .get(api('/.well-known/backstage/permissions/metadata'))
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      expect(res.body.permissions.map((p: { name: string }) => p.name)).toEqual(
        expect.arrayContaining(['ownership.verify', 'ownership.audit.read']),
      );
    });
  });

  describe('GET /entities/:kind/:namespace/:name/ownership', () => {
    it('resolves the whole ownership of an entity', async () => {
      const res = await request(env.server)
        .get(api('/entities/component/default/payments-api/ownership'))
        .set('Authorization', ann);
      expect(res.status).toBe(200);
      const body: EntityOwnershipResponse = res.body;
      expect(body).toMatchObject({
        entityRef: 'component:default/payments-api',
        title: 'Payments API',
        hasOwnershipBlock: true,
        tier: 'tier-1',
        level: 'service',
        channels: { slack: '#payments', email: 'payments@acme.example' },
        primary: {
          entityRef: 'user:default/ann',
          exists: true,
          displayName: 'Ann Arbor',
          email: 'ann@acme.example',
          picture: 'https://avatars.acme.example/ann.png',
        },
        secondary: {
          entityRef: 'user:default/bob',
          exists: true,
          displayName: 'Bob Builder',
        },
        findings: [],
        verification: { status: 'never', periodDays: 90 },
      });
      // asked apart (GET .../verification, verification/routes.test.ts)
      expect(body.verification).not.toHaveProperty('canVerify');
      expect(body.verification.dueAt).toBeDefined();
      expect(body.owner).toEqual({
        entityRef: 'group:default/payments',
        exists: true,
        kind: 'Group',
        displayName: 'Payments',
        members: [
          expect.objectContaining({
            entityRef: 'user:default/ann',
            exists: true,
          }),
          expect.objectContaining({
            entityRef: 'user:default/bob',
            exists: true,
          }),
          // through the child group payments-core
          expect.objectContaining({
            entityRef: 'user:default/cem',
            displayName: 'Cem Celik',
          }),
        ],
        parents: [
          { entityRef: 'group:default/platform', displayName: 'Platform' },
        ],
      });

      const policy = body.escalationPolicy!;
      expect(policy.entityRef).toBe('escalationpolicy:default/payments-tier-1');
      expect(policy.exists).toBe(true);
      expect(policy.title).toBe('Payments tier-1');
      expect(
        policy.levels.map(l => [
          l.level,
          l.name,
          l.escalateAfter,
          l.escalateAfterMinutes,
          l.repeat,
        ]),
      ).toEqual([
        [1, 'Primary on-call', 'PT15M', 15, 2],
        [2, 'SRE', 'PT1H30M', 90, 0],
        [3, 'Leadership', 'PT2H', 120, 0],
      ]);
      expect(policy.levels[1].targets).toEqual([
        {
          type: 'group',
          id: 'group:default/sre',
          people: [
            expect.objectContaining({ entityRef: 'user:default/eve' }),
            expect.objectContaining({ entityRef: 'user:default/fay' }),
          ],
        },
        { type: 'channel', id: '#payments-incidents', people: [] },
      ]);
      expect(policy.levels[2].conditions).toEqual({
        severity: ['critical'],
        customerImpact: true,
      });
      expect(policy.levels[2].targets[0].people[0]).toMatchObject({
        entityRef: 'user:default/eve',
        displayName: 'Eve Evans',
      });

      const [schedule] = policy.levels[0].targets;
      expect(schedule.type).toBe('schedule');
      expect(schedule.onCall?.person.exists).toBe(true);
      expect(schedule.people).toEqual([schedule.onCall!.person]);
      expect(body.onCall).toEqual([
        {
          schedule: 'payments-primary',
          provider: 'rota',
          current: schedule.onCall,
          next: expect.objectContaining({ from: schedule.onCall!.until }),
        },
      ]);
      const now = Date.now();
      expect(Date.parse(schedule.onCall!.from)).toBeLessThanOrEqual(now);
      expect(Date.parse(schedule.onCall!.until)).toBeGreaterThan(now);

      expect(body.raci).toHaveLength(1);
      expect(body.raci[0]).toMatchObject({
        matrixRef: 'racimatrix:default/payments-raci',
        activities: [
          {
            name: 'Deployment',
            responsible: ['group:default/payments'],
            accountable: ['group:default/platform'],
            consulted: ['group:default/sre'],
            informed: ['user:default/dan'],
            escalationPath: [],
          },
          expect.objectContaining({ name: 'Incident response' }),
        ],
      });
      expect(body.raci[0].findings.map(f => f.rule)).toEqual([
        'raci-one-accountable',
      ]);
    });

    it('reports refs that match no entity, and rule findings', async () => {
      const ledger = await request(env.server)
        .get(api('/entities/component/default/payments-ledger/ownership'))
        .set('Authorization', ann);
      expect(ledger.status).toBe(200);
      expect(ledger.body.primary).toEqual({
        entityRef: 'user:default/ghost',
        exists: false,
      });
      expect(ledger.body.findings).toEqual([
        expect.objectContaining({
          rule: 'ref-not-found',
          path: 'spec.ownership.primary',
          severity: 'error',
        }),
        // the orphan reason the coverage page lists for it too
        expect.objectContaining({
          rule: 'owner-single-member',
          severity: 'warning',
        }),
      ]);

      const identity = await request(env.server)
        .get(api('/entities/component/default/identity-web/ownership'))
        .set('Authorization', ann);
      expect(
        identity.body.findings.map((f: { rule: string }) => f.rule),
      ).toEqual(['tier1-no-escalation', 'owner-single-member']);

      const ghost = await request(env.server)
        .get(api('/entities/component/default/ghost-service/ownership'))
        .set('Authorization', ann);
      expect(ghost.body).toMatchObject({
        hasOwnershipBlock: false,
        channels: {},
        onCall: [],
        raci: [],
        owner: {
          entityRef: 'group:default/ghosts',
          exists: false,
          members: [],
        },
      });
      // the missing owner is the coverage page's orphan reason, not also a
      // missing ref
      expect(ghost.body.findings.map((f: { rule: string }) => f.rule)).toEqual([
        'owner-not-found',
      ]);

      const userOwned = await request(env.server)
        .get(api('/entities/component/default/user-owned/ownership'))
        .set('Authorization', ann);
      expect(userOwned.body.owner).toMatchObject({
        entityRef: 'user:default/eve',
        kind: 'User',
        exists: true,
        displayName: 'Eve Evans',
        members: [expect.objectContaining({ entityRef: 'user:default/eve' })],
      });
    });

    it('leaks nothing the caller may not read', async () => {
      const hidden = await request(env.server)
        .get(api('/entities/component/default/secret-service/ownership'))
        .set('Authorization', mallory);
      expect(hidden.status).toBe(404);
      const visible = await request(env.server)
        .get(api('/entities/component/default/secret-service/ownership'))
        .set('Authorization', ann);
      expect(visible.status).toBe(200);

      const res = await request(env.server)
        .get(api('/entities/component/default/payments-api/ownership'))
        .set('Authorization', mallory);
      expect(res.status).toBe(200);
      expect(res.body.secondary).toEqual({
        entityRef: 'user:default/bob',
        exists: false,
      });
      const bob = res.body.owner.members.find(
        (m: { entityRef: string }) => m.entityRef === 'user:default/bob',
      );
      expect(bob).toEqual({ entityRef: 'user:default/bob', exists: false });
      // bob exists (the index knows him): not reported as missing
      expect(res.body.findings).toEqual([]);
    });

    it('serves the history and incident figures of one entity only to callers who may read it', async () => {
      for (const path of [
        '/entities/component/default/secret-service/ownership-history',
        '/metrics?days=30&entityRef=component:default/secret-service',
      ]) {
        const hidden = await request(env.server)
          .get(api(path))
          .set('Authorization', mallory);
        expect(hidden.status).toBe(404);
        expect(hidden.body.error.message).toBe(
          'Entity component:default/secret-service not found',
        );
        const visible = await request(env.server)
          .get(api(path))
          .set('Authorization', ann);
        expect(visible.status).toBe(200);
      }
    });
  });
});

describe('ownershipOnCallProviderExtensionPoint', () => {
  const [[id]] = databases.eachSupportedId();

  it('lets a module replace the on-call provider', async () => {
    const getOnCall = jest.fn(async ({ schedule }: { schedule: string }) => ({
      schedule,
      provider: 'pagerduty',
      current: {
        person: { entityRef: 'user:default/fay', exists: false },
        from: '2026-03-09T08:00:00.000Z',
        until: '2026-03-16T08:00:00.000Z',
      },
    }));
    const pagerDuty = createBackendModule({
      pluginId: 'ownership',
      moduleId: 'pagerduty-on-call',
      register(env) {
        env.registerInit({
          deps: { extension: ownershipOnCallProviderExtensionPoint },
          async init({ extension }) {
            extension.setOnCallProvider({ getOnCall });
          },
        });
      },
    });
    const { server } = await startBackend(await databases.init(id), {
      features: [pagerDuty],
    });
    const res = await request(server)
      .get('/api/ownership/entities/component/default/payments-api/ownership')
      .set('Authorization', ann);
    expect(res.status).toBe(200);
    expect(getOnCall).toHaveBeenCalledWith(
      expect.objectContaining({
        schedule: 'payments-primary',
        policyRef: 'escalationpolicy:default/payments-tier-1',
        target: expect.objectContaining({ type: 'schedule' }),
      }),
    );
    expect(res.body.onCall).toEqual([
      {
        schedule: 'payments-primary',
        provider: 'pagerduty',
        current: {
          person: expect.objectContaining({
            entityRef: 'user:default/fay',
            exists: true,
            displayName: 'Fay Fox',
          }),
          from: '2026-03-09T08:00:00.000Z',
          until: '2026-03-16T08:00:00.000Z',
        },
      },
    ]);
  });
});
