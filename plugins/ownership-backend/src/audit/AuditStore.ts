import { JsonObject } from '@backstage/types';

/** One entry to append to the audit trail. */
export interface AuditEntryInput {
  occurredAt: Date;
  actor: string;
  action: string;
  entityRef?: string;
  details: JsonObject;
  correlationId: string;
}

/** One entry of the audit trail. */
export interface AuditEntry extends AuditEntryInput {
  id: string;
}

/** Filters of the audit trail; all optional, combined with AND. */
export interface AuditFilter {
  entityRef?: string;
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

/**
 * Reads the audit trail. Entries are written with appendAudit, inside the
 * transaction of the change they record.
 */
export interface AuditStore {
  listAudit(
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<{ items: AuditEntry[]; totalCount: number }>;
  /** All matching entries, newest first, in batches. */
  streamAudit(filter: AuditFilter): AsyncIterable<AuditEntry[]>;
}
