import {
  AuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
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
import {
  normalizeOwnershipRef,
  ownershipAuditReadPermission,
  ownershipVerifyPermission,
} from '@service-ownership/plugin-ownership-common';

const PARENT_CACHE_MS = 60_000;
const MAX_DEPTH = 10;

/**
 * The portal's permission policy: everyone signed in may read; verifying
 * ownership is for the owners of the entity, decided by the catalog with the
 * `isEntityOwner` condition.
 *
 * @remarks
 *
 * The claims are the user's ownership refs (the user and its groups) plus the
 * ancestors of those groups: a member of a child team is a member of its
 * parent team too, as the ownership model counts membership through child
 * groups.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  readonly #userInfo: UserInfoService;
  readonly #catalog: CatalogService;
  readonly #auth: AuthService;
  readonly #parents = new Map<string, { parent?: string; at: number }>();

  constructor(options: {
    userInfo: UserInfoService;
    catalog: CatalogService;
    auth: AuthService;
  }) {
    this.#userInfo = options.userInfo;
    this.#catalog = options.catalog;
    this.#auth = options.auth;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (isPermission(request.permission, ownershipVerifyPermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user ? await this.claims(user) : [],
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

  private async claims(user: PolicyQueryUser): Promise<string[]> {
    const { ownershipEntityRefs } = await this.#userInfo.getUserInfo(
      user.credentials,
    );
    const claims = new Set(ownershipEntityRefs);
    for (const ref of ownershipEntityRefs) {
      let current: string | undefined = ref;
      for (let depth = 0; current && depth < MAX_DEPTH; depth++) {
        if (parseEntityRef(current).kind.toLocaleLowerCase('en-US') !== 'group') {
          break;
        }
        current = await this.parentOf(current);
        if (current) claims.add(current);
      }
    }
    return [...claims];
  }

  private async parentOf(groupRef: string): Promise<string | undefined> {
    const cached = this.#parents.get(groupRef);
    if (cached && Date.now() - cached.at < PARENT_CACHE_MS) {
      return cached.parent;
    }
    const group = await this.#catalog.getEntityByRef(groupRef, {
      credentials: await this.#auth.getOwnServiceCredentials(),
    });
    // A malformed spec.parent ends the walk instead of failing the request.
    const parent = normalizeOwnershipRef(group?.spec?.parent, {
      defaultKind: 'group',
      defaultNamespace: group?.metadata.namespace ?? 'default',
      allowedKinds: ['Group'],
    });
    this.#parents.set(groupRef, { parent, at: Date.now() });
    return parent;
  }
}
