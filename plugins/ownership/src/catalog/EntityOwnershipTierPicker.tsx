import { EntityAutocompletePicker } from '@backstage/plugin-catalog-react';
import {
  EntityOwnershipTierFilter,
  OWNERSHIP_TIER_FIELD,
  OwnershipEntityFilters,
} from './EntityOwnershipTierFilter';

/**
 * Catalog list picker for the ownership tier, to put beside the default
 * filters of the catalog index page.
 *
 * @public
 */
export const EntityOwnershipTierPicker = () => (
  <EntityAutocompletePicker<OwnershipEntityFilters, 'ownershipTier'>
    label="Ownership tier"
    name="ownershipTier"
    path={OWNERSHIP_TIER_FIELD}
    Filter={EntityOwnershipTierFilter}
  />
);
