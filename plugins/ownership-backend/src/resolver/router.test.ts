import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { EntityOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import request from 'supertest';
import {
  fakeIndex,
  INDEXED_AT,
  NOW,
  resolverEntities,
} from './__testUtils__/resolverFixtures';
import { EntityOwnershipResolver } from './EntityOwnershipResolver';
import { OnCallResolver } from './OnCallResolver';
import { createResolverRoutes } from './router';

// Backends start slowly when CI's two cores are busy.
jest.setTimeout(60_000);

/** The resolver feature alone, wired as plugin.ts wires it. */
const resolverPlugin = createBackendPlugin({
  pluginId: 'ownership',
  register(env) {
    env.registerInit({
      deps: {
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ httpAuth, httpRouter, logger, catalog }) {
        const resolver = new EntityOwnershipResolver({
          catalog,
          verification: {
            getStatus: async () => ({ status: 'never', periodDays: 90 }),
          },
          index: fakeIndex(
            {
              'component:default/mobile-bff': ['owner-no-members'],
              'component:default/search-api': [
                'catalog-processing-error',
                'owner-single-member',
              ],
            },
            {
              'component:default/mobile-bff': 'group:default/empty-team',
              'component:default/search-api': 'group:default/identity',
            },
          ),
          onCall: new OnCallResolver({ logger }),
          clock: () => NOW,
        });
        httpRouter.use(createResolverRoutes({ httpAuth, resolver }));
      },
    });
  },
});

describe('resolver routes', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        resolverPlugin,
        catalogServiceMock.factory({ entities: resolverEntities() }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    server = backend.server;
  });

  const path = (name: string) =>
    `/api/ownership/entities/component/default/${name}/ownership`;
  const ann = mockCredentials.user.header('user:default/ann');

  it('answers the orphan reasons of the coverage page among the findings', async () => {
    const res = await request(server)
      .get(path('mobile-bff'))
      .set('Authorization', ann);
    expect(res.status).toBe(200);
    const body: EntityOwnershipResponse = res.body;
    expect(body).toMatchObject({
      entityRef: 'component:default/mobile-bff',
      owner: { entityRef: 'group:default/empty-team', members: [] },
      collaborators: [],
      workingHours: {},
      catalogErrors: [],
      indexedAt: INDEXED_AT.toISOString(),
    });
    expect(body.findings).toEqual([
      expect.objectContaining({
        rule: 'owner-no-members',
        severity: 'error',
        path: 'spec.owner',
      }),
    ]);
  });

  it('answers the catalog processing errors', async () => {
    const res = await request(server)
      .get(path('search-api'))
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    const body: EntityOwnershipResponse = res.body;
    expect(body.catalogErrors).toEqual([
      {
        message: expect.stringContaining('Policy check failed'),
        name: 'InputError',
      },
    ]);
    expect(body.findings.map(f => [f.rule, f.severity])).toEqual([
      ['catalog-processing-error', 'error'],
      ['owner-single-member', 'warning'],
    ]);
    expect(body.findings[0].message).toContain('Policy check failed');
  });

  it('answers 404 naming the ref for unknown entities', async () => {
    const res = await request(server)
      .get(path('no-such-thing'))
      .set('Authorization', ann);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('component:default/no-such-thing');
  });

  it('answers 400 naming the path parameter', async () => {
    const res = await request(server)
      .get(path('bad%20name'))
      .set('Authorization', ann);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/path parameter 'name'/);
  });

  it('answers 401 without credentials', async () => {
    const res = await request(server)
      .get(path('mobile-bff'))
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});
