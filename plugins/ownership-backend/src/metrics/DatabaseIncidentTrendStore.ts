import { DatabaseService } from '@backstage/backend-plugin-api';
import { IncidentTrendPoint } from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { rawRows } from '../database/sql';
import { IncidentTrendPeriod, IncidentTrendStore } from './IncidentTrendStore';
import { INCIDENT_DAILY } from '../database/tables';

type Raw = Record<string, string | number | null>;

const round = (v: string | number | null, digits: number) =>
  v === null || v === undefined
    ? null
    : Math.round(Number(v) * 10 ** digits) / 10 ** digits;

/** Incident trends on PostgreSQL or SQLite: one query grouping the daily rollup by period. */
export class DatabaseIncidentTrendStore implements IncidentTrendStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseIncidentTrendStore> {
    return new DatabaseIncidentTrendStore(
      await getMigratedClient(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  async incidentTrend(options: {
    periods: IncidentTrendPeriod[];
    team?: string;
  }): Promise<IncidentTrendPoint[]> {
    const { periods, team } = options;
    if (!periods.length) {
      return [];
    }
    // The periods as rows, left-joined to the rollup, so that a period
    // without incidents still has its row. Days are YYYY-MM-DD strings on
    // both databases, so ranges compare as text.
    const values = periods.map(() => '(?, ?)').join(', ');
    const bindings: Knex.RawBinding[] = periods.flatMap(p => [p.from, p.to]);
    if (team) {
      bindings.push(team);
    }
    // Means and rates are NULL where nothing was measured (NULLIF), which
    // the charts show as gaps; * 1.0 keeps integer division out of both.
    const rows = rawRows<Raw>(
      await this.db.raw(
        `WITH periods (period_from, period_to) AS (VALUES ${values})
         SELECT p.period_from, p.period_to,
                COALESCE(SUM(d.incidents), 0) AS incidents,
                SUM(d.tta_sum) * 1.0 / NULLIF(SUM(d.tta_count), 0) AS tta_mean,
                SUM(d.ttr_sum) * 1.0 / NULLIF(SUM(d.ttr_count), 0) AS ttr_mean,
                SUM(d.escalated) * 1.0 / NULLIF(SUM(d.incidents), 0) AS escalation_rate,
                SUM(d.sla_met) * 1.0 / NULLIF(SUM(d.incidents), 0) AS sla_compliance
         FROM periods p
         LEFT JOIN ${INCIDENT_DAILY} d
           ON d.day >= p.period_from AND d.day <= p.period_to${
             team ? ' AND d.owner_ref = ?' : ''
           }
         GROUP BY p.period_from, p.period_to
         ORDER BY p.period_from`,
        bindings,
      ),
    );
    return rows.map(r => ({
      from: String(r.period_from),
      to: String(r.period_to),
      incidents: Number(r.incidents),
      mttaMinutes: round(
        r.tta_mean === null ? null : Number(r.tta_mean) / 60,
        2,
      ),
      mttrMinutes: round(
        r.ttr_mean === null ? null : Number(r.ttr_mean) / 60,
        2,
      ),
      escalationRate: round(r.escalation_rate, 4),
      responseSlaCompliance: round(r.sla_compliance, 4),
    }));
  }
}
