import Chip from '@material-ui/core/Chip';
import { TableColumn } from '@backstage/core-components';
import { Entity } from '@backstage/catalog-model';
import { EntityWithOwnership } from '@service-ownership/plugin-ownership-common';

const tierOf = (entity: Entity): string | undefined =>
  (entity as EntityWithOwnership).spec?.ownership?.tier;

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
    field: 'entity.spec.ownership.tier',
    width: 'auto',
    customSort: (a, b) => {
      const tierA = tierOf(a.entity);
      const tierB = tierOf(b.entity);
      if (!tierA || !tierB) {
        // Entities without a tier go last.
        return (tierA ? 0 : 1) - (tierB ? 0 : 1);
      }
      return tierA.localeCompare(tierB);
    },
    render: row => {
      const tier = tierOf(row.entity);
      return tier ? (
        <Chip
          size="small"
          label={tier}
          color={tier === 'tier-1' ? 'secondary' : 'default'}
          data-testid="catalog-tier"
        />
      ) : null;
    },
  };
}
