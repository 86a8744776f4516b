import {
  TeamCoveragePoint,
  TeamHandoffStats,
} from '@service-ownership/plugin-ownership-common';

/** A window of closed handoffs and the moment open ones are judged at. */
export interface HandoffWindow {
  from: Date;
  to: Date;
  now: Date;
}

/** What the index says about the services one owner owns now. */
export interface TeamIndexRow {
  teamRef: string;
  services: number;
  owned: number;
  /** Members of the owner group (1 for a User owner, 0 when unknown). */
  members: number;
  /** Sum of the services' tier weights (tier-1 3, tier-2 2, other 1). */
  tierWeight: number;
  /** People on the rota of the team's escalation policies. */
  rotaPeople: number;
}

/** Review evidence of one owner's services as of a moment. */
export interface TeamReviewRow {
  teamRef: string;
  /** Latest evidence of any of the services. */
  latest: Date | null;
  /** Latest evidence of the least recently reviewed service. */
  oldest: Date | null;
  neverReviewed: number;
  /** Services whose last evidence is before `staleBefore`. */
  stale: number;
}

/** Org-wide coverage now. */
export interface CoverageNow {
  services: number;
  owned: number;
}

/** The ownership figures beside incidents, aggregated in SQL. */
export interface OwnershipMetricsStore {
  /** Per team, a handoff counting on both teams. */
  teamHandoffs(
    window: HandoffWindow,
    team?: string,
  ): Promise<Map<string, TeamHandoffStats>>;
  /** Every handoff once. */
  handoffTotals(window: HandoffWindow): Promise<TeamHandoffStats>;
  /** The services each owner owns now, from the index. */
  teamIndex(team?: string): Promise<TeamIndexRow[]>;
  /** Per-team coverage per day from `fromDate` to `toDate` (YYYY-MM-DD). */
  teamCoverageTrend(
    fromDate: string,
    toDate: string,
    team?: string,
  ): Promise<Map<string, TeamCoveragePoint[]>>;
  coverageNow(): Promise<CoverageNow>;
  coverageTrend(fromDate: string, toDate: string): Promise<TeamCoveragePoint[]>;
  teamReviews(
    asOf: Date,
    staleBefore: Date,
    team?: string,
  ): Promise<TeamReviewRow[]>;
  /** Services not counted as owned, errors first, then by ref. */
  firstOrphans(limit: number): Promise<string[]>;
  /** Services listed with each orphan reason. */
  orphansByReason(): Promise<Map<string, number>>;
}
