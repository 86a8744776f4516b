import {
  IncidentMetricsTargets,
  OwnershipHealthReport,
  OwnershipMetricsResponse,
  OwnershipMetricsTargets,
  OwnershipRecommendationsResponse,
  OwnershipReportTeamRow,
  TeamCoverageStats,
  TeamHandoffStats,
  TeamOwnershipMetrics,
  TeamReviewFreshness,
} from '@service-ownership/plugin-ownership-common';
import {
  IncidentMetricsRequest,
  IncidentMetricsService,
} from './IncidentMetricsService';
import { OwnershipMetricsStore } from './OwnershipMetricsStore';
import { ownershipRecommendations } from './recommendations';

const DAY_MS = 24 * 3600 * 1000;
const day = (d: Date) => d.toISOString().slice(0, 10);
const ratio = (part: number, whole: number) =>
  whole ? Math.round((part / whole) * 10000) / 10000 : null;
const NO_HANDOFFS: TeamHandoffStats = {
  completed: 0,
  rolledBack: 0,
  successRate: null,
  medianDurationDays: null,
  open: 0,
  overdue: 0,
};

/** A report window. */
export interface OwnershipReportWindow {
  from: Date;
  to: Date;
}

/**
 * The ownership metrics: the incident metrics plus, per team, handoffs,
 * coverage and its trend, review freshness, members and on-call load; the
 * guide's recommendations and its health report.
 */
export class OwnershipMetricsService {
  constructor(
    private readonly options: {
      incidents: IncidentMetricsService;
      store: OwnershipMetricsStore;
      config: {
        targets: IncidentMetricsTargets;
        ownershipTargets: OwnershipMetricsTargets;
      };
    },
  ) {}

  now(): Date {
    return this.options.incidents.now();
  }

  async getMetrics(
    request: IncidentMetricsRequest,
  ): Promise<OwnershipMetricsResponse> {
    const { incidents, store, config } = this.options;
    const targets = config.ownershipTargets;
    const base = await incidents.getMetrics(request);
    const fromDate = day(request.from);
    const toDate = day(request.to);
    const staleBefore = new Date(
      request.to.getTime() - targets.reviewFreshnessDays * DAY_MS,
    );
    // One after another: a pool of one (SQLite) gains nothing from parallel queries.
    const handoffs = await store.teamHandoffs(
      { from: request.from, to: request.to, now: this.now() },
      request.team,
    );
    const index = await store.teamIndex(request.team);
    const trends = await store.teamCoverageTrend(
      fromDate,
      toDate,
      request.team,
    );
    const reviews = await store.teamReviews(
      request.to,
      staleBefore,
      request.team,
    );
    const now = await store.coverageNow();
    const orgTrend = await store.coverageTrend(fromDate, toDate);

    const incidentsOf = new Map(
      base.teams.map(t => [t.teamRef ?? '', t.incidents]),
    );
    const indexOf = new Map(index.map(r => [r.teamRef, r]));
    const reviewOf = new Map(reviews.map(r => [r.teamRef, r]));
    const teamRefs = [...new Set([...indexOf.keys(), ...handoffs.keys()])];
    const daysSince = (d: Date | null) =>
      d === null
        ? null
        : Math.max(
            0,
            Math.floor((request.to.getTime() - d.getTime()) / DAY_MS),
          );

    const teamOwnership = teamRefs
      .sort()
      .map((teamRef): TeamOwnershipMetrics => {
        const row = indexOf.get(teamRef);
        const review = reviewOf.get(teamRef);
        const handoff = handoffs.get(teamRef) ?? NO_HANDOFFS;
        const coverage: TeamCoverageStats = {
          total: row?.services ?? 0,
          owned: row?.owned ?? 0,
          coverage: ratio(row?.owned ?? 0, row?.services ?? 0),
          trend: trends.get(teamRef) ?? [],
        };
        const reviewFreshness: TeamReviewFreshness = {
          daysSinceLastReview: daysSince(review?.latest ?? null),
          oldestReviewDays: daysSince(review?.oldest ?? null),
          neverReviewed: review?.neverReviewed ?? 0,
          stale: review?.stale ?? 0,
        };
        const people = row ? row.rotaPeople || row.members : 0;
        const load = row ? row.tierWeight + (incidentsOf.get(teamRef) ?? 0) : 0;
        return {
          teamRef,
          handoffs: handoff,
          coverage,
          reviewFreshness,
          members: row?.members ?? 0,
          onCallLoad: people ? Math.round((load / people) * 100) / 100 : null,
          meetsTargets: {
            coverage:
              coverage.coverage === null
                ? null
                : coverage.coverage >= targets.coverage,
            handoffSuccess:
              handoff.successRate === null
                ? null
                : handoff.successRate >= targets.handoffSuccess,
            reviewFreshness: !coverage.total
              ? null
              : reviewFreshness.daysSinceLastReview !== null &&
                reviewFreshness.daysSinceLastReview <=
                  targets.reviewFreshnessDays,
          },
        };
      });
    return {
      ...base,
      ownershipTargets: targets,
      coverage: {
        total: now.services,
        owned: now.owned,
        coverage: ratio(now.owned, now.services),
        trend: orgTrend,
      },
      teamOwnership,
    };
  }

  async getRecommendations(
    window: OwnershipReportWindow,
  ): Promise<OwnershipRecommendationsResponse> {
    const { recommendations } = await this.recommend(window);
    return { window: this.windowOf(window), recommendations };
  }

  async getReport(
    window: OwnershipReportWindow,
  ): Promise<OwnershipHealthReport> {
    const { metrics, recommendations } = await this.recommend(window);
    const incidentTargets = this.options.config.targets;
    const teamsOf = new Map(metrics.teams.map(t => [t.teamRef ?? '', t]));
    const ownershipOf = new Map(metrics.teamOwnership.map(t => [t.teamRef, t]));
    const refs = [
      ...new Set([
        ...metrics.teams.flatMap(t => (t.teamRef ? [t.teamRef] : [])),
        ...ownershipOf.keys(),
      ]),
    ];
    const rows = refs.map((teamRef): OwnershipReportTeamRow => {
      const inc = teamsOf.get(teamRef);
      const own = ownershipOf.get(teamRef);
      return {
        teamRef,
        incidents: inc?.incidents ?? 0,
        mttrMinutes: inc?.mttr.meanMinutes ?? null,
        escalationRate: inc?.escalationRate ?? null,
        responseSlaCompliance: inc?.responseSlaCompliance ?? null,
        coverage: own?.coverage.coverage ?? null,
        handoffSuccessRate: own?.handoffs.successRate ?? null,
        daysSinceLastReview: own?.reviewFreshness.daysSinceLastReview ?? null,
        members: own?.members ?? 0,
        onCallLoad: own?.onCallLoad ?? null,
        meetsTargets: {
          mttr: inc?.meetsTargets.mttr ?? null,
          escalationRate: inc?.meetsTargets.escalationRate ?? null,
          responseSlaCompliance:
            inc?.meetsTargets.responseSlaCompliance ?? null,
          coverage: own?.meetsTargets.coverage ?? null,
          handoffSuccess: own?.meetsTargets.handoffSuccess ?? null,
          reviewFreshness: own?.meetsTargets.reviewFreshness ?? null,
        },
      };
    });
    rows.sort(
      (a, b) => b.incidents - a.incidents || a.teamRef.localeCompare(b.teamRef),
    );
    const handoffs = await this.options.store.handoffTotals({
      ...window,
      now: this.now(),
    });
    const { overall, coverage } = metrics;
    return {
      window: metrics.window,
      generatedAt: this.now().toISOString(),
      targets: { ...incidentTargets, ...metrics.ownershipTargets },
      percentiles: metrics.percentiles,
      summary: {
        services: coverage.total,
        owned: coverage.owned,
        coverage: coverage.coverage,
        orphans: coverage.total - coverage.owned,
        incidents: overall.incidents,
        mttrMinutes: overall.mttr.meanMinutes,
        mttaMinutes: overall.mtta.meanMinutes,
        escalationRate: overall.escalationRate,
        responseSlaCompliance: overall.responseSlaCompliance,
        handoffsCompleted: handoffs.completed,
        handoffsRolledBack: handoffs.rolledBack,
        handoffSuccessRate: handoffs.successRate,
        openHandoffs: handoffs.open,
        overdueHandoffs: handoffs.overdue,
        teams: rows.length,
        teamsMeetingAllTargets: rows.filter(r =>
          Object.values(r.meetsTargets).every(v => v !== false),
        ).length,
      },
      teams: rows,
      recommendations,
    };
  }

  private async recommend(window: OwnershipReportWindow) {
    const { store, config } = this.options;
    const metrics = await this.getMetrics({ ...window, entityLimit: 1 });
    const recommendations = ownershipRecommendations({
      metrics,
      targets: { ...config.targets, ...config.ownershipTargets },
      firstOrphans: await store.firstOrphans(
        config.ownershipTargets.orphansNamed,
      ),
    });
    return { metrics, recommendations };
  }

  private windowOf(window: OwnershipReportWindow) {
    return { from: window.from.toISOString(), to: window.to.toISOString() };
  }
}
