import { Entity } from '@backstage/catalog-model';
import { collectEntityRefs, refNotFoundFinding } from './refs';

const refs = (entity: Entity) =>
  collectEntityRefs(entity).map(u => `${u.path}=${u.ref}`);

describe('collectEntityRefs', () => {
  it('resolves owner, system and the ownership block with the default kinds', () => {
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout' },
        spec: {
          owner: 'payments',
          system: 'billing',
          ownership: {
            primary: 'jane',
            secondary: 'user:other/Bob',
            escalationPolicy: 'payments-tier-1',
          },
        },
      }),
    ).toEqual([
      'spec.owner=group:default/payments',
      'spec.system=system:default/billing',
      'spec.ownership.primary=user:default/jane',
      'spec.ownership.secondary=user:other/bob',
      'spec.ownership.escalationPolicy=escalationpolicy:default/payments-tier-1',
    ]);
  });

  it("resolves refs in the entity's own namespace, as the catalog does", () => {
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'checkout', namespace: 'shop' },
        spec: { owner: 'payments', system: 'system:default/billing' },
      }),
    ).toEqual([
      'spec.owner=group:shop/payments',
      'spec.system=system:default/billing',
    ]);
  });

  it('leaves out refs that are malformed or of a kind the field does not take', () => {
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'API',
        metadata: { name: 'api' },
        spec: {
          owner: 42,
          ownership: {
            primary: 'group:payments',
            secondary: 'x'.repeat(10_000),
            escalationPolicy: 'a:b:c/d/e',
          },
        },
      } as unknown as Entity),
    ).toEqual([]);
  });

  it('collects escalation targets and rota members', () => {
    expect(
      refs({
        apiVersion: 'ownership.dev/v1alpha1',
        kind: 'EscalationPolicy',
        metadata: { name: 'p' },
        spec: {
          owner: 'payments',
          levels: [
            {
              name: 'one',
              escalateAfter: '5m',
              targets: [
                {
                  type: 'schedule',
                  id: 'primary',
                  rota: { members: ['jane', 'user:bob'] },
                },
                { type: 'channel', id: '#incidents' },
              ],
            },
            {
              name: 'two',
              escalateAfter: '1h',
              targets: [
                { type: 'group', id: 'infra' },
                { type: 'user', id: 'carol' },
                'not an object',
              ],
            },
          ],
        },
      }),
    ).toEqual([
      'spec.owner=group:default/payments',
      'spec.levels[0].targets[0].rota.members[0]=user:default/jane',
      'spec.levels[0].targets[0].rota.members[1]=user:default/bob',
      'spec.levels[1].targets[0].id=group:default/infra',
      'spec.levels[1].targets[1].id=user:default/carol',
    ]);
  });

  it('collects RACI participants and appliesTo', () => {
    expect(
      refs({
        apiVersion: 'ownership.dev/v1alpha1',
        kind: 'RaciMatrix',
        metadata: { name: 'm' },
        spec: {
          owner: 'payments',
          appliesTo: ['checkout', 'system:billing'],
          activities: [
            {
              name: 'a',
              responsible: ['user:jane'],
              accountable: ['payments', 'infra'],
              consulted: ['infra'],
              informed: ['user:carol'],
              escalationPath: ['payments'],
            },
            { name: 'b', responsible: [], accountable: 'user:bob' },
          ],
        },
      }),
    ).toEqual([
      'spec.owner=group:default/payments',
      'spec.appliesTo[0]=component:default/checkout',
      'spec.appliesTo[1]=system:default/billing',
      'spec.activities[0].responsible[0]=user:default/jane',
      'spec.activities[0].accountable[0]=group:default/payments',
      'spec.activities[0].accountable[1]=group:default/infra',
      'spec.activities[0].consulted[0]=group:default/infra',
      'spec.activities[0].informed[0]=user:default/carol',
      'spec.activities[0].escalationPath[0]=group:default/payments',
      'spec.activities[1].accountable=user:default/bob',
    ]);
  });

  it('collects memberOf and parent of the org kinds', () => {
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'jane' },
        spec: { memberOf: ['payments', 'group:infra'] },
      }),
    ).toEqual([
      'spec.memberOf[0]=group:default/payments',
      'spec.memberOf[1]=group:default/infra',
    ]);
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'payments' },
        spec: { type: 'team', parent: 'acme', children: [] },
      }),
    ).toEqual(['spec.parent=group:default/acme']);
  });

  it('collects collaborators, the transfer target, policy stakeholders and group members', () => {
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'feature' },
        spec: {
          owner: 'checkout',
          ownership: {
            level: 'feature',
            collaborators: ['design', 'user:jane'],
            transferTo: 'payments',
          },
        },
      }),
    ).toEqual([
      'spec.owner=group:default/checkout',
      'spec.ownership.collaborators[0]=group:default/design',
      'spec.ownership.collaborators[1]=user:default/jane',
      'spec.ownership.transferTo=group:default/payments',
    ]);
    expect(
      refs({
        apiVersion: 'ownership.dev/v1alpha1',
        kind: 'EscalationPolicy',
        metadata: { name: 'p' },
        spec: {
          owner: 'payments',
          levels: [{ name: 'last', targets: [{ type: 'user', id: 'cto' }] }],
          stakeholders: ['leadership', 'user:vp'],
        },
      }),
    ).toEqual([
      'spec.owner=group:default/payments',
      'spec.levels[0].targets[0].id=user:default/cto',
      'spec.stakeholders[0]=group:default/leadership',
      'spec.stakeholders[1]=user:default/vp',
    ]);
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'payments' },
        spec: {
          type: 'team',
          members: ['jane'],
          children: ['payments-oncall'],
        },
      }),
    ).toEqual([
      'spec.members[0]=user:default/jane',
      'spec.children[0]=group:default/payments-oncall',
    ]);
  });

  it('leaves out appliesTo refs of a kind a RACI matrix cannot apply to', () => {
    expect(
      refs({
        apiVersion: 'ownership.dev/v1alpha1',
        kind: 'RaciMatrix',
        metadata: { name: 'm' },
        spec: {
          owner: 'payments',
          appliesTo: ['group:payments', 'domain:billing'],
          activities: [],
        },
      }),
    ).toEqual([
      'spec.owner=group:default/payments',
      'spec.appliesTo[1]=domain:default/billing',
    ]);
  });

  it('has nothing to collect from entities without spec', () => {
    expect(
      refs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Location',
        metadata: { name: 'l' },
      }),
    ).toEqual([]);
  });
});

describe('refNotFoundFinding', () => {
  it('names the field, the resolved ref and a fix', () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout' },
      spec: { owner: 'paymnets' },
    };
    const [use] = collectEntityRefs(entity);
    expect(refNotFoundFinding(entity, use, 'the catalog')).toEqual({
      entityRef: 'component:default/checkout',
      path: 'spec.owner',
      rule: 'ref-not-found',
      severity: 'error',
      message:
        'spec.owner refers to group:default/paymnets, which matches no entity in the catalog',
      fix: 'Check the spelling, kind and namespace of "paymnets" (it resolves to group:default/paymnets), or add the group entity to the catalog.',
    });
  });
});
