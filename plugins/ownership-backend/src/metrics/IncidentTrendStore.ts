import { IncidentTrendPoint } from '@service-ownership/plugin-ownership-common';

/** One period of a trend: UTC days, YYYY-MM-DD, both included. */
export interface IncidentTrendPeriod {
  from: string;
  to: string;
}

/** What the incident trends need from storage: per-period aggregates of the daily rollup. */
export interface IncidentTrendStore {
  /**
   * One point per period, in the order given, of the incidents charged to
   * `team` (all incidents without it); periods without incidents have
   * zero incidents and null means and rates.
   */
  incidentTrend(options: {
    periods: IncidentTrendPeriod[];
    team?: string;
  }): Promise<IncidentTrendPoint[]>;
}
