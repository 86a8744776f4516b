import { LoggerService } from '@backstage/backend-plugin-api';
import { Meter, metrics as otelMetrics } from '@opentelemetry/api';
import { MetricsStore } from './MetricsStore';
import { OwnershipMetricsStore } from './OwnershipMetricsStore';

const DAY_MS = 24 * 3600 * 1000;

/** The window of the MTTR gauge. */
export const MTTR_GAUGE_DAYS = 30;

/**
 * Registers the ownership gauges on the OpenTelemetry meter (the global
 * meter provider unless a meter is given): coverage, orphans by reason,
 * open and overdue handoffs, and MTTR per team over the last 30 days.
 * Observable: the queries run only when a reader collects, one round for
 * all gauges, each an aggregate over the index, the handoffs or the daily
 * incident rollup. Returns a function that unregisters them.
 */
export function registerOwnershipGauges(options: {
  store: Pick<
    OwnershipMetricsStore,
    'coverageNow' | 'orphansByReason' | 'handoffTotals'
  >;
  incidents: Pick<MetricsStore, 'incidentAggregates'>;
  defaultResponseSlaMinutes: number;
  logger: LoggerService;
  meter?: Meter;
  clock?: () => Date;
}): () => void {
  const meter =
    options.meter ??
    otelMetrics.getMeter('@service-ownership/plugin-ownership-backend');
  const clock = options.clock ?? (() => new Date());
  const coverage = meter.createObservableGauge('ownership.coverage', {
    description:
      'Share of services counted as owned (owner in an owned state, no error reason), 0-1',
    unit: '1',
  });
  const services = meter.createObservableGauge('ownership.services', {
    description: 'Services in the ownership index',
  });
  const orphans = meter.createObservableGauge('ownership.orphans', {
    description: 'Services listed with each orphan reason (attribute reason)',
  });
  const openHandoffs = meter.createObservableGauge('ownership.handoffs.open', {
    description: 'Handoffs open now',
  });
  const overdueHandoffs = meter.createObservableGauge(
    'ownership.handoffs.overdue',
    { description: 'Open handoffs past their stage due date' },
  );
  const mttr = meter.createObservableGauge('ownership.incidents.mttr', {
    description: `Mean time to resolve of the incidents charged to each team (attribute team) created in the last ${MTTR_GAUGE_DAYS} days`,
    unit: 'min',
  });
  const observables = [
    coverage,
    services,
    orphans,
    openHandoffs,
    overdueHandoffs,
    mttr,
  ];
  const callback = async (
    result: Parameters<Parameters<Meter['addBatchObservableCallback']>[0]>[0],
  ) => {
    const now = clock();
    try {
      const covered = await options.store.coverageNow();
      result.observe(services, covered.services);
      if (covered.services > 0) {
        result.observe(coverage, covered.owned / covered.services);
      }
      for (const [reason, count] of await options.store.orphansByReason()) {
        result.observe(orphans, count, { reason });
      }
      const handoffs = await options.store.handoffTotals({
        from: new Date(now.getTime() - MTTR_GAUGE_DAYS * DAY_MS),
        to: now,
        now,
      });
      result.observe(openHandoffs, handoffs.open);
      result.observe(overdueHandoffs, handoffs.overdue);
      const teams = await options.incidents.incidentAggregates(
        {
          from: new Date(now.getTime() - MTTR_GAUGE_DAYS * DAY_MS),
          to: now,
          defaultSlaMinutes: options.defaultResponseSlaMinutes,
          now,
        },
        'team',
      );
      for (const team of teams) {
        if (team.key && team.ttr.mean !== null) {
          result.observe(mttr, Math.round((team.ttr.mean / 60) * 100) / 100, {
            team: team.key,
          });
        }
      }
    } catch (error) {
      // a failed collection leaves the gauges out of this scrape only
      options.logger.warn(`Ownership gauges not collected: ${error}`);
    }
  };
  meter.addBatchObservableCallback(callback, observables);
  return () => meter.removeBatchObservableCallback(callback, observables);
}
