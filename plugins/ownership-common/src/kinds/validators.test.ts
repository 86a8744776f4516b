import { Entity } from '@backstage/catalog-model';
import {
  findingEntityRef,
  isEscalationPolicyEntity,
  isOwnershipBlockEntity,
  isRaciMatrixEntity,
  validateOwnershipEntitySchema,
} from './validators';

const LONG = 'x'.repeat(10_000);

function component(ownership?: unknown, kind = 'Component'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'payments-api' },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
      ...(ownership === undefined ? {} : { ownership }),
    },
  };
}

function policy(spec: Record<string, unknown> = {}): Entity {
  return {
    apiVersion: 'ownership.dev/v1alpha1',
    kind: 'EscalationPolicy',
    metadata: { name: 'payments-tier-1' },
    spec: {
      owner: 'group:default/payments',
      levels: [
        {
          level: 1,
          name: 'Primary on-call',
          escalateAfter: '15m',
          repeat: 2,
          targets: [
            {
              type: 'schedule',
              id: 'payments-primary',
              rota: {
                members: ['user:default/jane-doe', 'user:default/mei-chen'],
                rotation: '1w',
                handoverTime: '09:00',
                timeZone: 'Europe/Berlin',
                start: '2026-01-05',
              },
            },
          ],
          conditions: { severity: ['critical', 'high'], customerImpact: true },
          notify: [{ type: 'slack', target: '#payments-incidents' }],
        },
      ],
      notifications: {
        onEscalation: [{ type: 'email', target: 'incidents@acme.example' }],
      },
      ...spec,
    },
  };
}

function raci(spec: Record<string, unknown> = {}): Entity {
  return {
    apiVersion: 'ownership.dev/v1alpha1',
    kind: 'RaciMatrix',
    metadata: { name: 'payments-operations' },
    spec: {
      owner: 'group:default/payments',
      appliesTo: ['system:default/payments-platform'],
      activities: [
        {
          name: 'Deploy to production',
          responsible: ['group:default/payments'],
          accountable: 'user:default/jane-doe',
          consulted: ['group:default/platform'],
          informed: ['group:default/security'],
          decisionAuthority: 'May roll back without approval.',
          escalationPath: ['user:default/jane-doe'],
        },
      ],
      ...spec,
    },
  };
}

describe('kind guards', () => {
  it('recognises the suite kinds by apiVersion and kind', () => {
    expect(isEscalationPolicyEntity(policy())).toBe(true);
    expect(isRaciMatrixEntity(raci())).toBe(true);
    expect(isEscalationPolicyEntity(raci())).toBe(false);
    expect(isRaciMatrixEntity(policy())).toBe(false);
    expect(
      isEscalationPolicyEntity({
        ...policy(),
        apiVersion: 'backstage.io/v1alpha1',
      }),
    ).toBe(false);
  });

  it('recognises the kinds that may carry an ownership block', () => {
    for (const kind of ['Component', 'System', 'API', 'Resource']) {
      expect(isOwnershipBlockEntity(component(undefined, kind))).toBe(true);
    }
    for (const kind of ['Group', 'User', 'Domain', 'EscalationPolicy']) {
      expect(isOwnershipBlockEntity(component(undefined, kind))).toBe(false);
    }
  });
});

describe('findingEntityRef', () => {
  it('stringifies the ref of an entity', () => {
    expect(findingEntityRef(component())).toBe(
      'component:default/payments-api',
    );
    expect(
      findingEntityRef({
        ...policy(),
        metadata: { name: 'p', namespace: 'emea' },
      }),
    ).toBe('escalationpolicy:emea/p');
  });

  it('does its best for broken entities', () => {
    expect(findingEntityRef(undefined)).toBe('unknown:default/unknown');
    expect(findingEntityRef({ kind: 'Component' })).toBe(
      'component:default/unknown',
    );
    expect(
      findingEntityRef({ kind: 'Component', metadata: { namespace: 7 } }),
    ).toBe('component:default/unknown');
  });
});

describe('validateOwnershipEntitySchema', () => {
  it('accepts well-formed entities of every suite schema', () => {
    expect(validateOwnershipEntitySchema(policy())).toEqual([]);
    expect(validateOwnershipEntitySchema(raci())).toEqual([]);
    expect(
      validateOwnershipEntitySchema(
        component({
          primary: 'user:default/jane-doe',
          secondary: 'user:default/mei-chen',
          escalationPolicy: 'escalationpolicy:default/payments-tier-1',
          tier: 'tier-1',
          level: 'service',
          channels: {
            slack: '#payments',
            email: 'payments@acme.example',
            teams: 'Payments',
            phone: '+49 30 1234567',
            url: 'https://wiki.acme.example/payments',
            pager: 'payments-primary',
          },
        }),
      ),
    ).toEqual([]);
    expect(
      validateOwnershipEntitySchema(
        component({
          level: 'feature',
          feature: 'Partial refunds',
          expires: '2027-12-31',
        }),
      ),
    ).toEqual([]);
  });

  it.each(['Group', 'User', 'Domain', 'Location'])(
    'has nothing to check on a %s',
    kind => {
      expect(
        validateOwnershipEntitySchema({
          apiVersion: 'backstage.io/v1alpha1',
          kind,
          metadata: { name: 'payments' },
          spec: { ownership: { tier: 'tier-9' } },
        }),
      ).toEqual([]);
    },
  );

  it.each(['Component', 'System', 'API', 'Resource'])(
    'has nothing to check on a %s without an ownership block',
    kind => {
      expect(validateOwnershipEntitySchema(component(undefined, kind))).toEqual(
        [],
      );
    },
  );

  it('reports an invalid tier with its path', () => {
    expect(
      validateOwnershipEntitySchema(component({ tier: 'tier-9' })),
    ).toEqual([
      {
        entityRef: 'component:default/payments-api',
        path: 'spec.ownership.tier',
        rule: 'schema',
        severity: 'error',
        message: expect.stringMatching(
          /^spec\.ownership\.tier must be equal to one of the allowed values/,
        ),
        fix: expect.any(String),
      },
    ]);
  });

  it.each([
    ['ownership block that is a string', 'payments', 'spec.ownership'],
    ['ownership block that is null', null, 'spec.ownership'],
    ['primary that is a number', { primary: 42 }, 'spec.ownership.primary'],
    [
      'secondary that is a list',
      { secondary: ['a'] },
      'spec.ownership.secondary',
    ],
    ['empty primary', { primary: '' }, 'spec.ownership.primary'],
    ['unknown level', { level: 'team' }, 'spec.ownership.level'],
    [
      'channels that are a list',
      { channels: ['#a'] },
      'spec.ownership.channels',
    ],
    [
      'slack channel that is a number',
      { channels: { slack: 1 } },
      'spec.ownership.channels.slack',
    ],
    [
      'expires that is a number',
      { expires: 20271231 },
      'spec.ownership.expires',
    ],
  ])('reports an %s', (_, ownership, path) => {
    const findings = validateOwnershipEntitySchema(component(ownership));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      rule: 'schema',
      severity: 'error',
      path,
    });
    expect(findings[0].message.startsWith(path)).toBe(true);
  });

  it.each([
    ['primary', { primary: LONG }],
    ['escalationPolicy', { escalationPolicy: LONG }],
    ['feature', { feature: LONG }],
    ['expires', { expires: LONG }],
    ['channels.email', { channels: { email: LONG } }],
    ['channels.pager', { channels: { pager: LONG } }],
  ])('reports a 10 000-character %s', (field, ownership) => {
    const findings = validateOwnershipEntitySchema(component(ownership));
    expect(findings).toEqual([
      expect.objectContaining({
        path: `spec.ownership.${field}`,
        message: expect.stringContaining('must NOT have more than'),
      }),
    ]);
    expect(findings[0].message.length).toBeLessThan(200);
  });

  it('accepts unicode text', () => {
    expect(
      validateOwnershipEntitySchema(
        component({
          level: 'feature',
          feature: 'Zahlungsabwicklung für Ärztinnen – 支払い 🚀',
          expires: '2027-12-31',
          channels: {
            slack: '#zahlungen-bereitschaft',
            teams: 'Équipe paiements',
          },
        }),
      ),
    ).toEqual([]);
    expect(
      validateOwnershipEntitySchema(
        raci({
          activities: [
            {
              name: 'Déploiement en production – デプロイ',
              description: 'Änderungen an der Produktionsumgebung 🚢',
              responsible: ['group:default/payments'],
              accountable: 'user:default/jane-doe',
            },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('leaves refs to other kinds to the rules', () => {
    expect(
      validateOwnershipEntitySchema(
        component({ primary: 'group:default/x', secondary: 'group:default/y' }),
      ),
    ).toEqual([]);
  });

  describe('EscalationPolicy', () => {
    it.each([
      [
        'a missing spec',
        undefined,
        '',
        /entity must have required property 'spec'/,
      ],
      [
        'a missing owner',
        { owner: undefined },
        'spec',
        /required property 'owner'/,
      ],
      [
        'missing levels',
        { levels: undefined },
        'spec',
        /required property 'levels'/,
      ],
      [
        'levels that are not a list',
        { levels: 'page everyone' },
        'spec.levels',
        /must be array/,
      ],
      [
        'a 10 000-character description',
        { description: LONG },
        'spec.description',
        /must NOT have more than 4000/,
      ],
    ])('reports %s', (_, spec, path, message) => {
      const entity = policy(spec);
      if (spec === undefined) {
        delete entity.spec;
      } else {
        for (const [key, value] of Object.entries(spec)) {
          if (value === undefined) {
            delete entity.spec![key];
          }
        }
      }
      expect(validateOwnershipEntitySchema(entity)).toEqual([
        expect.objectContaining({
          rule: 'schema',
          path,
          message: expect.stringMatching(message),
        }),
      ]);
    });

    it.each([
      [
        'an escalateAfter that is a number',
        { escalateAfter: 15 },
        'spec.levels[0].escalateAfter',
      ],
      ['a level number below 1', { level: 0 }, 'spec.levels[0].level'],
      ['a repeat above 10', { repeat: 11 }, 'spec.levels[0].repeat'],
      ['an empty name', { name: '' }, 'spec.levels[0].name'],
      [
        'an unknown target type',
        { targets: [{ type: 'pager', id: 'x' }] },
        'spec.levels[0].targets[0].type',
      ],
      [
        'a target without id',
        { targets: [{ type: 'user' }] },
        'spec.levels[0].targets[0]',
      ],
      [
        'an unknown severity',
        { conditions: { severity: ['urgent'] } },
        'spec.levels[0].conditions.severity[0]',
      ],
      [
        'a customerImpact that is a string',
        { conditions: { customerImpact: 'yes' } },
        'spec.levels[0].conditions.customerImpact',
      ],
      [
        'a rota without members',
        {
          targets: [
            {
              type: 'schedule',
              id: 's',
              rota: { rotation: '1w', start: '2026-01-05' },
            },
          ],
        },
        'spec.levels[0].targets[0].rota',
      ],
      [
        'a 10 000-character target id',
        { targets: [{ type: 'channel', id: LONG }] },
        'spec.levels[0].targets[0].id',
      ],
    ])('reports %s', (_, level, path) => {
      const entity = policy();
      const spec = entity.spec as { levels: Record<string, unknown>[] };
      spec.levels = [{ ...spec.levels[0], ...level }];
      expect(validateOwnershipEntitySchema(entity)).toEqual([
        expect.objectContaining({ rule: 'schema', path }),
      ]);
    });

    it('leaves an EscalationPolicy of another apiVersion alone', () => {
      // A kind of the same name from another plugin must not be rejected.
      expect(
        validateOwnershipEntitySchema({
          ...policy({ levels: 'x' }),
          apiVersion: 'example.com/v1',
        }),
      ).toEqual([]);
    });
  });

  describe('RaciMatrix', () => {
    it('accepts a list of accountables so that the rule can name the problem', () => {
      expect(
        validateOwnershipEntitySchema(
          raci({
            activities: [
              {
                name: 'Schema migrations',
                responsible: ['group:default/payments'],
                accountable: ['user:default/jane-doe', 'user:default/mei-chen'],
              },
            ],
          }),
        ),
      ).toEqual([]);
    });

    it.each([
      ['missing activities', { activities: undefined }, 'spec'],
      [
        'an activity without a name',
        { activities: [{ responsible: [] }] },
        'spec.activities[0]',
      ],
      [
        'an accountable that is a number',
        { activities: [{ name: 'a', accountable: 7 }] },
        'spec.activities[0].accountable',
      ],
      [
        'responsible that is a string',
        { activities: [{ name: 'a', responsible: 'group:default/payments' }] },
        'spec.activities[0].responsible',
      ],
      [
        'appliesTo that is a string',
        { appliesTo: 'component:default/payments-api' },
        'spec.appliesTo',
      ],
      [
        'a 10 000-character activity name',
        { activities: [{ name: LONG }] },
        'spec.activities[0].name',
      ],
      [
        'a 10 000-character ref',
        { activities: [{ name: 'a', informed: [LONG] }] },
        'spec.activities[0].informed[0]',
      ],
    ])('reports %s', (_, spec, path) => {
      const entity = raci(spec);
      if ('activities' in spec && spec.activities === undefined) {
        delete entity.spec!.activities;
      }
      expect(validateOwnershipEntitySchema(entity)).toEqual([
        expect.objectContaining({ rule: 'schema', path }),
      ]);
    });
  });
});
