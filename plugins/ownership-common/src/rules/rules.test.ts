import { Entity } from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import { checkOwnershipRules, lintOwnershipEntity } from './rules';

const now = DateTime.fromISO('2026-03-15T12:00:00Z', { zone: 'utc' });
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

const wellOwned = {
  primary: 'user:default/jane-doe',
  secondary: 'user:default/mei-chen',
  escalationPolicy: 'escalationpolicy:default/payments-tier-1',
  tier: 'tier-1',
  level: 'service',
  channels: { slack: '#payments', email: 'payments@acme.example' },
};

const rota = {
  members: [
    'user:default/jane-doe',
    'user:default/lukas-schneider',
    'user:default/anna-kowalski',
  ],
  rotation: '1w',
  handoverTime: '09:00',
  timeZone: 'Europe/Berlin',
  start: '2026-01-05',
};

function level(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Primary on-call',
    escalateAfter: '15m',
    targets: [{ type: 'user', id: 'user:default/jane-doe' }],
    ...overrides,
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
        level({
          level: 1,
          targets: [{ type: 'schedule', id: 'payments-primary', rota }],
        }),
        level({
          level: 2,
          name: 'Secondary',
          escalateAfter: 'PT30M',
          targets: [
            { type: 'group', id: 'group:default/payments' },
            { type: 'channel', id: '#payments-incidents' },
          ],
        }),
        level({
          level: 3,
          name: 'Leadership',
          escalateAfter: '1h',
          targets: [
            { type: 'user', id: 'victoria-adams' },
            { type: 'email', id: 'payments-leads@acme.example' },
          ],
        }),
      ],
      ...spec,
    },
  };
}

function activity(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Deploy to production',
    responsible: ['group:default/payments'],
    accountable: 'user:default/jane-doe',
    consulted: ['group:default/platform'],
    informed: ['group:default/security'],
    escalationPath: ['user:default/jane-doe', 'user:default/victoria-adams'],
    ...overrides,
  };
}

function raci(spec: Record<string, unknown> = {}): Entity {
  return {
    apiVersion: 'ownership.dev/v1alpha1',
    kind: 'RaciMatrix',
    metadata: { name: 'payments-operations' },
    spec: {
      owner: 'group:default/payments',
      appliesTo: ['system:default/payments-platform', 'payments-api'],
      activities: [
        activity(),
        activity({ name: 'Schema migrations', accountable: 'payments' }),
      ],
      ...spec,
    },
  };
}

/** Runs the rules and keeps only rule id and path, the stable part. */
function findings(entity: Entity) {
  return checkOwnershipRules(entity, { now }).map(f => [f.rule, f.path]);
}

function withLevels(...levels: unknown[]) {
  return policy({ levels });
}

function withRota(overrides: Record<string, unknown>) {
  return withLevels(
    level({
      targets: [
        {
          type: 'schedule',
          id: 'payments-primary',
          rota: { ...rota, ...overrides },
        },
      ],
    }),
  );
}

describe('checkOwnershipRules', () => {
  describe('entities without anything to check', () => {
    it.each([
      ['Group', { type: 'team', children: [], members: ['jane-doe'] }],
      [
        'User',
        {
          memberOf: ['group:default/payments'],
          profile: { displayName: 'Jane' },
        },
      ],
      ['Domain', { owner: 'group:default/payments' }],
      ['Location', { targets: ['./components.yaml'] }],
      ['System', { owner: 'group:default/payments' }],
      [
        'API',
        {
          type: 'openapi',
          lifecycle: 'production',
          owner: 'payments',
          definition: 'openapi: 3.0.0',
        },
      ],
      ['Resource', { type: 'database', owner: 'group:default/payments' }],
      [
        'Component',
        {
          type: 'library',
          lifecycle: 'experimental',
          owner: 'user:default/jane-doe',
        },
      ],
    ])('yields no findings for a plain %s', (kind, spec) => {
      const entity: Entity = {
        apiVersion: 'backstage.io/v1alpha1',
        kind,
        metadata: { name: 'payments', description: 'Zahlungen – 支払い' },
        spec,
      };
      expect(checkOwnershipRules(entity, { now })).toEqual([]);
      expect(lintOwnershipEntity(entity, { now })).toEqual([]);
    });

    it('ignores an ownership block on a kind that cannot carry one', () => {
      expect(
        checkOwnershipRules(
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'payments' },
            spec: {
              type: 'team',
              children: [],
              ownership: { tier: 'tier-1', bogus: 1 },
            },
          },
          { now },
        ),
      ).toEqual([]);
    });

    it('survives entities that are not objects', () => {
      expect(checkOwnershipRules(undefined as unknown as Entity)).toEqual([]);
      expect(checkOwnershipRules(null as unknown as Entity)).toEqual([]);
      expect(checkOwnershipRules('x' as unknown as Entity)).toEqual([]);
    });

    it('accepts well-formed entities of every suite kind', () => {
      expect(findings(component(wellOwned))).toEqual([]);
      expect(findings(policy())).toEqual([]);
      expect(findings(raci())).toEqual([]);
    });
  });

  describe('findings', () => {
    it('carries the entity ref, severity, message and fix', () => {
      expect(
        checkOwnershipRules(
          {
            ...component({ tier: 'tier-1' }),
            metadata: { name: 'ledger', namespace: 'finance' },
          },
          { now },
        ),
      ).toEqual([
        {
          entityRef: 'component:finance/ledger',
          path: 'spec.ownership.escalationPolicy',
          rule: 'tier1-no-escalation',
          severity: 'error',
          message: 'Tier-1 service without an escalation policy',
          fix: expect.stringContaining('escalationpolicy:'),
        },
      ]);
    });
  });

  describe('unknown-field', () => {
    it('accepts the known fields and custom channels', () => {
      expect(
        findings(
          component({ ...wellOwned, channels: { pager: 'payments-primary' } }),
        ),
      ).toEqual([]);
    });

    it('reports unknown fields at every level', () => {
      expect(findings(component({ ...wellOwned, team: 'payments' }))).toEqual([
        ['unknown-field', 'spec.ownership.team'],
      ]);
      expect(findings(policy({ escalation: [] }))).toEqual([
        ['unknown-field', 'spec.escalation'],
      ]);
      expect(findings(withLevels(level({ escalate_after: '15m' })))).toEqual([
        ['unknown-field', 'spec.levels[0].escalate_after'],
      ]);
      expect(
        findings(
          withLevels(
            level({
              targets: [{ type: 'user', id: 'jane-doe', name: 'Jane' }],
            }),
          ),
        ),
      ).toEqual([['unknown-field', 'spec.levels[0].targets[0].name']]);
      expect(findings(withRota({ shift: 'weekly' }))).toEqual([
        ['unknown-field', 'spec.levels[0].targets[0].rota.shift'],
      ]);
      expect(findings(raci({ scope: 'payments' }))).toEqual([
        ['unknown-field', 'spec.scope'],
      ]);
      expect(
        findings(raci({ activities: [activity({ dri: 'jane-doe' })] })),
      ).toEqual([['unknown-field', 'spec.activities[0].dri']]);
    });

    it('reports unknown fields as warnings', () => {
      const [finding] = checkOwnershipRules(component({ team: 'payments' }), {
        now,
      });
      expect(finding).toMatchObject({
        rule: 'unknown-field',
        severity: 'warning',
        message: 'Unknown field spec.ownership.team',
      });
      expect(finding.fix).toContain('primary, secondary');
    });
  });

  describe('ref-malformed', () => {
    it('accepts short and full refs', () => {
      expect(
        findings(
          component({
            primary: 'jane-doe',
            secondary: 'user:mei-chen',
            escalationPolicy: 'payments-tier-1',
          }),
        ),
      ).toEqual([]);
      expect(findings(policy({ owner: 'user:default/jane-doe' }))).toEqual([]);
      expect(
        findings(
          raci({
            owner: 'payments',
            appliesTo: [
              'api:default/payments-rest',
              'resource:payments-db',
              'domain:default/finance',
            ],
          }),
        ),
      ).toEqual([]);
    });

    it('reports refs to other kinds', () => {
      expect(
        findings(
          component({
            primary: 'group:default/x',
            secondary: 'component:default/payments-api',
            escalationPolicy: 'group:default/payments',
          }),
        ),
      ).toEqual([
        ['ref-malformed', 'spec.ownership.primary'],
        ['ref-malformed', 'spec.ownership.secondary'],
        ['ref-malformed', 'spec.ownership.escalationPolicy'],
      ]);
      expect(
        findings(policy({ owner: 'component:default/payments-api' })),
      ).toEqual([['ref-malformed', 'spec.owner']]);
      expect(
        findings(
          withLevels(
            level({
              targets: [
                { type: 'user', id: 'group:default/payments' },
                { type: 'group', id: 'user:default/jane-doe' },
              ],
            }),
          ),
        ),
      ).toEqual([
        ['ref-malformed', 'spec.levels[0].targets[0].id'],
        ['ref-malformed', 'spec.levels[0].targets[1].id'],
      ]);
      expect(findings(raci({ appliesTo: ['user:default/jane-doe'] }))).toEqual([
        ['ref-malformed', 'spec.appliesTo[0]'],
      ]);
    });

    it('names the expected kind and the value in the message', () => {
      const [finding] = checkOwnershipRules(
        component({ primary: 'group:default/x' }),
        { now },
      );
      expect(finding).toMatchObject({
        severity: 'error',
        message:
          'spec.ownership.primary must be a User entity ref, got "group:default/x"',
        fix: expect.stringContaining('user:default/jane-doe'),
      });
    });

    it('does not check ids of schedules, channels and e-mail addresses', () => {
      expect(
        findings(
          withLevels(
            level({
              targets: [
                { type: 'channel', id: '#payments incidents' },
                { type: 'email', id: 'payments@acme.example' },
                { type: 'schedule', id: 'Payments Primary', rota },
              ],
            }),
          ),
        ),
      ).toEqual([]);
    });

    it('reports malformed refs in rotas and every RACI role', () => {
      expect(
        findings(
          withRota({ members: ['jane-doe', 'group:payments', 'jane doe'] }),
        ),
      ).toEqual([
        ['ref-malformed', 'spec.levels[0].targets[0].rota.members[1]'],
        ['ref-malformed', 'spec.levels[0].targets[0].rota.members[2]'],
      ]);
      expect(
        findings(
          raci({
            activities: [
              activity({
                responsible: ['component:x'],
                accountable: 'api:y',
                consulted: [42],
                informed: ['jürgen'],
                escalationPath: [''],
              }),
            ],
          }),
        ),
      ).toEqual([
        ['ref-malformed', 'spec.activities[0].responsible[0]'],
        ['ref-malformed', 'spec.activities[0].accountable'],
        ['ref-malformed', 'spec.activities[0].consulted[0]'],
        ['ref-malformed', 'spec.activities[0].informed[0]'],
        ['ref-malformed', 'spec.activities[0].escalationPath[0]'],
      ]);
    });

    it('keeps the message short for a 10 000-character ref', () => {
      const [finding] = checkOwnershipRules(component({ primary: LONG }), {
        now,
      });
      expect(finding.rule).toBe('ref-malformed');
      expect(finding.message.length).toBeLessThan(200);
    });

    it('reports values that are not strings by their type', () => {
      const [finding] = checkOwnershipRules(component({ primary: 42 }), {
        now,
      });
      expect(finding.message).toBe(
        'spec.ownership.primary must be a User entity ref, got number',
      );
    });
  });

  describe('distinct-contacts', () => {
    it('accepts different primary and secondary contacts', () => {
      expect(
        findings(component({ primary: 'jane-doe', secondary: 'mei-chen' })),
      ).toEqual([]);
    });

    it('reports the same person as primary and secondary, however written', () => {
      expect(
        findings(
          component({
            primary: 'jane-doe',
            secondary: 'User:Default/Jane-Doe',
          }),
        ),
      ).toEqual([['distinct-contacts', 'spec.ownership.secondary']]);
    });
  });

  describe('tier1-no-escalation', () => {
    it('accepts a tier-1 service with a policy and lower tiers without one', () => {
      expect(findings(component(wellOwned))).toEqual([]);
      expect(findings(component({ tier: 'tier-2' }))).toEqual([]);
      expect(findings(component({ tier: 'tier-3' }))).toEqual([]);
    });

    it.each(['Component', 'System', 'API', 'Resource'])(
      'reports a tier-1 %s without a policy',
      kind => {
        const { escalationPolicy, ...rest } = wellOwned;
        expect(findings(component(rest, kind))).toEqual([
          ['tier1-no-escalation', 'spec.ownership.escalationPolicy'],
        ]);
        expect(
          findings(component({ ...rest, escalationPolicy: '' }, kind)),
        ).toEqual([
          ['ref-malformed', 'spec.ownership.escalationPolicy'],
          ['tier1-no-escalation', 'spec.ownership.escalationPolicy'],
        ]);
      },
    );
  });

  describe('feature-expires-required', () => {
    it('accepts feature ownership with an expiry date', () => {
      expect(
        findings(
          component({
            level: 'feature',
            feature: 'Partial refunds',
            expires: '2027-12-31',
          }),
        ),
      ).toEqual([]);
    });

    it('reports feature ownership without an expiry date', () => {
      expect(
        findings(component({ level: 'feature', feature: 'Partial refunds' })),
      ).toEqual([['feature-expires-required', 'spec.ownership.expires']]);
    });

    it('does not require an expiry date for service and component ownership', () => {
      expect(findings(component({ level: 'service' }))).toEqual([]);
      expect(findings(component({ level: 'component' }))).toEqual([]);
    });
  });

  describe('date-unparseable', () => {
    it.each([
      '2027-12-31',
      '2027-12-31T18:00:00Z',
      '2027-12-31T18:00:00+01:00',
    ])('accepts the expiry date %s', expires => {
      expect(findings(component({ level: 'feature', expires }))).toEqual([]);
    });

    it.each(['31.12.2027', 'next quarter', '2027-13-01', '', LONG])(
      'reports the expiry date %j',
      expires => {
        expect(findings(component({ level: 'component', expires }))).toEqual([
          ['date-unparseable', 'spec.ownership.expires'],
        ]);
      },
    );

    it('keeps the message short for a 10 000-character date', () => {
      const [finding] = checkOwnershipRules(component({ expires: LONG }), {
        now,
      });
      expect(finding.message.length).toBeLessThan(100);
    });

    it('accepts rota start dates with and without time', () => {
      expect(findings(withRota({ start: '2026-01-05T09:00:00' }))).toEqual([]);
    });

    it('reports a rota start that is not an ISO date', () => {
      expect(findings(withRota({ start: '05/01/2026' }))).toEqual([
        ['date-unparseable', 'spec.levels[0].targets[0].rota.start'],
      ]);
      expect(findings(withRota({ start: undefined }))).toEqual([
        ['date-unparseable', 'spec.levels[0].targets[0].rota.start'],
      ]);
    });
  });

  describe('ownership-expired', () => {
    it('accepts ownership that expires in the future', () => {
      expect(
        findings(component({ level: 'feature', expires: '2027-12-31' })),
      ).toEqual([]);
      expect(
        findings(
          component({ level: 'feature', expires: '2026-03-15T12:00:01Z' }),
        ),
      ).toEqual([]);
    });

    it('keeps a plain date valid until the end of that day', () => {
      expect(
        findings(component({ level: 'feature', expires: '2026-03-15' })),
      ).toEqual([]);
      expect(
        checkOwnershipRules(
          component({ level: 'feature', expires: '2026-03-15' }),
          {
            now: DateTime.fromISO('2026-03-16T00:00:00Z'),
          },
        ).map(f => f.rule),
      ).toEqual(['ownership-expired']);
    });

    it('reports ownership that has expired', () => {
      const result = checkOwnershipRules(
        component({
          level: 'feature',
          feature: 'Partial refunds',
          expires: '2025-06-30',
        }),
        { now },
      );
      expect(result).toEqual([
        expect.objectContaining({
          rule: 'ownership-expired',
          path: 'spec.ownership.expires',
          severity: 'error',
          message: 'Feature ownership expired on 2025-06-30',
        }),
      ]);
      expect(
        findings(
          component({ level: 'feature', expires: '2026-03-15T11:59:59Z' }),
        ),
      ).toEqual([['ownership-expired', 'spec.ownership.expires']]);
    });

    it('checks against the current time by default', () => {
      expect(
        checkOwnershipRules(
          component({ level: 'feature', expires: '2000-01-01' }),
        ).map(f => f.rule),
      ).toEqual(['ownership-expired']);
    });
  });

  describe('escalation-levels-required', () => {
    it('accepts a policy with a single level', () => {
      expect(findings(withLevels(level()))).toEqual([]);
    });

    it('reports a policy without levels', () => {
      expect(findings(policy({ levels: [] }))).toEqual([
        ['escalation-levels-required', 'spec.levels'],
      ]);
      expect(findings(policy({ levels: undefined }))).toEqual([
        ['escalation-levels-required', 'spec.levels'],
      ]);
    });
  });

  describe('escalation-level-order', () => {
    it('accepts increasing and missing level numbers', () => {
      expect(
        findings(
          withLevels(
            level({ level: 1 }),
            level({ escalateAfter: '30m' }),
            level({ level: 5, escalateAfter: '1h' }),
          ),
        ),
      ).toEqual([]);
    });

    it('reports level numbers that do not increase', () => {
      expect(
        findings(
          withLevels(
            level({ level: 2 }),
            level({ level: 1, escalateAfter: '30m' }),
            level({ level: 1, escalateAfter: '1h' }),
          ),
        ),
      ).toEqual([
        ['escalation-level-order', 'spec.levels[1].level'],
        ['escalation-level-order', 'spec.levels[2].level'],
      ]);
    });
  });

  describe('duration-unparseable', () => {
    it('accepts shorthand and ISO 8601 durations', () => {
      expect(
        findings(
          withLevels(
            level({ escalateAfter: '15m' }),
            level({ escalateAfter: 'PT30M' }),
            level({ escalateAfter: '1h30m' }),
            level({ escalateAfter: 'P1D' }),
          ),
        ),
      ).toEqual([]);
      expect(findings(withRota({ rotation: 'P1W' }))).toEqual([]);
    });

    it.each(['fifteen minutes', '15', '0m', '', LONG])(
      'reports the escalateAfter %j',
      escalateAfter => {
        expect(findings(withLevels(level({ escalateAfter })))).toEqual([
          ['duration-unparseable', 'spec.levels[0].escalateAfter'],
        ]);
      },
    );

    it('reports a rota rotation that is not a duration', () => {
      expect(findings(withRota({ rotation: 'weekly' }))).toEqual([
        ['duration-unparseable', 'spec.levels[0].targets[0].rota.rotation'],
      ]);
    });
  });

  describe('escalation-sla-order', () => {
    it('accepts strictly increasing response SLAs in any notation', () => {
      expect(
        findings(
          withLevels(
            level({ escalateAfter: 'PT15M' }),
            level({ escalateAfter: '1h' }),
            level({ escalateAfter: 'P1D' }),
          ),
        ),
      ).toEqual([]);
    });

    it('reports SLAs that are not longer than the previous level', () => {
      expect(
        findings(
          withLevels(
            level({ escalateAfter: '30m' }),
            level({ escalateAfter: 'PT30M' }),
            level({ escalateAfter: '15m' }),
            level({ escalateAfter: '1h' }),
          ),
        ),
      ).toEqual([
        ['escalation-sla-order', 'spec.levels[1].escalateAfter'],
        ['escalation-sla-order', 'spec.levels[2].escalateAfter'],
      ]);
    });

    it('skips levels whose SLA cannot be parsed', () => {
      expect(
        findings(
          withLevels(
            level({ escalateAfter: '30m' }),
            level({ escalateAfter: 'soon' }),
            level({ escalateAfter: '1h' }),
          ),
        ),
      ).toEqual([['duration-unparseable', 'spec.levels[1].escalateAfter']]);
    });
  });

  describe('escalation-targets-required', () => {
    it('accepts a level with one target of any type', () => {
      for (const target of [
        { type: 'user', id: 'jane-doe' },
        { type: 'group', id: 'payments' },
        { type: 'channel', id: '#payments-incidents' },
        { type: 'email', id: 'payments@acme.example' },
      ]) {
        expect(findings(withLevels(level({ targets: [target] })))).toEqual([]);
      }
    });

    it('reports a level that notifies nobody', () => {
      const result = checkOwnershipRules(
        withLevels(
          level(),
          level({ name: 'Leadership', escalateAfter: '1h', targets: [] }),
        ),
        { now },
      );
      expect(result).toEqual([
        expect.objectContaining({
          rule: 'escalation-targets-required',
          path: 'spec.levels[1].targets',
          message: 'Level "Leadership" notifies nobody',
        }),
      ]);
      expect(findings(withLevels(level({ targets: undefined })))).toEqual([
        ['escalation-targets-required', 'spec.levels[0].targets'],
      ]);
    });
  });

  describe('schedule-rota-missing', () => {
    it('accepts a schedule with a rota', () => {
      expect(findings(withRota({}))).toEqual([]);
    });

    it('reports a schedule without a rota', () => {
      expect(
        findings(
          withLevels(
            level({ targets: [{ type: 'schedule', id: 'payments-primary' }] }),
          ),
        ),
      ).toEqual([['schedule-rota-missing', 'spec.levels[0].targets[0].rota']]);
    });
  });

  describe('rota-members-required', () => {
    it('accepts a rota of one member', () => {
      expect(findings(withRota({ members: ['jane-doe'] }))).toEqual([]);
    });

    it('reports a rota without members', () => {
      expect(findings(withRota({ members: [] }))).toEqual([
        ['rota-members-required', 'spec.levels[0].targets[0].rota.members'],
      ]);
      expect(findings(withRota({ members: undefined }))).toEqual([
        ['rota-members-required', 'spec.levels[0].targets[0].rota.members'],
      ]);
    });
  });

  describe('rota-time-zone', () => {
    it.each(['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC'])(
      'accepts %s',
      timeZone => {
        expect(findings(withRota({ timeZone }))).toEqual([]);
      },
    );

    it('accepts a rota without a time zone', () => {
      expect(findings(withRota({ timeZone: undefined }))).toEqual([]);
    });

    it.each(['Europe/Atlantis', 'Berlin', 'GMT+25', ''])(
      'reports %j',
      timeZone => {
        expect(findings(withRota({ timeZone }))).toEqual([
          ['rota-time-zone', 'spec.levels[0].targets[0].rota.timeZone'],
        ]);
      },
    );
  });

  describe('rota-handover-time', () => {
    it.each(['00:00', '09:00', '23:59'])('accepts %s', handoverTime => {
      expect(findings(withRota({ handoverTime }))).toEqual([]);
    });

    it.each(['9:00', '24:00', '09:60', '9am', '09:00:00', ''])(
      'reports %j',
      handoverTime => {
        expect(findings(withRota({ handoverTime }))).toEqual([
          ['rota-handover-time', 'spec.levels[0].targets[0].rota.handoverTime'],
        ]);
      },
    );
  });

  describe('raci-activities-required', () => {
    it('accepts a matrix with a single activity', () => {
      expect(findings(raci({ activities: [activity()] }))).toEqual([]);
    });

    it('reports a matrix without activities', () => {
      expect(findings(raci({ activities: [] }))).toEqual([
        ['raci-activities-required', 'spec.activities'],
      ]);
      expect(findings(raci({ activities: undefined }))).toEqual([
        ['raci-activities-required', 'spec.activities'],
      ]);
    });
  });

  describe('raci-duplicate-activity', () => {
    it('accepts distinct activity names, unicode included', () => {
      expect(
        findings(
          raci({
            activities: [
              activity({ name: 'Déploiement en production' }),
              activity({ name: 'デプロイ' }),
              activity({ name: 'Deploy to production 🚀' }),
            ],
          }),
        ),
      ).toEqual([]);
    });

    it('reports an activity that appears twice', () => {
      const result = checkOwnershipRules(
        raci({
          activities: [
            activity(),
            activity({ accountable: 'payments' }),
            activity(),
          ],
        }),
        { now },
      );
      expect(result.map(f => [f.rule, f.path])).toEqual([
        ['raci-duplicate-activity', 'spec.activities[1].name'],
        ['raci-duplicate-activity', 'spec.activities[2].name'],
      ]);
      expect(result[0]).toMatchObject({
        severity: 'warning',
        message: 'Activity "Deploy to production" appears more than once',
      });
    });
  });

  describe('raci-one-accountable', () => {
    it('accepts one accountable, also as a list of one', () => {
      expect(
        findings(
          raci({
            activities: [activity({ accountable: ['user:default/jane-doe'] })],
          }),
        ),
      ).toEqual([]);
    });

    it('reports two accountables', () => {
      const result = checkOwnershipRules(
        raci({
          activities: [
            activity({
              accountable: ['user:default/jane-doe', 'group:default/payments'],
            }),
          ],
        }),
        { now },
      );
      expect(result).toEqual([
        expect.objectContaining({
          rule: 'raci-one-accountable',
          path: 'spec.activities[0].accountable',
          severity: 'error',
          message:
            'Activity "Deploy to production" has 2 Accountables; exactly one is required',
        }),
      ]);
    });

    it('reports an activity without an accountable', () => {
      expect(
        findings(raci({ activities: [activity({ accountable: undefined })] })),
      ).toEqual([['raci-one-accountable', 'spec.activities[0].accountable']]);
      expect(
        findings(raci({ activities: [activity({ accountable: [] })] })),
      ).toEqual([['raci-one-accountable', 'spec.activities[0].accountable']]);
    });

    it('checks each ref of a list of accountables', () => {
      expect(
        findings(
          raci({
            activities: [
              activity({ accountable: ['jane-doe', 'component:x'] }),
            ],
          }),
        ),
      ).toEqual([
        ['ref-malformed', 'spec.activities[0].accountable[1]'],
        ['raci-one-accountable', 'spec.activities[0].accountable'],
      ]);
    });
  });

  describe('raci-responsible-required', () => {
    it('accepts people and teams as responsible', () => {
      expect(
        findings(
          raci({
            activities: [
              activity({ responsible: ['user:default/lukas-schneider'] }),
              activity({
                name: 'Schema migrations',
                responsible: ['jane-doe', 'group:payments'],
              }),
            ],
          }),
        ),
      ).toEqual([]);
    });

    it('reports an activity without a responsible', () => {
      const result = checkOwnershipRules(
        raci({
          activities: [activity({ name: 'Secret rotation', responsible: [] })],
        }),
        { now },
      );
      expect(result).toEqual([
        expect.objectContaining({
          rule: 'raci-responsible-required',
          path: 'spec.activities[0].responsible',
          message: 'Activity "Secret rotation" has no Responsible',
        }),
      ]);
      expect(
        findings(raci({ activities: [activity({ responsible: undefined })] })),
      ).toEqual([
        ['raci-responsible-required', 'spec.activities[0].responsible'],
      ]);
    });

    it('is a warning: the seeds have activities the Accountable does alone', () => {
      const [finding] = checkOwnershipRules(
        raci({ activities: [activity({ responsible: [] })] }),
        { now },
      );
      expect(finding.severity).toBe('warning');
      expect(
        lintOwnershipEntity(
          raci({ activities: [activity({ responsible: [] })] }),
          {
            now,
          },
        ).filter(f => f.severity === 'error'),
      ).toEqual([]);
    });
  });

  describe('escalation-sla-required', () => {
    it('lets the last level go without escalateAfter', () => {
      const { escalateAfter, ...last } = level({ name: 'Executive response' });
      expect(escalateAfter).toBe('15m');
      expect(
        findings(withLevels(level({ escalateAfter: '15m' }), last)),
      ).toEqual([]);
      expect(
        lintOwnershipEntity(withLevels(level({ escalateAfter: '15m' }), last), {
          now,
        }),
      ).toEqual([]);
    });

    it('reports a level without escalateAfter that another level follows', () => {
      const { escalateAfter: _, ...first } = level({ name: 'Primary' });
      const result = checkOwnershipRules(
        withLevels(first, level({ escalateAfter: '30m' })),
        { now },
      );
      expect(result).toEqual([
        expect.objectContaining({
          rule: 'escalation-sla-required',
          severity: 'error',
          path: 'spec.levels[0].escalateAfter',
          message:
            'Level "Primary" has no escalateAfter, but a level follows it',
        }),
      ]);
    });
  });

  describe('collaborators, transferTo, stakeholders', () => {
    it('accepts collaborating teams and a transfer target', () => {
      expect(
        findings(
          component({
            level: 'feature',
            feature: 'one-click',
            expires: '2026-12-31',
            transferTo: 'group:default/payments',
            collaborators: ['group:default/platform', 'user:default/mei-chen'],
          }),
        ),
      ).toEqual([]);
    });

    it('reports collaborators, transfer targets and stakeholders that are not refs of a party', () => {
      expect(
        findings(
          component({
            collaborators: ['system:default/payments'],
            transferTo: 'api:default/x',
          }),
        ),
      ).toEqual([
        ['ref-malformed', 'spec.ownership.collaborators[0]'],
        ['ref-malformed', 'spec.ownership.transferTo'],
      ]);
      expect(findings(policy({ stakeholders: ['component:x'] }))).toEqual([
        ['ref-malformed', 'spec.stakeholders[0]'],
      ]);
    });
  });

  describe('working-hours', () => {
    it('accepts working hours with a time zone', () => {
      expect(
        findings(
          component({
            workingHours: {
              primary: {
                timeZone: 'America/New_York',
                start: '09:00',
                end: '17:30',
              },
              secondary: {
                timeZone: 'Asia/Tokyo',
                days: ['mon', 'tue'],
                start: '10:00',
                end: '18:00',
              },
            },
          }),
        ),
      ).toEqual([]);
    });

    it('reports an unknown zone, times that are not HH:mm and an end before the start', () => {
      expect(
        findings(
          component({
            workingHours: {
              primary: { timeZone: 'Mars/Olympus', start: '9am', end: '17:00' },
              secondary: { timeZone: 'UTC', start: '18:00', end: '09:00' },
            },
          }),
        ),
      ).toEqual([
        ['working-hours', 'spec.ownership.workingHours.primary.timeZone'],
        ['working-hours', 'spec.ownership.workingHours.primary.start'],
        ['working-hours', 'spec.ownership.workingHours.secondary.end'],
      ]);
    });
  });
});

describe('lintOwnershipEntity', () => {
  it('reports schema errors alone, without running the rules', () => {
    expect(
      lintOwnershipEntity(
        component({ tier: 'tier-9', primary: 'group:default/x' }),
        { now },
      ),
    ).toEqual([
      expect.objectContaining({ rule: 'schema', path: 'spec.ownership.tier' }),
    ]);
  });

  it('runs the rules when the schema passes', () => {
    expect(
      lintOwnershipEntity(
        component({ tier: 'tier-1', primary: 'group:default/x' }),
        { now },
      ).map(f => f.rule),
    ).toEqual(['ref-malformed', 'tier1-no-escalation']);
  });

  it('yields nothing for a well-owned entity', () => {
    expect(lintOwnershipEntity(component(wellOwned), { now })).toEqual([]);
    expect(lintOwnershipEntity(policy(), { now })).toEqual([]);
    expect(lintOwnershipEntity(raci(), { now })).toEqual([]);
  });
});

describe('kind-api-version', () => {
  it('accepts the suite apiVersion', () => {
    expect(
      findings(policy()).filter(([rule]) => rule === 'kind-api-version'),
    ).toEqual([]);
  });

  it('reports a suite kind written with another apiVersion', () => {
    const wrong = { ...raci(), apiVersion: 'backstage.io/v1alpha1' };
    expect(findings(wrong)).toEqual([['kind-api-version', 'apiVersion']]);
  });
});
