/**
 * Incident severities, most severe first (the RACI matrix's P0–P3
 * escalation matrix).
 *
 * @public
 */
export const INCIDENT_SEVERITY_LEVELS = ['P0', 'P1', 'P2', 'P3'] as const;

/**
 * An incident severity.
 *
 * @public
 */
export type IncidentSeverityLevel = (typeof INCIDENT_SEVERITY_LEVELS)[number];

/**
 * One incident as a source reports it: `POST /incidents/batch` items and
 * what incident sources yield. Times are ISO 8601 timestamps.
 *
 * @public
 */
export interface IncidentInput {
  /** The incident tool, e.g. `pagerduty` or `file`; with `id`, the identity. */
  source: string;
  /** The incident's id in its source. */
  id: string;
  /** The affected entity, e.g. `component:default/payments-api`. */
  entityRef: string;
  severity: IncidentSeverityLevel;
  createdAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  /** Whether the incident went past the first escalation level. */
  escalated?: boolean;
  /** How many escalation levels were notified (1 when only the first). */
  levelsReached?: number;
  /** Who responded (user refs or the source's names). */
  responders?: string[];
}

/**
 * What became of one incident of a batch.
 *
 * @public
 */
export type IncidentBatchOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'rejected';

/**
 * The outcome of one item of `POST /incidents/batch`, in request order.
 *
 * @public
 */
export interface IncidentBatchItemResult {
  /** The item's position in the request. */
  index: number;
  /** As sent, when it was a string. */
  source?: string;
  id?: string;
  outcome: IncidentBatchOutcome;
  /** The team the incident is charged to: its owner at `createdAt`. */
  chargedTo?: string | null;
  /** Why it was rejected, one line per problem, each naming the field. */
  reasons?: string[];
}

/**
 * `POST /incidents/batch` response: good incidents are kept even when
 * others are rejected.
 *
 * @public
 */
export interface IncidentBatchResponse {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  results: IncidentBatchItemResult[];
}

/**
 * Where an ownership interval comes from.
 *
 * @public
 */
export type OwnershipHistorySource = 'index' | 'handoff';

/**
 * One interval of an entity's ownership.
 *
 * @public
 */
export interface OwnershipHistoryEntry {
  entityRef: string;
  /** Null while the entity had no owner. */
  ownerRef: string | null;
  escalationPolicyRef: string | null;
  tier: string | null;
  /** The level-1 `escalateAfter` of the policy in force, in minutes, when known. */
  responseSlaMinutes: number | null;
  validFrom: string;
  /** Absent for the current interval. */
  validTo?: string;
  source: OwnershipHistorySource;
}

/**
 * `GET /entities/:kind/:namespace/:name/ownership-history`.
 *
 * @public
 */
export interface OwnershipHistoryResponse {
  entityRef: string;
  /** Oldest first. */
  entries: OwnershipHistoryEntry[];
}

/**
 * Mean and nearest-rank percentiles of durations, in minutes; null when no
 * incident had the duration.
 *
 * @public
 */
export interface IncidentDurationStats {
  /** Incidents that have the duration (acknowledged, or resolved). */
  count: number;
  meanMinutes: number | null;
  p50Minutes: number | null;
  p90Minutes: number | null;
}

/**
 * Targets the metrics are compared with (the ownership model guide's by
 * default).
 *
 * @public
 */
export interface IncidentMetricsTargets {
  /** Mean time to resolve, at most. */
  mttrMinutes: number;
  /** Share of incidents escalated past level 1, at most (0–1). */
  escalationRate: number;
  /** Share acknowledged within the response SLA, at least (0–1). */
  responseSlaCompliance: number;
}

/**
 * The guide's targets: MTTR under 30 minutes, escalation rate under 20 %,
 * on-call response over 95 %.
 *
 * @public
 */
export const DEFAULT_INCIDENT_METRICS_TARGETS: IncidentMetricsTargets = {
  mttrMinutes: 30,
  escalationRate: 0.2,
  responseSlaCompliance: 0.95,
};

/**
 * Incident metrics of one team, one entity or everything in the window.
 *
 * @public
 */
export interface IncidentMetrics {
  incidents: number;
  bySeverity: Record<IncidentSeverityLevel, number>;
  /** Time to acknowledge. */
  mtta: IncidentDurationStats;
  /** Time to resolve. */
  mttr: IncidentDurationStats;
  /** Escalated incidents / incidents; null without incidents. */
  escalationRate: number | null;
  /**
   * Incidents acknowledged within the level-1 `escalateAfter` of the policy
   * in force when they were created (the configured default when unknown)
   * / incidents; an unacknowledged incident counts as a miss.
   */
  responseSlaCompliance: number | null;
  /** Whether each figure meets its target; null without data. */
  meetsTargets: {
    mttr: boolean | null;
    escalationRate: boolean | null;
    responseSlaCompliance: boolean | null;
  };
}

/**
 * Metrics of the team an incident was charged to.
 *
 * @public
 */
export interface TeamIncidentMetrics extends IncidentMetrics {
  /** Null for incidents of entities that had no owner. */
  teamRef: string | null;
}

/**
 * Metrics of one entity.
 *
 * @public
 */
export interface EntityIncidentMetrics extends IncidentMetrics {
  entityRef: string;
}

/**
 * `GET /metrics` response.
 *
 * @public
 */
export interface IncidentMetricsResponse {
  window: { from: string; to: string };
  targets: IncidentMetricsTargets;
  /** The default response SLA in minutes, for policies without a known level 1. */
  defaultResponseSlaMinutes: number;
  overall: IncidentMetrics;
  /** Most incidents first. */
  teams: TeamIncidentMetrics[];
  /** Most incidents first, at most `entityLimit`. */
  entities: EntityIncidentMetrics[];
}
