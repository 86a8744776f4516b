import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/** The caller's `catalog.entity.read` of a list of entity refs. */
export interface CatalogReadChecks {
  /** One answer per ref, in order: may the caller read it? */
  canRead(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]>;
}

/** Options of {@link CatalogReadDecisions}. */
export interface CatalogReadDecisionsOptions {
  permissions: Pick<PermissionsService, 'authorize' | 'authorizeConditional'>;
  auth: Pick<AuthService, 'isPrincipal'>;
  /**
   * How long the policy's decision for one user token is reused, in
   * milliseconds. 0 asks the permission backend on every call.
   */
  ttlMs: number;
  /** How many user tokens are remembered at most (the oldest go first). */
  maxCallers?: number;
  clock?: () => number;
}

const DEFAULT_MAX_CALLERS = 10_000;

/**
 * The caller's `catalog.entity.read` of the entities a card shows, in at
 * most one permission call, and in none while the policy's decision for the
 * caller's token is remembered.
 *
 * @remarks
 *
 * A permission policy decides on the permission and the user, never on the
 * resource: the permission backend hands a conditional decision to the
 * catalog to apply to each entity. So when the policy allows (or denies)
 * `catalog.entity.read` outright, that holds for every entity, and one
 * conditional authorize answers all refs. That answer is remembered per user
 * token (user, actor and expiry: the claims the policy sees) for `ttlMs`, so a
 * change of policy, roles or group membership reaches the card that much
 * later at most; a new token is asked at once. A conditional decision (for
 * example "what you own") is remembered as such and the refs are checked in
 * one batched authorize every time, the catalog applying its conditions.
 * Service callers, and every caller when `ttlMs` is 0, get the batched
 * authorize only.
 */
export class CatalogReadDecisions implements CatalogReadChecks {
  private readonly callers = new Map<
    string,
    { expires: number; result: Promise<AuthorizeResult> }
  >();

  constructor(private readonly options: CatalogReadDecisionsOptions) {}

  async canRead(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<boolean[]> {
    if (!refs.length) {
      return [];
    }
    const policy = await this.policyResult(credentials);
    if (policy === AuthorizeResult.ALLOW || policy === AuthorizeResult.DENY) {
      return refs.map(() => policy === AuthorizeResult.ALLOW);
    }
    const decisions = await this.options.permissions.authorize(
      refs.map(resourceRef => ({
        permission: catalogEntityReadPermission,
        resourceRef,
      })),
      { credentials },
    );
    return decisions.map(d => d.result === AuthorizeResult.ALLOW);
  }

  /** The policy's remembered decision for this token, asked once per ttl. */
  private async policyResult(
    credentials: BackstageCredentials,
  ): Promise<AuthorizeResult | undefined> {
    const key = this.callerKey(credentials);
    if (!key) {
      return undefined;
    }
    const now = this.now();
    const remembered = this.callers.get(key);
    if (remembered && remembered.expires > now) {
      return remembered.result;
    }
    const result = this.options.permissions
      .authorizeConditional([{ permission: catalogEntityReadPermission }], {
        credentials,
      })
      .then(([decision]) => decision.result);
    this.callers.delete(key);
    this.callers.set(key, { expires: now + this.options.ttlMs, result });
    // a failed call is not remembered: the next card asks again
    result.catch(() => {
      if (this.callers.get(key)?.result === result) {
        this.callers.delete(key);
      }
    });
    this.forgetOldest(now);
    return result;
  }

  private callerKey(credentials: BackstageCredentials): string | undefined {
    if (
      this.options.ttlMs <= 0 ||
      !credentials.expiresAt ||
      !this.options.auth.isPrincipal(credentials, 'user')
    ) {
      return undefined;
    }
    const { userEntityRef, actor } = credentials.principal;
    return `${userEntityRef}\n${
      actor?.subject ?? ''
    }\n${credentials.expiresAt.getTime()}`;
  }

  private forgetOldest(now: number) {
    const max = this.options.maxCallers ?? DEFAULT_MAX_CALLERS;
    for (const [key, entry] of this.callers) {
      if (this.callers.size <= max && entry.expires > now) {
        return;
      }
      this.callers.delete(key);
    }
  }

  private now() {
    return this.options.clock?.() ?? Date.now();
  }
}
