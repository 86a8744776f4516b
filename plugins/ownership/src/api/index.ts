export { ownershipApiRef, HandoffConflictError } from './OwnershipApi';
export type {
  HandoffFilters,
  HandoffQuery,
  OrphanFilters,
  OrphanOrderBy,
  OrphanQuery,
  OwnershipApi,
  OwnershipAuditEntry,
  OwnershipAuditFilters,
  OwnershipAuditPage,
  OwnershipAuditQuery,
  OwnershipEntityRef,
} from './OwnershipApi';
export { OwnershipClient } from './OwnershipClient';
