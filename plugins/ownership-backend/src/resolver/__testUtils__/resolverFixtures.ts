import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  describeOrphanReasons,
  OrphanReasonCode,
} from '@service-ownership/plugin-ownership-common';
import {
  component,
  exampleEntities,
  stitch,
} from '../../__testUtils__/entities';
import { EntityOwnershipResolver } from '../EntityOwnershipResolver';
import { OnCallResolver } from '../OnCallResolver';
import { EntityHandoffFacts, ResolverIndex } from '../ResolverIndex';

export const NOW = new Date('2026-03-10T12:00:00Z');
export const INDEXED_AT = new Date('2026-03-10T11:00:00Z');

const policyWithGaps: Entity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'EscalationPolicy',
  metadata: { name: 'gappy', namespace: 'default' },
  spec: {
    owner: 'group:default/payments',
    stakeholders: ['group:default/sre', 'group:default/no-board'],
    levels: [
      {
        level: 1,
        escalateAfter: '15m',
        targets: [
          { type: 'user', id: 'user:default/ann' },
          { type: 'user', id: 'user:default/nobody-here' },
          { type: 'channel', id: '#gaps' },
          { type: 'group', id: 'group:default/no-team' },
          { type: 'user', id: 'user:default/invisible' },
        ],
      },
      {
        level: 2,
        targets: [
          { type: 'group', id: 'group:default/sre' },
          {
            type: 'schedule',
            id: 'gappy-rota',
            rota: {
              members: ['user:default/ann', 'user:default/phantom'],
              rotation: '1w',
              handoverTime: '09:00',
              timeZone: 'UTC',
              start: '2026-03-02',
            },
          },
        ],
      },
    ],
  },
};

const matrixWithGaps: Entity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'RaciMatrix',
  metadata: { name: 'gappy-raci', namespace: 'default' },
  spec: {
    owner: 'group:default/payments',
    appliesTo: ['component:default/gappy-service'],
    activities: [
      {
        name: 'Deployment',
        responsible: ['group:default/payments', 'group:default/nowhere'],
        accountable: 'user:default/ghost-boss',
        informed: ['user:default/invisible'],
        escalationPath: ['user:default/eve', 'user:default/gone-lead'],
      },
    ],
  },
};

/**
 * Services in the states the issue names: an owner team without members
 * (like the portal's mobile-bff), a single-member owner whose latest
 * version the catalog could not process (search-api), and services using
 * collaborators, a transfer target and working hours.
 */
export function resolverEntities(): Entity[] {
  return [
    ...exampleEntities(),
    ...stitch([
      component('gappy-service', {
        owner: 'group:default/payments',
        ownership: { escalationPolicy: 'gappy' },
      }),
      policyWithGaps,
      matrixWithGaps,
      component('mobile-bff', { owner: 'group:default/empty-team' }),
      {
        ...component('search-api', {
          owner: 'group:default/identity',
          ownership: { primary: 'user:default/dan', tier: 'tier-2' },
        }),
        status: {
          items: [
            {
              type: 'backstage.io/catalog-processing',
              level: 'error',
              message:
                'InputError: Policy check failed for component:default/search-api; caused by Error: spec.ownership.tier must be equal to one of the allowed values',
              error: { name: 'InputError', message: 'Policy check failed' },
            },
            {
              type: 'backstage.io/catalog-processing',
              level: 'warning',
              message: 'A warning is not a processing error',
            },
          ],
        },
      } as Entity,
      component('checkout-v2', {
        owner: 'group:default/sre',
        ownership: {
          primary: 'user:default/eve',
          secondary: 'user:default/fay',
          level: 'feature',
          feature: 'Checkout v2',
          expires: '2026-06-30',
          transferTo: 'group:default/payments',
          collaborators: [
            'group:default/identity',
            'user:default/dan',
            'group:default/vanished',
            'user:default/invisible',
          ],
          workingHours: {
            primary: {
              timeZone: 'Europe/Berlin',
              days: ['mon', 'tue', 'wed', 'thu'],
              start: '08:00',
              end: '16:00',
            },
          },
        },
      }),
    ]),
  ];
}

/**
 * An index that knows `invisible` (a user the caller may not read) and
 * lists the given orphan reasons, worded as the coverage page words them.
 */
export function fakeIndex(
  reasons: Record<string, OrphanReasonCode[]> = {},
  owners: Record<string, string> = {},
  groups: Record<string, number> = {},
  handoffs: Record<string, EntityHandoffFacts> = {},
): ResolverIndex {
  const index: ResolverIndex = {
    getEntityFacts: async entityRef => ({
      ...(await index.getEntityReasons(entityRef)),
      handoffs: await index.getEntityHandoffs(entityRef),
    }),
    getEntityHandoffs: async entityRef => handoffs[entityRef] ?? {},
    filterIndexedRefs: async refs =>
      new Set(refs.filter(r => r === 'user:default/invisible' || r in groups)),
    getGroupMemberCount: async groupRef => groups[groupRef],
    // the live path reads people, teams, policies and matrices from the catalog
    getParties: async () => new Map(),
    getGroupLinks: async () => new Map(),
    getDocuments: async () => new Map(),
    getEntity: async () => undefined,
    getEntityReasons: async entityRef => {
      const codes = reasons[entityRef];
      if (!codes) {
        return { indexed: false, indexedAt: INDEXED_AT, reasons: [] };
      }
      return {
        indexed: true,
        indexedAt: INDEXED_AT,
        reasons: describeOrphanReasons(codes, {
          owner: owners[entityRef],
          verificationPeriodDays: 90,
          firstSeenAt: '2026-01-01',
          catalogError: 'stale message from the last index run',
        }),
      };
    },
  };
  return index;
}

/** A resolver over the fixtures, with the catalog calls it makes counted. */
export function createResolver(index: ResolverIndex = fakeIndex()) {
  const catalog = catalogServiceMock({ entities: resolverEntities() });
  const calls = {
    getEntityByRef: jest.spyOn(catalog, 'getEntityByRef'),
    getEntitiesByRefs: jest.spyOn(catalog, 'getEntitiesByRefs'),
  };
  const resolver = new EntityOwnershipResolver({
    catalog,
    onCall: new OnCallResolver({ logger: mockServices.logger.mock() }),
    verification: {
      getStatus: async () => ({ status: 'never', periodDays: 90 }),
    },
    index,
    clock: () => NOW,
  });
  const callCount = () =>
    calls.getEntityByRef.mock.calls.length +
    calls.getEntitiesByRefs.mock.calls.length;
  const resetCalls = () => {
    calls.getEntityByRef.mockClear();
    calls.getEntitiesByRefs.mockClear();
  };
  return { resolver, catalog, callCount, resetCalls };
}
