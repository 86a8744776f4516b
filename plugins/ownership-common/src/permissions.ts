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
 * All permissions of the suite.
 *
 * @public
 */
export const ownershipPermissions = [
  ownershipVerifyPermission,
  ownershipAuditReadPermission,
];
