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
   * / incidents not pending; an unacknowledged incident counts as a miss
   * once its response SLA has passed. Null without incidents not pending.
   */
  responseSlaCompliance: number | null;
  /**
   * Unacknowledged incidents still inside their response SLA: neither met
   * nor missed yet.
   */
  responseSlaPending?: number;
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

/**
 * How the percentiles of a metrics response were computed. Means are
 * always exact.
 *
 * @public
 */
export interface IncidentPercentileMethod {
  /**
   * `exact`: nearest-rank over the incidents. `histogram`: from the daily
   * rollup's duration buckets (bounds 1, 2, 3, 5, 8, 10, 15, 20, 30, 45,
   * 60, 90, 120, 180, 240, 360, 480, 720, 1440 … minutes): the reported
   * value is the upper bound of the bucket holding the nearest-rank
   * incident, so it is at least the exact percentile and at most
   * `relativeErrorBound` above it (relative to the exact value) below the
   * last bound.
   */
  method: 'exact' | 'histogram';
  /** Largest relative overstatement, e.g. 0.5 for at most 50 % above (0 when exact). */
  relativeErrorBound: number;
}

/**
 * Handoffs of one team in the window: those closed in the window where the
 * team gave or received the entity (a handoff counts on both teams).
 *
 * @public
 */
export interface TeamHandoffStats {
  /** Completed in the window. */
  completed: number;
  /** Rolled back (or force-closed) in the window. */
  rolledBack: number;
  /** completed / (completed + rolledBack); null when none closed. */
  successRate: number | null;
  /** Median days from initiation to completion of the completed ones. */
  medianDurationDays: number | null;
  /** Open now (any open state), given or received. */
  open: number;
  /** Open now and past their stage's due date. */
  overdue: number;
}

/**
 * One day of a team's coverage, from the index refresh's per-team daily
 * snapshot (`ownership_team_coverage_snapshots`).
 *
 * @public
 */
export interface TeamCoveragePoint {
  /** UTC day, YYYY-MM-DD. */
  date: string;
  /** Services the team owned that day. */
  total: number;
  /** Of those, counted as owned (owner in an owned state, no error reason). */
  owned: number;
}

/**
 * Coverage of the services a team owns, now and per day in the window.
 *
 * @public
 */
export interface TeamCoverageStats {
  total: number;
  owned: number;
  /** owned / total (0–1); null without services. */
  coverage: number | null;
  /** Oldest first; days without a refresh are absent. */
  trend: TeamCoveragePoint[];
}

/**
 * Ownership-review freshness of a team's services.
 *
 * @public
 */
export interface TeamReviewFreshness {
  /**
   * Whole days from the most recent review evidence of any of the services
   * the team owns now to the end of the window. Review evidence of a
   * service is its latest ownership verification (`POST …/verify`) or the
   * completion of a handoff of it (which passed the documentation-review
   * stage with its documentation item checked), whichever is later and not
   * after the end of the window. Null when none of the team's services has
   * any such evidence. Catalog edits and TechDocs updates do not count.
   */
  daysSinceLastReview: number | null;
  /**
   * Days since the least recently reviewed service's last evidence (never
   * reviewed services are counted in `neverReviewed` instead).
   */
  oldestReviewDays: number | null;
  /** Services with no verification or documentation evidence at all. */
  neverReviewed: number;
  /** Services whose last evidence is older than the documentation target. */
  stale: number;
}

/**
 * Ownership metrics of one team beyond incidents (handoffs, coverage,
 * review freshness, bus factor, on-call load).
 *
 * @public
 */
export interface TeamOwnershipMetrics {
  teamRef: string;
  handoffs: TeamHandoffStats;
  coverage: TeamCoverageStats;
  reviewFreshness: TeamReviewFreshness;
  /** Direct and indirect members of the owner group in the index (1 for a User owner). */
  members: number;
  /**
   * On-call load per person: (sum over the team's services of the tier
   * weight + incidents charged in the window) / people on the rota
   * (members of the team's escalation policies, else team members).
   */
  onCallLoad: number | null;
  /** Whether each figure meets its target; null without data. */
  meetsTargets: {
    coverage: boolean | null;
    handoffSuccess: boolean | null;
    reviewFreshness: boolean | null;
  };
}

/**
 * Targets of the ownership figures (the guide's by default: coverage
 * over 99 %, handoff success over 95 %, documentation under 90 days) and
 * the recommendation thresholds.
 *
 * @public
 */
export interface OwnershipMetricsTargets {
  /** Share of services owned, at least (0–1). */
  coverage: number;
  /** Share of closed handoffs completed, at least (0–1). */
  handoffSuccess: number;
  /** Days since the last review, at most. */
  reviewFreshnessDays: number;
  /** On-call load above this multiple of the median is flagged. */
  onCallLoadFactor: number;
  /** Orphans named by the coverage recommendation. */
  orphansNamed: number;
}

/**
 * The guide's ownership targets.
 *
 * @public
 */
export const DEFAULT_OWNERSHIP_METRICS_TARGETS: OwnershipMetricsTargets = {
  coverage: 0.99,
  handoffSuccess: 0.95,
  reviewFreshnessDays: 90,
  onCallLoadFactor: 2,
  orphansNamed: 5,
};

/**
 * `GET /metrics` response with the ownership figures per team (handoffs,
 * coverage and trend, review freshness). Extends the incident metrics.
 *
 * @public
 */
export interface OwnershipMetricsResponse extends IncidentMetricsResponse {
  percentiles: IncidentPercentileMethod;
  ownershipTargets: OwnershipMetricsTargets;
  /** Org-wide coverage now and per day in the window. */
  coverage: TeamCoverageStats;
  /** Every team owning services or involved in a handoff in the window, by teamRef. */
  teamOwnership: TeamOwnershipMetrics[];
}

/**
 * Kinds of recommendation (the guide's).
 *
 * @public
 */
export const OWNERSHIP_RECOMMENDATION_KINDS = [
  'escalation-rate',
  'mttr',
  'coverage',
  'bus-factor',
  'on-call-load',
] as const;

/**
 * A kind of recommendation.
 *
 * @public
 */
export type OwnershipRecommendationKind =
  (typeof OWNERSHIP_RECOMMENDATION_KINDS)[number];

/**
 * One recommendation of the health report.
 *
 * @public
 */
export interface OwnershipRecommendation {
  kind: OwnershipRecommendationKind;
  /** `high` when the figure misses its target by more than half again. */
  severity: 'high' | 'medium';
  /** The team concerned; absent for org-wide ones (coverage). */
  teamRef?: string;
  /** One sentence: the finding and what to do. */
  message: string;
  /** The figure and its target (or median for on-call load). */
  value: number;
  target: number;
  /** Entities named (the first orphans for coverage). */
  entityRefs?: string[];
}

/**
 * `GET /metrics/recommendations` response.
 *
 * @public
 */
export interface OwnershipRecommendationsResponse {
  window: { from: string; to: string };
  recommendations: OwnershipRecommendation[];
}

/**
 * One row of the health report's per-team table.
 *
 * @public
 */
export interface OwnershipReportTeamRow {
  teamRef: string;
  incidents: number;
  mttrMinutes: number | null;
  escalationRate: number | null;
  responseSlaCompliance: number | null;
  coverage: number | null;
  handoffSuccessRate: number | null;
  daysSinceLastReview: number | null;
  members: number;
  onCallLoad: number | null;
  /** Per figure: true meets, false misses, null no data. */
  meetsTargets: {
    mttr: boolean | null;
    escalationRate: boolean | null;
    responseSlaCompliance: boolean | null;
    coverage: boolean | null;
    handoffSuccess: boolean | null;
    reviewFreshness: boolean | null;
  };
}

/**
 * `GET /metrics/report` response: the guide's ownership report for a window.
 *
 * @public
 */
export interface OwnershipHealthReport {
  window: { from: string; to: string };
  generatedAt: string;
  targets: IncidentMetricsTargets & OwnershipMetricsTargets;
  percentiles: IncidentPercentileMethod;
  summary: {
    services: number;
    owned: number;
    coverage: number | null;
    orphans: number;
    incidents: number;
    mttrMinutes: number | null;
    mttaMinutes: number | null;
    escalationRate: number | null;
    responseSlaCompliance: number | null;
    handoffsCompleted: number;
    handoffsRolledBack: number;
    handoffSuccessRate: number | null;
    openHandoffs: number;
    overdueHandoffs: number;
    teams: number;
    teamsMeetingAllTargets: number;
  };
  /** Teams, most incidents first. */
  teams: OwnershipReportTeamRow[];
  recommendations: OwnershipRecommendation[];
}

/**
 * The period of an incident trend's points: a UTC day, or an ISO week
 * (Monday to Sunday, UTC).
 *
 * @public
 */
export type IncidentTrendBucket = 'day' | 'week';

/**
 * `GET /metrics/trends` query: a window of `days` (7, 30 or 90, ending now)
 * or `from`/`to` (ISO timestamps; `to` defaults to now), for all incidents
 * or those charged to one team.
 *
 * @public
 */
export interface IncidentTrendQuery {
  days?: number;
  from?: string;
  to?: string;
  team?: string;
}

/**
 * The incidents of one period of a trend, from the daily rollup. Means and
 * rates are null when the period has nothing to measure them on, so that a
 * chart shows a gap rather than a zero.
 *
 * @public
 */
export interface IncidentTrendPoint {
  /** First UTC day of the period in the window, YYYY-MM-DD. */
  from: string;
  /** Last UTC day of the period in the window (included), YYYY-MM-DD. */
  to: string;
  /** Incidents created in the period. */
  incidents: number;
  /** Mean minutes to acknowledge, over the acknowledged incidents. */
  mttaMinutes: number | null;
  /** Mean minutes to resolve, over the resolved incidents. */
  mttrMinutes: number | null;
  /** Escalated incidents / incidents (0–1). */
  escalationRate: number | null;
  /** Incidents acknowledged within their response SLA / incidents (0–1). */
  responseSlaCompliance: number | null;
}

/**
 * `GET /metrics/trends` response: day points for windows of up to 14 days,
 * week points for longer ones. The targets are those of `GET /metrics`.
 *
 * @public
 */
export interface IncidentTrendResponse {
  /**
   * The window extended to whole UTC days (the rollup's grain): `from` the
   * start of the first day, `to` the end of the last.
   */
  window: { from: string; to: string };
  bucket: IncidentTrendBucket;
  /** The team whose incidents are counted; null for all incidents. */
  team: string | null;
  /** Every period of the window, oldest first; a partial first or last week is shorter. */
  points: IncidentTrendPoint[];
}
