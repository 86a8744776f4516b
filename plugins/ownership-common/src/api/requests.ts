import { FindingSeverity, OrphanReasonCode } from '../rules/rulebook';

// The request side of the HTTP contract: the query parameters and bodies the
// ownership backend accepts. The backend's validation is typed against these
// and the frontend client sends them, so the two cannot drift apart.

/**
 * Columns the orphaned-services list can be sorted by.
 *
 * @public
 */
export const ORPHAN_ORDER_BY = [
  'entityRef',
  'title',
  'owner',
  'tier',
  'kind',
  'reasons',
] as const;

/**
 * A column the orphaned-services list can be sorted by.
 *
 * @public
 */
export type OrphanOrderBy = (typeof ORPHAN_ORDER_BY)[number];

/**
 * Sort directions of the lists.
 *
 * @public
 */
export const SORT_ORDERS = ['asc', 'desc'] as const;

/**
 * A sort direction.
 *
 * @public
 */
export type SortOrder = (typeof SORT_ORDERS)[number];

/**
 * Defaults and upper bounds of the numeric request parameters.
 *
 * @public
 */
export const OWNERSHIP_REQUEST_LIMITS = {
  /** `limit` of `GET /orphans` and `GET /audit`. */
  pageSize: { default: 50, max: 500 },
  /** `days` of `GET /coverage/trend`. */
  trendDays: { default: 90, max: 3650 },
  /**
   * `limit` of `GET /groups/:namespace/:name/ownership`: at most this many
   * owned entities, gaps, collaborations, RACI roles and escalation policies.
   */
  teamItems: { default: 500, max: 2000 },
} as const;

/**
 * Paging of a list: `offset` from 0, `limit` up to
 * `OWNERSHIP_REQUEST_LIMITS.pageSize.max`.
 *
 * @public
 */
export interface PageParams {
  offset?: number;
  limit?: number;
}

/**
 * Filters of the orphaned-services list (`GET /orphans` and
 * `GET /orphans/export.csv`), combined with AND.
 *
 * @public
 */
export interface OrphanFilters {
  /** Only services with this reason. */
  reason?: OrphanReasonCode;
  /** `error`: orphaned; `warning`: at risk (some reason is a warning). */
  severity?: FindingSeverity;
  /** Owner entity ref, e.g. `group:default/payments` (kind defaults to group). */
  owner?: string;
  tier?: string;
  kind?: string;
  /** Free text matched against ref, title, owner ref and owner title. */
  q?: string;
}

/**
 * One page request of the orphaned-services list (`GET /orphans`).
 *
 * @public
 */
export interface OrphanQuery extends OrphanFilters, PageParams {
  /** Defaults to `entityRef`. */
  orderBy?: OrphanOrderBy;
  /** Defaults to `asc`. */
  order?: SortOrder;
}

/**
 * Query parameters of `GET /coverage`.
 *
 * @public
 */
export interface CoverageParams {
  /** A past day (`YYYY-MM-DD`, UTC), or today; never in the future. */
  asOf?: string;
}

/**
 * Query parameters of `GET /coverage/trend`.
 *
 * @public
 */
export interface CoverageTrendParams {
  /** How many days back, up to `OWNERSHIP_REQUEST_LIMITS.trendDays.max`. */
  days?: number;
}

/**
 * Query parameters of `GET /groups/:namespace/:name/ownership`.
 *
 * @public
 */
export interface TeamOwnershipParams {
  /** Up to `OWNERSHIP_REQUEST_LIMITS.teamItems.max` items per list. */
  limit?: number;
}

/**
 * Body of `POST /entities/:kind/:namespace/:name/verification`.
 *
 * @public
 */
export interface VerificationRequest {
  /** At most 1000 characters. */
  comment?: string;
}

/**
 * Filters of the audit trail (`GET /audit` and `GET /audit/export.csv`),
 * combined with AND.
 *
 * @public
 */
export interface AuditFilters {
  entityRef?: string;
  actor?: string;
  action?: string;
  /**
   * A team the entry concerns (the owner, either team of a handoff): a group
   * ref, or a group name in the default namespace.
   */
  team?: string;
  /** ISO date or timestamp (UTC when it has no zone), inclusive. */
  from?: string;
  /** ISO date or timestamp (UTC when it has no zone), inclusive. */
  to?: string;
}

/**
 * One page request of the audit trail (`GET /audit`).
 *
 * @public
 */
export interface AuditQuery extends AuditFilters, PageParams {}
