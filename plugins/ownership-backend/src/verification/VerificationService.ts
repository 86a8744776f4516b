import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ownershipVerifyPermission,
  OwnershipVerification,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { Request } from 'express';
import { DateTime } from 'luxon';
import { OwnershipConfig } from '../config';
import {
  KnownVerification,
  StoredVerification,
  VerificationStore,
} from './VerificationStore';

function isUserCredentials(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  const principal = credentials.principal as { type?: unknown } | undefined;
  return principal?.type === 'user';
}

/** The owner group of an entity, for the audit trail's team filter. */
function ownerTeams(entity: Entity): string[] {
  const owner = readOwnershipModel(entity).owner;
  return owner?.startsWith('group:') ? [owner] : [];
}

/**
 * Confirms that an entity's ownership is still correct, and reports when it
 * was last confirmed.
 */
export class VerificationService {
  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'getEntityByRef'>;
      store: VerificationStore;
      permissions: PermissionsService;
      userInfo: UserInfoService;
      auditor: AuditorService;
      config: OwnershipConfig;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }

  /**
   * The verification status of an entity, from the store, or from `known`
   * when the caller has read the stored verification already (the owner
   * card reads it with the index's facts, at the same moment).
   */
  async getStatus(
    entityRef: string,
    known?: KnownVerification,
  ): Promise<OwnershipVerification> {
    if (known) {
      return this.toStatus(known.verification, known.firstSeenAt);
    }
    const [verification, firstSeenAt] = await Promise.all([
      this.options.store.getVerification(entityRef),
      this.options.store.getFirstSeenAt(entityRef),
    ]);
    return this.toStatus(verification, firstSeenAt);
  }

  /**
   * The verification status of an entity the caller may read, and whether
   * they may verify it (`canVerify`): the owner card asks for it apart from
   * the card, as the decision is conditional on the entity (one call of the
   * permission backend to the catalog) and only the verify button needs it.
   */
  async getStatusForCaller(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<OwnershipVerification> {
    const [entity, status, canVerify] = await Promise.all([
      this.options.catalog.getEntityByRef(entityRef, { credentials }),
      this.getStatus(entityRef),
      this.canVerify(entityRef, credentials),
    ]);
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    return { ...status, canVerify };
  }

  /**
   * How a user may verify the entity: through the permission policy, as an
   * ownership admin, or not at all. Only users verify.
   */
  private async verifyGrant(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<'permission' | 'admin' | undefined> {
    const { permissions, userInfo, config } = this.options;
    if (!isUserCredentials(credentials)) {
      return undefined;
    }
    const [{ result }] = await permissions.authorize(
      [{ permission: ownershipVerifyPermission, resourceRef: entityRef }],
      { credentials },
    );
    if (result === AuthorizeResult.ALLOW) {
      return 'permission';
    }
    if (!config.admins.length) {
      return undefined;
    }
    const info = await userInfo.getUserInfo(credentials);
    const refs = new Set(
      [info.userEntityRef, ...info.ownershipEntityRefs].map(r =>
        r.toLocaleLowerCase('en-US'),
      ),
    );
    return config.admins.some(admin => refs.has(admin)) ? 'admin' : undefined;
  }

  private async canVerify(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    return (await this.verifyGrant(entityRef, credentials)) !== undefined;
  }

  private toStatus(
    verification: StoredVerification | undefined,
    firstSeenAt: Date | undefined,
  ): OwnershipVerification {
    const periodDays = this.options.config.verificationPeriodDays;
    const due = (from: Date) =>
      DateTime.fromJSDate(from).toUTC().plus({ days: periodDays });
    if (!verification) {
      return {
        status: 'never',
        dueAt: firstSeenAt ? due(firstSeenAt).toISO()! : undefined,
        periodDays,
      };
    }
    const dueAt = due(verification.verifiedAt);
    return {
      // due only strictly after the moment, as the index counts it
      status: dueAt.toMillis() >= this.now().getTime() ? 'verified' : 'due',
      verifiedAt: verification.verifiedAt.toISOString(),
      verifiedBy: verification.verifiedBy,
      dueAt: dueAt.toISO()!,
      periodDays,
    };
  }

  /**
   * Records a verification by the calling user. Allowed when the permission
   * policy allows `ownership.verify` on the entity (typically: the user is
   * in the owning team), or when the user is in one of `ownership.admins`.
   */
  async verify(options: {
    entityRef: string;
    comment?: string;
    credentials: BackstageCredentials<BackstageUserPrincipal>;
    request: Request;
    /** Generated by the server for this request. */
    correlationId: string;
    /** The client's `x-request-id`, if it sent one. */
    requestId?: string;
  }): Promise<OwnershipVerification> {
    const { catalog, store, auditor, config } = this.options;
    const { entityRef, comment, credentials, request, correlationId } = options;
    const actor = credentials.principal.userEntityRef;
    const auditorEvent = await auditor.createEvent({
      eventId: 'verify',
      severityLevel: 'medium',
      request,
      meta: { entityRef, correlationId },
    });
    try {
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) {
        throw new NotFoundError(`Entity ${entityRef} not found`);
      }
      const via = await this.verifyGrant(entityRef, credentials);
      if (!via) {
        throw new NotAllowedError(
          `Only members of the owning team or ownership admins may verify ${entityRef}`,
        );
      }
      const now = this.now();
      const previous = await store.getVerification(entityRef);
      const verification: StoredVerification = {
        entityRef,
        verifiedAt: now,
        verifiedBy: actor,
        comment,
      };
      await store.recordVerification(verification, {
        occurredAt: now,
        actor,
        action: 'verify',
        entityRef,
        details: {
          via,
          periodDays: config.verificationPeriodDays,
          ...(comment ? { comment } : {}),
          ...(previous
            ? {
                previousVerifiedAt: previous.verifiedAt.toISOString(),
                previousVerifiedBy: previous.verifiedBy,
              }
            : {}),
        },
        correlationId,
        requestId: options.requestId,
        teams: ownerTeams(entity),
      });
      await auditorEvent.success({ meta: { entityRef, via } });
      return this.toStatus(verification, undefined);
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  }
}
