import { Entity } from '@backstage/catalog-model';
import {
  CoverageResponse,
  CoverageTrendPoint,
  createFinding,
  describeOrphanReason,
  EntityOwnershipResponse,
  OrphanReasonCode,
  OrphanedService,
  OwnershipPerson,
  RaciMatrixEntityV1alpha1,
  TeamOwnershipResponse,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';

export const jane: OwnershipPerson = {
  entityRef: 'user:default/jane-doe',
  exists: true,
  displayName: 'Jane Doe',
  email: 'jane@example.com',
};

export const john: OwnershipPerson = {
  entityRef: 'user:default/john-smith',
  exists: true,
  displayName: 'John Smith',
  email: 'john@example.com',
};

export const paymentsComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments-team',
    ownership: {
      primary: 'user:default/jane-doe',
      secondary: 'user:default/john-smith',
      tier: 'tier-1',
      level: 'service',
      escalationPolicy: 'escalationpolicy:default/payments',
    },
  },
};

export const legacyComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'legacy-team' },
};

export const paymentsTeam: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function user(name: string, displayName: string, email: string): Entity {
  return {
    apiVersion: 'backstage.io/v1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { profile: { displayName, email }, memberOf: [] },
  };
}

function group(name: string, displayName: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', profile: { displayName }, children: [] },
  };
}

/** An ownership response as of now, with an on-call shift ending in 2 days. */
export function paymentsOwnership(): EntityOwnershipResponse {
  const now = DateTime.now();
  return {
    entityRef: 'component:default/payments',
    title: 'Payments',
    owner: {
      entityRef: 'group:default/payments-team',
      exists: true,
      kind: 'Group',
      displayName: 'Payments Team',
      email: 'payments@example.com',
      members: [jane, john],
      parents: [{ entityRef: 'group:default/finance', displayName: 'Finance' }],
    },
    hasOwnershipBlock: true,
    primary: jane,
    secondary: john,
    channels: { slack: '#payments', email: 'payments@example.com' },
    tier: 'tier-1',
    level: 'service',
    collaborators: [
      {
        entityRef: 'group:default/sre',
        kind: 'Group',
        exists: true,
        displayName: 'SRE',
      },
    ],
    workingHours: {
      primary: {
        timeZone: 'Europe/Berlin',
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        start: '09:00',
        end: '17:00',
      },
      secondary: {
        timeZone: 'America/New_York',
        start: '08:00',
        end: '16:00',
      },
    },
    catalogErrors: [],
    indexed: true,
    indexedAt: now.minus({ minutes: 5 }).toISO()!,
    escalationPolicy: {
      entityRef: 'escalationpolicy:default/payments',
      exists: true,
      title: 'Payments escalation',
      levels: [
        {
          level: 1,
          name: 'Primary on-call',
          escalateAfter: 'PT15M',
          escalateAfterMinutes: 15,
          repeat: 0,
          targets: [
            {
              type: 'schedule',
              id: 'payments-primary',
              people: [jane, john],
              onCall: {
                person: jane,
                from: now.minus({ days: 1 }).toISO()!,
                until: now.plus({ days: 2, hours: 1 }).toISO()!,
              },
            },
          ],
        },
        {
          level: 2,
          name: 'Team lead',
          escalateAfter: 'PT1H',
          escalateAfterMinutes: 60,
          repeat: 1,
          targets: [
            { type: 'user', id: 'user:default/john-smith', people: [john] },
          ],
        },
      ],
    },
    onCall: [
      {
        schedule: 'payments-primary',
        provider: 'rota',
        current: {
          person: jane,
          from: now.minus({ days: 1 }).toISO()!,
          until: now.plus({ days: 2, hours: 1 }).toISO()!,
        },
        next: {
          person: john,
          from: now.plus({ days: 2, hours: 1 }).toISO()!,
          until: now.plus({ days: 9 }).toISO()!,
        },
      },
    ],
    raci: [
      {
        matrixRef: 'racimatrix:default/payments-raci',
        title: 'Payments RACI',
        activities: [
          {
            name: 'Deploy to production',
            responsible: ['group:default/payments-team'],
            accountable: ['user:default/jane-doe'],
            consulted: ['group:default/sre'],
            informed: ['group:default/support'],
            escalationPath: ['user:default/john-smith'],
          },
          {
            name: 'Approve schema changes',
            responsible: ['user:default/john-smith'],
            accountable: ['user:default/jane-doe', 'user:default/john-smith'],
            consulted: [],
            informed: ['group:default/payments-team'],
            escalationPath: [],
          },
        ],
        findings: [
          {
            entityRef: 'racimatrix:default/payments-raci',
            path: 'spec.activities[1].accountable',
            rule: 'raci-one-accountable',
            severity: 'error',
            message:
              'Activity "Approve schema changes" has 2 Accountables; exactly one is required',
            fix: 'Name exactly one person or team as accountable; move the others to responsible or consulted.',
          },
        ],
      },
    ],
    findings: [
      {
        entityRef: 'component:default/payments',
        path: 'spec.ownership.secondary',
        rule: 'distinct-contacts',
        severity: 'warning',
        message: 'The secondary contact is the same person as the primary',
        fix: 'Name a different person as secondary.',
      },
    ],
    verification: {
      status: 'verified',
      verifiedAt: now.minus({ days: 3 }).toISO()!,
      verifiedBy: 'user:default/jane-doe',
      dueAt: now.plus({ days: 87 }).toISO()!,
      periodDays: 90,
    },
  };
}

/** An entity with only spec.owner. */
export function legacyOwnership(): EntityOwnershipResponse {
  return {
    entityRef: 'component:default/legacy',
    owner: {
      entityRef: 'group:default/legacy-team',
      exists: true,
      kind: 'Group',
      displayName: 'Legacy Team',
      members: [john],
      parents: [],
    },
    hasOwnershipBlock: false,
    channels: {},
    collaborators: [],
    workingHours: {},
    catalogErrors: [],
    onCall: [],
    raci: [],
    findings: [],
    verification: { status: 'never', periodDays: 90 },
    // A service added since the last refresh: checked live.
    indexed: false,
  };
}

export const mobileBffComponent: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'mobile-bff', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/mobile-checkout-feature-team-with-a-long-name',
    ownership: {
      level: 'feature',
      feature: 'mobile-checkout',
      expires: '2099-06-30',
      transferTo: 'group:default/payments-team',
    },
  },
};

const MOBILE_BFF = 'component:default/mobile-bff';
const MOBILE_OWNER =
  'group:default/mobile-checkout-feature-team-with-a-long-name';
const CATALOG_ERROR =
  'Policy check failed for component:default/mobile-bff; caused by /spec/ownership/tier must be equal to one of the allowed values';

const orphanFinding = (code: OrphanReasonCode, path: string) => {
  const reason = describeOrphanReason(code, {
    owner: MOBILE_OWNER,
    verificationPeriodDays: 90,
    firstSeenAt: '2025-01-02T00:00:00Z',
    catalogError: CATALOG_ERROR,
  });
  return createFinding(code, {
    entityRef: MOBILE_BFF,
    path,
    message: reason.message,
    fix: reason.fix,
  });
};

/**
 * A feature-owned service the catalog cannot process any more, whose owner
 * team has no members: the story of issue 9 on one card. The warning comes
 * first so that the card has to sort.
 */
export function mobileBffOwnership(): EntityOwnershipResponse {
  return {
    entityRef: MOBILE_BFF,
    // The team's spec.members name users the catalog does not hold.
    owner: {
      entityRef: MOBILE_OWNER,
      exists: true,
      kind: 'Group',
      members: [
        { entityRef: 'user:default/left-in-2024', exists: false },
        { entityRef: 'user:default/contractor', exists: false },
      ],
      parents: [],
    },
    hasOwnershipBlock: true,
    channels: {},
    level: 'feature',
    feature: 'mobile-checkout',
    expires: '2099-06-30',
    transferTo: {
      entityRef: 'group:default/payments-team',
      kind: 'Group',
      exists: true,
      displayName: 'Payments Team',
    },
    collaborators: [
      {
        entityRef: 'user:default/ghost',
        kind: 'User',
        exists: false,
      },
    ],
    workingHours: {},
    onCall: [],
    raci: [],
    findings: [
      orphanFinding('not-verified', 'metadata'),
      orphanFinding('owner-no-members', 'spec.owner'),
      orphanFinding('catalog-processing-error', 'metadata'),
    ],
    catalogErrors: [{ name: 'InputError', message: CATALOG_ERROR }],
    verification: { status: 'never', periodDays: 90 },
    indexed: true,
    indexedAt: '2025-03-01T10:00:00Z',
  };
}

export const raciMatrixEntity: RaciMatrixEntityV1alpha1 = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'RaciMatrix',
  metadata: {
    name: 'payments-raci',
    namespace: 'default',
    title: 'Payments RACI',
    description: 'Who does what for the payments service',
  },
  spec: {
    owner: 'group:default/payments-team',
    appliesTo: ['component:default/payments'],
    activities: [
      {
        name: 'Deploy to production',
        responsible: ['group:default/payments-team'],
        accountable: 'user:default/jane-doe',
        consulted: ['group:default/sre'],
        informed: ['group:default/support'],
        escalationPath: ['group:default/sre'],
      },
      {
        name: 'Approve schema changes',
        responsible: [],
        accountable: ['user:default/jane-doe', 'user:default/john-smith'],
        informed: ['group:default/payments-team'],
      },
    ],
  },
};

export const orphans: OrphanedService[] = [
  {
    entityRef: 'component:default/billing',
    kind: 'Component',
    type: 'service',
    title: 'Billing',
    tier: 'tier-1',
    lifecycle: 'production',
    reasons: [
      {
        code: 'no-owner',
        severity: 'error',
        message: 'The service has no owner',
        fix: 'Set spec.owner to the accountable team.',
      },
    ],
  },
  {
    entityRef: 'component:default/search',
    kind: 'Component',
    type: 'service',
    owner: 'group:default/search-team',
    tier: 'tier-2',
    reasons: [
      {
        code: 'owner-single-member',
        severity: 'warning',
        message: 'The owner team has a single member',
        fix: 'Add a second member to group:default/search-team.',
      },
    ],
  },
];

export const coverage: CoverageResponse = {
  total: 40,
  owned: 31,
  coverage: 77.5,
  byKind: [
    { key: 'Component', total: 30, owned: 24, coverage: 80 },
    { key: 'API', total: 10, owned: 7, coverage: 70 },
  ],
  byType: [],
  byLifecycle: [],
  // In the order a server might send them: not by tier.
  byTier: [
    { key: '(none)', total: 4, owned: 1, coverage: 25 },
    { key: 'tier-3', total: 6, owned: 5, coverage: 83.3 },
    { key: 'tier-1', total: 8, owned: 8, coverage: 100 },
    { key: 'tier-2', total: 22, owned: 17, coverage: 77.3 },
  ],
  byOwner: [
    { key: 'group:default/payments-team', total: 5, owned: 5, coverage: 100 },
  ],
  bySystem: [
    { key: 'system:default/checkout', total: 6, owned: 4, coverage: 66.7 },
  ],
  indexedAt: '2025-03-01T10:00:00Z',
};

export const trend: CoverageTrendPoint[] = [
  { date: '2025-02-27', total: 38, owned: 28, coverage: 73.7 },
  { date: '2025-02-28', total: 39, owned: 30, coverage: 76.9 },
  { date: '2025-03-01', total: 40, owned: 31, coverage: 77.5 },
];

export function teamOwnership(): TeamOwnershipResponse {
  return {
    entityRef: 'group:default/payments-team',
    title: 'Payments Team',
    memberCount: 2,
    childGroups: ['group:default/payments-api'],
    owned: [
      {
        entityRef: 'component:default/payments',
        kind: 'Component',
        type: 'service',
        title: 'Payments',
        tier: 'tier-1',
        owner: 'group:default/payments-team',
        direct: true,
      },
      {
        entityRef: 'api:default/payments-api',
        kind: 'API',
        type: 'openapi',
        tier: 'tier-2',
        owner: 'group:default/payments-api',
        direct: false,
      },
    ],
    collaborations: [
      {
        entityRef: 'component:default/checkout',
        kind: 'Component',
        title: 'Checkout',
        owner: 'group:default/checkout-team',
        collaborator: 'group:default/payments-team',
      },
    ],
    raciRoles: [
      {
        matrixRef: 'racimatrix:default/payments-raci',
        activity: 'Deploy to production',
        role: 'R',
        participant: 'group:default/payments-team',
      },
      {
        matrixRef: 'racimatrix:default/payments-raci',
        activity: 'Approve schema changes',
        role: 'I',
        participant: 'group:default/payments-team',
      },
      {
        matrixRef: 'racimatrix:default/payments-raci',
        activity: 'Roll back a release',
        role: 'E',
        participant: 'group:default/payments-team',
      },
    ],
    escalationPolicies: [
      {
        policyRef: 'escalationpolicy:default/payments',
        levels: ['Primary on-call'],
        as: 'owner',
      },
    ],
    gaps: [orphans[1]],
  };
}

/**
 * The catalog behind the tests: the entities and the people and teams the
 * fixtures refer to.
 */
export function catalogEntities(): Entity[] {
  return [
    paymentsComponent,
    legacyComponent,
    mobileBffComponent,
    paymentsTeam,
    raciMatrixEntity,
    user('jane-doe', 'Jane Doe', 'jane@example.com'),
    user('john-smith', 'John Smith', 'john@example.com'),
    group('legacy-team', 'Legacy Team'),
    group('mobile-checkout-feature-team-with-a-long-name', 'Mobile checkout'),
    group('search-team', 'Search Team'),
    group('finance', 'Finance'),
    group('sre', 'SRE'),
    group('support', 'Support'),
  ];
}
