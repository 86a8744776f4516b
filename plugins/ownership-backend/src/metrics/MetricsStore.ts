/** Which incidents the metrics cover. */
export interface IncidentMetricsFilter {
  /** Created at or after. */
  from: Date;
  /** Created before. */
  to: Date;
  /** Only incidents charged to this team. */
  team?: string;
  entityRef?: string;
  /** Response SLA of incidents whose policy's level-1 escalateAfter is unknown. */
  defaultSlaMinutes: number;
  /** Unacknowledged incidents created less than their response SLA before this are pending. */
  now: Date;
}

/** How the metrics are grouped. */
export type IncidentMetricsGrouping = 'overall' | 'team' | 'entity';

/** Aggregates of one group; durations in seconds. */
export interface IncidentAggregateRow {
  /** Team or entity ref; null for overall and for incidents charged to no team. */
  key: string | null;
  incidents: number;
  bySeverity: { P0: number; P1: number; P2: number; P3: number };
  tta: {
    count: number;
    mean: number | null;
    p50: number | null;
    p90: number | null;
  };
  ttr: {
    count: number;
    mean: number | null;
    p50: number | null;
    p90: number | null;
  };
  escalated: number;
  slaMet: number;
  /** Unacknowledged and still inside their response SLA: neither met nor missed. */
  slaPending: number;
}

/** What the incident metrics need from storage: aggregates computed in SQL. */
export interface MetricsStore {
  incidentAggregates(
    filter: IncidentMetricsFilter,
    grouping: IncidentMetricsGrouping,
    options?: { limit?: number },
  ): Promise<IncidentAggregateRow[]>;
  /**
   * The overall and the per-team figures in one go (as `overall` and
   * `team` give them), so that the rollup is read once.
   */
  overallAndTeamAggregates(filter: IncidentMetricsFilter): Promise<{
    overall?: IncidentAggregateRow;
    teams: IncidentAggregateRow[];
  }>;
}
