/**
 * Catalog module for the service ownership suite: validates the
 * EscalationPolicy and RaciMatrix kinds and the spec.ownership block, emits
 * their relations, and adds a permission rule for membership through child
 * groups.
 *
 * @packageDocumentation
 */

export { catalogModuleOwnership as default } from './module';
export { OwnershipEntitiesProcessor } from './processor/OwnershipEntitiesProcessor';
export { GroupHierarchy } from './permissions/GroupHierarchy';
export type { GroupHierarchyEntry } from './permissions/GroupHierarchy';
export {
  createIsEntityOwnerViaChildGroupsRule,
  IS_ENTITY_OWNER_VIA_CHILD_GROUPS,
  ownershipCatalogConditions,
} from './permissions/rules';
