import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  EntityOwnershipResponse,
  OrphanedServicesPage,
} from '@service-ownership/plugin-ownership-common';
import { ownershipOnCallProviderExtensionPoint } from '@service-ownership/plugin-ownership-node';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, exampleEntities, stitch } from '../__testUtils__/entities';
import { OWNERSHIP_INDEX_TASK_ID, ownershipPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const ann = mockCredentials.user.header('user:default/ann');
const mallory = mockCredentials.user.header('user:default/mallory');
const root = mockCredentials.user.header('user:default/root');

const HIDDEN = 'test.example/hidden-from-mallory';

function entities(): Entity[] {
  return [
    ...exampleEntities().map(e =>
      e.metadata.name === 'bob' && e.kind === 'User'
        ? {
            ...e,
            metadata: { ...e.metadata, annotations: { [HIDDEN]: 'true' } },
          }
        : e,
    ),
    ...stitch([
      component(
        'secret-service',
        { owner: 'group:default/payments' },
        { annotations: { [HIDDEN]: 'true' } },
      ),
    ]),
  ];
}

/**
 * The in-memory catalog, except that entities annotated as hidden are
 * invisible to mallory, the way catalog read permissions would hide them.
 */
function credentialsOf(options?: object): BackstageCredentials | undefined {
  return options && 'credentials' in options
    ? (options.credentials as BackstageCredentials)
    : undefined;
}

function catalogFactory() {
  const inner = catalogServiceMock({ entities: entities() });
  const visible = (
    entity: Entity | undefined,
    credentials?: BackstageCredentials,
  ) => {
    if (!entity) {
      return undefined;
    }
    const principal = credentials?.principal as { userEntityRef?: string };
    return principal?.userEntityRef === 'user:default/mallory' &&
      entity.metadata.annotations?.[HIDDEN]
      ? undefined
      : entity;
  };
  const full = (ref: string) =>
    inner.getEntityByRef(ref).then(e => e && visible(e, undefined));
  const catalog = catalogServiceMock.mock({
    getEntityByRef: async (ref, options) =>
      visible(await inner.getEntityByRef(ref), credentialsOf(options)),
    getEntitiesByRefs: async (req, options) => {
      const { items } = await inner.getEntitiesByRefs(req);
      const allowed = await Promise.all(
        items.map(async e =>
          e &&
          visible(await full(stringifyEntityRef(e)), credentialsOf(options))
            ? e
            : undefined,
        ),
      );
      return { items: allowed };
    },
    streamEntities: (req, options) => inner.streamEntities(req, options),
  });
  return catalog.factory;
}

function userOf(credentials?: BackstageCredentials): string | undefined {
  const principal = credentials?.principal as { userEntityRef?: string };
  return principal?.userEntityRef;
}

function permissionsMock() {
  return mockServices.permissions.mock({
    authorize: async (
      requests: AuthorizePermissionRequest[],
      options?: { credentials?: BackstageCredentials },
    ) =>
      requests.map((r): DefinitivePolicyDecision => {
        const user = userOf(options?.credentials);
        if (r.permission.name === 'ownership.verify') {
          // what isEntityOwner answers for the payments team's members
          return {
            result:
              user === 'user:default/ann' &&
              String(r.resourceRef).includes('payments')
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }
        if (r.permission.name === 'ownership.audit.read') {
          return {
            result:
              user === 'user:default/root'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }
        return { result: AuthorizeResult.DENY };
      }),
  });
}

function auditorMock() {
  const success = jest.fn();
  const fail = jest.fn();
  const auditor = mockServices.auditor.mock({
    createEvent: async () => ({ success, fail }),
  });
  return { auditor, success, fail };
}

async function startBackend(
  knex: Knex,
  extraFeatures: Parameters<typeof startTestBackend>[0]['features'] = [],
) {
  const scheduler = mockServices.scheduler();
  const { auditor, success, fail } = auditorMock();
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { ownership: { admins: ['group:default/ownership-admins'] } },
      }),
      catalogFactory(),
      permissionsMock().factory,
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const user = userOf(credentials) ?? '';
          return {
            userEntityRef: user,
            ownershipEntityRefs:
              user === 'user:default/root'
                ? [user, 'group:default/ownership-admins']
                : [user],
          };
        },
      }).factory,
      auditor.factory,
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      ...extraFeatures,
    ],
  });
  await scheduler.triggerTask(OWNERSHIP_INDEX_TASK_ID);
  return { server: backend.server, auditor, success, fail };
}

describe.each(databases.eachSupportedId())('ownership router on %p', id => {
  let server: Awaited<ReturnType<typeof startBackend>>['server'];
  let knex: Knex;
  let auditor: ReturnType<typeof auditorMock>;

  beforeAll(async () => {
    knex = await databases.init(id);
    const started = await startBackend(knex);
    server = started.server;
    auditor = started;
  });

  const api = (path: string) => `/api/ownership${path}`;

  describe('access', () => {
    it('serves /health without credentials', async () => {
      const res = await request(server)
        .get(api('/health'))
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it.each([
      ['get', '/entities/component/default/payments-api/ownership'],
      ['post', '/entities/component/default/payments-api/verification'],
      ['get', '/coverage'],
      ['get', '/coverage/trend'],
      ['get', '/orphans'],
      ['get', '/orphans/export.csv'],
      ['get', '/groups/default/payments/ownership'],
      ['get', '/audit'],
    ])('answers anonymous %s %s with 401', async (method, path) => {
      const res = await request(server)
        [method as 'get' | 'post'](api(path))
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });

    it('serves reads to services', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/payments-api/ownership'))
        .set('Authorization', mockCredentials.service.header());
      expect(res.status).toBe(200);
      const coverage = await request(server)
        .get(api('/coverage'))
        .set('Authorization', mockCredentials.service.header());
      expect(coverage.status).toBe(200);
    });

    it('registers its permissions', async () => {
      const res = await request(server)
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
      const res = await request(server)
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
        verification: { status: 'never', periodDays: 90, canVerify: true },
      });
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
      const ledger = await request(server)
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
      ]);

      const identity = await request(server)
        .get(api('/entities/component/default/identity-web/ownership'))
        .set('Authorization', ann);
      expect(
        identity.body.findings.map((f: { rule: string }) => f.rule),
      ).toEqual(['tier1-escalation-policy']);

      const ghost = await request(server)
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
      expect(ghost.body.findings).toEqual([
        expect.objectContaining({ rule: 'ref-not-found', path: 'spec.owner' }),
      ]);

      const userOwned = await request(server)
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

    it('answers 404 naming the ref for unknown entities', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/no-such-thing/ownership'))
        .set('Authorization', ann);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain(
        'component:default/no-such-thing',
      );
    });

    it('answers 400 naming the path parameter', async () => {
      const res = await request(server)
        .get(api('/entities/component/default/bad%20name/ownership'))
        .set('Authorization', ann);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/path parameter 'name'/);
    });

    it('leaks nothing the caller may not read', async () => {
      const hidden = await request(server)
        .get(api('/entities/component/default/secret-service/ownership'))
        .set('Authorization', mallory);
      expect(hidden.status).toBe(404);
      const visible = await request(server)
        .get(api('/entities/component/default/secret-service/ownership'))
        .set('Authorization', ann);
      expect(visible.status).toBe(200);

      const res = await request(server)
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

    it('tells the caller whether they may verify', async () => {
      const canVerify = async (path: string, authorization: string) =>
        (
          await request(server)
            .get(api(`/entities/component/default/${path}/ownership`))
            .set('Authorization', authorization)
        ).body.verification.canVerify;
      // through the permission policy
      expect(await canVerify('payments-api', ann)).toBe(true);
      expect(await canVerify('identity-web', ann)).toBe(false);
      // as an ownership admin
      expect(await canVerify('identity-web', root)).toBe(true);
      expect(await canVerify('payments-api', mallory)).toBe(false);
      // services never verify
      expect(
        await canVerify('payments-api', mockCredentials.service.header()),
      ).toBe(false);
    });
  });

  describe('POST /entities/:kind/:namespace/:name/verification', () => {
    const path = api('/entities/component/default/payments-api/verification');

    it('lets a member of the owning team verify, and audits it', async () => {
      auditor.success.mockClear();
      const res = await request(server)
        .post(path)
        .set('Authorization', ann)
        .set('x-request-id', 'req-123')
        .send({ comment: 'Still ours after the re-org' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'verified',
        verifiedBy: 'user:default/ann',
        periodDays: 90,
      });
      expect(Date.parse(res.body.dueAt) - Date.parse(res.body.verifiedAt)).toBe(
        90 * 24 * 3600 * 1000,
      );

      const rows = await knex('ownership_audit_log').where({
        correlation_id: 'req-123',
      });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor: 'user:default/ann',
        action: 'verify',
        entity_ref: 'component:default/payments-api',
      });
      expect(JSON.parse(rows[0].details)).toMatchObject({
        via: 'permission',
        comment: 'Still ours after the re-org',
        periodDays: 90,
      });
      expect(auditor.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'verify',
          severityLevel: 'medium',
          meta: expect.objectContaining({
            entityRef: 'component:default/payments-api',
          }),
        }),
      );
      expect(auditor.success).toHaveBeenCalled();

      const ownership = await request(server)
        .get(api('/entities/component/default/payments-api/ownership'))
        .set('Authorization', ann);
      expect(ownership.body.verification).toMatchObject({
        status: 'verified',
        verifiedBy: 'user:default/ann',
      });
    });

    it('lets ownership admins verify anything', async () => {
      const res = await request(server)
        .post(api('/entities/component/default/ghost-service/verification'))
        .set('Authorization', root)
        .send({});
      expect(res.status).toBe(200);
      const [row] = await knex('ownership_audit_log').where({
        entity_ref: 'component:default/ghost-service',
      });
      expect(row.actor).toBe('user:default/root');
      expect(JSON.parse(row.details).via).toBe('admin');
      expect(row.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('denies others, without writing', async () => {
      auditor.fail.mockClear();
      const before = await knex('ownership_audit_log').count({ n: '*' });
      const res = await request(server)
        .post(path)
        .set('Authorization', mallory)
        .send({});
      expect(res.status).toBe(403);
      expect(auditor.fail).toHaveBeenCalled();
      const service = await request(server)
        .post(path)
        .set('Authorization', mockCredentials.service.header())
        .send({});
      expect(service.status).toBe(403);
      const after = await knex('ownership_audit_log').count({ n: '*' });
      expect(Number(after[0].n)).toBe(Number(before[0].n));
    });

    it('validates the body and the entity', async () => {
      const long = await request(server)
        .post(path)
        .set('Authorization', ann)
        .send({ comment: 'x'.repeat(1001) });
      expect(long.status).toBe(400);
      expect(long.body.error.message).toMatch(/body field 'comment'/);
      const extra = await request(server)
        .post(path)
        .set('Authorization', ann)
        .send({ comment: 'ok', verifiedBy: 'user:default/someone-else' });
      expect(extra.status).toBe(400);
      const missing = await request(server)
        .post(api('/entities/component/default/nope/verification'))
        .set('Authorization', ann)
        .send({});
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('component:default/nope');
    });

    it('keeps the audit trail append-only in the database', async () => {
      await knex('ownership_audit_log').insert({
        occurred_at: new Date(),
        actor: 'user:default/someone',
        action: 'test',
        details: '{}',
        correlation_id: 'append-only-test',
      });
      // Compared by message: with jest's module cache, better-sqlite3's
      // errors can come from another test file's realm and fail toThrow.
      const failure = (query: Promise<unknown>) =>
        query.then(
          () => 'no error',
          (error: Error) => error.message,
        );
      expect(
        await failure(
          knex('ownership_audit_log').update({ actor: 'user:default/mallory' }),
        ),
      ).toMatch(/append-only/);
      expect(await failure(knex('ownership_audit_log').delete())).toMatch(
        /append-only/,
      );
    });
  });

  describe('GET /audit', () => {
    it('lists and filters the trail for those allowed', async () => {
      const res = await request(server)
        .get(api('/audit?actor=user:default/ann&limit=10'))
        .set('Authorization', root);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ offset: 0, limit: 10 });
      expect(res.body.totalCount).toBeGreaterThanOrEqual(1);
      expect(
        res.body.items.every(
          (i: { actor: string }) => i.actor === 'user:default/ann',
        ),
      ).toBe(true);
      expect(res.body.items[0]).toMatchObject({
        action: 'verify',
        entityRef: 'component:default/payments-api',
        details: expect.objectContaining({ via: 'permission' }),
      });
      const future = await request(server)
        .get(api('/audit?from=2999-01-01'))
        .set('Authorization', root);
      expect(future.body).toMatchObject({ items: [], totalCount: 0 });
    });

    it('denies callers without ownership.audit.read', async () => {
      const res = await request(server)
        .get(api('/audit'))
        .set('Authorization', ann);
      expect(res.status).toBe(403);
      const csv = await request(server)
        .get(api('/audit/export.csv'))
        .set('Authorization', ann);
      expect(csv.status).toBe(403);
    });

    it.each([
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['from=yesterday', 'from'],
    ])('answers 400 for %s naming %s', async (query, param) => {
      const res = await request(server)
        .get(api(`/audit?${query}`))
        .set('Authorization', root);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`'${param}'`);
    });

    it('exports CSV', async () => {
      const res = await request(server)
        .get(api('/audit/export.csv'))
        .set('Authorization', root);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe(
        'id,occurredAt,actor,action,entityRef,correlationId,details',
      );
      expect(lines.length).toBeGreaterThanOrEqual(3);
    });
  });

  describe('coverage', () => {
    it('reports coverage per dimension from the index', async () => {
      const res = await request(server)
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
      expect(res.body.byTier).toEqual([
        { key: '(none)', total: 6, owned: 2, coverage: 33.3 },
        { key: 'tier-1', total: 2, owned: 1, coverage: 50 },
        { key: 'tier-2', total: 1, owned: 1, coverage: 100 },
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
      const res = await request(server)
        .get(api(`/coverage?asOf=${today}`))
        .set('Authorization', ann);
      expect(res.body).toMatchObject({ asOf: today, total: 9 });
      const before = await request(server)
        .get(api('/coverage?asOf=2001-01-01'))
        .set('Authorization', ann);
      expect(before.status).toBe(404);
      const bad = await request(server)
        .get(api('/coverage?asOf=01/02/2026'))
        .set('Authorization', ann);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'asOf'");
    });

    it('serves the trend', async () => {
      const res = await request(server)
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
      const bad = await request(server)
        .get(api('/coverage/trend?days=0'))
        .set('Authorization', ann);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'days'");
    });
  });

  describe('orphans', () => {
    const get = (query: string) =>
      request(server)
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
      [
        '?reason=owner-not-found,owner-no-members',
        ['empty-service', 'ghost-service', 'missing-user-owned'],
      ],
      ['?severity=warning', ['identity-web', 'payments-ledger']],
      ['?owner=payments-core', ['payments-ledger']],
      ['?owner=group:default/payments-core', ['payments-ledger']],
      ['?tier=tier-1', ['identity-web']],
      ['?kind=component&q=GHOST', ['ghost-service']],
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
      ['reason=owner-not-found,nonsense', 'reason'],
      ['severity=fatal', 'severity'],
    ])('answers 400 for %s naming %s', async (query, param) => {
      const res = await get(`?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`'${param}`);
    });

    it('exports CSV with the same filters', async () => {
      const res = await request(server)
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
      const res = await request(server)
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
      const res = await request(server)
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
      const res = await request(server)
        .get(api('/groups/default/nobody/ownership'))
        .set('Authorization', ann);
      expect(res.status).toBe(404);
      expect(res.body.error.message).toContain('group:default/nobody');
      const bad = await request(server)
        .get(api('/groups/default/payments/ownership?limit=5000'))
        .set('Authorization', ann);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'limit'");
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
    const { server } = await startBackend(await databases.init(id), [
      pagerDuty,
    ]);
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
