import {
  AuditIntegrityResponse,
  createHandoff,
  Handoff,
  HandoffMetricsResponse,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { OwnershipAuditEntry } from '../api';

export const PAYMENTS = 'component:default/payments';
export const PAYMENTS_TEAM = 'group:default/payments-team';
export const SEARCH_TEAM = 'group:default/search-team';

/**
 * A handoff of the payments service to the search team, started a day ago
 * by Jane, in the state and with the changes given.
 */
export function handoff(overrides: Partial<Handoff> = {}): Handoff {
  const started = DateTime.now().minus({ days: 1 });
  return {
    ...createHandoff(
      {
        id: 'handoff-1',
        entityRef: PAYMENTS,
        fromTeam: PAYMENTS_TEAM,
        toTeam: SEARCH_TEAM,
        actor: 'user:default/jane-doe',
        reason: 'Team split',
      },
      started,
    ),
    ...overrides,
  };
}

/** A handoff in validation whose shadow period runs three more days. */
export function validationHandoff(overrides: Partial<Handoff> = {}): Handoff {
  const base = handoff();
  // Half an hour over three days, so that it reads "3 days" a while.
  const shadowEnds = DateTime.now()
    .plus({ days: 3, minutes: 30 })
    .toUTC()
    .toISO()!;
  return {
    ...base,
    state: 'validation',
    version: 7,
    shadowStartedAt: DateTime.now().minus({ days: 11 }).toUTC().toISO()!,
    shadowEndsAt: shadowEnds,
    stateDueAt: DateTime.now().plus({ days: 5 }).toUTC().toISO()!,
    checklist: base.checklist.map(item => ({
      ...item,
      done: item.id !== 'runbooks-reviewed',
      ...(item.id !== 'runbooks-reviewed'
        ? { doneBy: 'user:default/jane-doe', doneAt: base.initiatedAt }
        : {}),
    })),
    ...overrides,
  };
}

/** A completed handoff whose patch is not in the catalog yet. */
export function completedHandoff(): Handoff {
  const base = validationHandoff({
    initiatedAt: DateTime.now().minus({ days: 30 }).toUTC().toISO()!,
  });
  return {
    ...base,
    id: 'handoff-0',
    state: 'completed',
    version: 9,
    completedAt: base.initiatedAt,
    closedAt: base.initiatedAt,
    closedBy: 'user:default/jane-doe',
    stateDueAt: undefined,
  };
}

export const PATCH_DIFF = `--- a/catalog-info.yaml
+++ b/catalog-info.yaml
@@ spec
-  owner: group:default/payments-team
+  owner: group:default/search-team`;

export const handoffMetrics: HandoffMetricsResponse = {
  from: '2025-01-01T00:00:00.000Z',
  to: '2025-04-01T00:00:00.000Z',
  overall: {
    completed: 3,
    rolledBack: 1,
    successRate: 0.75,
    medianDurationDays: 21.5,
    open: 2,
    overdue: 1,
  },
  teams: [
    {
      team: PAYMENTS_TEAM,
      completed: 2,
      rolledBack: 0,
      successRate: 1,
      medianDurationDays: 18,
      open: 1,
      overdue: 0,
    },
    {
      team: 'group:default/legacy-team',
      completed: 1,
      rolledBack: 1,
      successRate: 0.5,
      medianDurationDays: 30,
      open: 1,
      overdue: 1,
    },
  ],
};

export const auditEntries: OwnershipAuditEntry[] = [
  {
    id: '3',
    occurredAt: '2025-03-02T10:00:00.000Z',
    actor: 'user:default/jane-doe',
    action: 'handoff-checklist',
    entityRef: PAYMENTS,
    details: { item: 'documentation-updated', justification: 'Wiki page' },
    correlationId: 'c-3',
    teams: [PAYMENTS_TEAM, SEARCH_TEAM],
  },
  {
    id: '2',
    occurredAt: '2025-03-01T09:00:00.000Z',
    actor: 'user:default/john-smith',
    action: 'handoff-start',
    entityRef: PAYMENTS,
    details: { from: 'initiated' },
    correlationId: 'c-2',
    teams: [PAYMENTS_TEAM, SEARCH_TEAM],
  },
  {
    id: '1',
    occurredAt: '2025-02-01T08:00:00.000Z',
    actor: 'user:default/john-smith',
    action: 'verify',
    entityRef: 'component:default/legacy',
    details: {},
    correlationId: 'c-1',
    teams: ['group:default/legacy-team'],
  },
];

export const brokenIntegrity: AuditIntegrityResponse = {
  intact: false,
  checked: 3,
  firstBrokenId: '2',
  checkedAt: '2025-03-03T00:00:00.000Z',
};
