import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { rawRows } from '../database/sql';
import { INCIDENTS } from '../incidents/DatabaseIncidentStore';
import { bucketPercentile, DURATION_BUCKET_COUNT } from './buckets';
import {
  INCIDENT_AGGREGATE_SQL,
  INCIDENT_DAILY,
  ROLLUP_VALUE_COLUMNS,
} from './rollup';
import {
  IncidentAggregateRow,
  IncidentMetricsFilter,
  IncidentMetricsGrouping,
  MetricsStore,
} from './MetricsStore';

const GROUP_EXPRESSIONS: Record<IncidentMetricsGrouping, string> = {
  overall: "''",
  team: "COALESCE(owner_ref, '')",
  entity: 'entity_ref',
};

// Nearest-rank percentiles from ROW_NUMBER and COUNT over the group (both
// databases have them; PERCENTILE_CONT is PostgreSQL only). The rank
// ceil(n * p / 100) in integer arithmetic, which both databases truncate.
function percentiles(column: string, name: string) {
  return `${name}_ranked AS (
    SELECT grp, ${column} AS v,
           ROW_NUMBER() OVER (PARTITION BY grp ORDER BY ${column}) AS rn,
           COUNT(*) OVER (PARTITION BY grp) AS n
    FROM base WHERE ${column} IS NOT NULL),
  ${name}_p AS (
    SELECT grp,
           MIN(CASE WHEN rn = (n * 50 + 99) / 100 THEN v END) AS p50,
           MIN(CASE WHEN rn = (n * 90 + 99) / 100 THEN v END) AS p90
    FROM ${name}_ranked GROUP BY grp)`;
}

type Raw = Record<string, string | number | null>;
const num = (v: string | number | null | undefined) => Number(v ?? 0);
const opt = (v: string | number | null | undefined) =>
  v === null || v === undefined ? null : Number(v);

/** Incident metrics on PostgreSQL or SQLite, aggregated in one query per grouping. */
export class DatabaseMetricsStore implements MetricsStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseMetricsStore> {
    return new DatabaseMetricsStore(await getMigratedClient(options.database));
  }

  constructor(private readonly db: Knex) {}

  async incidentAggregates(
    filter: IncidentMetricsFilter,
    grouping: IncidentMetricsGrouping,
    options: { limit?: number } = {},
  ): Promise<IncidentAggregateRow[]> {
    if (grouping !== 'entity' && !filter.entityRef) {
      return this.rolledUpAggregates(filter, grouping);
    }
    if (grouping === 'entity' && options.limit !== undefined) {
      // The busiest entities first by a plain count, then their exact
      // figures: the window functions then sort only their incidents.
      const top = await this.db(INCIDENTS)
        .select('entity_ref')
        .where('created_at', '>=', filter.from)
        .where('created_at', '<', filter.to)
        .modify(q => {
          if (filter.team) q.where('owner_ref', filter.team);
          if (filter.entityRef) q.where('entity_ref', filter.entityRef);
        })
        .groupBy('entity_ref')
        .orderByRaw('COUNT(*) DESC, entity_ref')
        .limit(options.limit);
      const refs = top.map((r: { entity_ref: string }) => r.entity_ref);
      return refs.length
        ? this.exactAggregates(
            { ...filter, entityRefs: refs },
            grouping,
            options,
          )
        : [];
    }
    return this.exactAggregates(filter, grouping, options);
  }

  /**
   * Overall or per-team figures from the daily rollup for the whole UTC
   * days of the window and from the incidents of its partial first and
   * last days; means exact, percentiles from the histogram buckets.
   */
  private async rolledUpAggregates(
    filter: IncidentMetricsFilter,
    grouping: 'overall' | 'team',
  ): Promise<IncidentAggregateRow[]> {
    const DAY_MS = 24 * 3600 * 1000;
    const firstDay = new Date(
      Math.ceil(filter.from.getTime() / DAY_MS) * DAY_MS,
    );
    const endDay = new Date(Math.floor(filter.to.getTime() / DAY_MS) * DAY_MS);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const grp = grouping === 'overall' ? "''" : 'owner_ref';
    const parts: string[] = [];
    const bindings: unknown[] = [];
    const team = filter.team ? ' AND owner_ref = ?' : '';
    const edges: Array<[Date, Date]> = [];
    if (firstDay < endDay) {
      parts.push(`SELECT ${grp} AS grp, ${ROLLUP_VALUE_COLUMNS.join(', ')}
        FROM ${INCIDENT_DAILY} WHERE day >= ? AND day < ?${team}`);
      bindings.push(day(firstDay), day(endDay));
      if (filter.team) bindings.push(filter.team);
      edges.push([filter.from, firstDay], [endDay, filter.to]);
    } else {
      edges.push([filter.from, filter.to]);
    }
    for (const [from, to] of edges.filter(([f, t]) => f < t)) {
      parts.push(`SELECT ${
        grouping === 'overall' ? "''" : "COALESCE(owner_ref, '')"
      } AS grp,
          ${INCIDENT_AGGREGATE_SQL.map(
            (expr, i) => `${expr} AS ${ROLLUP_VALUE_COLUMNS[i]}`,
          ).join(', ')}
        FROM ${INCIDENTS} WHERE created_at >= ? AND created_at < ?${team}
        ${grouping === 'overall' ? '' : "GROUP BY COALESCE(owner_ref, '')"}`);
      bindings.push(filter.defaultSlaMinutes, from, to);
      if (filter.team) bindings.push(filter.team);
    }
    const sums = ROLLUP_VALUE_COLUMNS.map(c =>
      c.endsWith('_max') ? `MAX(${c}) AS ${c}` : `SUM(${c}) AS ${c}`,
    ).join(', ');
    const rows = rawRows<Raw>(
      await this.db.raw(
        `SELECT grp, ${sums} FROM (${parts.join(' UNION ALL ')}) cells
         GROUP BY grp HAVING SUM(incidents) > 0
         ORDER BY SUM(incidents) DESC, grp`,
        bindings as Knex.RawBinding[],
      ),
    );
    const stats = (r: Raw, m: 'tta' | 'ttr') => {
      const count = num(r[`${m}_count`]);
      const max = opt(r[`${m}_max`]);
      const buckets = [...Array(DURATION_BUCKET_COUNT).keys()].map(b =>
        num(r[`${m}_b${b}`]),
      );
      return {
        count,
        mean: count ? num(r[`${m}_sum`]) / count : null,
        p50: bucketPercentile(buckets, count, 50, max),
        p90: bucketPercentile(buckets, count, 90, max),
      };
    };
    return rows.map(r => ({
      key: r.grp === '' || r.grp === null ? null : String(r.grp),
      incidents: num(r.incidents),
      bySeverity: {
        P0: num(r.p0),
        P1: num(r.p1),
        P2: num(r.p2),
        P3: num(r.p3),
      },
      tta: stats(r, 'tta'),
      ttr: stats(r, 'ttr'),
      escalated: num(r.escalated),
      slaMet: num(r.sla_met),
    }));
  }

  private async exactAggregates(
    filter: IncidentMetricsFilter & { entityRefs?: string[] },
    grouping: IncidentMetricsGrouping,
    options: { limit?: number } = {},
  ): Promise<IncidentAggregateRow[]> {
    const conditions = ['created_at >= ?', 'created_at < ?'];
    const bindings: unknown[] = [filter.from, filter.to];
    if (filter.entityRefs) {
      conditions.push(
        `entity_ref IN (${filter.entityRefs.map(() => '?').join(', ')})`,
      );
      bindings.push(...filter.entityRefs);
    }
    if (filter.team) {
      conditions.push('owner_ref = ?');
      bindings.push(filter.team);
    }
    if (filter.entityRef) {
      conditions.push('entity_ref = ?');
      bindings.push(filter.entityRef);
    }
    const limit = options.limit !== undefined ? 'LIMIT ?' : '';
    const sql = `
      WITH base AS (
        SELECT ${GROUP_EXPRESSIONS[grouping]} AS grp, severity, tta_seconds,
               ttr_seconds, escalated, response_sla_minutes
        FROM ${INCIDENTS} WHERE ${conditions.join(' AND ')}),
      ${percentiles('tta_seconds', 'tta')},
      ${percentiles('ttr_seconds', 'ttr')},
      agg AS (
        SELECT grp,
               COUNT(*) AS incidents,
               SUM(CASE WHEN severity = 'P0' THEN 1 ELSE 0 END) AS p0,
               SUM(CASE WHEN severity = 'P1' THEN 1 ELSE 0 END) AS p1,
               SUM(CASE WHEN severity = 'P2' THEN 1 ELSE 0 END) AS p2,
               SUM(CASE WHEN severity = 'P3' THEN 1 ELSE 0 END) AS p3,
               COUNT(tta_seconds) AS tta_count,
               AVG(tta_seconds) AS tta_mean,
               COUNT(ttr_seconds) AS ttr_count,
               AVG(ttr_seconds) AS ttr_mean,
               SUM(CASE WHEN escalated THEN 1 ELSE 0 END) AS escalated,
               SUM(CASE WHEN tta_seconds IS NOT NULL
                         AND tta_seconds <= COALESCE(response_sla_minutes, ?) * 60
                        THEN 1 ELSE 0 END) AS sla_met
        FROM base GROUP BY grp)
      SELECT agg.*, tta_p.p50 AS tta_p50, tta_p.p90 AS tta_p90,
             ttr_p.p50 AS ttr_p50, ttr_p.p90 AS ttr_p90
      FROM agg
      LEFT JOIN tta_p ON tta_p.grp = agg.grp
      LEFT JOIN ttr_p ON ttr_p.grp = agg.grp
      ORDER BY agg.incidents DESC, agg.grp ${limit}`;
    const rows = rawRows<Raw>(
      await this.db.raw(sql, [
        ...bindings,
        filter.defaultSlaMinutes,
        ...(options.limit !== undefined ? [options.limit] : []),
      ] as Knex.RawBinding[]),
    );
    return rows.map(r => ({
      key: r.grp === '' || r.grp === null ? null : String(r.grp),
      incidents: num(r.incidents),
      bySeverity: {
        P0: num(r.p0),
        P1: num(r.p1),
        P2: num(r.p2),
        P3: num(r.p3),
      },
      tta: {
        count: num(r.tta_count),
        mean: opt(r.tta_mean),
        p50: opt(r.tta_p50),
        p90: opt(r.tta_p90),
      },
      ttr: {
        count: num(r.ttr_count),
        mean: opt(r.ttr_mean),
        p50: opt(r.ttr_p50),
        p90: opt(r.ttr_p90),
      },
      escalated: num(r.escalated),
      slaMet: num(r.sla_met),
    }));
  }
}
