import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import Router from 'express-promise-router';
import { DatabaseHistoryStore } from '../../history/DatabaseHistoryStore';
import { createHistoryRoutes } from '../../history/routes';
import { DatabaseMetricsStore } from '../../metrics/DatabaseMetricsStore';
import { createMetricsRoutes } from '../../metrics/routes';
import { IncidentMetricsService } from '../../metrics/IncidentMetricsService';
import { DatabaseOwnershipMetricsStore } from '../../metrics/DatabaseOwnershipMetricsStore';
import { OwnershipMetricsService } from '../../metrics/OwnershipMetricsService';
import { readIncidentsConfig } from '../config';
import { DatabaseIncidentStore } from '../DatabaseIncidentStore';
import { IncidentService } from '../IncidentService';
import { createIncidentRoutes } from '../routes';

/** The catalog of these tests: the components the incidents name. */
const testCatalog = catalogServiceMock({
  entities: ['payments-api', 'checkout', 'search-indexer'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'blue' },
  })),
});

/**
 * The incident, history and metrics routes as the ownership plugin mounts
 * them (plugin id `ownership`), for route tests until plugin.ts wires them.
 */
export function incidentsTestPlugin(options: { now?: () => Date } = {}) {
  return createBackendPlugin({
    pluginId: 'ownership',
    register(env) {
      env.registerInit({
        deps: {
          rootConfig: coreServices.rootConfig,
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
        },
        async init({
          rootConfig,
          database,
          httpRouter,
          httpAuth,
          permissions,
        }) {
          const config = readIncidentsConfig(rootConfig);
          const router = Router();
          router.use(
            createIncidentRoutes({
              httpAuth,
              incidents: new IncidentService({
                store: await DatabaseIncidentStore.create({
                  database,
                  defaultResponseSlaMinutes: config.defaultResponseSlaMinutes,
                }),
                permissions,
                clock: options.now,
              }),
            }),
          );
          router.use(
            createHistoryRoutes({
              httpAuth,
              catalog: testCatalog,
              history: await DatabaseHistoryStore.create({ database }),
            }),
          );
          router.use(
            createMetricsRoutes({
              httpAuth,
              catalog: testCatalog,
              metrics: new OwnershipMetricsService({
                incidents: new IncidentMetricsService({
                  store: await DatabaseMetricsStore.create({ database }),
                  config,
                  clock: options.now,
                }),
                store: await DatabaseOwnershipMetricsStore.create({ database }),
                config,
              }),
            }),
          );
          httpRouter.use(router);
        },
      });
    },
  });
}

/**
 * Permissions as a policy would answer: `user:default/root` and service
 * principals may send incidents, other users may not.
 */
export function incidentPermissionsMock() {
  return mockServices.permissions.mock({
    authorize: async (
      requests: AuthorizePermissionRequest[],
      opts?: { credentials?: BackstageCredentials },
    ) =>
      requests.map((): DefinitivePolicyDecision => {
        const principal = opts?.credentials?.principal as {
          type?: string;
          userEntityRef?: string;
        };
        const allowed =
          principal?.type === 'service' ||
          principal?.userEntityRef === 'user:default/root';
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }),
  });
}
