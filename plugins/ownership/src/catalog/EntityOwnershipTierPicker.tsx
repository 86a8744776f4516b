import { EntityAutocompletePicker } from '@backstage/plugin-catalog-react';
import {
  EntityOwnershipTierFilter,
  OWNERSHIP_TIER_FIELD,
  OwnershipEntityFilters,
} from './EntityOwnershipTierFilter';
import { SUITE_ROOT_CLASS } from '../utils/suiteRoot';

/**
 * Catalog list picker for the ownership tier, to put beside the default
 * filters of the catalog index page.
 *
 * @public
 */
export const EntityOwnershipTierPicker = () => (
  <div className={SUITE_ROOT_CLASS}>
    <EntityAutocompletePicker<OwnershipEntityFilters, 'ownershipTier'>
      label="Ownership tier"
      name="ownershipTier"
      path={OWNERSHIP_TIER_FIELD}
      Filter={EntityOwnershipTierFilter}
    />
  </div>
);
