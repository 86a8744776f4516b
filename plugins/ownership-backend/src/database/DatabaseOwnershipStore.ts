import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { OrphanReasonCode } from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import {
  AuditEntry,
  AuditEntryInput,
  AuditFilter,
  CoverageDimension,
  CoverageSnapshot,
  CoverageTrendRow,
  IndexApplyOptions,
  IndexedEntityRecord,
  IndexRefreshStats,
  IndexState,
  IndexTableStats,
  IndexTarget,
  OrphanQuery,
  OwnershipStore,
  StagedIndexRow,
  StoredVerification,
  TeamRecord,
} from './OwnershipStore';
import {
  AUDIT,
  DIRECT_MEMBER_COUNTS_SQL,
  ENTITIES,
  GROUPS,
  LINKS,
  likePattern,
  memberCountsSql,
  OWNED_STATUSES,
  POLICIES,
  REASONS,
  SNAPSHOTS,
  STAGING,
  STATE,
  subtreeSql,
  UPDATE_ONE_REASON_COUNT_SQL,
  UPDATE_OWNER_STATUS_SQL,
  UPDATE_REASON_COUNTS_SQL,
  USERS,
  VERIFICATIONS,
  desiredReasonsBindings,
  desiredReasonsSql,
} from './indexSql';
import {
  DbAuditRow,
  DbCoverageSnapshotRow,
  DbIndexEntityPayload,
  DbIndexEntityRow,
  DbIndexGroupPayload,
  DbIndexLinkPayload,
  DbIndexPolicyPayload,
  DbIndexReasonRow,
  DbIndexStagingRow,
  DbIndexStateRow,
  DbIndexUserPayload,
  DbVerificationRow,
  DbTimestamp,
  toDate,
} from './tables';

const migrationsDir = resolvePackagePath(
  '@service-ownership/plugin-ownership-backend',
  'migrations',
);

// Rows per statement: well below SQLite's bound-variable limit for the
// widest table (15 columns).
const WRITE_BATCH = 500;
const READ_BATCH = 1000;
const STATE_ID = 'index';

type TargetSpec<TPayload> = {
  table: string;
  key: string;
  toRow(payload: TPayload, hash: string, now: Date): Record<string, unknown>;
  /** Columns overwritten when a changed row is upserted. */
  merge: string[];
};

type TargetPayloads = {
  entities: DbIndexEntityPayload;
  groups: DbIndexGroupPayload;
  users: DbIndexUserPayload;
  policies: DbIndexPolicyPayload;
  links: DbIndexLinkPayload;
};

const TARGETS: { [T in IndexTarget]: TargetSpec<TargetPayloads[T]> } = {
  entities: {
    table: ENTITIES,
    key: 'entity_ref',
    toRow: (p: DbIndexEntityPayload, hash, now) => ({
      ...p,
      expires_at: p.expires_at ? new Date(p.expires_at) : null,
      row_hash: hash,
      first_seen_at: now,
      updated_at: now,
    }),
    merge: [
      'kind',
      'type',
      'title',
      'title_lower',
      'lifecycle',
      'owner_ref',
      'system_ref',
      'tier',
      'level',
      'escalation_policy_ref',
      'expires_at',
      'is_service',
      'row_hash',
      'updated_at',
    ],
  },
  groups: {
    table: GROUPS,
    key: 'entity_ref',
    toRow: (p: DbIndexGroupPayload, hash, now) => ({
      ...p,
      row_hash: hash,
      updated_at: now,
    }),
    merge: ['title', 'row_hash', 'updated_at'],
  },
  users: {
    table: USERS,
    key: 'entity_ref',
    toRow: (p: DbIndexUserPayload, hash, now) => ({
      ...p,
      row_hash: hash,
      updated_at: now,
    }),
    merge: ['display_name', 'email', 'row_hash', 'updated_at'],
  },
  policies: {
    table: POLICIES,
    key: 'entity_ref',
    toRow: (p: DbIndexPolicyPayload, hash, now) => ({
      ...p,
      row_hash: hash,
      updated_at: now,
    }),
    merge: ['title', 'owner_ref', 'row_hash', 'updated_at'],
  },
  links: {
    table: LINKS,
    key: 'link_key',
    toRow: (p: DbIndexLinkPayload, hash, now) => ({
      ...p,
      row_hash: hash,
      updated_at: now,
    }),
    merge: ['source_ref', 'link_type', 'target_ref', 'detail', 'row_hash'],
  },
};

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/**
 * INSERT … VALUES … ON CONFLICT DO UPDATE, written out because knex renders
 * multi-row inserts on SQLite as a slower UNION ALL of SELECTs.
 */
async function upsert(
  trx: Knex.Transaction,
  spec: Pick<TargetSpec<unknown>, 'table' | 'key' | 'merge'>,
  rows: Record<string, unknown>[],
) {
  if (!rows.length) {
    return;
  }
  const columns = Object.keys(rows[0]);
  const values = `(${columns.map(() => '?').join(', ')})`;
  await trx.raw(
    `INSERT INTO ${spec.table} (${columns.join(', ')})
     VALUES ${rows.map(() => values).join(', ')}
     ON CONFLICT (${spec.key}) DO UPDATE SET ${spec.merge
      .map(c => `${c} = excluded.${c}`)
      .join(', ')}`,
    rows.flatMap(row => columns.map(c => row[c] as Knex.Value)),
  );
}

function toUtcDate(date: Date): string {
  return DateTime.fromJSDate(date).toUTC().toISODate()!;
}

function count(row: { count?: number | string } | undefined): number {
  return Number(row?.count ?? 0);
}

function auditFromRow(row: DbAuditRow): AuditEntry {
  let details = {};
  try {
    details = JSON.parse(row.details);
  } catch {
    details = { raw: row.details };
  }
  return {
    id: String(row.id),
    occurredAt: toDate(row.occurred_at),
    actor: row.actor,
    action: row.action,
    entityRef: row.entity_ref ?? undefined,
    details,
    correlationId: row.correlation_id,
  };
}

type EntityQueryRow = DbIndexEntityRow & { verified_at: DbTimestamp | null };

function entityFromRow(
  row: EntityQueryRow,
  reasons: DbIndexReasonRow[] = [],
): IndexedEntityRecord {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    type: row.type ?? undefined,
    title: row.title ?? undefined,
    lifecycle: row.lifecycle ?? undefined,
    owner: row.owner_ref ?? undefined,
    system: row.system_ref ?? undefined,
    tier: row.tier ?? undefined,
    escalationPolicy: row.escalation_policy_ref ?? undefined,
    expiresAt: toDate(row.expires_at),
    isService: Boolean(row.is_service),
    firstSeenAt: toDate(row.first_seen_at),
    verifiedAt: toDate(row.verified_at),
    reasons: reasons.map(r => ({
      code: r.code as OrphanReasonCode,
      severity: r.severity === 'error' ? 'error' : 'warning',
    })),
  };
}

const ENTITY_COLUMNS = [
  'e.entity_ref',
  'e.kind',
  'e.type',
  'e.title',
  'e.lifecycle',
  'e.owner_ref',
  'e.system_ref',
  'e.tier',
  'e.escalation_policy_ref',
  'e.expires_at',
  'e.is_service',
  'e.first_seen_at',
  'e.reason_count',
  'e.error_count',
  'v.verified_at',
];

const ORDER_COLUMNS: Record<
  OrphanQuery['orderBy'],
  Array<{ column: string; nullable?: boolean }>
> = {
  entityRef: [],
  title: [{ column: 'e.title', nullable: true }],
  owner: [{ column: 'e.owner_ref', nullable: true }],
  tier: [{ column: 'e.tier', nullable: true }],
  kind: [{ column: 'e.kind' }],
  reasons: [{ column: 'e.error_count' }, { column: 'e.reason_count' }],
};

/** The rows of a raw query: an array on SQLite, `{ rows }` on PostgreSQL. */
function rawRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? result : (result as { rows: T[] }).rows;
}

/**
 * The ownership backend's storage on PostgreSQL or SQLite.
 */
export class DatabaseOwnershipStore implements OwnershipStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseOwnershipStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip) {
      await client.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseOwnershipStore(client);
  }

  private readonly client: string;

  constructor(private readonly db: Knex) {
    this.client = String(db.client.config.client);
  }

  async readSnapshot<T>(fn: (store: OwnershipStore) => Promise<T>): Promise<T> {
    // PostgreSQL's default, read committed, gives each statement its own
    // snapshot; repeatable read gives the transaction one. A SQLite
    // transaction reads one state of the file from its first read on.
    return this.db.transaction(
      trx => fn(new DatabaseOwnershipStore(trx)),
      this.client === 'pg'
        ? { isolationLevel: 'repeatable read', readOnly: true }
        : undefined,
    );
  }

  async getVerification(
    entityRef: string,
  ): Promise<StoredVerification | undefined> {
    const row = await this.db<DbVerificationRow>(VERIFICATIONS)
      .where({ entity_ref: entityRef })
      .first();
    return row
      ? {
          entityRef: row.entity_ref,
          verifiedAt: toDate(row.verified_at),
          verifiedBy: row.verified_by,
          comment: row.comment ?? undefined,
        }
      : undefined;
  }

  async recordVerification(
    verification: StoredVerification,
    audit: AuditEntryInput,
  ): Promise<void> {
    await this.db.transaction(async trx => {
      await trx<DbVerificationRow>(VERIFICATIONS)
        .insert({
          entity_ref: verification.entityRef,
          verified_at: verification.verifiedAt,
          verified_by: verification.verifiedBy,
          comment: verification.comment ?? null,
        })
        .onConflict('entity_ref')
        .merge(['verified_at', 'verified_by', 'comment']);
      await this.insertAudit(trx, audit);
      // The warning goes away at once, not at the next refresh.
      await trx(REASONS)
        .where({ entity_ref: verification.entityRef, code: 'not-verified' })
        .delete();
      await trx.raw(UPDATE_ONE_REASON_COUNT_SQL, [verification.entityRef]);
    });
  }

  async appendAudit(entry: AuditEntryInput): Promise<void> {
    await this.insertAudit(this.db, entry);
  }

  private async insertAudit(db: Knex, entry: AuditEntryInput) {
    await db<DbAuditRow>(AUDIT).insert({
      occurred_at: entry.occurredAt,
      actor: entry.actor,
      action: entry.action,
      entity_ref: entry.entityRef ?? null,
      details: JSON.stringify(entry.details),
      correlation_id: entry.correlationId,
    } as Partial<DbAuditRow>);
  }

  private auditQuery(filter: AuditFilter) {
    const query = this.db<DbAuditRow>(AUDIT);
    if (filter.entityRef) {
      query.where('entity_ref', filter.entityRef);
    }
    if (filter.actor) {
      query.where('actor', filter.actor);
    }
    if (filter.action) {
      query.where('action', filter.action);
    }
    if (filter.from) {
      query.where('occurred_at', '>=', filter.from);
    }
    if (filter.to) {
      query.where('occurred_at', '<=', filter.to);
    }
    return query;
  }

  async listAudit(
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<{ items: AuditEntry[]; totalCount: number }> {
    const [rows, total] = await Promise.all([
      this.auditQuery(filter)
        .select('*')
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit),
      this.auditQuery(filter).count({ count: '*' }).first(),
    ]);
    return {
      items: (rows as DbAuditRow[]).map(auditFromRow),
      totalCount: count(total as { count?: number | string }),
    };
  }

  async *streamAudit(filter: AuditFilter): AsyncIterable<AuditEntry[]> {
    let before: number | undefined;
    for (;;) {
      const query = this.auditQuery(filter)
        .select('*')
        .orderBy('id', 'desc')
        .limit(READ_BATCH);
      if (before !== undefined) {
        query.where('id', '<', before);
      }
      const rows = (await query) as DbAuditRow[];
      if (!rows.length) {
        return;
      }
      yield rows.map(auditFromRow);
      before = Number(rows[rows.length - 1].id);
      if (rows.length < READ_BATCH) {
        return;
      }
    }
  }

  async clearIndexStaging(
    runId: string,
    options: { staleBefore?: Date } = {},
  ): Promise<void> {
    await this.clearStaging(this.db, runId, options.staleBefore);
  }

  private async clearStaging(db: Knex, runId: string, staleBefore?: Date) {
    await db<DbIndexStagingRow>(STAGING)
      .where(q => {
        q.where('run_id', runId);
        if (staleBefore) {
          q.orWhere('staged_at', '<', staleBefore);
        }
      })
      .delete();
  }

  async stageIndexRows(runId: string, rows: StagedIndexRow[]): Promise<void> {
    const stagedAt = new Date();
    // Plain multi-row VALUES (knex writes SQLite inserts as a UNION ALL of
    // SELECTs, several times slower), in one transaction per call so that
    // SQLite syncs once per call rather than once per statement.
    await this.db.transaction(async trx => {
      for (const batch of chunks(rows, WRITE_BATCH)) {
        await trx.raw(
          `INSERT INTO ${STAGING} (run_id, target, row_key, row_hash, payload, staged_at)
           VALUES ${batch.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
           ON CONFLICT (run_id, target, row_key) DO NOTHING`,
          batch.flatMap(r => [
            runId,
            r.target,
            r.key,
            r.hash,
            JSON.stringify(r.payload),
            stagedAt,
          ]),
        );
      }
    });
  }

  async countStagedRows(runId: string, target: IndexTarget): Promise<number> {
    return count(
      await this.db(STAGING)
        .where({ run_id: runId, target })
        .count({ count: '*' })
        .first(),
    );
  }

  async applyStagedIndex(
    options: IndexApplyOptions,
  ): Promise<IndexRefreshStats> {
    const { runId, now, signal } = options;
    // Throwing inside the transaction rolls everything back.
    const checkAborted = () => signal?.throwIfAborted();
    return this.db.transaction(async trx => {
      checkAborted();
      // Writing the state row first takes its row lock, so that two runs
      // that overlap apply one after the other rather than interleaved.
      await this.writeState(trx, { last_attempt_at: now });
      const apply = async (target: IndexTarget) => {
        const result = await this.applyTarget(trx, runId, target, now);
        checkAborted();
        return result;
      };
      const stats: IndexRefreshStats = {
        entities: await apply('entities'),
        groups: await apply('groups'),
        users: await apply('users'),
        policies: await apply('policies'),
        links: await apply('links'),
        derived: { entities: 0, groups: 0 },
        reasons: { added: 0, removed: 0 },
      };
      stats.derived.groups = await this.updateMemberCounts(trx);
      stats.derived.entities = await this.rowCount(
        trx.raw(UPDATE_OWNER_STATUS_SQL),
      );
      checkAborted();
      stats.reasons = await this.updateReasons(trx, options);
      stats.derived.entities += await this.rowCount(
        trx.raw(UPDATE_REASON_COUNTS_SQL),
      );
      await this.writeSnapshot(trx, options);
      checkAborted();
      await this.clearStaging(trx, runId);
      await this.writeState(trx, {
        id: STATE_ID,
        indexed_at: now,
        last_attempt_at: now,
        last_error: null,
        stats: JSON.stringify(stats),
      });
      return stats;
    });
  }

  private async rowCount(query: Knex.Raw): Promise<number> {
    // pg: { rowCount }, better-sqlite3: { changes }
    const result = (await query) as
      | { rowCount?: number | null; changes?: number }
      | undefined;
    return Number(result?.rowCount ?? result?.changes ?? 0);
  }

  private async applyTarget(
    trx: Knex.Transaction,
    runId: string,
    target: IndexTarget,
    now: Date,
  ): Promise<IndexTableStats> {
    const spec = TARGETS[target];
    const stats: IndexTableStats = {
      inserted: 0,
      updated: 0,
      deleted: 0,
      unchanged: 0,
    };
    // Keyset pagination over the staged rows that are new or whose hash
    // differs; rows already upserted drop out of the condition, so the key
    // moves strictly forward.
    let last = '';
    for (;;) {
      const changed: Array<{
        row_key: string;
        row_hash: string;
        payload: string;
        existing: string | null;
      }> = await trx(`${STAGING} as s`)
        .leftJoin(`${spec.table} as t`, `t.${spec.key}`, 's.row_key')
        .where('s.run_id', runId)
        .where('s.target', target)
        .where('s.row_key', '>', last)
        .where(q =>
          q.whereNull(`t.${spec.key}`).orWhereRaw('t.row_hash <> s.row_hash'),
        )
        .orderBy('s.row_key')
        .limit(WRITE_BATCH)
        .select('s.row_key', 's.row_hash', 's.payload', {
          existing: `t.${spec.key}`,
        });
      if (!changed.length) {
        break;
      }
      await upsert(
        trx,
        spec,
        changed.map(c => spec.toRow(JSON.parse(c.payload), c.row_hash, now)),
      );
      for (const c of changed) {
        if (c.existing === null) {
          stats.inserted += 1;
        } else {
          stats.updated += 1;
        }
      }
      last = changed[changed.length - 1].row_key;
    }
    stats.deleted = await trx(spec.table)
      .whereNotExists(
        trx(STAGING)
          .select(trx.raw('1'))
          .where(`${STAGING}.run_id`, runId)
          .where(`${STAGING}.target`, target)
          .whereRaw(`${STAGING}.row_key = ${spec.table}.${spec.key}`),
      )
      .delete();
    const staged = count(
      await trx(STAGING)
        .where({ run_id: runId, target })
        .count({ count: '*' })
        .first(),
    );
    stats.unchanged = staged - stats.inserted - stats.updated;
    return stats;
  }

  private async updateMemberCounts(trx: Knex.Transaction): Promise<number> {
    // One at a time: queries on a transaction share its connection.
    const total = await trx.raw(memberCountsSql(this.client));
    const direct = await trx.raw(DIRECT_MEMBER_COUNTS_SQL);
    const groups = await trx(GROUPS).select(
      'entity_ref',
      'member_count',
      'direct_member_count',
    );
    const rowsOf = (result: unknown) =>
      rawRows<{ group_ref: string; member_count: number | string }>(result);
    const totals = new Map(
      rowsOf(total).map(r => [r.group_ref, Number(r.member_count)]),
    );
    const directs = new Map(
      rowsOf(direct).map(r => [r.group_ref, Number(r.member_count)]),
    );
    let changed = 0;
    for (const group of groups as Array<{
      entity_ref: string;
      member_count: number;
      direct_member_count: number;
    }>) {
      const memberCount = totals.get(group.entity_ref) ?? 0;
      const directCount = directs.get(group.entity_ref) ?? 0;
      if (
        Number(group.member_count) !== memberCount ||
        Number(group.direct_member_count) !== directCount
      ) {
        await trx(GROUPS).where({ entity_ref: group.entity_ref }).update({
          member_count: memberCount,
          direct_member_count: directCount,
        });
        changed += 1;
      }
    }
    return changed;
  }

  private async updateReasons(
    trx: Knex.Transaction,
    options: IndexApplyOptions,
  ): Promise<{ added: number; removed: number }> {
    const verifiedSince = DateTime.fromJSDate(options.now)
      .minus({ days: options.verificationPeriodDays })
      .toJSDate();
    const desired = desiredReasonsSql(options);
    const bindings = desiredReasonsBindings({ ...options, verifiedSince });
    // Materialise the wanted set under the staging table's primary key, so
    // that removing the stale reasons is an index lookup per row.
    await trx.raw(
      `INSERT INTO ${STAGING} (run_id, target, row_key, row_hash, payload, staged_at)
       SELECT ?, 'reasons', d.entity_ref || '|' || d.code, d.severity, '', CURRENT_TIMESTAMP
       FROM (${desired}) d`,
      [options.runId, ...bindings],
    );
    const removed = await trx(REASONS)
      .whereNotExists(
        trx(STAGING)
          .select(trx.raw('1'))
          .where(`${STAGING}.run_id`, options.runId)
          .where(`${STAGING}.target`, 'reasons')
          .whereRaw(
            `${STAGING}.row_key = ${REASONS}.entity_ref || '|' || ${REASONS}.code`,
          ),
      )
      .delete();
    const added = await this.rowCount(
      trx.raw(
        `INSERT INTO ${REASONS} (entity_ref, code, severity)
         SELECT d.entity_ref, d.code, d.severity FROM (${desired}) d
         WHERE NOT EXISTS (
           SELECT 1 FROM ${REASONS} r
           WHERE r.entity_ref = d.entity_ref AND r.code = d.code)`,
        bindings,
      ),
    );
    return { added, removed };
  }

  private async writeSnapshot(
    trx: Knex.Transaction,
    options: IndexApplyOptions,
  ) {
    const date = toUtcDate(options.now);
    const owned = trx.raw(
      // Error reasons (tier-1 without escalation, expired feature ownership)
      // count against coverage as well as a missing or empty owner team.
      `SUM(CASE WHEN owner_status IN (${OWNED_STATUSES.map(() => '?').join(
        ', ',
      )}) AND error_count = 0 THEN 1 ELSE 0 END) AS owned`,
      OWNED_STATUSES,
    );
    const columns: Record<CoverageDimension, string> = {
      kind: 'kind',
      type: 'type',
      lifecycle: 'lifecycle',
      tier: 'tier',
      owner: 'owner_ref',
      system: 'system_ref',
    };
    const buckets = {} as Record<
      CoverageDimension,
      Array<[string, number, number]>
    >;
    let total = 0;
    let ownedTotal = 0;
    for (const [dimension, column] of Object.entries(columns) as Array<
      [CoverageDimension, string]
    >) {
      const result: Array<{
        bucket_key: string | null;
        total: number | string;
        owned: number | string | null;
      }> = await trx(ENTITIES)
        .where('is_service', true)
        .select(owned, trx.raw('COUNT(*) AS total'), { bucket_key: column })
        .groupBy(column);
      buckets[dimension] = result
        .map((r): [string, number, number] => [
          r.bucket_key ?? '',
          Number(r.total),
          Number(r.owned ?? 0),
        ])
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      if (dimension === 'kind') {
        total = buckets.kind.reduce((sum, b) => sum + b[1], 0);
        ownedTotal = buckets.kind.reduce((sum, b) => sum + b[2], 0);
      }
    }
    const row: DbCoverageSnapshotRow = {
      snapshot_date: date,
      taken_at: options.now,
      total,
      owned: ownedTotal,
      buckets: JSON.stringify(buckets),
    };
    await trx(SNAPSHOTS)
      .insert(row)
      .onConflict('snapshot_date')
      .merge(['taken_at', 'total', 'owned', 'buckets']);
    const oldest = toUtcDate(
      DateTime.fromJSDate(options.now)
        .minus({ days: options.snapshotRetentionDays })
        .toJSDate(),
    );
    await trx(SNAPSHOTS).where('snapshot_date', '<', oldest).delete();
  }

  private async writeState(db: Knex, row: Partial<DbIndexStateRow>) {
    await db(STATE)
      .insert({ id: STATE_ID, ...row })
      .onConflict('id')
      .merge(Object.keys(row).filter(k => k !== 'id'));
  }

  async recordIndexFailure(at: Date, error: string): Promise<void> {
    await this.writeState(this.db, {
      last_attempt_at: at,
      last_error: error.slice(0, 4000),
    });
  }

  async getIndexState(): Promise<IndexState> {
    const row = await this.db<DbIndexStateRow>(STATE)
      .where({ id: STATE_ID })
      .first();
    if (!row) {
      return {};
    }
    let stats: IndexRefreshStats | undefined;
    try {
      stats = row.stats ? JSON.parse(row.stats) : undefined;
    } catch {
      stats = undefined;
    }
    return {
      indexedAt: toDate(row.indexed_at),
      lastAttemptAt: toDate(row.last_attempt_at),
      lastError: row.last_error ?? undefined,
      stats,
    };
  }

  async countIndexedEntities(): Promise<number> {
    return count(await this.db(ENTITIES).count({ count: '*' }).first());
  }

  async filterIndexedRefs(refs: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const batch of chunks([...new Set(refs)], READ_BATCH)) {
      for (const table of [USERS, GROUPS, POLICIES]) {
        const rows: Array<{ entity_ref: string }> = await this.db(table)
          .whereIn('entity_ref', batch)
          .select('entity_ref');
        rows.forEach(r => found.add(r.entity_ref));
      }
    }
    return found;
  }

  private entityQuery(db: Knex = this.db) {
    return db(`${ENTITIES} as e`)
      .leftJoin(`${VERIFICATIONS} as v`, 'v.entity_ref', 'e.entity_ref')
      .select(ENTITY_COLUMNS);
  }

  private async withReasons(
    rows: EntityQueryRow[],
  ): Promise<IndexedEntityRecord[]> {
    const refs = rows
      .filter(r => Number(r.reason_count) > 0)
      .map(r => r.entity_ref);
    const reasons: DbIndexReasonRow[] = refs.length
      ? await this.db(REASONS).whereIn('entity_ref', refs).select('*')
      : [];
    const byRef = new Map<string, DbIndexReasonRow[]>();
    for (const reason of reasons) {
      byRef.set(reason.entity_ref, [
        ...(byRef.get(reason.entity_ref) ?? []),
        reason,
      ]);
    }
    return rows.map(r => entityFromRow(r, byRef.get(r.entity_ref)));
  }

  async getIndexedEntity(
    entityRef: string,
  ): Promise<IndexedEntityRecord | undefined> {
    const row = await this.entityQuery()
      .where('e.entity_ref', entityRef)
      .first();
    if (!row) {
      return undefined;
    }
    const [record] = await this.withReasons([row]);
    return record;
  }

  async getCoverageSnapshot(
    asOf?: string,
  ): Promise<CoverageSnapshot | undefined> {
    const query = this.db<DbCoverageSnapshotRow>(SNAPSHOTS)
      .orderBy('snapshot_date', 'desc')
      .first();
    if (asOf) {
      query.where('snapshot_date', '<=', asOf);
    }
    const row = (await query) as DbCoverageSnapshotRow | undefined;
    if (!row) {
      return undefined;
    }
    const stored = JSON.parse(row.buckets) as Record<
      CoverageDimension,
      Array<[string, number, number]>
    >;
    const buckets = {} as CoverageSnapshot['buckets'];
    for (const [dimension, list] of Object.entries(stored)) {
      buckets[dimension as CoverageDimension] = list.map(
        ([key, total, owned]) => ({ key, total, owned }),
      );
    }
    return {
      date: row.snapshot_date,
      takenAt: toDate(row.taken_at),
      total: Number(row.total),
      owned: Number(row.owned),
      buckets,
    };
  }

  async getCoverageTrend(sinceDate: string): Promise<CoverageTrendRow[]> {
    const rows: Array<
      Pick<DbCoverageSnapshotRow, 'snapshot_date' | 'total' | 'owned'>
    > = await this.db(SNAPSHOTS)
      .where('snapshot_date', '>=', sinceDate)
      .orderBy('snapshot_date', 'asc')
      .select('snapshot_date', 'total', 'owned');
    return rows.map(r => ({
      date: r.snapshot_date,
      total: Number(r.total),
      owned: Number(r.owned),
    }));
  }

  private orphanFilter(
    query: Knex.QueryBuilder,
    filter: Omit<OrphanQuery, 'offset' | 'limit' | 'orderBy' | 'order'>,
  ) {
    // A literal, not a binding: SQLite only uses the partial orphan indexes
    // when the query repeats their condition.
    query.where('e.is_service', true).whereRaw('e.reason_count > 0');
    if (filter.reasons?.length) {
      query.whereExists(
        this.db(`${REASONS} as r`)
          .select(this.db.raw('1'))
          .whereRaw('r.entity_ref = e.entity_ref')
          .whereIn('r.code', filter.reasons),
      );
    }
    if (filter.severity === 'error') {
      query.where('e.error_count', '>', 0);
    } else if (filter.severity === 'warning') {
      query.whereRaw('e.reason_count > e.error_count');
    }
    if (filter.owner) {
      query.where('e.owner_ref', filter.owner);
    }
    if (filter.tier) {
      query.where('e.tier', filter.tier);
    }
    if (filter.kind) {
      query.whereRaw('LOWER(e.kind) = ?', [
        filter.kind.toLocaleLowerCase('en-US'),
      ]);
    }
    if (filter.q) {
      const pattern = likePattern(filter.q.toLocaleLowerCase('en-US'));
      query.where(q =>
        q
          .whereRaw(`e.entity_ref LIKE ? ESCAPE '!'`, [pattern])
          .orWhereRaw(`e.title_lower LIKE ? ESCAPE '!'`, [pattern]),
      );
    }
    return query;
  }

  private orphanOrder(
    query: Knex.QueryBuilder,
    orderBy: OrphanQuery['orderBy'],
    order: 'asc' | 'desc',
  ) {
    for (const { column, nullable } of ORDER_COLUMNS[orderBy]) {
      if (nullable) {
        // NULLs last in both directions and on both databases
        query.orderByRaw(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`);
      }
      query.orderBy(column, order);
    }
    // The tie-break follows the direction, so that the partial indexes can
    // serve the page in order (see the migration).
    query.orderBy('e.entity_ref', order);
    return query;
  }

  async listOrphans(
    query: OrphanQuery,
  ): Promise<{ items: IndexedEntityRecord[]; totalCount: number }> {
    const page = this.orphanOrder(
      this.orphanFilter(this.entityQuery(), query),
      query.orderBy,
      query.order,
    )
      .offset(query.offset)
      .limit(query.limit);
    const total = this.orphanFilter(
      this.db(`${ENTITIES} as e`).count({ count: '*' }),
      query,
    ).first();
    const [rows, totalRow] = await Promise.all([page, total]);
    return {
      items: await this.withReasons(rows as EntityQueryRow[]),
      totalCount: count(totalRow as { count?: number | string }),
    };
  }

  async *streamOrphans(
    query: Omit<OrphanQuery, 'offset' | 'limit'>,
  ): AsyncIterable<IndexedEntityRecord[]> {
    // On PostgreSQL every batch comes from one snapshot, however long the
    // download takes. On SQLite a transaction would hold the plugin's only
    // connection for that long, so each batch is read on its own there.
    if (this.client !== 'pg') {
      yield* this.orphanBatches(query);
      return;
    }
    const trx = await this.db.transaction({
      isolationLevel: 'repeatable read',
      readOnly: true,
    });
    try {
      yield* new DatabaseOwnershipStore(trx).orphanBatches(query);
    } finally {
      await trx.commit();
    }
  }

  private async *orphanBatches(
    query: Omit<OrphanQuery, 'offset' | 'limit'>,
  ): AsyncIterable<IndexedEntityRecord[]> {
    for (let offset = 0; ; offset += READ_BATCH) {
      const rows = (await this.orphanOrder(
        this.orphanFilter(this.entityQuery(), query),
        query.orderBy,
        query.order,
      )
        .offset(offset)
        .limit(READ_BATCH)) as EntityQueryRow[];
      if (!rows.length) {
        return;
      }
      yield await this.withReasons(rows);
      if (rows.length < READ_BATCH) {
        return;
      }
    }
  }

  async getTeam(
    groupRef: string,
    options: { limit: number },
  ): Promise<TeamRecord | undefined> {
    const group = await this.db(GROUPS).where({ entity_ref: groupRef }).first();
    if (!group) {
      return undefined;
    }
    const subtreeRows: Array<{ group_ref: string }> = await this.db
      .raw(subtreeSql(this.client), [groupRef])
      .then(rawRows<{ group_ref: string }>);
    const childGroups = subtreeRows
      .map(r => r.group_ref)
      .filter(ref => ref !== groupRef)
      .sort();
    const inSubtree = (column: string) =>
      this.db.raw(`${column} IN (${subtreeSql(this.client)})`, [groupRef]);

    const ownedQuery = () => this.entityQuery().where(inSubtree('e.owner_ref'));
    const [ownedRows, ownedTotal, gapRows, gapTotal] = await Promise.all([
      ownedQuery().orderBy('e.entity_ref').limit(options.limit) as Promise<
        EntityQueryRow[]
      >,
      this.db(`${ENTITIES} as e`)
        .where(inSubtree('e.owner_ref'))
        .count({ count: '*' })
        .first(),
      this.orphanFilter(ownedQuery(), {})
        .orderBy('e.error_count', 'desc')
        .orderBy('e.entity_ref')
        .limit(options.limit) as Promise<EntityQueryRow[]>,
      this.orphanFilter(
        this.db(`${ENTITIES} as e`).where(inSubtree('e.owner_ref')),
        {},
      )
        .count({ count: '*' })
        .first(),
    ]);

    const raciRows: Array<{
      source_ref: string;
      target_ref: string;
      detail: string;
    }> = await this.db(`${LINKS} as l`)
      .where('l.link_type', 'raci')
      .where(q =>
        q.where(inSubtree('l.target_ref')).orWhere(
          this.db.raw(
            `l.target_ref IN (SELECT m.target_ref FROM ${LINKS} m
               WHERE m.link_type = 'member' AND m.source_ref IN (${subtreeSql(
                 this.client,
               )}))`,
            [groupRef],
          ),
        ),
      )
      .orderBy(['l.source_ref', 'l.detail', 'l.target_ref'])
      .select('l.source_ref', 'l.target_ref', 'l.detail');

    const [ownedPolicies, targetRows] = await Promise.all([
      this.db(POLICIES)
        .where(inSubtree('owner_ref'))
        .select('entity_ref') as Promise<Array<{ entity_ref: string }>>,
      this.db(`${LINKS} as l`)
        .where('l.link_type', 'policy-target')
        .where(inSubtree('l.target_ref'))
        .select('l.source_ref', 'l.detail') as Promise<
        Array<{ source_ref: string; detail: string }>
      >,
    ]);
    const policies = new Map<string, TeamRecord['escalationPolicies'][0]>();
    for (const p of ownedPolicies) {
      policies.set(p.entity_ref, {
        policyRef: p.entity_ref,
        levels: [],
        as: 'owner',
      });
    }
    for (const t of targetRows) {
      const policy = policies.get(t.source_ref) ?? {
        policyRef: t.source_ref,
        levels: [],
        as: 'target' as const,
      };
      if (!policy.levels.includes(t.detail)) {
        policy.levels.push(t.detail);
      }
      policies.set(t.source_ref, policy);
    }

    return {
      entityRef: group.entity_ref,
      title: group.title ?? undefined,
      memberCount: Number(group.member_count),
      childGroups,
      owned: await this.withReasons(ownedRows),
      ownedTotalCount: count(ownedTotal as { count?: number | string }),
      gaps: await this.withReasons(gapRows),
      gapsTotalCount: count(gapTotal as { count?: number | string }),
      raciRoles: raciRows.flatMap(r => {
        try {
          const [activity, role] = JSON.parse(r.detail);
          return [
            {
              matrixRef: r.source_ref,
              activity: String(activity),
              role: String(role),
              participant: r.target_ref,
            },
          ];
        } catch {
          return [];
        }
      }),
      escalationPolicies: [...policies.values()].sort((a, b) =>
        a.policyRef.localeCompare(b.policyRef),
      ),
    };
  }
}
