import { OwnershipHistoryEntry } from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';

/** An entity's ownership as one refresh (or other writer) sees it now. */
export interface CurrentOwnerRow {
  entityRef: string;
  ownerRef: string | null;
  escalationPolicyRef: string | null;
  tier: string | null;
  /** Level-1 escalateAfter of the policy in minutes, when known. */
  responseSlaMinutes?: number | null;
}

/** What recording changed. */
export interface HistoryRecordStats {
  /** Intervals closed because the owner, policy, tier or SLA changed (or the entity left the index). */
  closed: number;
  /** Intervals opened. */
  opened: number;
}

/** Ownership history: intervals per entity, and "as of" queries. */
export interface HistoryStore {
  /**
   * Records the current owners of these entities at `at`: closes the open
   * interval of each entity whose owner, policy, tier or SLA changed and
   * opens a new one; unchanged entities are left alone. Entities not in
   * `rows` are not touched.
   */
  recordCurrentOwners(
    trx: Knex.Transaction | undefined,
    rows: CurrentOwnerRow[],
    at: Date,
  ): Promise<HistoryRecordStats>;
  /**
   * Records what the ownership index holds now, for every indexed entity,
   * and closes the intervals of entities that left the index.
   */
  recordFromIndex(
    trx: Knex.Transaction | undefined,
    at: Date,
  ): Promise<HistoryRecordStats>;
  /** Closes the entity's interval and opens one owned by `toTeam` (same policy and tier). */
  recordHandoffCompleted(
    trx: Knex.Transaction | undefined,
    handoff: { entityRef: string; toTeam: string; at: Date },
  ): Promise<void>;
  /** The interval in force at `at` per entity; entities without one are absent. */
  ownersAsOf(
    entityRefs: string[],
    at: Date,
  ): Promise<Map<string, OwnershipHistoryEntry>>;
  /** All intervals of one entity, oldest first. */
  historyOf(entityRef: string): Promise<OwnershipHistoryEntry[]>;
}
