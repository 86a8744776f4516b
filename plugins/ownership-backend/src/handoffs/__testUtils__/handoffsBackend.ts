import {
  BackstageCredentials,
  coreServices,
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
import { readOwnershipModel } from '@service-ownership/plugin-ownership-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import { Server } from 'node:http';
import {
  component,
  exampleEntities,
  stitch,
} from '../../__testUtils__/entities';
import {
  OWNERSHIP_HANDOFF_REMINDERS_TASK_ID,
  OWNERSHIP_INDEX_TASK_ID,
  ownershipPlugin,
} from '../../plugin';

/** Users of the permission matrix (see handoffEntities). */
export const users = {
  /** payments: owns payments-api */
  owner: 'user:default/ann',
  /** payments-core, a child team of payments */
  child: 'user:default/cem',
  /** checkout: the receiving team of the matrix's handoffs */
  receiving: 'user:default/gus',
  /** identity: transferTo of the expired feature ownership feature-y */
  transferTarget: 'user:default/dan',
  /**
   * sre: Accountable of the ownership activity of payments-handoffs, which
   * applies to payments-api (and of incident response in payments-raci)
   */
  accountable: 'user:default/eve',
  /** ownership-admins */
  admin: 'user:default/root',
  unrelated: 'user:default/mallory',
} as const;

export const header = (user: string) => mockCredentials.user.header(user);

const HIDDEN = 'test.example/hidden-from-mallory';

/** The example organisation plus entities that exercise handoffs. */
export function handoffEntities(): Entity[] {
  const extra: Entity[] = [
    {
      apiVersion: 'ownership.dev/v1alpha1',
      kind: 'RaciMatrix',
      metadata: { name: 'payments-handoffs', namespace: 'default' },
      spec: {
        owner: 'group:default/payments',
        appliesTo: ['component:default/payments-api'],
        activities: [
          {
            name: 'Ownership handoffs',
            responsible: ['group:default/payments'],
            accountable: 'group:default/sre',
          },
          {
            name: 'Service reviews',
            responsible: ['group:default/payments'],
            accountable: 'group:default/payments',
          },
        ],
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'checkout', namespace: 'default' },
      spec: { type: 'team', children: [], members: ['gus'] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'gus', namespace: 'default' },
      spec: { profile: { displayName: 'Gus Grand' }, memberOf: [] },
    },
    component(
      'payments-docs',
      {
        owner: 'group:default/payments',
        ownership: {
          primary: 'group:default/payments',
          escalationPolicy: 'escalationpolicy:default/payments-tier-1',
        },
      },
      {
        annotations: {
          'backstage.io/techdocs-ref': 'dir:.',
          'backstage.io/edit-url':
            'https://git.example/payments/docs/edit/main/catalog-info.yaml',
        },
      },
    ),
    component('payments-batch', { owner: 'payments' }),
    component('payments-web', { owner: 'payments' }),
    component('payments-jobs', { owner: 'payments' }),
    component(
      'payments-secret',
      { owner: 'payments' },
      { annotations: { [HIDDEN]: 'true' } },
    ),
    component('feature-y', {
      owner: 'sre',
      ownership: {
        level: 'feature',
        feature: 'Checkout v3',
        expires: '2020-01-01',
        transferTo: 'group:default/identity',
      },
    }),
    component('feature-z', {
      owner: 'sre',
      ownership: {
        level: 'feature',
        feature: 'Checkout v4',
        expires: '2999-01-01',
        transferTo: 'group:default/identity',
      },
    }),
  ];
  // stitched with the examples, so that payments-api gets both matrices
  return stitch([...exampleEntities(), ...extra]).map(e =>
    e.metadata.name === 'payments-docs'
      ? {
          ...e,
          relations: [
            ...(e.relations ?? []),
            {
              type: 'dependsOn',
              targetRef: 'component:default/payments-ledger',
            },
          ],
        }
      : e,
  );
}

function userOf(credentials?: BackstageCredentials): string | undefined {
  return (credentials?.principal as { userEntityRef?: string })?.userEntityRef;
}

/** Direct groups of each user, as the catalog's sign-in resolver reports them. */
function directGroups(entities: Entity[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  const add = (user: string, group: string) =>
    groups.set(user, [...new Set([...(groups.get(user) ?? []), group])]);
  for (const entity of entities) {
    const ref = stringifyEntityRef(entity);
    for (const r of readOwnershipModel(entity).refs) {
      if (r.ref && r.role === 'member') add(r.ref, ref);
      if (r.ref && r.role === 'memberOf') add(ref, r.ref);
    }
  }
  return groups;
}

/** A group's ancestors (itself included). */
function withAncestors(entities: Entity[], groups: string[]): Set<string> {
  const parent = new Map<string, string>();
  for (const entity of entities) {
    for (const r of readOwnershipModel(entity).refs) {
      if (r.ref && r.role === 'parent')
        parent.set(stringifyEntityRef(entity), r.ref);
      if (r.ref && r.role === 'child')
        parent.set(r.ref, stringifyEntityRef(entity));
    }
  }
  const result = new Set<string>();
  for (let g of groups) {
    while (g && !result.has(g)) {
      result.add(g);
      g = parent.get(g)!;
    }
  }
  return result;
}

/**
 * What the portal's policy answers for ownership.verify and the handoff
 * permissions (isEntityOwnerViaChildGroups): allowed when the entity's
 * owner is one of the user's groups or their ancestors.
 */
function permissionsMock(entities: Entity[]) {
  const groups = directGroups(entities);
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  return mockServices.permissions.mock({
    authorize: async (
      requests: AuthorizePermissionRequest[],
      options?: { credentials?: BackstageCredentials },
    ) =>
      requests.map((r): DefinitivePolicyDecision => {
        const user = userOf(options?.credentials);
        if (!user || !r.permission.name.startsWith('ownership.')) {
          return { result: AuthorizeResult.DENY };
        }
        if (r.permission.name === 'ownership.audit.read') {
          return { result: AuthorizeResult.ALLOW };
        }
        const entity = byRef.get(String(r.resourceRef));
        const owner = entity && readOwnershipModel(entity).owner;
        const claims = withAncestors(entities, groups.get(user) ?? []);
        return {
          result:
            owner && (owner === user || claims.has(owner))
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
  });
}

function catalogFactory(entities: Entity[]) {
  const inner = catalogServiceMock({ entities });
  const visible = (entity: Entity | undefined, options?: object) => {
    const credentials =
      options && 'credentials' in options
        ? (options.credentials as BackstageCredentials)
        : undefined;
    return entity &&
      userOf(credentials) === users.unrelated &&
      entity.metadata.annotations?.[HIDDEN]
      ? undefined
      : entity;
  };
  return catalogServiceMock.mock({
    getEntityByRef: async (ref, options) =>
      visible(await inner.getEntityByRef(ref), options),
    getEntitiesByRefs: (req, options) => inner.getEntitiesByRefs(req, options),
    streamEntities: (req, options) => inner.streamEntities(req, options),
  }).factory;
}

/** The ownership plugin on a test backend for handoffs. */
export async function startHandoffsBackend(
  knex: Knex,
  options: {
    entities?: Entity[];
    refresh?: boolean;
    handoffs?: JsonObject;
  } = {},
): Promise<{
  server: Server;
  stop: () => Promise<void>;
  remind: () => Promise<void>;
}> {
  const entities = options.entities ?? handoffEntities();
  const groups = directGroups(entities);
  const scheduler = mockServices.scheduler();
  const backend = await startTestBackend({
    features: [
      ownershipPlugin,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          ownership: {
            admins: ['group:default/ownership-admins'],
            handoffs: options.handoffs ?? {
              shadowDays: { default: 0 },
              reverseShadowDays: { default: 0 },
              checklist: [{ id: 'security-review', label: 'Security review' }],
            },
          },
        },
      }),
      catalogFactory(entities),
      permissionsMock(entities).factory,
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const user = userOf(credentials) ?? '';
          return {
            userEntityRef: user,
            ownershipEntityRefs: [user, ...(groups.get(user) ?? [])],
          };
        },
      }).factory,
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
    ],
  });
  if (options.refresh !== false) {
    await scheduler.triggerTask(OWNERSHIP_INDEX_TASK_ID);
  }
  return {
    server: backend.server,
    stop: () => backend.stop(),
    remind: () => scheduler.triggerTask(OWNERSHIP_HANDOFF_REMINDERS_TASK_ID),
  };
}
