import { Knex } from 'knex';
import { AuditEntryInput } from '../audit/AuditStore';

/** The latest verification of an entity. */
export interface StoredVerification {
  entityRef: string;
  verifiedAt: Date;
  verifiedBy: string;
  comment?: string;
}

/**
 * An entity's stored verification and when it entered the index, as read
 * together with other facts about it (undefined: there is none).
 */
export interface KnownVerification {
  verification?: StoredVerification;
  firstSeenAt?: Date;
}

/** Storage of verifications. */
export interface VerificationStore {
  getVerification(entityRef: string): Promise<StoredVerification | undefined>;
  /**
   * When the entity first entered the ownership index (the verification
   * clock of a never-verified service starts there), if it has.
   */
  getFirstSeenAt(entityRef: string): Promise<Date | undefined>;
  /**
   * Stores the verification and its audit entry in one transaction, and
   * takes the entity's not-verified reason away at once.
   */
  recordVerification(
    verification: StoredVerification,
    audit: AuditEntryInput,
  ): Promise<void>;
}

/**
 * What verification needs from the ownership index, and all it may touch
 * there; the catalog index implements it (plugin.ts wires it in).
 */
export interface IndexVerificationHook {
  /** When the entity first entered the index, if it has. */
  firstSeenAt(entityRef: string): Promise<Date | undefined>;
  /**
   * Runs inside the verification's transaction, so that the index never
   * shows a verified entity as not verified.
   */
  onVerified(trx: Knex.Transaction, entityRef: string): Promise<void>;
}
