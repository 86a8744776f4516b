import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { DbIndexEntityRow, ENTITIES, toDate } from '../database/tables';
import { IndexVerificationHook } from '../verification/VerificationStore';
import { applyVerification } from './coveragePolicy';

/** The ownership index's side of a verification, on PostgreSQL or SQLite. */
export class DatabaseIndexVerificationHook implements IndexVerificationHook {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseIndexVerificationHook> {
    return new DatabaseIndexVerificationHook(
      await getMigratedClient(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  async firstSeenAt(entityRef: string): Promise<Date | undefined> {
    const row = await this.db<DbIndexEntityRow>(ENTITIES)
      .where({ entity_ref: entityRef })
      .first('first_seen_at');
    return toDate(row?.first_seen_at);
  }

  /** Takes the entity's not-verified reason away at once. */
  onVerified(trx: Knex.Transaction, entityRef: string): Promise<void> {
    return applyVerification(trx, entityRef);
  }
}
