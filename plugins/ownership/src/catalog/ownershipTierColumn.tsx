import { TableColumn } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import {
  compareTiers,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { OWNERSHIP_TIER_FIELD } from './EntityOwnershipTierFilter';
import { TierChip } from '../components/TierChip';
import { SUITE_ROOT_CLASS } from '../utils/suiteRoot';

const tierOf = (entity: Entity): string | undefined =>
  readOwnershipModel(entity).block?.tier;

/**
 * A catalog table column with the ownership tier (`spec.ownership.tier`).
 *
 * @public
 */
export function createOwnershipTierColumn<
  T extends { entity: Entity },
>(options?: { title?: string }): TableColumn<T> {
  return {
    title: options?.title ?? 'Tier',
    field: `entity.${OWNERSHIP_TIER_FIELD}`,
    width: 'auto',
    customSort: (a, b) => compareTiers(tierOf(a.entity), tierOf(b.entity)),
    render: row => {
      const tier = tierOf(row.entity);
      return tier ? (
        <TierChip
          tier={tier}
          data-testid="catalog-tier"
          className={SUITE_ROOT_CLASS}
        />
      ) : null;
    },
  };
}
