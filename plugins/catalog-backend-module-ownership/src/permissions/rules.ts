import { RELATION_OWNED_BY } from '@backstage/catalog-model';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import {
  createConditionFactory,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { GroupHierarchy } from './GroupHierarchy';

/**
 * The name of the rule {@link createIsEntityOwnerViaChildGroupsRule} creates.
 *
 * @alpha
 */
export const IS_ENTITY_OWNER_VIA_CHILD_GROUPS =
  'IS_ENTITY_OWNER_VIA_CHILD_GROUPS';

/**
 * Creates the catalog permission rule that matches entities owned by one of
 * the claims, or by a group that is a parent (at any depth) of a group among
 * the claims: in the ownership model, a member of a child team is a member of
 * its parent teams too. `isEntityOwner` matches the claims only.
 *
 * @alpha
 */
export function createIsEntityOwnerViaChildGroupsRule(
  hierarchy: GroupHierarchy,
) {
  return createPermissionRule({
    name: IS_ENTITY_OWNER_VIA_CHILD_GROUPS,
    description:
      'Allow entities owned by a specified claim, or by a parent group (at any depth) of a group among the claims',
    resourceRef: catalogEntityPermissionResourceRef,
    paramsSchema: z.object({
      claims: z
        .array(z.string())
        .describe(
          `The user's ownership refs; entities whose ${RELATION_OWNED_BY} relation targets one of them or a parent group of one of them match`,
        ),
    }),
    apply: (entity, { claims }) => {
      const owners = (entity.relations ?? [])
        .filter(relation => relation.type === RELATION_OWNED_BY)
        .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
      if (!owners.length) {
        return false;
      }
      const allowed = hierarchy.withAncestors(claims);
      return owners.some(owner => allowed.has(owner));
    },
    toQuery: ({ claims }) => ({
      key: 'relations.ownedBy',
      values: [...hierarchy.withAncestors(claims)],
    }),
  });
}

/**
 * Conditions for permission policies that use the suite's catalog rule; the
 * catalog evaluates them, so return them with `createCatalogConditionalDecision`.
 *
 * @example
 * ```ts
 * createCatalogConditionalDecision(
 *   request.permission,
 *   ownershipCatalogConditions.isEntityOwnerViaChildGroups({
 *     claims: user?.info.ownershipEntityRefs ?? [],
 *   }),
 * );
 * ```
 *
 * @alpha
 */
export const ownershipCatalogConditions = {
  isEntityOwnerViaChildGroups: createConditionFactory(
    createIsEntityOwnerViaChildGroupsRule(new GroupHierarchy()),
  ),
};
