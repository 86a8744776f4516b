/** The index tables that the refresh fills from the catalog. */
export type IndexTarget =
  | 'entities'
  | 'groups'
  | 'users'
  | 'policies'
  | 'links'
  | 'documents';

/** One row streamed from the catalog, waiting to be diffed into the index. */
export interface StagedIndexRow {
  target: IndexTarget;
  key: string;
  hash: string;
  payload: object;
}

/** What a refresh changed in one index table. */
export interface IndexTableStats {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

/** What a refresh changed. */
export interface IndexRefreshStats {
  entities: IndexTableStats;
  groups: IndexTableStats;
  users: IndexTableStats;
  policies: IndexTableStats;
  links: IndexTableStats;
  /** Escalation policies and RACI matrices for the owner card. */
  documents?: IndexTableStats;
  /**
   * True when the catalog's etags matched the last full refresh: nothing
   * was staged or diffed, only the reasons were evaluated again.
   */
  catalogUnchanged?: boolean;
  /** Rows whose derived columns (owner status, reason counts, member counts) changed. */
  derived: { entities: number; groups: number };
  reasons: { added: number; removed: number };
}

/** The rule switches and periods the coverage policy applies. */
export interface CoveragePolicyOptions {
  verificationPeriodDays: number;
  tier1RequiresEscalationPolicy: boolean;
  warnSingleMemberTeams: boolean;
}

/** Settings for the derived columns, reasons and snapshot of a refresh. */
export interface IndexApplyOptions extends CoveragePolicyOptions {
  /** The refresh run whose staged rows are applied. */
  runId: string;
  /** When the refresh started: the moment reasons are evaluated at. */
  now: Date;
  snapshotRetentionDays: number;
  /**
   * Gives the moment the apply finishes, stored as `indexedAt` (and as the
   * snapshot's `takenAt`); defaults to the system clock.
   */
  clock?: () => Date;
  /** When aborted, the apply stops between steps and rolls back. */
  signal?: AbortSignal;
  /**
   * The digest of the catalog this run read (catalogDigest in rows.ts),
   * stored with the state; undefined stores none, so that the next refresh
   * is a full one.
   */
  catalogDigest?: string;
}

/** State of the index. */
export interface IndexState {
  /**
   * The end of the last successful refresh: the moment its transaction
   * wrote the index, just before it became visible to readers.
   */
  indexedAt?: Date;
  /** When the last refresh (successful or not) started. */
  lastAttemptAt?: Date;
  lastError?: string;
  stats?: IndexRefreshStats;
  /** The catalog digest of the last full refresh, if it stored one. */
  catalogDigest?: string;
}

/** What the scheduled refresh needs from storage. */
export interface IndexStore {
  /**
   * Removes the staged rows of one refresh run, and with `staleBefore` also
   * those of any run staged before then (left behind by a crashed process).
   */
  clearIndexStaging(
    runId: string,
    options?: { staleBefore?: Date },
  ): Promise<void>;
  stageIndexRows(runId: string, rows: StagedIndexRow[]): Promise<void>;
  countStagedRows(runId: string, target: IndexTarget): Promise<number>;
  /**
   * Diffs the run's staged rows into the index, recomputes the derived
   * columns, the orphan reasons and today's coverage snapshot, all in one
   * transaction, and clears the run's staged rows.
   */
  applyStagedIndex(options: IndexApplyOptions): Promise<IndexRefreshStats>;
  /**
   * For a catalog that has not changed since the last full refresh: only
   * evaluates the orphan reasons again at `now` (expiry, verification due),
   * writes today's snapshot and the state, in one transaction.
   */
  applyUnchangedIndex(
    options: Omit<IndexApplyOptions, 'catalogDigest'>,
  ): Promise<IndexRefreshStats>;
  recordIndexFailure(at: Date, error: string): Promise<void>;
  getIndexState(): Promise<IndexState>;
  countIndexedEntities(): Promise<number>;
}
