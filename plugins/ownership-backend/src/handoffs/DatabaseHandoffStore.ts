import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import {
  Handoff,
  HandoffFilters,
  HandoffListItem,
  HandoffMetrics,
  HandoffState,
  HandoffTeamSummary,
  isHandoffOverdue,
  OPEN_HANDOFF_STATES,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { appendAudit } from '../audit/DatabaseAuditStore';
import { AuditEntryInput } from '../audit/AuditStore';
import { getMigratedClient } from '../database/client';
import { chunks, clientOf, count, rawRows, READ_BATCH } from '../database/sql';
import {
  DbHandoffRow,
  DbTimestamp,
  ENTITIES,
  GROUPS,
  HANDOFFS,
  toDate,
} from '../database/tables';
import {
  HandoffMetricsRows,
  HandoffStore,
  HandoffUpdateResult,
  OverdueHandoff,
  StoredHandoff,
} from './HandoffStore';

function iso(value: DbTimestamp | null | undefined): string | undefined {
  return value === null || value === undefined
    ? undefined
    : toDate(value).toISOString();
}

function date(value: string | undefined): Date | null {
  return value ? new Date(value) : null;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A stored row as the contract's handoff. */
export function handoffFromRow(row: DbHandoffRow): StoredHandoff {
  const optional = <K extends string>(key: K, value: unknown) =>
    value === undefined || value === null ? {} : { [key]: value };
  return {
    id: row.id,
    entityRef: row.entity_ref,
    fromTeam: row.from_team,
    toTeam: row.to_team,
    state: row.state as HandoffState,
    version: Number(row.version),
    ...optional('reorganisationId', row.reorganisation_id),
    ...optional('reason', row.reason),
    initiatedBy: row.initiated_by,
    initiatedAt: iso(row.initiated_at)!,
    stateChangedAt: iso(row.state_changed_at)!,
    ...optional('stateDueAt', iso(row.state_due_at)),
    shadowDays: Number(row.shadow_days),
    reverseShadowDays: Number(row.reverse_shadow_days),
    ...optional('shadowStartedAt', iso(row.shadow_started_at)),
    ...optional('shadowEndsAt', iso(row.shadow_ends_at)),
    ...optional('reverseShadowStartedAt', iso(row.reverse_shadow_started_at)),
    ...optional('reverseShadowEndsAt', iso(row.reverse_shadow_ends_at)),
    ...optional('completedAt', iso(row.completed_at)),
    ...optional('closedAt', iso(row.closed_at)),
    ...optional('closedBy', row.closed_by),
    ...optional('closeReason', row.close_reason),
    ...(row.forced === true || Number(row.forced) === 1
      ? { forced: true }
      : {}),
    checklist: parseJson(row.checklist, []),
    issues: parseJson(row.issues, []),
    ...optional('stakeholdersNotifiedAt', iso(row.stakeholders_notified_at)),
  } as StoredHandoff;
}

/** The columns a handoff write sets (never the reminder or notification marks). */
export function handoffToRow(
  handoff: Handoff,
): Omit<DbHandoffRow, 'stakeholders_notified_at' | 'last_reminded_at'> {
  const open = (OPEN_HANDOFF_STATES as readonly string[]).includes(
    handoff.state,
  );
  return {
    id: handoff.id,
    entity_ref: handoff.entityRef,
    open_entity_ref: open ? handoff.entityRef : null,
    from_team: handoff.fromTeam,
    to_team: handoff.toTeam,
    state: handoff.state,
    version: handoff.version,
    reorganisation_id: handoff.reorganisationId ?? null,
    reason: handoff.reason ?? null,
    initiated_by: handoff.initiatedBy,
    initiated_at: new Date(handoff.initiatedAt),
    state_changed_at: new Date(handoff.stateChangedAt),
    state_due_at: date(handoff.stateDueAt),
    shadow_days: handoff.shadowDays,
    reverse_shadow_days: handoff.reverseShadowDays,
    shadow_started_at: date(handoff.shadowStartedAt),
    shadow_ends_at: date(handoff.shadowEndsAt),
    reverse_shadow_started_at: date(handoff.reverseShadowStartedAt),
    reverse_shadow_ends_at: date(handoff.reverseShadowEndsAt),
    completed_at: date(handoff.completedAt),
    closed_at: date(handoff.closedAt),
    closed_by: handoff.closedBy ?? null,
    close_reason: handoff.closeReason ?? null,
    forced: handoff.forced ?? false,
    checklist: JSON.stringify(handoff.checklist),
    issues: JSON.stringify(handoff.issues),
  };
}

/** A unique violation on PostgreSQL (23505) or SQLite. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/i.test(String(e?.message))
  );
}

function openConflict(existing: StoredHandoff): ConflictError {
  return new ConflictError(
    `${existing.entityRef} already has an open handoff (${existing.id}, ${existing.state}, ${existing.fromTeam} to ${existing.toTeam})`,
  );
}

/**
 * What other features record in the transaction of a handoff write (the
 * index's handoff-not-applied reason, the ownership history), before its
 * audit event.
 */
export type HandoffWriteHook = (
  trx: Knex.Transaction,
  handoff: Handoff,
) => Promise<void>;

const OPEN_LIST = OPEN_HANDOFF_STATES.map(s => `'${s}'`).join(', ');

/** Handoffs on PostgreSQL or SQLite. */
export class DatabaseHandoffStore implements HandoffStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
    afterWrite?: HandoffWriteHook;
  }): Promise<DatabaseHandoffStore> {
    return new DatabaseHandoffStore(
      await getMigratedClient(options.database),
      options.afterWrite,
    );
  }

  constructor(
    private readonly db: Knex,
    private readonly afterWrite?: HandoffWriteHook,
  ) {}

  private async openHandoffs(
    db: Knex | Knex.Transaction,
    entityRefs: string[],
  ): Promise<StoredHandoff[]> {
    const rows = await db<DbHandoffRow>(HANDOFFS).whereIn(
      'open_entity_ref',
      entityRefs,
    );
    return rows.map(handoffFromRow);
  }

  async insertHandoffs(
    handoffs: Handoff[],
    audit: AuditEntryInput[],
  ): Promise<void> {
    const refs = handoffs.map(h => h.entityRef);
    try {
      await this.db.transaction(async trx => {
        const [existing] = await this.openHandoffs(trx, refs);
        if (existing) {
          throw openConflict(existing);
        }
        // one row at a time: a unique violation then names its entity
        for (const handoff of handoffs) {
          await trx<DbHandoffRow>(HANDOFFS).insert(handoffToRow(handoff));
        }
        for (const handoff of handoffs) {
          await this.afterWrite?.(trx, handoff);
        }
        // the audit last: its hash chain lock is held until the commit
        for (const entry of audit) {
          await appendAudit(trx, entry);
        }
      });
    } catch (error) {
      if (!isUniqueViolation(error)) {
        throw error;
      }
      // a concurrent start won the race between the check and the insert
      const [existing] = await this.openHandoffs(this.db, refs);
      if (existing) {
        throw openConflict(existing);
      }
      throw new ConflictError(
        `Another handoff was started at the same time for one of ${refs.join(
          ', ',
        )}`,
      );
    }
  }

  async updateHandoff(
    next: Handoff,
    expectedVersion: number,
    audit: AuditEntryInput,
  ): Promise<HandoffUpdateResult> {
    const { id: _id, ...row } = handoffToRow(next);
    const changed = await this.db.transaction(async trx => {
      const n = await trx<DbHandoffRow>(HANDOFFS)
        .where({ id: next.id, version: expectedVersion })
        .update(row);
      if (n === 1) {
        await this.afterWrite?.(trx, next);
        await appendAudit(trx, audit);
      }
      return n;
    });
    if (changed === 1) {
      return { updated: true };
    }
    const current = await this.getHandoff(next.id);
    if (!current) {
      throw new ConflictError(`Handoff ${next.id} no longer exists`);
    }
    return { updated: false, current };
  }

  async getHandoff(id: string): Promise<StoredHandoff | undefined> {
    const row = await this.db<DbHandoffRow>(HANDOFFS).where({ id }).first();
    return row ? handoffFromRow(row) : undefined;
  }

  async entityHandoffs(entityRef: string): Promise<StoredHandoff[]> {
    const rows = await this.db<DbHandoffRow>(HANDOFFS)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'initiated_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(handoffFromRow);
  }

  private filtered(
    filters: HandoffFilters,
    now: Date,
    options: { withState: boolean },
  ): Knex.QueryBuilder {
    const query = this.db(`${HANDOFFS} as h`);
    if (filters.team) {
      const team = filters.team;
      query.where(q => q.where('h.from_team', team).orWhere('h.to_team', team));
    }
    if (filters.entityRef) {
      query.where('h.entity_ref', filters.entityRef);
    }
    if (filters.overdue) {
      // the (state, state_due_at) index: one range per open state
      query
        .whereIn('h.state', OPEN_HANDOFF_STATES)
        .where('h.state_due_at', '<', now);
    }
    if (options.withState && filters.state) {
      if (filters.state === 'open') {
        query.whereNotNull('h.open_entity_ref');
      } else {
        query.where('h.state', filters.state);
      }
    }
    return query;
  }

  /**
   * One page, open handoffs first (latest change first), then closed ones
   * (latest closed first). Two queries that each walk an index, rather than
   * one that sorts every matching row by an expression.
   */
  private async pageRows(
    filters: HandoffFilters,
    page: { offset: number; limit: number },
    now: Date,
  ): Promise<Array<DbHandoffRow & { entity_title: string | null }>> {
    const rows = (open: boolean, offset: number, limit: number) =>
      this.filtered(filters, now, { withState: true })
        .where(q =>
          open
            ? q.whereNotNull('h.open_entity_ref')
            : q.whereNull('h.open_entity_ref'),
        )
        .leftJoin(`${ENTITIES} as e`, 'e.entity_ref', 'h.entity_ref')
        .select('h.*', 'e.title as entity_title')
        .orderBy([
          {
            column: open ? 'h.state_changed_at' : 'h.closed_at',
            order: 'desc',
          },
          { column: 'h.id', order: 'desc' },
        ])
        .offset(offset)
        .limit(limit);
    const openCount = count(
      await this.filtered(filters, now, { withState: true })
        .whereNotNull('h.open_entity_ref')
        .count({ count: '*' })
        .first(),
    );
    const openRows =
      page.offset < openCount ? await rows(true, page.offset, page.limit) : [];
    const rest = page.limit - openRows.length;
    const closedRows =
      rest > 0
        ? await rows(false, Math.max(0, page.offset - openCount), rest)
        : [];
    return [...openRows, ...closedRows];
  }

  async listHandoffs(
    filters: HandoffFilters,
    page: { offset: number; limit: number },
    now: Date,
  ) {
    // one after the other: on SQLite's single connection, concurrent
    // queries only queue and interleave, which measured slower
    const rows = await this.pageRows(filters, page, now);
    const total = await this.filtered(filters, now, { withState: true })
      .count({ count: '*' })
      .first();
    const teams = await this.teamSummaries(filters, now);
    const items = rows.map((row): HandoffListItem => {
      const h = handoffFromRow(row);
      return {
        id: h.id,
        entityRef: h.entityRef,
        ...(row.entity_title ? { entityTitle: row.entity_title } : {}),
        fromTeam: h.fromTeam,
        toTeam: h.toTeam,
        state: h.state,
        version: h.version,
        initiatedAt: h.initiatedAt,
        stateChangedAt: h.stateChangedAt,
        ...(h.stateDueAt ? { stateDueAt: h.stateDueAt } : {}),
        overdue: isHandoffOverdue(h, now),
        ...(h.closedAt ? { closedAt: h.closedAt } : {}),
        checklistDone: h.checklist.filter(i => i.done).length,
        checklistTotal: h.checklist.length,
      };
    });
    return { items, totalCount: count(total), teams };
  }

  /**
   * Per team over the filters (not the state): one grouped query per side,
   * each on its team index, merged here.
   */
  private async teamSummaries(
    filters: HandoffFilters,
    now: Date,
  ): Promise<HandoffTeamSummary[]> {
    const side = (column: 'from_team' | 'to_team') =>
      this.filtered(filters, now, { withState: false })
        .select(
          `h.${column} as team`,
          this.db.raw(
            'SUM(CASE WHEN h.open_entity_ref IS NOT NULL THEN 1 ELSE 0 END) AS open',
          ),
          this.db.raw(
            'SUM(CASE WHEN h.open_entity_ref IS NOT NULL AND h.state_due_at < ? THEN 1 ELSE 0 END) AS overdue',
            [now],
          ),
          this.db.raw(
            "SUM(CASE WHEN h.state = 'completed' THEN 1 ELSE 0 END) AS completed",
          ),
          this.db.raw(
            "SUM(CASE WHEN h.state = 'rolled-back' THEN 1 ELSE 0 END) AS rolled_back",
          ),
        )
        .groupBy(`h.${column}`) as Promise<Array<Record<string, unknown>>>;
    const outgoing = await side('from_team');
    const incoming = await side('to_team');
    const summaries = new Map<string, HandoffTeamSummary>();
    const add = (rows: Array<Record<string, unknown>>, out: boolean) => {
      for (const r of rows) {
        const team = String(r.team);
        const s = summaries.get(team) ?? {
          team,
          openOutgoing: 0,
          openIncoming: 0,
          overdue: 0,
          completed: 0,
          rolledBack: 0,
        };
        if (out) {
          s.openOutgoing += Number(r.open);
        } else {
          s.openIncoming += Number(r.open);
        }
        s.overdue += Number(r.overdue);
        s.completed += Number(r.completed);
        s.rolledBack += Number(r.rolled_back);
        summaries.set(team, s);
      }
    };
    add(outgoing, true);
    add(incoming, false);
    const titles = new Map<string, string>();
    for (const batch of chunks([...summaries.keys()], READ_BATCH)) {
      const rows: Array<{ entity_ref: string; title: string | null }> =
        await this.db(GROUPS)
          .whereIn('entity_ref', batch)
          .select('entity_ref', 'title');
      rows.forEach(r => r.title && titles.set(r.entity_ref, r.title));
    }
    return [...summaries.values()]
      .sort((x, y) => x.team.localeCompare(y.team))
      .map(s =>
        titles.has(s.team) ? { ...s, teamTitle: titles.get(s.team)! } : s,
      );
  }

  async overdueNotReminded(
    now: Date,
    remindedBefore: Date,
    limit: number,
  ): Promise<OverdueHandoff[]> {
    const rows = await this.db<DbHandoffRow>(HANDOFFS)
      .whereNotNull('open_entity_ref')
      .where('state_due_at', '<', now)
      .where(q =>
        q
          .whereNull('last_reminded_at')
          .orWhere('last_reminded_at', '<', remindedBefore),
      )
      .orderBy('state_due_at')
      .limit(limit);
    return rows.map(row => ({
      handoff: handoffFromRow(row),
      ...(row.last_reminded_at
        ? { lastRemindedAt: toDate(row.last_reminded_at) }
        : {}),
    }));
  }

  async claimReminder(
    id: string,
    at: Date,
    remindedBefore: Date,
  ): Promise<boolean> {
    const n = await this.db<DbHandoffRow>(HANDOFFS)
      .where({ id })
      .where(q =>
        q
          .whereNull('last_reminded_at')
          .orWhere('last_reminded_at', '<', remindedBefore),
      )
      .update({ last_reminded_at: at });
    return n === 1;
  }

  async releaseReminder(
    id: string,
    claimedAt: Date,
    previous: Date | undefined,
  ): Promise<void> {
    await this.db<DbHandoffRow>(HANDOFFS)
      .where({ id, last_reminded_at: claimedAt })
      .update({ last_reminded_at: previous ?? null });
  }

  async markStakeholdersNotified(
    id: string,
    at: Date,
    audit: AuditEntryInput,
  ): Promise<void> {
    await this.db.transaction(async trx => {
      await trx<DbHandoffRow>(HANDOFFS)
        .where({ id })
        .update({ stakeholders_notified_at: at });
      await appendAudit(trx, audit);
    });
  }

  async appendAudit(entry: AuditEntryInput): Promise<void> {
    await this.db.transaction(trx => appendAudit(trx, entry));
  }

  /** Days from initiation to completion, in SQL of the dialect. */
  private durationDaysSql(): string {
    return clientOf(this.db) === 'pg'
      ? 'EXTRACT(EPOCH FROM (completed_at - initiated_at)) / 86400.0'
      : // knex stores a Date as epoch milliseconds in SQLite
        '(completed_at - initiated_at) / 86400000.0';
  }

  private async medians(
    window: { from: Date; to: Date },
    byTeam: boolean,
  ): Promise<Map<string, number>> {
    const team = byTeam ? 'from_team' : "'*'";
    const rows = rawRows<{ team: string; median: number | string }>(
      await this.db.raw(
        `WITH d AS (
          SELECT ${team} AS team, ${this.durationDaysSql()} AS days
          FROM ${HANDOFFS}
          WHERE state = 'completed' AND closed_at >= ? AND closed_at <= ?
        ), r AS (
          SELECT team, days,
            ROW_NUMBER() OVER (PARTITION BY team ORDER BY days) AS rn,
            COUNT(*) OVER (PARTITION BY team) AS n
          FROM d
        )
        SELECT team, AVG(days) AS median FROM r
        WHERE rn IN ((n + 1) / 2, (n + 2) / 2)
        GROUP BY team`,
        [window.from, window.to],
      ),
    );
    return new Map(rows.map(r => [String(r.team), Number(r.median)]));
  }

  async metrics(
    window: { from: Date; to: Date },
    now: Date,
  ): Promise<HandoffMetricsRows> {
    const inWindow = 'closed_at >= ? AND closed_at <= ?';
    const [rows, teamMedians, overallMedians] = await Promise.all([
      this.db(HANDOFFS)
        .select(
          'from_team',
          this.db.raw(
            `SUM(CASE WHEN state = 'completed' AND ${inWindow} THEN 1 ELSE 0 END) AS completed`,
            [window.from, window.to],
          ),
          this.db.raw(
            `SUM(CASE WHEN state = 'rolled-back' AND ${inWindow} THEN 1 ELSE 0 END) AS rolled_back`,
            [window.from, window.to],
          ),
          this.db.raw(
            `SUM(CASE WHEN state IN (${OPEN_LIST}) THEN 1 ELSE 0 END) AS open`,
          ),
          this.db.raw(
            `SUM(CASE WHEN state IN (${OPEN_LIST}) AND state_due_at < ? THEN 1 ELSE 0 END) AS overdue`,
            [now],
          ),
        )
        .whereNotNull('open_entity_ref')
        .orWhereRaw(inWindow, [window.from, window.to])
        .groupBy('from_team')
        .orderBy('from_team'),
      this.medians(window, true),
      this.medians(window, false),
    ]);
    const metrics = (
      completed: number,
      rolledBack: number,
      open: number,
      overdue: number,
      median: number | undefined,
    ): HandoffMetrics => ({
      completed,
      rolledBack,
      ...(completed + rolledBack > 0
        ? { successRate: completed / (completed + rolledBack) }
        : {}),
      ...(median === undefined ? {} : { medianDurationDays: median }),
      open,
      overdue,
    });
    const teams = (rows as Array<Record<string, unknown>>).map(r => ({
      team: String(r.from_team),
      ...metrics(
        Number(r.completed),
        Number(r.rolled_back),
        Number(r.open),
        Number(r.overdue),
        teamMedians.get(String(r.from_team)),
      ),
    }));
    const sum = (key: 'completed' | 'rolledBack' | 'open' | 'overdue') =>
      teams.reduce((total, t) => total + t[key], 0);
    return {
      overall: metrics(
        sum('completed'),
        sum('rolledBack'),
        sum('open'),
        sum('overdue'),
        overallMedians.get('*'),
      ),
      teams,
    };
  }
}
