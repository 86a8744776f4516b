import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
  DefinitivePolicyDecision,
} from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import { Server } from 'node:http';
import { component, exampleEntities, stitch } from './entities';
import { OWNERSHIP_INDEX_TASK_ID, ownershipPlugin } from '../plugin';

export const ann = mockCredentials.user.header('user:default/ann');
export const mallory = mockCredentials.user.header('user:default/mallory');
export const root = mockCredentials.user.header('user:default/root');

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

function catalogFactory(base: Entity[], extra: Entity[]) {
  const inner = catalogServiceMock({ entities: [...base, ...extra] });
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
        if (r.permission.name === 'catalog.entity.read') {
          // as the catalog mock hides them: bob and secret-service from mallory
          const hidden = [
            'user:default/bob',
            'component:default/secret-service',
          ];
          return {
            result:
              user === 'user:default/mallory' &&
              hidden.includes(String(r.resourceRef))
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
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

/** The path of an ownership API route. */
export const api = (path: string) => `/api/ownership${path}`;

/**
 * The ownership plugin on a test backend with the example catalog (plus
 * `entities`), permissions that let ann verify the payments services and
 * root read the audit trail, and a manual scheduler; the index is refreshed
 * once unless `refresh` is false.
 */
export async function startBackend(
  knex: Knex,
  options: {
    features?: Parameters<typeof startTestBackend>[0]['features'];
    /** Instead of the test fixtures, e.g. the portal's example catalog. */
    catalog?: Entity[];
    entities?: Entity[];
    refresh?: boolean;
  } = {},
): Promise<{
  server: Server;
  auditor: ReturnType<typeof auditorMock>['auditor'];
  success: jest.Mock;
  fail: jest.Mock;
  refresh: () => Promise<void>;
}> {
  const extraFeatures = options.features ?? [];
  const scheduler = mockServices.scheduler();
  const { auditor, success, fail } = auditorMock();
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: { ownership: { admins: ['group:default/ownership-admins'] } },
      }),
      catalogFactory(options.catalog ?? entities(), options.entities ?? []),
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
  const refresh = () => scheduler.triggerTask(OWNERSHIP_INDEX_TASK_ID);
  if (options.refresh !== false) {
    await refresh();
  }
  return { server: backend.server, auditor, success, fail, refresh };
}

/**
 * Starts the plugin's test backend on one test database before the tests
 * of the enclosing describe; the returned object is filled in then.
 */
export function useTestBackend(databases: TestDatabases, id: TestDatabaseId) {
  const env = {} as { knex: Knex } & Awaited<ReturnType<typeof startBackend>>;
  beforeAll(async () => {
    const knex = await databases.init(id);
    Object.assign(env, { knex }, await startBackend(knex));
  });
  return env;
}
