import {
  IncidentDurationStats,
  IncidentMetrics,
  IncidentMetricsTargets,
  INCIDENT_SEVERITY_LEVELS,
  OwnershipMetricsTargets,
  TeamOwnershipMetrics,
} from '@service-ownership/plugin-ownership-common';

/** The figures of one team (or of everything) and the targets they are held to. */
export type FigureInput = {
  incidents: IncidentMetrics;
  /** Absent for the overall row, and from backends without ownership figures. */
  ownership?: TeamOwnershipMetrics;
  targets: IncidentMetricsTargets;
  ownershipTargets?: OwnershipMetricsTargets;
  defaultResponseSlaMinutes: number;
};

/** One figure of the metrics: its name, what it measures, its value and target. */
export type Figure = {
  id: string;
  label: string;
  /** Exactly what the figure measures, shown in the UI. */
  definition: (input: FigureInput) => string;
  value: (input: FigureInput) => string;
  /** The target in words; absent for figures without one. */
  target?: (input: FigureInput) => string | undefined;
  /** true met, false missed, null no data; absent without a target. */
  meets?: (input: FigureInput) => boolean | null | undefined;
};

/** Minutes for people: "45 min", "2 h 5 min"; "–" when unknown. */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined) {
    return '–';
  }
  if (minutes < 60) {
    return `${Math.round(minutes * 10) / 10} min`;
  }
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes - hours * 60);
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** A share (0–1) as a whole percentage; "–" when unknown. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined
    ? '–'
    : `${Math.round(share * 1000) / 10}%`;
}

const stats = (s: IncidentDurationStats) =>
  s.count
    ? `${formatMinutes(s.meanMinutes)} (p50 ${formatMinutes(
        s.p50Minutes,
      )}, p90 ${formatMinutes(s.p90Minutes)})`
    : '–';

/** "3 (P0 1, P1 2)": incidents and the severities that occurred. */
export function formatSeverities(m: IncidentMetrics): string {
  const parts = INCIDENT_SEVERITY_LEVELS.filter(s => m.bySeverity[s]).map(
    s => `${s} ${m.bySeverity[s]}`,
  );
  return parts.length ? `${m.incidents} (${parts.join(', ')})` : '0';
}

/**
 * The figures of the metrics page and the team section, in the order they
 * are shown: one table, so that both say the same thing about a figure.
 */
export const FIGURES: Figure[] = [
  {
    id: 'incidents',
    label: 'Incidents',
    definition: () =>
      'Incidents created in the window, by severity, charged to the team that owned the entity when the incident was created (from the ownership history), not to its owner today.',
    value: ({ incidents }) => formatSeverities(incidents),
  },
  {
    id: 'mtta',
    label: 'MTTA',
    definition: () =>
      'Mean time to acknowledge: from creation to the first acknowledgement, over the acknowledged incidents; p50 and p90 are nearest-rank percentiles.',
    value: ({ incidents }) => stats(incidents.mtta),
  },
  {
    id: 'mttr',
    label: 'MTTR',
    definition: () =>
      'Mean time to resolve: from creation to resolution, over the resolved incidents; p50 and p90 are nearest-rank percentiles.',
    value: ({ incidents }) => stats(incidents.mttr),
    target: ({ targets }) => `mean under ${targets.mttrMinutes} min`,
    meets: ({ incidents }) => incidents.meetsTargets.mttr,
  },
  {
    id: 'escalation-rate',
    label: 'Escalation rate',
    definition: () =>
      'Share of the incidents that went past the first level of their escalation policy.',
    value: ({ incidents }) => formatShare(incidents.escalationRate),
    target: ({ targets }) => `under ${formatShare(targets.escalationRate)}`,
    meets: ({ incidents }) => incidents.meetsTargets.escalationRate,
  },
  {
    id: 'response-sla',
    label: 'Response SLA',
    definition: ({ defaultResponseSlaMinutes }) =>
      `Share of the incidents acknowledged within the level-1 escalateAfter of the escalation policy in force when the incident was created (${defaultResponseSlaMinutes} min where that is unknown); an incident never acknowledged counts as a miss.`,
    value: ({ incidents }) => formatShare(incidents.responseSlaCompliance),
    target: ({ targets }) =>
      `over ${formatShare(targets.responseSlaCompliance)}`,
    meets: ({ incidents }) => incidents.meetsTargets.responseSlaCompliance,
  },
  {
    id: 'handoff-success',
    label: 'Handoff success',
    definition: () =>
      'Handoffs the team gave or received that closed in the window: completed / (completed + rolled back), with the median days from initiation to completion.',
    value: ({ ownership }) => {
      const h = ownership?.handoffs;
      if (!h || h.successRate === null) {
        return '–';
      }
      const median =
        h.medianDurationDays === null
          ? ''
          : `, median ${Math.round(h.medianDurationDays * 10) / 10} days`;
      return `${formatShare(h.successRate)} (${h.completed} of ${
        h.completed + h.rolledBack
      }${median})`;
    },
    target: ({ ownershipTargets }) =>
      ownershipTargets &&
      `over ${formatShare(ownershipTargets.handoffSuccess)}`,
    meets: ({ ownership }) => ownership?.meetsTargets.handoffSuccess,
  },
  {
    id: 'coverage',
    label: 'Coverage',
    definition: () =>
      "Share of the team's services counted as owned now: an owner in an owned state and no error-level orphan reason.",
    value: ({ ownership }) =>
      ownership && ownership.coverage.coverage !== null
        ? `${formatShare(ownership.coverage.coverage)} (${
            ownership.coverage.owned
          } of ${ownership.coverage.total})`
        : '–',
    target: ({ ownershipTargets }) =>
      ownershipTargets && `over ${formatShare(ownershipTargets.coverage)}`,
    meets: ({ ownership }) => ownership?.meetsTargets.coverage,
  },
  {
    id: 'review-freshness',
    label: 'Review freshness',
    definition: () =>
      "Days from the most recent ownership evidence of any of the team's services (an ownership verification, or a documentation item of a handoff checklist) to the end of the window; services never reviewed are counted apart.",
    value: ({ ownership }) => {
      const r = ownership?.reviewFreshness;
      if (!r) {
        return '–';
      }
      const days =
        r.daysSinceLastReview === null
          ? 'never reviewed'
          : `${r.daysSinceLastReview} days`;
      return r.neverReviewed
        ? `${days} (${r.neverReviewed} never reviewed)`
        : days;
    },
    target: ({ ownershipTargets }) =>
      ownershipTargets &&
      `at most ${ownershipTargets.reviewFreshnessDays} days`,
    meets: ({ ownership }) => ownership?.meetsTargets.reviewFreshness,
  },
];
