import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { appendAudit } from '../audit/DatabaseAuditStore';
import { AuditEntryInput } from '../audit/AuditStore';
import { getMigratedClient } from '../database/client';
import { DbVerificationRow, toDate, VERIFICATIONS } from '../database/tables';
import {
  IndexVerificationHook,
  StoredVerification,
  VerificationStore,
} from './VerificationStore';

/** Verifications on PostgreSQL or SQLite. */
export class DatabaseVerificationStore implements VerificationStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
    index: IndexVerificationHook;
  }): Promise<DatabaseVerificationStore> {
    return new DatabaseVerificationStore(
      await getMigratedClient(options.database),
      options.index,
    );
  }

  constructor(
    private readonly db: Knex,
    private readonly index: IndexVerificationHook,
  ) {}

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

  getFirstSeenAt(entityRef: string): Promise<Date | undefined> {
    return this.index.firstSeenAt(entityRef);
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
      await appendAudit(trx, audit);
      await this.index.onVerified(trx, verification.entityRef);
    });
  }
}
