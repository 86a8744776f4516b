import { Entity } from '@backstage/catalog-model';
import {
  DefaultEntityFilters,
  EntityFilter,
} from '@backstage/plugin-catalog-react';
import { readOwnershipModel } from '@service-ownership/plugin-ownership-common';

/** The catalog field the tier is written in, for catalog queries. */
export const OWNERSHIP_TIER_FIELD = 'spec.ownership.tier';

/**
 * Catalog list filter on `spec.ownership.tier`.
 *
 * @public
 */
export class EntityOwnershipTierFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  getCatalogQuery() {
    return this.values.length > 0
      ? { [OWNERSHIP_TIER_FIELD]: { $in: this.values } }
      : undefined;
  }

  filterEntity(entity: Entity): boolean {
    const tier = readOwnershipModel(entity).block?.tier;
    return this.values.length === 0 || (!!tier && this.values.includes(tier));
  }

  toQueryValue(): string[] {
    return this.values;
  }
}

/**
 * The catalog list's filters with the ownership tier.
 *
 * @public
 */
export type OwnershipEntityFilters = DefaultEntityFilters & {
  ownershipTier?: EntityOwnershipTierFilter;
};
