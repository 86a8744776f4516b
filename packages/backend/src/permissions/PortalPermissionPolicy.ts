import { createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { ownershipCatalogConditions } from '@service-ownership/plugin-catalog-backend-module-ownership';
import {
  ownershipAuditReadPermission,
  ownershipHandoffDecidePermission,
  ownershipHandoffStartPermission,
  ownershipHandoffUpdatePermission,
  ownershipVerifyPermission,
} from '@service-ownership/plugin-ownership-common';

/**
 * Permissions for the owners of the entity: verifying ownership and the
 * owner's side of a handoff (start, check items and move it, complete or
 * roll back). The ownership backend adds the receiving team, the RACI
 * Accountable and ownership admins itself.
 */
const OWNER_PERMISSIONS = [
  ownershipVerifyPermission,
  ownershipHandoffStartPermission,
  ownershipHandoffUpdatePermission,
  ownershipHandoffDecidePermission,
];

/**
 * The portal's permission policy: everyone signed in may read; verifying
 * ownership and handing it over are for the owners of the entity, decided
 * by the catalog.
 *
 * @remarks
 *
 * The condition is the catalog module's `IS_ENTITY_OWNER_VIA_CHILD_GROUPS`
 * rather than the catalog's `isEntityOwner`: a member of a child team is a
 * member of its parent teams too, as the ownership model counts membership
 * through child groups.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const owners = OWNER_PERMISSIONS.find(p =>
      isPermission(request.permission, p),
    );
    if (owners && isPermission(request.permission, owners)) {
      return createCatalogConditionalDecision(
        request.permission,
        ownershipCatalogConditions.isEntityOwnerViaChildGroups({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    if (isPermission(request.permission, ownershipAuditReadPermission)) {
      return {
        result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
