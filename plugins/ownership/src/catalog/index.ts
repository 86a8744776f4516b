export {
  EntityOwnershipTierFilter,
  type OwnershipEntityFilters,
} from './EntityOwnershipTierFilter';
export { EntityOwnershipTierPicker } from './EntityOwnershipTierPicker';
export { createOwnershipTierColumn } from './ownershipTierColumn';
