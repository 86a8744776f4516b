import {
  OrphanFilters,
  OrphanOrderBy,
  OrphanReasonCode,
  PageParams,
  TeamOwnershipResponse,
  SortOrder,
} from '@service-ownership/plugin-ownership-common';
import {
  CoverageSnapshot,
  CoverageTrendRow,
} from '../catalogIndex/coverageSnapshots';
import { IndexedEntityRecord } from '../catalogIndex/indexedEntities';

/**
 * Filters of the orphan list: the contract's (OrphanFilters), with any
 * number of reasons (the route passes the one of the request).
 */
export interface OrphanFilter extends Omit<OrphanFilters, 'reason'> {
  reasons?: OrphanReasonCode[];
}

/** Filters, sorting and paging of the orphan list, defaults applied. */
export interface OrphanQuery extends OrphanFilter, Required<PageParams> {
  orderBy: OrphanOrderBy;
  order: SortOrder;
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
  collaborations: NonNullable<TeamOwnershipResponse['collaborations']>;
  raciRoles: TeamOwnershipResponse['raciRoles'];
  escalationPolicies: TeamOwnershipResponse['escalationPolicies'];
}

/** What coverage, the orphan list and the team view read from the index. */
export interface ReportsStore {
  /**
   * Runs `fn` with a store whose reads all see one state of the database, so
   * that a page, its total and `indexedAt` never straddle a refresh. Keep
   * `fn` short: on SQLite the snapshot holds the plugin's only connection.
   */
  readSnapshot<T>(fn: (store: ReportsStore) => Promise<T>): Promise<T>;
  /** The end of the last successful refresh; undefined before the first. */
  getIndexedAt(): Promise<Date | undefined>;
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
}
