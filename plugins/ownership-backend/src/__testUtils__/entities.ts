import {
  Entity,
  EntityRelation,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  OwnershipRefRole,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';

// The relations the catalog's own processor makes of the built-in fields;
// the suite's catalog module makes the others (OwnershipRef.relation).
const BUILT_IN_RELATIONS: Partial<
  Record<OwnershipRefRole, readonly [string, string]>
> = {
  owner: [RELATION_OWNED_BY, RELATION_OWNER_OF],
  member: [RELATION_HAS_MEMBER, RELATION_MEMBER_OF],
  memberOf: [RELATION_MEMBER_OF, RELATION_HAS_MEMBER],
  child: [RELATION_PARENT_OF, RELATION_CHILD_OF],
  parent: [RELATION_CHILD_OF, RELATION_PARENT_OF],
};

/**
 * Adds the relations the catalog would stitch from the specs (membership,
 * hierarchy, ownership and the suite's relations), read with the model
 * reader, so that fixtures look like what the catalog API returns.
 */
export function stitch(entities: Entity[]): Entity[] {
  const relations = new Map<string, EntityRelation[]>();
  const add = (source: string, type: string, target: string) => {
    const list = relations.get(source) ?? [];
    if (!list.some(r => r.type === type && r.targetRef === target)) {
      list.push({ type, targetRef: target });
    }
    relations.set(source, list);
  };
  const self = (entity: Entity) =>
    stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  for (const entity of entities) {
    for (const r of readOwnershipModel(entity).refs) {
      const pair = r.relation ?? BUILT_IN_RELATIONS[r.role];
      if (r.ref && pair) {
        add(self(entity), pair[0], r.ref);
        add(r.ref, pair[1], self(entity));
      }
    }
  }
  return entities.map(entity => ({
    ...entity,
    relations: relations.get(self(entity)) ?? [],
  }));
}

function group(
  name: string,
  spec: { parent?: string; children?: string[]; members?: string[] },
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: {
      type: 'team',
      children: [],
      ...spec,
      ...(title ? { profile: { displayName: title } } : {}),
    },
  };
}

function user(name: string, displayName: string, memberOf: string[] = []) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {
      profile: {
        displayName,
        email: `${name}@acme.example`,
        picture: `https://avatars.acme.example/${name}.png`,
      },
      memberOf,
    },
  };
}

export function component(
  name: string,
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', ...metadata },
    spec: { type: 'service', lifecycle: 'production', ...spec },
  };
}

const weeklyRota = {
  members: ['user:default/ann', 'user:default/bob', 'user:default/cem'],
  rotation: '1w',
  handoverTime: '09:00',
  timeZone: 'Europe/Berlin',
  start: '2026-03-02',
};

/** A small organisation with services in every ownership state. */
export function exampleEntities(): Entity[] {
  return stitch([
    group('platform', { children: ['payments', 'identity'] }, 'Platform'),
    group(
      'payments',
      { parent: 'platform', children: ['payments-core'], members: ['ann'] },
      'Payments',
    ),
    group('payments-core', { parent: 'payments' }, 'Payments core'),
    group('identity', { parent: 'platform', members: ['dan'] }, 'Identity'),
    group('empty-team', {}),
    group('sre', { members: ['eve', 'fay'] }, 'SRE'),
    group('ownership-admins', { members: ['root'] }),
    user('ann', 'Ann Arbor'),
    user('bob', 'Bob Builder', ['group:default/payments']),
    user('cem', 'Cem Celik', ['payments-core']),
    user('dan', 'Dan Dare'),
    user('eve', 'Eve Evans'),
    user('fay', 'Fay Fox'),
    user('root', 'Root Admin'),
    user('mallory', 'Mallory Outsider'),
    component(
      'payments-api',
      {
        owner: 'group:default/payments',
        system: 'payments',
        ownership: {
          primary: 'user:default/ann',
          secondary: 'bob',
          escalationPolicy: 'escalationpolicy:default/payments-tier-1',
          tier: 'tier-1',
          level: 'service',
          channels: { slack: '#payments', email: 'payments@acme.example' },
        },
      },
      { title: 'Payments API' },
    ),
    component('payments-ledger', {
      owner: 'payments-core',
      system: 'payments',
      ownership: { tier: 'tier-2', primary: 'user:default/ghost' },
    }),
    component('identity-web', {
      owner: 'identity',
      ownership: { tier: 'tier-1' },
    }),
    component('ghost-service', { owner: 'group:default/ghosts' }),
    component('empty-service', {
      owner: 'empty-team',
      lifecycle: 'experimental',
    }),
    component('user-owned', { owner: 'user:default/eve', type: 'website' }),
    component('feature-x', {
      owner: 'sre',
      ownership: {
        level: 'feature',
        feature: 'Checkout v2',
        expires: '2020-01-01',
      },
    }),
    component('missing-user-owned', { owner: 'user:default/nobody' }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: 'payments-public', namespace: 'default' },
      spec: { type: 'openapi', lifecycle: 'production', owner: 'payments' },
    },
    {
      apiVersion: 'ownership.dev/v1alpha1',
      kind: 'EscalationPolicy',
      metadata: {
        name: 'payments-tier-1',
        namespace: 'default',
        title: 'Payments tier-1',
      },
      spec: {
        owner: 'group:default/payments',
        levels: [
          {
            level: 1,
            name: 'Primary on-call',
            escalateAfter: '15m',
            repeat: 2,
            targets: [
              { type: 'schedule', id: 'payments-primary', rota: weeklyRota },
            ],
          },
          {
            level: 2,
            name: 'SRE',
            escalateAfter: '1h30m',
            targets: [
              { type: 'group', id: 'group:default/sre' },
              { type: 'channel', id: '#payments-incidents' },
            ],
          },
          {
            level: 3,
            name: 'Leadership',
            escalateAfter: 'PT2H',
            targets: [
              { type: 'user', id: 'user:default/eve' },
              { type: 'email', id: 'leads@acme.example' },
            ],
            conditions: { severity: ['critical'], customerImpact: true },
          },
        ],
      },
    },
    {
      apiVersion: 'ownership.dev/v1alpha1',
      kind: 'RaciMatrix',
      metadata: { name: 'payments-raci', namespace: 'default' },
      spec: {
        owner: 'group:default/payments',
        appliesTo: ['component:default/payments-api'],
        activities: [
          {
            name: 'Deployment',
            responsible: ['group:default/payments'],
            accountable: 'group:default/platform',
            consulted: ['group:default/sre'],
            informed: ['user:default/dan'],
          },
          {
            name: 'Incident response',
            responsible: ['group:default/sre', 'user:default/ann'],
            accountable: ['group:default/payments', 'group:default/sre'],
          },
        ],
      },
    },
  ]);
}
