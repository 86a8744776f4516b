import { JsonObject } from '@backstage/types';
import { OrphanReasonCode } from '@service-ownership/plugin-ownership-common';

/** The latest verification of an entity. */
export interface StoredVerification {
  entityRef: string;
  verifiedAt: Date;
  verifiedBy: string;
  comment?: string;
}

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

/** The index tables that the refresh fills from the catalog. */
export type IndexTarget =
  | 'entities'
  | 'groups'
  | 'users'
  | 'policies'
  | 'links';

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
  /** Rows whose derived columns (owner status, reason counts, member counts) changed. */
  derived: { entities: number; groups: number };
  reasons: { added: number; removed: number };
}

/** Settings for the derived columns, reasons and snapshot of a refresh. */
export interface IndexApplyOptions {
  /** The refresh run whose staged rows are applied. */
  runId: string;
  now: Date;
  verificationPeriodDays: number;
  tier1RequiresEscalationPolicy: boolean;
  warnSingleMemberTeams: boolean;
  snapshotRetentionDays: number;
  /** When aborted, the apply stops between steps and rolls back. */
  signal?: AbortSignal;
}

/** State of the index. */
export interface IndexState {
  indexedAt?: Date;
  lastAttemptAt?: Date;
  lastError?: string;
  stats?: IndexRefreshStats;
}

/** A service (or other ownable entity) as the index knows it. */
export interface IndexedEntityRecord {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  lifecycle?: string;
  owner?: string;
  system?: string;
  tier?: string;
  escalationPolicy?: string;
  expiresAt?: Date;
  isService: boolean;
  firstSeenAt: Date;
  verifiedAt?: Date;
  reasons: Array<{ code: OrphanReasonCode; severity: 'error' | 'warning' }>;
}

/** Sort keys of the orphan list. */
export type OrphanOrderBy =
  | 'entityRef'
  | 'title'
  | 'owner'
  | 'tier'
  | 'kind'
  | 'reasons';

/** Filters, sorting and paging of the orphan list. */
export interface OrphanQuery {
  offset: number;
  limit: number;
  orderBy: OrphanOrderBy;
  order: 'asc' | 'desc';
  reasons?: OrphanReasonCode[];
  severity?: 'error' | 'warning';
  owner?: string;
  tier?: string;
  kind?: string;
  q?: string;
}

/** The dimensions coverage is broken down by. */
export type CoverageDimension =
  | 'kind'
  | 'type'
  | 'lifecycle'
  | 'tier'
  | 'owner'
  | 'system';

/** One bucket of a coverage snapshot; key '' for entities without a value. */
export interface CoverageSnapshotBucket {
  key: string;
  total: number;
  owned: number;
}

/** A coverage snapshot, buckets largest first. */
export interface CoverageSnapshot {
  date: string;
  takenAt: Date;
  total: number;
  owned: number;
  buckets: Record<CoverageDimension, CoverageSnapshotBucket[]>;
}

/** One day of coverage. */
export interface CoverageTrendRow {
  date: string;
  total: number;
  owned: number;
}

/** What the index knows about a team. */
export interface TeamRecord {
  entityRef: string;
  title?: string;
  memberCount: number;
  childGroups: string[];
  owned: Array<IndexedEntityRecord>;
  ownedTotalCount: number;
  gaps: Array<IndexedEntityRecord>;
  gapsTotalCount: number;
  raciRoles: Array<{
    matrixRef: string;
    activity: string;
    role: string;
    participant: string;
  }>;
  escalationPolicies: Array<{
    policyRef: string;
    levels: string[];
    as: 'owner' | 'target';
  }>;
}

/**
 * Storage of the ownership backend: verifications, the audit trail and the
 * ownership index with its coverage snapshots.
 */
export interface OwnershipStore {
  getVerification(entityRef: string): Promise<StoredVerification | undefined>;
  /** Stores the verification and its audit entry in one transaction. */
  recordVerification(
    verification: StoredVerification,
    audit: AuditEntryInput,
  ): Promise<void>;

  appendAudit(entry: AuditEntryInput): Promise<void>;
  listAudit(
    filter: AuditFilter,
    page: { offset: number; limit: number },
  ): Promise<{ items: AuditEntry[]; totalCount: number }>;
  /** All matching entries, newest first, in batches. */
  streamAudit(filter: AuditFilter): AsyncIterable<AuditEntry[]>;

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
  recordIndexFailure(at: Date, error: string): Promise<void>;
  getIndexState(): Promise<IndexState>;
  countIndexedEntities(): Promise<number>;
  /**
   * The refs among `refs` (lower case) that the index knows as a user, group
   * or escalation policy, whoever may read them.
   */
  filterIndexedRefs(refs: string[]): Promise<Set<string>>;
  getIndexedEntity(entityRef: string): Promise<IndexedEntityRecord | undefined>;

  getCoverageSnapshot(asOf?: string): Promise<CoverageSnapshot | undefined>;
  getCoverageTrend(sinceDate: string): Promise<CoverageTrendRow[]>;

  listOrphans(
    query: OrphanQuery,
  ): Promise<{ items: IndexedEntityRecord[]; totalCount: number }>;
  /** All matching orphans in the query's order, in batches. */
  streamOrphans(
    query: Omit<OrphanQuery, 'offset' | 'limit'>,
  ): AsyncIterable<IndexedEntityRecord[]>;

  getTeam(
    groupRef: string,
    options: { limit: number },
  ): Promise<TeamRecord | undefined>;

  /**
   * Runs `fn` with a store whose reads all see one state of the database, so
   * that a page, its total and `indexedAt` never straddle a refresh. Keep
   * `fn` short: on SQLite the snapshot holds the plugin's only connection.
   */
  readSnapshot<T>(fn: (store: OwnershipStore) => Promise<T>): Promise<T>;
}
