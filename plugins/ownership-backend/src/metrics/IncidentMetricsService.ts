import {
  IncidentMetrics,
  IncidentMetricsResponse,
  IncidentMetricsTargets,
  IncidentPercentileMethod,
} from '@service-ownership/plugin-ownership-common';
import { BUCKET_RELATIVE_ERROR } from './buckets';
import { IncidentAggregateRow, MetricsStore } from './MetricsStore';

/** A resolved `GET /metrics` query. */
export interface IncidentMetricsRequest {
  from: Date;
  to: Date;
  team?: string;
  entityRef?: string;
  entityLimit: number;
}

const minutes = (seconds: number | null) =>
  seconds === null ? null : Math.round((seconds / 60) * 100) / 100;
const ratio = (part: number, whole: number) =>
  whole ? Math.round((part / whole) * 10000) / 10000 : null;

/** Incident metrics per team, per entity and overall, against the targets. */
export class IncidentMetricsService {
  constructor(
    private readonly options: {
      store: MetricsStore;
      config: {
        targets: IncidentMetricsTargets;
        /** Response SLA for policies whose level-1 escalateAfter is unknown. */
        defaultResponseSlaMinutes: number;
      };
      clock?: () => Date;
    },
  ) {}

  now(): Date {
    return (this.options.clock ?? (() => new Date()))();
  }

  async getMetrics(
    request: IncidentMetricsRequest,
  ): Promise<
    IncidentMetricsResponse & { percentiles: IncidentPercentileMethod }
  > {
    const { store, config } = this.options;
    const filter = {
      from: request.from,
      to: request.to,
      team: request.team,
      entityRef: request.entityRef,
      defaultSlaMinutes: config.defaultResponseSlaMinutes,
      now: this.now(),
    };
    const [{ overall, teams }, entities] = await Promise.all([
      store.overallAndTeamAggregates(filter),
      store.incidentAggregates(filter, 'entity', {
        limit: request.entityLimit,
      }),
    ]);
    return {
      window: {
        from: request.from.toISOString(),
        to: request.to.toISOString(),
      },
      targets: config.targets,
      defaultResponseSlaMinutes: config.defaultResponseSlaMinutes,
      // Overall and team figures come from the daily and weekly rollups
      // unless one entity is asked for; entities are always exact.
      percentiles: request.entityRef
        ? { method: 'exact', relativeErrorBound: 0 }
        : { method: 'histogram', relativeErrorBound: BUCKET_RELATIVE_ERROR },
      overall: this.toMetrics(overall),
      teams: teams.map(t => ({ teamRef: t.key, ...this.toMetrics(t) })),
      entities: entities.map(e => ({
        entityRef: e.key ?? '',
        ...this.toMetrics(e),
      })),
    };
  }

  private toMetrics(row?: IncidentAggregateRow): IncidentMetrics {
    const { targets } = this.options.config;
    const incidents = row?.incidents ?? 0;
    const stats = (s?: IncidentAggregateRow['tta']) => ({
      count: s?.count ?? 0,
      meanMinutes: minutes(s?.mean ?? null),
      p50Minutes: minutes(s?.p50 ?? null),
      p90Minutes: minutes(s?.p90 ?? null),
    });
    const mttr = stats(row?.ttr);
    const escalationRate = ratio(row?.escalated ?? 0, incidents);
    const responseSlaPending = row?.slaPending ?? 0;
    const responseSlaCompliance = ratio(
      row?.slaMet ?? 0,
      incidents - responseSlaPending,
    );
    return {
      incidents,
      bySeverity: row?.bySeverity ?? { P0: 0, P1: 0, P2: 0, P3: 0 },
      mtta: stats(row?.tta),
      mttr,
      escalationRate,
      responseSlaCompliance,
      responseSlaPending,
      meetsTargets: {
        mttr:
          mttr.meanMinutes === null
            ? null
            : mttr.meanMinutes < targets.mttrMinutes,
        escalationRate:
          escalationRate === null
            ? null
            : escalationRate < targets.escalationRate,
        responseSlaCompliance:
          responseSlaCompliance === null
            ? null
            : responseSlaCompliance > targets.responseSlaCompliance,
      },
    };
  }
}
