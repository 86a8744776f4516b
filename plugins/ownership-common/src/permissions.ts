import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Confirm that an entity's ownership is still correct ("this is still
 * ours"). A resource permission on the catalog entity, so that policies can
 * answer with catalog conditions such as `isEntityOwner`.
 *
 * @public
 */
export const ownershipVerifyPermission = createPermission({
  name: 'ownership.verify',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the ownership audit trail.
 *
 * @public
 */
export const ownershipAuditReadPermission = createPermission({
  name: 'ownership.audit.read',
  attributes: { action: 'read' },
});

/**
 * Start a handoff of an entity's ownership (or a reorganisation). A resource
 * permission on the catalog entity: policies typically answer with the
 * catalog condition "owned by the user's team, child teams included". The
 * backend also lets ownership admins start one.
 *
 * @public
 */
export const ownershipHandoffStartPermission = createPermission({
  name: 'ownership.handoff.start',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Check handoff checklist items and move a handoff through its open states.
 * Policies answer for the current owner's side; the backend also lets
 * members of the receiving team and ownership admins.
 *
 * @public
 */
export const ownershipHandoffUpdatePermission = createPermission({
  name: 'ownership.handoff.update',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Complete or roll back a handoff. Policies answer for the current owner's
 * side; the backend also lets the entity's RACI Accountable (where a matrix
 * applies) and ownership admins.
 *
 * @public
 */
export const ownershipHandoffDecidePermission = createPermission({
  name: 'ownership.handoff.decide',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Send incidents to the ownership backend (`POST /incidents/batch`). Service
 * callers come through Backstage's external access; their tokens may be
 * restricted to this permission with `accessRestrictions`.
 *
 * @public
 */
export const ownershipIncidentsWritePermission = createPermission({
  name: 'ownership.incidents.write',
  attributes: { action: 'create' },
});

/**
 * All permissions of the suite.
 *
 * @public
 */
export const ownershipPermissions = [
  ownershipVerifyPermission,
  ownershipAuditReadPermission,
  ownershipHandoffStartPermission,
  ownershipHandoffUpdatePermission,
  ownershipHandoffDecidePermission,
  ownershipIncidentsWritePermission,
];
