export { ownershipApiRef } from './OwnershipApi';
export type {
  OrphanFilters,
  OrphanOrderBy,
  OrphanQuery,
  OwnershipApi,
  OwnershipEntityRef,
} from './OwnershipApi';
export { OwnershipClient } from './OwnershipClient';
