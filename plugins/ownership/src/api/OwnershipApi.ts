import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  CoverageResponse,
  CoverageTrendPoint,
  EntityOwnershipResponse,
  OrphanReasonCode,
  OrphanedServicesPage,
  OwnershipVerification,
  TeamOwnershipResponse,
} from '@service-ownership/plugin-ownership-common';

/**
 * Filters of the orphaned-services list, shared by the table and the CSV
 * export.
 *
 * @public
 */
export interface OrphanFilters {
  reason?: OrphanReasonCode;
  severity?: 'error' | 'warning';
  /** Owner entity ref, e.g. `group:default/payments`. */
  owner?: string;
  tier?: string;
  kind?: string;
  /** Free text matched against ref, title and owner. */
  q?: string;
}

/**
 * Columns the orphaned-services list can be sorted by.
 *
 * @public
 */
export type OrphanOrderBy =
  | 'entityRef'
  | 'title'
  | 'owner'
  | 'tier'
  | 'kind'
  | 'reasons';

/**
 * One page request of the orphaned-services list.
 *
 * @public
 */
export interface OrphanQuery extends OrphanFilters {
  offset?: number;
  limit?: number;
  orderBy?: OrphanOrderBy;
  order?: 'asc' | 'desc';
}

/**
 * An entity given either as a ref string (`component:default/payments`) or
 * as its parts.
 *
 * @public
 */
export type OwnershipEntityRef = string | CompoundEntityRef;

/**
 * The client of the ownership backend.
 *
 * @public
 */
export interface OwnershipApi {
  /** Everything known about an entity's ownership. */
  getEntityOwnership(
    entityRef: OwnershipEntityRef,
  ): Promise<EntityOwnershipResponse>;

  /** Confirms that the entity's ownership is still correct. */
  verifyOwnership(
    entityRef: OwnershipEntityRef,
    options?: { comment?: string },
  ): Promise<OwnershipVerification>;

  /** What a team owns, its RACI roles, escalation policies and gaps. */
  getTeamOwnership(
    groupRef: OwnershipEntityRef,
  ): Promise<TeamOwnershipResponse>;

  /** Coverage now, or as it was on a day (`YYYY-MM-DD`). */
  getCoverage(options?: { asOf?: string }): Promise<CoverageResponse>;

  /** Daily coverage over the last `days` days. */
  getCoverageTrend(options?: {
    days?: number;
  }): Promise<{ points: CoverageTrendPoint[] }>;

  /** One page of orphaned (or at-risk) services. */
  getOrphans(query?: OrphanQuery): Promise<OrphanedServicesPage>;

  /** The orphaned services matching the filters, as a CSV file. */
  exportOrphansCsv(filters?: OrphanFilters): Promise<Blob>;
}

/**
 * The API reference of {@link OwnershipApi}.
 *
 * @public
 */
export const ownershipApiRef = createApiRef<OwnershipApi>({
  id: 'plugin.ownership.service',
});
