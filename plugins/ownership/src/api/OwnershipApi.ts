import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  CoverageParams,
  CoverageResponse,
  CoverageTrendParams,
  CoverageTrendPoint,
  EntityOwnershipResponse,
  OrphanFilters,
  OrphanQuery,
  OrphanedServicesPage,
  OwnershipVerification,
  TeamOwnershipParams,
  TeamOwnershipResponse,
  VerificationRequest,
} from '@service-ownership/plugin-ownership-common';

// The request types are the HTTP contract's, from ownership-common; they
// are re-exported here for callers of the client.
export type {
  OrphanFilters,
  OrphanOrderBy,
  OrphanQuery,
} from '@service-ownership/plugin-ownership-common';

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
    options?: VerificationRequest,
  ): Promise<OwnershipVerification>;

  /** What a team owns, its RACI roles, escalation policies and gaps. */
  getTeamOwnership(
    groupRef: OwnershipEntityRef,
    options?: TeamOwnershipParams,
  ): Promise<TeamOwnershipResponse>;

  /** Coverage now, or as it was on a day (`YYYY-MM-DD`). */
  getCoverage(options?: CoverageParams): Promise<CoverageResponse>;

  /** Daily coverage over the last `days` days. */
  getCoverageTrend(
    options?: CoverageTrendParams,
  ): Promise<{ points: CoverageTrendPoint[] }>;

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
