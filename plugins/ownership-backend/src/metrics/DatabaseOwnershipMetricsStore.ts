import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  OPEN_HANDOFF_STATES,
  ORPHAN_REASON_CODES,
  TeamCoveragePoint,
  TeamHandoffStats,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { ownedCountSql, OWNED_STATUSES } from '../catalogIndex/coveragePolicy';
import { TEAM_SNAPSHOTS } from '../catalogIndex/coverageSnapshots';
import { getMigratedClient } from '../database/client';
import { clientOf, rawRows } from '../database/sql';
import {
  DbTimestamp,
  ENTITIES,
  GROUPS,
  HANDOFFS,
  LINKS,
  REASONS,
  SNAPSHOTS,
  toDate,
  VERIFICATIONS,
} from '../database/tables';
import {
  CoverageNow,
  HandoffWindow,
  OwnershipMetricsStore,
  TeamIndexRow,
  TeamReviewRow,
} from './OwnershipMetricsStore';

const HANDOFF_COLUMNS = `state, open_entity_ref, state_due_at, initiated_at, completed_at, closed_at`;
const NO_HANDOFFS: TeamHandoffStats = {
  completed: 0,
  rolledBack: 0,
  successRate: null,
  medianDurationDays: null,
  open: 0,
  overdue: 0,
};
const OPEN_LIST = OPEN_HANDOFF_STATES.map(s => `'${s}'`).join(', ');
const num = (v: unknown) => Number(v ?? 0);

/** Tier weights of the on-call load: a tier-1 service weighs three times a tier-3 one. */
export const TIER_WEIGHT_SQL = `CASE tier WHEN 'tier-1' THEN 3 WHEN 'tier-2' THEN 2 ELSE 1 END`;

/** Handoffs, coverage, reviews and orphans on PostgreSQL or SQLite. */
export class DatabaseOwnershipMetricsStore implements OwnershipMetricsStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseOwnershipMetricsStore> {
    return new DatabaseOwnershipMetricsStore(
      await getMigratedClient(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  async teamHandoffs(
    window: HandoffWindow,
    team?: string,
  ): Promise<Map<string, TeamHandoffStats>> {
    // Each handoff once as the giving and once as the receiving team.
    const source = `SELECT from_team AS team, ${HANDOFF_COLUMNS} FROM ${HANDOFFS}
      ${team ? 'WHERE from_team = ?' : ''}
      UNION ALL
      SELECT to_team AS team, ${HANDOFF_COLUMNS} FROM ${HANDOFFS}
      WHERE to_team <> from_team ${team ? 'AND to_team = ?' : ''}`;
    return this.handoffStats(window, source, team ? [team, team] : []);
  }

  async handoffTotals(window: HandoffWindow): Promise<TeamHandoffStats> {
    const source = `SELECT '*' AS team, ${HANDOFF_COLUMNS} FROM ${HANDOFFS}`;
    const totals = await this.handoffStats(window, source, []);
    return totals.get('*') ?? NO_HANDOFFS;
  }

  private async handoffStats(
    window: HandoffWindow,
    source: string,
    teamBindings: string[],
  ): Promise<Map<string, TeamHandoffStats>> {
    const inWindow = 'closed_at >= ? AND closed_at <= ?';
    const w = [window.from, window.to];
    const durationDays =
      clientOf(this.db) === 'pg'
        ? 'EXTRACT(EPOCH FROM (completed_at - initiated_at)) / 86400.0'
        : // knex stores a Date as epoch milliseconds in SQLite
          '(completed_at - initiated_at) / 86400000.0';
    const counts = rawRows<Record<string, unknown>>(
      await this.db.raw(
        `WITH h AS (${source})
        SELECT team,
          SUM(CASE WHEN state = 'completed' AND ${inWindow} THEN 1 ELSE 0 END) AS completed,
          SUM(CASE WHEN state = 'rolled-back' AND ${inWindow} THEN 1 ELSE 0 END) AS rolled_back,
          SUM(CASE WHEN state IN (${OPEN_LIST}) THEN 1 ELSE 0 END) AS open,
          SUM(CASE WHEN state IN (${OPEN_LIST}) AND state_due_at < ? THEN 1 ELSE 0 END) AS overdue
        FROM h
        WHERE state IN (${OPEN_LIST}) OR (${inWindow})
        GROUP BY team`,
        [...teamBindings, ...w, ...w, window.now, ...w],
      ),
    );
    // The median as in the handoffs store: the mean of the middle one or two.
    const medians = rawRows<{ team: string; median: unknown }>(
      await this.db.raw(
        `WITH h AS (${source}),
        d AS (
          SELECT team, ${durationDays} AS days FROM h
          WHERE state = 'completed' AND ${inWindow}
        ), r AS (
          SELECT team, days,
            ROW_NUMBER() OVER (PARTITION BY team ORDER BY days) AS rn,
            COUNT(*) OVER (PARTITION BY team) AS n
          FROM d
        )
        SELECT team, AVG(days) AS median FROM r
        WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
        GROUP BY team`,
        [...teamBindings, ...w],
      ),
    );
    const medianOf = new Map(
      medians.map(m => [String(m.team), Math.round(num(m.median) * 10) / 10]),
    );
    return new Map(
      counts.map(r => {
        const completed = num(r.completed);
        const rolledBack = num(r.rolled_back);
        const closed = completed + rolledBack;
        return [
          String(r.team),
          {
            completed,
            rolledBack,
            successRate:
              closed > 0
                ? Math.round((completed / closed) * 10000) / 10000
                : null,
            medianDurationDays: medianOf.get(String(r.team)) ?? null,
            open: num(r.open),
            overdue: num(r.overdue),
          },
        ];
      }),
    );
  }

  async teamIndex(team?: string): Promise<TeamIndexRow[]> {
    const rows: Array<Record<string, unknown>> = await this.db(
      `${ENTITIES} as e`,
    )
      .leftJoin(`${GROUPS} as g`, 'g.entity_ref', 'e.owner_ref')
      .select(
        'e.owner_ref',
        this.db.raw('COUNT(*) AS services'),
        ownedCountSql(this.db),
        this.db.raw(
          `MAX(CASE WHEN e.owner_ref LIKE 'user:%' THEN 1 ELSE COALESCE(g.member_count, 0) END) AS members`,
        ),
        this.db.raw(`SUM(${TIER_WEIGHT_SQL}) AS tier_weight`),
      )
      .where('e.is_service', true)
      .whereNotNull('e.owner_ref')
      .modify(q => {
        if (team) q.where('e.owner_ref', team);
      })
      .groupBy('e.owner_ref')
      .orderBy('e.owner_ref');
    const rota = await this.rotaPeople(team);
    return rows.map(r => ({
      teamRef: String(r.owner_ref),
      services: num(r.services),
      owned: num(r.owned),
      members: num(r.members),
      tierWeight: num(r.tier_weight),
      rotaPeople: rota.get(String(r.owner_ref)) ?? 0,
    }));
  }

  /**
   * People the escalation policies of a team's services notify: users
   * named as targets and the direct members of groups named as targets.
   */
  private async rotaPeople(team?: string): Promise<Map<string, number>> {
    const rows = rawRows<{ team: string; people: unknown }>(
      await this.db.raw(
        `WITH pol AS (
          SELECT DISTINCT owner_ref AS team, escalation_policy_ref AS policy
          FROM ${ENTITIES}
          WHERE is_service = ? AND owner_ref IS NOT NULL
            AND escalation_policy_ref IS NOT NULL ${
              team ? 'AND owner_ref = ?' : ''
            }
        ), tgt AS (
          SELECT pol.team, l.target_ref FROM pol
          JOIN ${LINKS} l ON l.source_ref = pol.policy AND l.link_type = 'policy-target'
        ), people AS (
          SELECT team, target_ref AS person FROM tgt WHERE target_ref LIKE 'user:%'
          UNION
          SELECT tgt.team, m.target_ref FROM tgt
          JOIN ${LINKS} m ON m.source_ref = tgt.target_ref AND m.link_type = 'member'
        )
        SELECT team, COUNT(DISTINCT person) AS people FROM people GROUP BY team`,
        team ? [true, team] : [true],
      ),
    );
    return new Map(rows.map(r => [String(r.team), num(r.people)]));
  }

  async teamCoverageTrend(
    fromDate: string,
    untilDate: string,
    team?: string,
  ): Promise<Map<string, TeamCoveragePoint[]>> {
    const rows: Array<Record<string, unknown>> = await this.db(TEAM_SNAPSHOTS)
      .select('owner_ref', 'snapshot_date', 'total', 'owned')
      .where('snapshot_date', '>=', fromDate)
      .where('snapshot_date', '<=', untilDate)
      .modify(q => {
        if (team) q.where('owner_ref', team);
      })
      // The primary key's order: no sort, and each team's points still
      // come in date order.
      .orderBy(['snapshot_date', 'owner_ref']);
    const trends = new Map<string, TeamCoveragePoint[]>();
    for (const r of rows) {
      const key = String(r.owner_ref);
      const list = trends.get(key) ?? [];
      list.push({
        date: String(r.snapshot_date),
        total: num(r.total),
        owned: num(r.owned),
      });
      trends.set(key, list);
    }
    return trends;
  }

  async coverageNow(): Promise<CoverageNow> {
    const row = (await this.db(ENTITIES)
      .select(this.db.raw('COUNT(*) AS services'), ownedCountSql(this.db))
      .where('is_service', true)
      .first()) as Record<string, unknown> | undefined;
    return { services: num(row?.services), owned: num(row?.owned) };
  }

  async coverageTrend(
    fromDate: string,
    untilDate: string,
  ): Promise<TeamCoveragePoint[]> {
    const rows: Array<Record<string, unknown>> = await this.db(SNAPSHOTS)
      .select('snapshot_date', 'total', 'owned')
      .where('snapshot_date', '>=', fromDate)
      .where('snapshot_date', '<=', untilDate)
      .orderBy('snapshot_date');
    return rows.map(r => ({
      date: String(r.snapshot_date),
      total: num(r.total),
      owned: num(r.owned),
    }));
  }

  async teamReviews(
    asOf: Date,
    staleBefore: Date,
    team?: string,
  ): Promise<TeamReviewRow[]> {
    const rows = rawRows<{
      team: string;
      latest: DbTimestamp | null;
      oldest: DbTimestamp | null;
      never_reviewed: unknown;
      stale: unknown;
    }>(
      await this.db.raw(
        `WITH ev AS (
          SELECT entity_ref, verified_at AS at FROM ${VERIFICATIONS}
          UNION ALL
          SELECT entity_ref, completed_at AS at FROM ${HANDOFFS}
          WHERE state = 'completed' AND completed_at IS NOT NULL
        ), last AS (
          SELECT entity_ref, MAX(at) AS at FROM ev WHERE at <= ? GROUP BY entity_ref
        )
        SELECT e.owner_ref AS team, MAX(l.at) AS latest, MIN(l.at) AS oldest,
          SUM(CASE WHEN l.at IS NULL THEN 1 ELSE 0 END) AS never_reviewed,
          SUM(CASE WHEN l.at < ? THEN 1 ELSE 0 END) AS stale
        FROM ${ENTITIES} e LEFT JOIN last l ON l.entity_ref = e.entity_ref
        WHERE e.is_service = ? AND e.owner_ref IS NOT NULL ${
          team ? 'AND e.owner_ref = ?' : ''
        }
        GROUP BY e.owner_ref`,
        [asOf, staleBefore, true, ...(team ? [team] : [])],
      ),
    );
    return rows.map(r => ({
      teamRef: String(r.team),
      latest: toDate(r.latest) ?? null,
      oldest: toDate(r.oldest) ?? null,
      neverReviewed: num(r.never_reviewed),
      stale: num(r.stale),
    }));
  }

  async firstOrphans(limit: number): Promise<string[]> {
    if (limit <= 0) {
      return [];
    }
    const rows: Array<{ entity_ref: string }> = await this.db(ENTITIES)
      .select('entity_ref')
      .where('is_service', true)
      .where(q =>
        q
          .whereNull('owner_status')
          .orWhereNotIn('owner_status', OWNED_STATUSES)
          .orWhere('error_count', '>', 0),
      )
      .orderBy([
        { column: 'error_count', order: 'desc' },
        { column: 'entity_ref', order: 'asc' },
      ])
      .limit(limit);
    return rows.map(r => r.entity_ref);
  }

  async orphansByReason(): Promise<Map<string, number>> {
    const rows: Array<{ code: string; n: unknown }> = await this.db(
      `${REASONS} as r`,
    )
      .join(`${ENTITIES} as e`, 'e.entity_ref', 'r.entity_ref')
      .where('e.is_service', true)
      .whereIn('r.code', ORPHAN_REASON_CODES as string[])
      .select('r.code', this.db.raw('COUNT(*) AS n'))
      .groupBy('r.code');
    return new Map(rows.map(r => [r.code, num(r.n)]));
  }
}
