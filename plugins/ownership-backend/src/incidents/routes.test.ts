import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { Server } from 'node:http';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseHistoryStore } from '../history/DatabaseHistoryStore';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import {
  incidentPermissionsMock,
  incidentsTestPlugin,
} from './__testUtils__/incidentsTestBackend';
import { INCIDENTS } from '../database/tables';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-06-15T12:00:00Z');
const ago = (days: number, minutes = 0) =>
  new Date(NOW.getTime() - days * DAY + minutes * 60_000).toISOString();

const root = mockCredentials.user.header('user:default/root');
const mallory = mockCredentials.user.header('user:default/mallory');
const service = mockCredentials.service.header();
const api = (path: string) => `/api/ownership${path}`;

/**
 * payments-api belonged to red until a week ago and to blue since; search
 * has always been blue's; legacy is indexed but has no history yet.
 */
async function seed(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const history = await DatabaseHistoryStore.create({
    database: mockServices.database({ knex }),
  });
  await setIndexedEntities(
    knex,
    [
      {
        entityRef: 'component:default/payments-api',
        ownerRef: 'group:default/blue',
      },
      { entityRef: 'component:default/search', ownerRef: 'group:default/blue' },
      {
        entityRef: 'component:default/legacy',
        ownerRef: 'group:default/green',
      },
    ],
    NOW,
  );
  const row = (entityRef: string, ownerRef: string) => ({
    entityRef,
    ownerRef,
    escalationPolicyRef: null,
    tier: null,
  });
  await history.recordCurrentOwners(
    undefined,
    [
      row('component:default/payments-api', 'group:default/red'),
      row('component:default/search', 'group:default/blue'),
    ],
    new Date(ago(60)),
  );
  await history.recordCurrentOwners(
    undefined,
    [row('component:default/payments-api', 'group:default/blue')],
    new Date(ago(7)),
  );
  return knex;
}

function incident(id: string, extra: Record<string, unknown> = {}) {
  return {
    source: 'test',
    id,
    entityRef: 'component:default/payments-api',
    severity: 'P2',
    createdAt: ago(2),
    acknowledgedAt: ago(2, 4),
    resolvedAt: ago(2, 25),
    ...extra,
  };
}

describe.each(databases.eachSupportedId())('incident routes on %p', id => {
  const env = {} as { knex: Knex; server: Server };
  beforeAll(async () => {
    env.knex = await seed(id);
    const backend = await startTestBackend({
      features: [
        incidentsTestPlugin({ now: () => NOW }),
        mockServices.database.factory({ knex: env.knex }),
        incidentPermissionsMock().factory,
      ],
    });
    env.server = backend.server;
  });

  const post = (body: unknown, auth?: string) => {
    const req = request(env.server).post(api('/incidents/batch'));
    return (auth ? req.set('Authorization', auth) : req).send(body as object);
  };

  it('needs credentials and the permission', async () => {
    const body = { incidents: [incident('auth-1')] };
    expect((await post(body, mockCredentials.none.header())).status).toBe(401);
    const denied = await post(body, mallory);
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain('ownership.incidents.write');
    const count = await env.knex(INCIDENTS).where({ external_id: 'auth-1' });
    expect(count).toHaveLength(0);

    const byService = await post(body, service);
    expect(byService.status).toBe(200);
    expect(byService.body).toMatchObject({ created: 1, rejected: 0 });
    const byUser = await post({ incidents: [incident('auth-2')] }, root);
    expect(byUser.body).toMatchObject({ created: 1 });
  });

  it('keeps good incidents and rejects bad ones one by one, with reasons', async () => {
    const res = await post(
      {
        incidents: [
          incident('good-1'),
          incident('bad-resolved', {
            acknowledgedAt: undefined,
            resolvedAt: ago(3),
          }),
          incident('bad-entity', { entityRef: 'component:default/nope' }),
          incident('bad-missing', { createdAt: undefined }),
          incident('bad-types', { severity: 'P7', escalated: 'yes' }),
          incident('dup'),
          incident('dup', { severity: 'P1' }),
          'not an object',
          incident('good-2', {
            entityRef: 'Component:default/Search',
            severity: 'P0',
            escalated: true,
            levelsReached: 2,
            responders: ['user:default/ann', 'user:default/ann'],
          }),
        ],
      },
      service,
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      created: 2,
      updated: 0,
      unchanged: 0,
      rejected: 7,
    });
    const results = res.body.results;
    expect(results.map((r: { outcome: string }) => r.outcome)).toEqual([
      'created',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'created',
    ]);
    expect(results[1].reasons).toEqual(['resolvedAt: is before createdAt']);
    expect(results[2].reasons).toEqual([
      'entityRef: unknown entity component:default/nope (not in the ownership index nor its history)',
    ]);
    expect(results[3].reasons).toEqual(['createdAt: Required']);
    expect(results[4].reasons).toEqual([
      expect.stringMatching(/^severity: Invalid enum value/),
      'escalated: Expected boolean, received string',
    ]);
    expect(results[5].reasons).toEqual([
      'id: appears 2 times in this batch for its source',
    ]);
    expect(results[6].reasons).toEqual(results[5].reasons);
    expect(results[7]).toMatchObject({
      index: 7,
      outcome: 'rejected',
      reasons: ['(incident): Expected object, received string'],
    });
    expect(results[8]).toMatchObject({
      source: 'test',
      id: 'good-2',
      chargedTo: 'group:default/blue',
    });

    const rows = await env
      .knex(INCIDENTS)
      .whereIn('external_id', ['good-1', 'good-2', 'dup', 'bad-resolved'])
      .orderBy('external_id');
    expect(rows.map(r => r.external_id)).toEqual(['good-1', 'good-2']);
    expect(rows[0]).toMatchObject({
      entity_ref: 'component:default/payments-api',
      tta_seconds: 240,
      ttr_seconds: 1500,
      attribution: 'history',
    });
    expect(rows[1]).toMatchObject({
      entity_ref: 'component:default/search',
      levels_reached: 2,
    });
    expect(Boolean(rows[1].escalated)).toBe(true);
    expect(JSON.parse(rows[1].responders)).toEqual(['user:default/ann']);
  });

  it('is idempotent on (source, id): re-sending changes nothing', async () => {
    const batch = {
      incidents: [incident('idem-1'), incident('idem-2', { severity: 'P1' })],
    };
    expect((await post(batch, service)).body).toMatchObject({ created: 2 });
    const before = await env
      .knex(INCIDENTS)
      .where({ source: 'test' })
      .orderBy('external_id');
    const again = await post(batch, service);
    expect(again.body).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 2,
      rejected: 0,
    });
    expect(again.body.results[0].chargedTo).toBe('group:default/blue');
    expect(
      await env
        .knex(INCIDENTS)
        .where({ source: 'test' })
        .orderBy('external_id'),
    ).toEqual(before);

    const changed = await post(
      {
        incidents: [
          incident('idem-1', { resolvedAt: ago(2, 50) }),
          incident('idem-2', { severity: 'P1' }),
        ],
      },
      service,
    );
    expect(changed.body).toMatchObject({ updated: 1, unchanged: 1 });
    const [row] = await env.knex(INCIDENTS).where({ external_id: 'idem-1' });
    expect(row.ttr_seconds).toBe(3000);
    // the same id from another source is another incident
    const other = await post(
      { incidents: [incident('idem-1', { source: 'other' })] },
      service,
    );
    expect(other.body).toMatchObject({ created: 1 });
  });

  it('charges an incident to the owner of its entity when it was created', async () => {
    const res = await post(
      {
        incidents: [
          incident('before-handover', {
            createdAt: ago(10),
            acknowledgedAt: undefined,
            resolvedAt: undefined,
          }),
          incident('after-handover', {
            createdAt: ago(3),
            acknowledgedAt: undefined,
            resolvedAt: undefined,
          }),
          incident('no-history', {
            entityRef: 'component:default/legacy',
            acknowledgedAt: undefined,
            resolvedAt: undefined,
          }),
        ],
      },
      service,
    );
    expect(
      res.body.results.map((r: { chargedTo: string }) => r.chargedTo),
    ).toEqual([
      'group:default/red',
      'group:default/blue',
      'group:default/green',
    ]);
    const rows = await env
      .knex(INCIDENTS)
      .whereIn('external_id', ['before-handover', 'no-history'])
      .orderBy('external_id');
    expect(rows.map(r => [r.owner_ref, r.attribution])).toEqual([
      ['group:default/red', 'history'],
      ['group:default/green', 'index'],
    ]);
  });

  it('takes concurrent batches that count into the same daily cell', async () => {
    // the pull task and importers at once, or two replicas: each batch
    // refreshes the same (day, owner) rollup cell
    const batches = Array.from({ length: 8 }, (_, b) => ({
      incidents: [0, 1, 2].map(i => incident(`concurrent-${b}-${i}`)),
    }));
    const results = await Promise.all(batches.map(b => post(b, service)));
    expect(results.map(r => r.status)).toEqual(batches.map(() => 200));
    expect(results.map(r => r.body.created)).toEqual(batches.map(() => 3));
    const [{ total }] = await env
      .knex(INCIDENTS)
      .where('external_id', 'like', 'concurrent-%')
      .count({ total: '*' });
    expect(Number(total)).toBe(24);
  });

  it('refuses oversized batches as a whole', async () => {
    const many = Array.from({ length: 1001 }, (_, i) => incident(`many-${i}`));
    const tooMany = await post({ incidents: many }, service);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toBe(
      "Invalid body field 'incidents': at most 1000 incidents per batch",
    );
    const huge = await post(
      { incidents: [incident('huge', { id: 'x'.repeat(3_000_000) })] },
      service,
    );
    expect(huge.status).toBe(413);
    const notABatch = await post({ incident: [] }, service);
    expect(notABatch.status).toBe(400);
    expect(
      await env.knex(INCIDENTS).where('external_id', 'like', 'many-%'),
    ).toHaveLength(0);
  });

  it('serves an entity ownership history', async () => {
    const res = await request(env.server)
      .get(api('/entities/component/default/payments-api/ownership-history'))
      .set('Authorization', root);
    expect(res.status).toBe(200);
    expect(
      res.body.entries.map((e: { ownerRef: string; validTo?: string }) => [
        e.ownerRef,
        e.validTo,
      ]),
    ).toEqual([
      ['group:default/red', ago(7)],
      ['group:default/blue', undefined],
    ]);
    const anonymous = await request(env.server)
      .get(api('/entities/component/default/payments-api/ownership-history'))
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });
});

describe.each(databases.eachSupportedId())(
  'incident ingestion through external access tokens on %p',
  id => {
    it('accepts a static token from config and refuses others', async () => {
      const knex = await seed(id);
      const { server } = await startTestBackend({
        features: [
          incidentsTestPlugin({ now: () => NOW }),
          mockServices.database.factory({ knex }),
          incidentPermissionsMock().factory,
          authServiceFactory,
          httpAuthServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              backend: {
                auth: {
                  externalAccess: [
                    {
                      type: 'static',
                      options: {
                        token: 'incident-bot-token-0123456789',
                        subject: 'incident-bot',
                      },
                    },
                  ],
                },
              },
            },
          }),
        ],
      });
      const send = (auth?: string) => {
        const req = request(server).post(api('/incidents/batch'));
        return (auth ? req.set('Authorization', auth) : req).send({
          incidents: [incident('static-1')],
        });
      };
      const ok = await send('Bearer incident-bot-token-0123456789');
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ created: 1 });
      expect((await send('Bearer wrong-token-0123456789')).status).toBe(401);
      expect((await send()).status).toBe(401);
    });
  },
);
