import {
  DEFAULT_INCIDENT_METRICS_TARGETS,
  DEFAULT_OWNERSHIP_METRICS_TARGETS,
  IncidentMetrics,
  OwnershipHealthReport,
  OwnershipMetricsResponse,
  TeamOwnershipMetrics,
} from '@service-ownership/plugin-ownership-common';

const WINDOW = {
  from: '2026-10-31T00:00:00.000Z',
  to: '2026-11-30T00:00:00.000Z',
};

/** payments meets every incident target; data misses them all. */
export const paymentsIncidents: IncidentMetrics = {
  incidents: 12,
  bySeverity: { P0: 1, P1: 3, P2: 5, P3: 3 },
  mtta: { count: 12, meanMinutes: 4.5, p50Minutes: 4, p90Minutes: 9 },
  mttr: { count: 11, meanMinutes: 22.25, p50Minutes: 20, p90Minutes: 41 },
  escalationRate: 0.0833,
  responseSlaCompliance: 1,
  meetsTargets: {
    mttr: true,
    escalationRate: true,
    responseSlaCompliance: true,
  },
};

export const dataIncidents: IncidentMetrics = {
  incidents: 5,
  bySeverity: { P0: 0, P1: 1, P2: 2, P3: 2 },
  mtta: { count: 4, meanMinutes: 31, p50Minutes: 25, p90Minutes: 70 },
  mttr: { count: 5, meanMinutes: 125, p50Minutes: 90, p90Minutes: 240 },
  escalationRate: 0.4,
  responseSlaCompliance: 0.6,
  meetsTargets: {
    mttr: false,
    escalationRate: false,
    responseSlaCompliance: false,
  },
};

const teamOwnership = (
  teamRef: string,
  good: boolean,
): TeamOwnershipMetrics => ({
  teamRef,
  handoffs: good
    ? {
        completed: 1,
        rolledBack: 0,
        successRate: 1,
        medianDurationDays: 15.5,
        open: 0,
        overdue: 0,
      }
    : {
        completed: 0,
        rolledBack: 0,
        successRate: null,
        medianDurationDays: null,
        open: 1,
        overdue: 0,
      },
  coverage: {
    total: good ? 9 : 2,
    owned: good ? 9 : 1,
    coverage: good ? 1 : 0.5,
    trend: [
      { date: '2026-11-01', total: good ? 9 : 2, owned: good ? 8 : 2 },
      { date: '2026-11-29', total: good ? 9 : 2, owned: good ? 9 : 1 },
    ],
  },
  reviewFreshness: {
    daysSinceLastReview: good ? 12 : null,
    oldestReviewDays: good ? 40 : null,
    neverReviewed: good ? 0 : 2,
    stale: 0,
  },
  members: good ? 4 : 1,
  onCallLoad: good ? 3.5 : 7,
  meetsTargets: {
    coverage: good,
    handoffSuccess: good ? true : null,
    reviewFreshness: good,
  },
});

/** A 30-day metrics response with two teams. */
export function metricsResponse(): OwnershipMetricsResponse {
  const overall: IncidentMetrics = {
    ...paymentsIncidents,
    incidents: 17,
    bySeverity: { P0: 1, P1: 4, P2: 7, P3: 5 },
    mtta: { count: 16, meanMinutes: 12.3, p50Minutes: 5, p90Minutes: 31 },
    mttr: { count: 16, meanMinutes: 51.6, p50Minutes: 22, p90Minutes: 125 },
    escalationRate: 0.1765,
    responseSlaCompliance: 0.8824,
    meetsTargets: {
      mttr: false,
      escalationRate: true,
      responseSlaCompliance: false,
    },
  };
  return {
    window: WINDOW,
    targets: DEFAULT_INCIDENT_METRICS_TARGETS,
    defaultResponseSlaMinutes: 15,
    overall,
    teams: [
      { teamRef: 'group:default/payments-team', ...paymentsIncidents },
      { teamRef: 'group:default/data', ...dataIncidents },
    ],
    entities: [],
    percentiles: { method: 'exact', relativeErrorBound: 0 },
    ownershipTargets: DEFAULT_OWNERSHIP_METRICS_TARGETS,
    coverage: {
      total: 11,
      owned: 10,
      coverage: 10 / 11,
      trend: [
        { date: '2026-11-01', total: 11, owned: 10 },
        { date: '2026-11-29', total: 11, owned: 10 },
      ],
    },
    teamOwnership: [
      teamOwnership('group:default/payments-team', true),
      teamOwnership('group:default/data', false),
    ],
  };
}

/** The health report of the same window, with two recommendations. */
export function healthReport(): OwnershipHealthReport {
  return {
    window: WINDOW,
    generatedAt: WINDOW.to,
    targets: {
      ...DEFAULT_INCIDENT_METRICS_TARGETS,
      ...DEFAULT_OWNERSHIP_METRICS_TARGETS,
    },
    percentiles: { method: 'exact', relativeErrorBound: 0 },
    summary: {
      services: 11,
      owned: 10,
      coverage: 10 / 11,
      orphans: 1,
      incidents: 17,
      mttrMinutes: 51.6,
      mttaMinutes: 12.3,
      escalationRate: 0.18,
      responseSlaCompliance: 0.88,
      handoffsCompleted: 1,
      handoffsRolledBack: 0,
      handoffSuccessRate: 1,
      openHandoffs: 1,
      overdueHandoffs: 0,
      teams: 2,
      teamsMeetingAllTargets: 1,
    },
    teams: [],
    recommendations: [
      {
        kind: 'mttr',
        severity: 'high',
        teamRef: 'group:default/data',
        message: 'MTTR of 125 min is over the 30 min target: review runbooks.',
        value: 125,
        target: 30,
      },
      {
        kind: 'coverage',
        severity: 'medium',
        message: 'Coverage of 90.9% is under the 99% target.',
        value: 0.909,
        target: 0.99,
        entityRefs: ['component:default/cron-runner'],
      },
    ],
  };
}
