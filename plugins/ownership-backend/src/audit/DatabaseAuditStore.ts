import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { count, likePattern, READ_BATCH } from '../database/sql';
import { AUDIT, toDate } from '../database/tables';
import {
  AuditEntry,
  AuditEntryInput,
  AuditFilter,
  AuditStore,
} from './AuditStore';
import {
  AuditChainCheck,
  auditRowHash,
  checkAuditChain,
  DbAuditChainRow,
  lockChainHead,
  teamsColumn,
  teamsFromColumn,
} from './auditChain';

/**
 * Appends one entry to the audit trail with `db`: pass the transaction of
 * the change the entry records, so that both commit or neither does. The
 * entry is chained to the last one (see auditChain.ts); on PostgreSQL the
 * chain's lock is held until `db`'s transaction ends, so append last.
 */
export async function appendAudit(
  db: Knex | Knex.Transaction,
  entry: AuditEntryInput,
): Promise<void> {
  if (!db.isTransaction) {
    await db.transaction(trx => appendAudit(trx, entry));
    return;
  }
  const row = {
    occurred_at: entry.occurredAt,
    actor: entry.actor,
    action: entry.action,
    entity_ref: entry.entityRef ?? null,
    details: JSON.stringify(entry.details),
    correlation_id: entry.correlationId,
    request_id: entry.requestId?.slice(0, 255) || null,
    teams: teamsColumn(entry.teams),
  };
  const prevHash = await lockChainHead(db as Knex.Transaction);
  await db<DbAuditChainRow>(AUDIT).insert({
    ...row,
    prev_hash: prevHash,
    hash: auditRowHash(row, prevHash),
  } as Partial<DbAuditChainRow>);
}

const lowerRef = (ref: string) => ref.trim().toLocaleLowerCase('en-US');

function auditFromRow(row: DbAuditChainRow): AuditEntry {
  let details = {};
  try {
    details = JSON.parse(row.details);
  } catch {
    details = { raw: row.details };
  }
  const teams = teamsFromColumn(row.teams);
  return {
    id: String(row.id),
    occurredAt: toDate(row.occurred_at),
    actor: row.actor,
    action: row.action,
    entityRef: row.entity_ref ?? undefined,
    details,
    correlationId: row.correlation_id,
    ...(row.request_id ? { requestId: row.request_id } : {}),
    ...(teams ? { teams } : {}),
  };
}

/** The audit trail on PostgreSQL or SQLite (append-only by trigger). */
export class DatabaseAuditStore implements AuditStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseAuditStore> {
    return new DatabaseAuditStore(await getMigratedClient(options.database));
  }

  constructor(private readonly db: Knex) {}

  private query(filter: AuditFilter) {
    const query = this.db<DbAuditChainRow>(AUDIT);
    // Refs match in any case, through the lower(column) indexes of
    // migration 20270206120000 (refs are ASCII, so SQLite's lower() agrees)
    if (filter.entityRef) {
      query.whereRaw('lower(entity_ref) = ?', [lowerRef(filter.entityRef)]);
    }
    if (filter.actor) {
      query.whereRaw('lower(actor) = ?', [lowerRef(filter.actor)]);
    }
    if (filter.action) {
      query.where('action', filter.action);
    }
    if (filter.team) {
      const team = teamsColumn([filter.team])?.trim() ?? '';
      // a ref holds no space, so ' ref ' matches whole refs only
      query.whereRaw(`teams LIKE ? ESCAPE '!'`, [likePattern(` ${team} `)]);
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
      this.query(filter)
        .select('*')
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit),
      this.query(filter).count({ count: '*' }).first(),
    ]);
    return {
      items: (rows as DbAuditChainRow[]).map(auditFromRow),
      totalCount: count(total),
    };
  }

  async *streamAudit(filter: AuditFilter): AsyncIterable<AuditEntry[]> {
    let before: number | undefined;
    for (;;) {
      const query = this.query(filter)
        .select('*')
        .orderBy('id', 'desc')
        .limit(READ_BATCH);
      if (before !== undefined) {
        query.where('id', '<', before);
      }
      const rows = (await query) as DbAuditChainRow[];
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

  checkIntegrity(): Promise<AuditChainCheck> {
    return checkAuditChain(this.db);
  }
}
