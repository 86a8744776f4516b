import { Entity } from '@backstage/catalog-model';
import {
  OWNERSHIP_RELATION_PAIRS,
  RELATION_HAS_COLLABORATOR,
  RELATION_HAS_ESCALATION_CONTACT,
  RELATION_HAS_STAKEHOLDER,
  RELATION_RACI_APPLIES_TO,
  RELATION_TRANSFERS_TO,
} from '../kinds/constants';
import { ownershipRelations, readOwnershipModel } from './readOwnershipModel';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'shop' },
  spec: {
    type: 'service',
    owner: 'checkout-team',
    system: 'commerce',
    ownership: {
      primary: 'Jane',
      secondary: 'user:default/mei',
      escalationPolicy: 'checkout-tier-1',
      tier: 'tier-1',
      level: 'feature',
      feature: 'one-click',
      expires: '2027-01-31',
      transferTo: 'group:shop/checkout-core',
      collaborators: ['group:platform', 'not a ref!'],
      workingHours: {
        primary: { timeZone: 'Europe/Berlin', start: '08:00', end: '16:00' },
      },
      channels: { slack: '#checkout' },
    },
  },
};

const policy: Entity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'EscalationPolicy',
  metadata: { name: 'checkout-tier-1' },
  spec: {
    owner: 'group:checkout-team',
    stakeholders: ['group:leadership'],
    levels: [
      {
        name: 'Primary',
        escalateAfter: '15m',
        targets: [
          {
            type: 'schedule',
            id: 'primary',
            rota: {
              members: ['jane', 'user:mei'],
              rotation: '1w',
              start: '2026-01-05',
            },
          },
          { type: 'channel', id: '#incidents' },
        ],
      },
      {
        level: 4,
        name: 'Executive response',
        notifyStakeholders: true,
        targets: [{ type: 'user', id: 'cto' }],
        conditions: { severity: ['critical'], customerImpact: true },
      },
    ],
  },
};

const matrix: Entity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'RaciMatrix',
  metadata: { name: 'ops' },
  spec: {
    owner: 'group:platform',
    appliesTo: ['system:commerce', 'group:not-allowed'],
    activities: [
      {
        name: 'Deploy',
        accountable: 'user:lead',
        consulted: ['group:sre'],
        escalationPath: ['user:security-lead', 'user:ciso', 'user:ceo'],
      },
      'not an object',
      {
        name: 'Patch',
        responsible: ['group:a'],
        accountable: ['user:x', 'user:y'],
      },
    ],
  },
};

describe('readOwnershipModel', () => {
  it('reads every ref of the ownership block in document order, relative to the namespace', () => {
    const model = readOwnershipModel(component);
    expect(model.owner).toBe('group:shop/checkout-team');
    expect(
      model.refs.map(r => [r.path, r.role, r.ref, r.relation?.[0]]),
    ).toEqual([
      ['spec.owner', 'owner', 'group:shop/checkout-team', undefined],
      ['spec.system', 'system', 'system:shop/commerce', undefined],
      [
        'spec.ownership.primary',
        'primary',
        'user:shop/jane',
        'hasPrimaryContact',
      ],
      [
        'spec.ownership.secondary',
        'secondary',
        'user:default/mei',
        'hasSecondaryContact',
      ],
      [
        'spec.ownership.escalationPolicy',
        'escalationPolicy',
        'escalationpolicy:shop/checkout-tier-1',
        'hasEscalationPolicy',
      ],
      [
        'spec.ownership.collaborators[0]',
        'collaborator',
        'group:shop/platform',
        RELATION_HAS_COLLABORATOR,
      ],
      [
        'spec.ownership.collaborators[1]',
        'collaborator',
        undefined,
        RELATION_HAS_COLLABORATOR,
      ],
      [
        'spec.ownership.transferTo',
        'transferTo',
        'group:shop/checkout-core',
        RELATION_TRANSFERS_TO,
      ],
    ]);
  });

  it('normalises the block: expiry end of day, default working days, collaborators as written when malformed', () => {
    const { block } = readOwnershipModel(component);
    expect(block).toMatchObject({
      tier: 'tier-1',
      level: 'feature',
      feature: 'one-click',
      expires: '2027-01-31',
      expiresAt: '2027-01-31T23:59:59.999Z',
      collaborators: ['group:shop/platform', 'not a ref!'],
      transferTo: 'group:shop/checkout-core',
      channels: { slack: '#checkout' },
      workingHours: {
        primary: {
          timeZone: 'Europe/Berlin',
          days: ['mon', 'tue', 'wed', 'thu', 'fri'],
          start: '08:00',
          end: '16:00',
        },
      },
    });
  });

  it('reads policy levels, rota members, stakeholders and a last level without escalateAfter', () => {
    const model = readOwnershipModel(policy);
    expect(model.levels).toHaveLength(2);
    expect(model.levels[0]).toMatchObject({
      level: 1,
      name: 'Primary',
      escalateAfter: '15m',
      escalateAfterMinutes: 15,
      notifyStakeholders: false,
    });
    expect(model.levels[0].targets[0].rota?.members).toEqual([
      'user:default/jane',
      'user:default/mei',
    ]);
    expect(model.levels[1]).toMatchObject({
      level: 4,
      escalateAfter: undefined,
      escalateAfterMinutes: undefined,
      notifyStakeholders: true,
      conditions: { severity: ['critical'], customerImpact: true },
    });
    expect(model.levels[1].targets[0].ref).toBe('user:default/cto');
    expect(model.stakeholders).toEqual(['group:default/leadership']);
    expect(
      model.refs
        .filter(r => r.role === 'rotaMember' || r.role === 'policyTarget')
        .map(r => [r.path, r.context]),
    ).toEqual([
      ['spec.levels[0].targets[0].rota.members[0]', 'Primary'],
      ['spec.levels[0].targets[0].rota.members[1]', 'Primary'],
      ['spec.levels[1].targets[0].id', 'Executive response'],
    ]);
  });

  it('reads RACI rows with every role as a list, skipping rows that are not objects', () => {
    const model = readOwnershipModel(matrix);
    expect(model.activities.map(a => [a.index, a.name])).toEqual([
      [0, 'Deploy'],
      [2, 'Patch'],
    ]);
    expect(model.activities[0]).toMatchObject({
      responsible: [],
      accountable: ['user:default/lead'],
      consulted: ['group:default/sre'],
      escalationPath: [
        'user:default/security-lead',
        'user:default/ciso',
        'user:default/ceo',
      ],
    });
    expect(model.activities[1].accountable).toEqual([
      'user:default/x',
      'user:default/y',
    ]);
    expect(
      model.refs.filter(r => r.role === 'accountable').map(r => r.path),
    ).toEqual([
      'spec.activities[0].accountable',
      'spec.activities[2].accountable[0]',
      'spec.activities[2].accountable[1]',
    ]);
  });

  it('limits appliesTo to the kinds a matrix may apply to', () => {
    const model = readOwnershipModel(matrix);
    const appliesTo = model.refs.filter(r => r.role === 'appliesTo');
    expect(appliesTo.map(r => r.ref)).toEqual([
      'system:default/commerce',
      undefined,
    ]);
  });

  it('gives distinct relations to emit, each a pair the catalog graph knows', () => {
    const relations = ownershipRelations(readOwnershipModel(matrix));
    expect(relations).toContainEqual({
      type: RELATION_HAS_ESCALATION_CONTACT,
      reverse: 'escalationContactFor',
      targetRef: 'user:default/ciso',
    });
    expect(relations).toContainEqual({
      type: RELATION_RACI_APPLIES_TO,
      reverse: 'hasRaciMatrix',
      targetRef: 'system:default/commerce',
    });
    expect(
      relations.some(r => r.targetRef === 'group:default/not-allowed'),
    ).toBe(false);
    const policyRelations = ownershipRelations(readOwnershipModel(policy));
    expect(policyRelations).toContainEqual({
      type: RELATION_HAS_STAKEHOLDER,
      reverse: 'stakeholderOf',
      targetRef: 'group:default/leadership',
    });
    // jane is both a rota member and nothing else: one relation
    expect(
      policyRelations.filter(r => r.targetRef === 'user:default/jane'),
    ).toHaveLength(1);
    const pairs = new Set(
      OWNERSHIP_RELATION_PAIRS.map(([a, b]) => `${a}|${b}`),
    );
    const emitted = [component, policy, matrix]
      .map(readOwnershipModel)
      .flatMap(ownershipRelations)
      .filter(r => r.type !== 'ownedBy')
      .map(r => `${r.type}|${r.reverse}`);
    expect(emitted.filter(pair => !pairs.has(pair))).toEqual([]);
  });

  it('reads the org structure of groups and users without relations of its own', () => {
    const group = readOwnershipModel({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'payments' },
      spec: {
        type: 'team',
        parent: 'engineering',
        children: ['payments-ops'],
        members: ['jane'],
      },
    });
    expect(group.refs.map(r => [r.role, r.ref, r.relation])).toEqual([
      ['member', 'user:default/jane', undefined],
      ['child', 'group:default/payments-ops', undefined],
      ['parent', 'group:default/engineering', undefined],
    ]);
    const user = readOwnershipModel({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'jane' },
      spec: { memberOf: ['payments'] },
    });
    expect(user.refs.map(r => r.ref)).toEqual(['group:default/payments']);
  });

  it.each([
    [
      'null spec',
      {
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: null,
      },
    ],
    [
      'ownership a string',
      {
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: { ownership: 'yes' },
      },
    ],
    [
      'levels an object',
      {
        apiVersion: 'ownership.dev/v1alpha1',
        kind: 'EscalationPolicy',
        metadata: { name: 'x' },
        spec: { levels: { a: 1 } },
      },
    ],
    [
      'targets of numbers',
      {
        apiVersion: 'ownership.dev/v1alpha1',
        kind: 'EscalationPolicy',
        metadata: { name: 'x' },
        spec: { levels: [{ targets: [1, null, { type: 'user', id: 42 }] }] },
      },
    ],
    [
      'no metadata',
      {
        kind: 'RaciMatrix',
        spec: { activities: [{ responsible: 'group:a' }] },
      },
    ],
  ])('never throws on hostile input (%s)', (_name, entity) => {
    expect(() => readOwnershipModel(entity as unknown as Entity)).not.toThrow();
  });
});
