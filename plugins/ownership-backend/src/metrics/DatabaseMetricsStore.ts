import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { clientOf, rawRows } from '../database/sql';
import {
  INCIDENT_DAILY,
  INCIDENT_ENTITY_DAILY,
  INCIDENT_ENTITY_WEEKLY,
  INCIDENT_WEEKLY,
  INCIDENTS,
} from '../database/tables';
import { bucketPercentile, DURATION_BUCKET_COUNT } from './buckets';
import {
  dayString,
  INCIDENT_AGGREGATE_SQL,
  ROLLUP_SUMS_SQL,
  ROLLUP_VALUE_COLUMNS,
  weekStart,
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

// Nearest-rank percentiles from ROW_NUMBER over the group (both databases
// have it; PERCENTILE_CONT is PostgreSQL only), with the group's count from
// agg: one sort per measure. The rank ceil(n * p / 100) in integer
// arithmetic, which both databases truncate.
function percentiles(column: string, name: string) {
  const rank = (p: number) => `(a.${name}_count * ${p} + 99) / 100`;
  return `${name}_ranked AS (
    SELECT grp, ${column} AS v,
           ROW_NUMBER() OVER (PARTITION BY grp ORDER BY ${column}) AS rn
    FROM base WHERE ${column} IS NOT NULL),
  ${name}_p AS (
    SELECT r.grp,
           MIN(CASE WHEN r.rn = ${rank(50)} THEN r.v END) AS p50,
           MIN(CASE WHEN r.rn = ${rank(90)} THEN r.v END) AS p90
    FROM ${name}_ranked r JOIN agg a ON a.grp = r.grp
    WHERE r.rn IN (${rank(50)}, ${rank(90)})
    GROUP BY r.grp)`;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The whole weeks of a window, which the weekly rollups answer; its other
 * whole UTC days, which the daily ones answer; and its partial first and
 * last days, which the incidents answer.
 */
function splitWindow(from: Date, to: Date) {
  const firstDay = Math.ceil(from.getTime() / DAY_MS);
  const endDay = Math.floor(to.getTime() / DAY_MS);
  if (firstDay >= endDay) {
    return { days: [], edges: from < to ? [[from, to]] : [] };
  }
  const edges = [
    [from, new Date(firstDay * DAY_MS)],
    [new Date(endDay * DAY_MS), to],
  ].filter(([f, t]) => f < t);
  const firstWeek = weekStart(firstDay + 6);
  const endWeek = weekStart(endDay);
  if (firstWeek >= endWeek) {
    return { days: [[dayString(firstDay), dayString(endDay)]], edges };
  }
  return {
    weeks: [dayString(firstWeek), dayString(endWeek)],
    days: [
      [firstDay, firstWeek],
      [endWeek, endDay],
    ]
      .filter(([f, t]) => f < t)
      .map(([f, t]) => [dayString(f), dayString(t)]),
    edges,
  };
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

  /**
   * SQL true for an unacknowledged incident created less than its response
   * SLA before now (two bindings: now, the default SLA in minutes).
   */
  private pendingSql(): {
    sql: string;
    bindings: (f: IncidentMetricsFilter) => Knex.RawBinding[];
  } {
    const sla = 'COALESCE(response_sla_minutes, ?)';
    if (clientOf(this.db) === 'pg') {
      return {
        sql: `acknowledged_at IS NULL
          AND created_at > CAST(? AS timestamptz) - ${sla} * INTERVAL '1 minute'`,
        bindings: f => [f.now, f.defaultSlaMinutes],
      };
    }
    // knex stores a Date as epoch milliseconds in SQLite
    return {
      sql: `acknowledged_at IS NULL AND created_at > ? - ${sla} * 60000`,
      bindings: f => [f.now.getTime(), f.defaultSlaMinutes],
    };
  }

  async incidentAggregates(
    filter: IncidentMetricsFilter,
    grouping: IncidentMetricsGrouping,
    options: { limit?: number } = {},
  ): Promise<IncidentAggregateRow[]> {
    if (grouping !== 'entity' && !filter.entityRef) {
      return (await this.rolledUpAggregates(filter, grouping)).filter(
        r => r.level === grouping,
      );
    }
    if (grouping === 'entity' && options.limit !== undefined) {
      // The busiest entities first by a plain count, then their exact
      // figures: the window functions then sort only their incidents.
      const refs =
        filter.team || filter.entityRef
          ? await this.busiestEntitiesOfIncidents(filter, options.limit)
          : await this.busiestEntities(filter, options.limit);
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

  async overallAndTeamAggregates(filter: IncidentMetricsFilter): Promise<{
    overall?: IncidentAggregateRow;
    teams: IncidentAggregateRow[];
  }> {
    if (filter.entityRef) {
      const [overall] = await this.exactAggregates(filter, 'overall');
      return { overall, teams: await this.exactAggregates(filter, 'team') };
    }
    const rows = await this.rolledUpAggregates(filter, 'both');
    return {
      overall: rows.find(r => r.level === 'overall'),
      teams: rows.filter(r => r.level === 'team'),
    };
  }

  /** One team's or entity's busiest entities, counted from its incidents. */
  private async busiestEntitiesOfIncidents(
    filter: IncidentMetricsFilter,
    limit: number,
  ): Promise<string[]> {
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
      .limit(limit);
    return top.map((r: { entity_ref: string }) => r.entity_ref);
  }

  /**
   * The busiest entities of the window, counted from the entity rollup for
   * its whole days and from the incidents of its partial first and last days.
   */
  private async busiestEntities(
    filter: IncidentMetricsFilter,
    limit: number,
  ): Promise<string[]> {
    const { weeks, days, edges } = splitWindow(filter.from, filter.to);
    const parts: string[] = [];
    const bindings: Knex.RawBinding[] = [];
    if (weeks) {
      parts.push(`SELECT entity_ref, incidents AS n FROM ${INCIDENT_ENTITY_WEEKLY}
        WHERE week >= ? AND week < ?`);
      bindings.push(...weeks);
    }
    for (const range of days) {
      parts.push(`SELECT entity_ref, incidents AS n FROM ${INCIDENT_ENTITY_DAILY}
        WHERE day >= ? AND day < ?`);
      bindings.push(...range);
    }
    for (const [from, to] of edges) {
      parts.push(`SELECT entity_ref, 1 AS n FROM ${INCIDENTS}
        WHERE created_at >= ? AND created_at < ?`);
      bindings.push(from, to);
    }
    const rows = rawRows<{ entity_ref: string }>(
      await this.db.raw(
        `SELECT entity_ref FROM (${parts.join(' UNION ALL ')}) cells
         GROUP BY entity_ref ORDER BY SUM(n) DESC, entity_ref LIMIT ?`,
        [...bindings, limit],
      ),
    );
    return rows.map(r => r.entity_ref);
  }

  /**
   * Overall or per-team figures (or both, the overall row summed from the
   * team rows) from the weekly rollup for the whole weeks of the window, the
   * daily one for its other whole UTC days and the incidents of its partial
   * first and last days; means exact, percentiles from the histogram
   * buckets. Pending incidents from the index of unacknowledged ones.
   */
  private async rolledUpAggregates(
    filter: IncidentMetricsFilter,
    grouping: 'overall' | 'team' | 'both',
  ): Promise<Array<IncidentAggregateRow & { level: 'overall' | 'team' }>> {
    const { weeks, days, edges } = splitWindow(filter.from, filter.to);
    const byTeam = grouping !== 'overall';
    const rawGrp = byTeam ? "COALESCE(owner_ref, '')" : "''";
    const rawGroupBy = byTeam ? `GROUP BY ${rawGrp}` : '';
    const parts: string[] = [];
    const bindings: unknown[] = [];
    const team = filter.team ? ' AND owner_ref = ?' : '';
    const cells = (table: string, column: string, range: string[]) => {
      parts.push(`SELECT ${byTeam ? 'owner_ref' : "''"} AS grp,
          ${ROLLUP_SUMS_SQL}, 0 AS sla_pending
        FROM ${table} WHERE ${column} >= ? AND ${column} < ?${team}
        ${byTeam ? 'GROUP BY owner_ref' : ''}`);
      bindings.push(...range);
      if (filter.team) bindings.push(filter.team);
    };
    if (weeks) {
      cells(INCIDENT_WEEKLY, 'week', weeks);
    }
    for (const range of days) {
      cells(INCIDENT_DAILY, 'day', range);
    }
    for (const [from, to] of edges) {
      parts.push(`SELECT ${rawGrp} AS grp,
          ${INCIDENT_AGGREGATE_SQL.map(
            (expr, i) => `${expr} AS ${ROLLUP_VALUE_COLUMNS[i]}`,
          ).join(', ')}, 0 AS sla_pending
        FROM ${INCIDENTS} WHERE created_at >= ? AND created_at < ?${team}
        ${rawGroupBy}`);
      bindings.push(filter.defaultSlaMinutes, from, to);
      if (filter.team) bindings.push(filter.team);
    }
    // Pending incidents are few and recent (unacknowledged, inside their
    // SLA); the partial index of unacknowledged incidents finds them in
    // whole and partial days alike.
    const pending = this.pendingSql();
    parts.push(`SELECT ${rawGrp} AS grp,
        ${ROLLUP_VALUE_COLUMNS.map(c => `0 AS ${c}`).join(', ')},
        COUNT(*) AS sla_pending
      FROM ${INCIDENTS}
      WHERE created_at >= ? AND created_at < ?${team} AND ${pending.sql}
      ${rawGroupBy}`);
    bindings.push(filter.from, filter.to);
    if (filter.team) bindings.push(filter.team);
    bindings.push(...pending.bindings(filter));
    // Each part aggregated first (a few hundred rows), then per team, then
    // the overall row from the team rows: the rollup is read once.
    const sums = `${ROLLUP_SUMS_SQL}, SUM(sla_pending) AS sla_pending`;
    const groups = `SELECT grp, ${sums} FROM (${parts.join(
      ' UNION ALL ',
    )}) cells GROUP BY grp HAVING SUM(incidents) > 0`;
    const sql =
      grouping === 'both'
        ? `WITH teams AS (${groups})
           SELECT 'team' AS level, teams.* FROM teams
           UNION ALL
           SELECT 'overall', '', ${sums} FROM teams
           HAVING SUM(incidents) > 0
           ORDER BY 1 DESC, incidents DESC, grp`
        : `SELECT '${grouping}' AS level, g.* FROM (${groups}) g
           ORDER BY incidents DESC, grp`;
    const rows = rawRows<Raw>(
      await this.db.raw(sql, bindings as Knex.RawBinding[]),
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
      level: r.level === 'overall' ? 'overall' : 'team',
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
      slaPending: num(r.sla_pending),
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
    const pending = this.pendingSql();
    // base read once: SQLite (3.53) would otherwise inline it into each use.
    const sql = `
      WITH base AS MATERIALIZED (
        SELECT ${GROUP_EXPRESSIONS[grouping]} AS grp, severity, tta_seconds,
               ttr_seconds, escalated, response_sla_minutes,
               CASE WHEN ${pending.sql} THEN 1 ELSE 0 END AS pending
        FROM ${INCIDENTS} WHERE ${conditions.join(' AND ')}),
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
                        THEN 1 ELSE 0 END) AS sla_met,
               SUM(pending) AS sla_pending
        FROM base GROUP BY grp),
      ${percentiles('tta_seconds', 'tta')},
      ${percentiles('ttr_seconds', 'ttr')}
      SELECT agg.*, tta_p.p50 AS tta_p50, tta_p.p90 AS tta_p90,
             ttr_p.p50 AS ttr_p50, ttr_p.p90 AS ttr_p90
      FROM agg
      LEFT JOIN tta_p ON tta_p.grp = agg.grp
      LEFT JOIN ttr_p ON ttr_p.grp = agg.grp
      ORDER BY agg.incidents DESC, agg.grp ${limit}`;
    const rows = rawRows<Raw>(
      await this.db.raw(sql, [
        ...pending.bindings(filter),
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
      slaPending: num(r.sla_pending),
    }));
  }
}
