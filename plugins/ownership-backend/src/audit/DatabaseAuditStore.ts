import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { count, READ_BATCH } from '../database/sql';
import { AUDIT, DbAuditRow, toDate } from '../database/tables';
import {
  AuditEntry,
  AuditEntryInput,
  AuditFilter,
  AuditStore,
} from './AuditStore';

/**
 * Appends one entry to the audit trail with `db`: pass the transaction of
 * the change the entry records, so that both commit or neither does.
 */
export async function appendAudit(
  db: Knex | Knex.Transaction,
  entry: AuditEntryInput,
): Promise<void> {
  await db<DbAuditRow>(AUDIT).insert({
    occurred_at: entry.occurredAt,
    actor: entry.actor,
    action: entry.action,
    entity_ref: entry.entityRef ?? null,
    details: JSON.stringify(entry.details),
    correlation_id: entry.correlationId,
  } as Partial<DbAuditRow>);
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

/** The audit trail on PostgreSQL or SQLite (append-only by trigger). */
export class DatabaseAuditStore implements AuditStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseAuditStore> {
    return new DatabaseAuditStore(await getMigratedClient(options.database));
  }

  constructor(private readonly db: Knex) {}

  private query(filter: AuditFilter) {
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
      this.query(filter)
        .select('*')
        .orderBy('id', 'desc')
        .offset(page.offset)
        .limit(page.limit),
      this.query(filter).count({ count: '*' }).first(),
    ]);
    return {
      items: (rows as DbAuditRow[]).map(auditFromRow),
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
}
