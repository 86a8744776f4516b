import { Entity } from '@backstage/catalog-model';
import {
  DefaultEntityFilters,
  EntityFilter,
} from '@backstage/plugin-catalog-react';
import { EntityWithOwnership } from '@service-ownership/plugin-ownership-common';

/**
 * Catalog list filter on `spec.ownership.tier`.
 *
 * @public
 */
export class EntityOwnershipTierFilter implements EntityFilter {
  constructor(readonly values: string[]) {}

  getCatalogQuery() {
    return this.values.length > 0
      ? { 'spec.ownership.tier': { $in: this.values } }
      : undefined;
  }

  filterEntity(entity: Entity): boolean {
    const tier = (entity as EntityWithOwnership).spec?.ownership?.tier;
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
