import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { OnCallResolver } from './OnCallResolver';
import { component, exampleEntities, stitch } from '../__testUtils__/entities';
import { EntityOwnershipResolver } from './EntityOwnershipResolver';

// Backends and databases start slowly when CI's two cores are busy.
jest.setTimeout(60_000);

const policyWithGaps: Entity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'EscalationPolicy',
  metadata: { name: 'gappy', namespace: 'default' },
  spec: {
    owner: 'group:default/payments',
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
        escalateAfter: '30m',
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
      },
    ],
  },
};

function setup() {
  const entities = [
    ...exampleEntities(),
    ...stitch([
      component('gappy-service', {
        owner: 'group:default/payments',
        ownership: { escalationPolicy: 'gappy' },
      }),
      policyWithGaps,
      matrixWithGaps,
    ]),
  ];
  return new EntityOwnershipResolver({
    catalog: catalogServiceMock({ entities }),
    onCall: new OnCallResolver({ logger: mockServices.logger.mock() }),
    verification: {
      getStatus: async () => ({ status: 'never', periodDays: 90 }),
    },
    // user:default/invisible exists, but the caller may not read it
    index: {
      filterIndexedRefs: async refs =>
        new Set(refs.filter(r => r === 'user:default/invisible')),
    },
    clock: () => new Date('2026-03-10T12:00:00Z'),
  });
}

describe('EntityOwnershipResolver', () => {
  it('reports escalation targets, rota members and RACI participants that match no entity', async () => {
    const res = await setup().getEntityOwnership(
      'component:default/gappy-service',
      mockCredentials.user('user:default/ann'),
    );
    const notFound = (findings: typeof res.findings) =>
      findings
        .filter(f => f.rule === 'ref-not-found')
        .map(f => ({ entityRef: f.entityRef, path: f.path }));

    expect(notFound(res.findings)).toEqual([
      {
        entityRef: 'escalationpolicy:default/gappy',
        path: 'spec.levels[0].targets[1].id',
      },
      {
        entityRef: 'escalationpolicy:default/gappy',
        path: 'spec.levels[0].targets[3].id',
      },
      {
        entityRef: 'escalationpolicy:default/gappy',
        path: 'spec.levels[1].targets[1].rota.members[1]',
      },
    ]);
    const target = res.findings.find(
      f => f.path === 'spec.levels[0].targets[1].id',
    );
    expect(target).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('user:default/nobody-here'),
      fix: expect.stringContaining('existing User'),
    });

    expect(res.raci).toHaveLength(1);
    expect(notFound(res.raci[0].findings)).toEqual([
      {
        entityRef: 'racimatrix:default/gappy-raci',
        path: 'spec.activities[0].responsible[1]',
      },
      {
        entityRef: 'racimatrix:default/gappy-raci',
        path: 'spec.activities[0].accountable',
      },
    ]);
    expect(
      res.raci[0].findings.find(f => f.rule === 'ref-not-found'),
    ).toMatchObject({ severity: 'error', fix: expect.any(String) });

    // invisible to the caller but in the index: not claimed missing
    const all = [...res.findings, ...res.raci[0].findings];
    expect(all.map(f => f.message).join('\n')).not.toContain(
      'user:default/invisible',
    );
    const level1 = res.escalationPolicy!.levels[0].targets;
    expect(level1[4].people).toEqual([
      { entityRef: 'user:default/invisible', exists: false },
    ]);
  });
});
