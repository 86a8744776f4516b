import { AuditEntryInput } from '../audit/AuditStore';

/** The latest verification of an entity. */
export interface StoredVerification {
  entityRef: string;
  verifiedAt: Date;
  verifiedBy: string;
  comment?: string;
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
