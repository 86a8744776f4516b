import {
  BackstageCredentials,
  BackstageUserPrincipal,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  Handoff,
  HandoffAction,
  ownershipHandoffDecidePermission,
  ownershipHandoffStartPermission,
  ownershipHandoffUpdatePermission,
  readOwnershipModel,
  RELATION_HAS_RACI_MATRIX,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { HandoffDirectory } from './HandoffDirectory';

function lower(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

function isUser(
  credentials: BackstageCredentials,
): credentials is BackstageCredentials<BackstageUserPrincipal> {
  return (credentials.principal as { type?: unknown })?.type === 'user';
}

/** Who is asking: the user and every group they count as a member of. */
export interface Viewer {
  credentials: BackstageCredentials;
  user?: string;
  /** The user, their groups (userInfo and the index) and nothing else. */
  refs: Set<string>;
  admin: boolean;
}

/** What the viewer may do with one entity's handoffs. */
export interface Access {
  start: boolean;
  update: boolean;
  decide: boolean;
  admin: boolean;
  /** Member of the receiving team or one below it. */
  receiving: boolean;
  /**
   * Who decides handoffs for a RACI matrix applying to the entity: its
   * ownership activity's Accountable, or its single Accountable.
   */
  accountable: boolean;
  accountables: string[];
}

export type Grant = 'start' | 'update' | 'decide' | 'force-close';

export const GRANT_OF: Record<HandoffAction | 'check-items', Grant> = {
  advance: 'update',
  'report-issues': 'update',
  'check-items': 'update',
  complete: 'decide',
  'roll-back': 'decide',
  'force-close': 'force-close',
};

/**
 * Who may do what with an entity's handoffs: the three handoff permissions
 * (one batched authorize call), ownership admins, members of the receiving
 * team and its child teams, the RACI Accountable, and the transfer target
 * of an expired feature ownership.
 */
export class HandoffAccessPolicy {
  constructor(
    private readonly options: {
      permissions: PermissionsService;
      userInfo: UserInfoService;
      directory: HandoffDirectory;
      /** Lower-case group or user refs of ownership admins. */
      admins: string[];
      now: () => Date;
    },
  ) {}

  async viewer(credentials: BackstageCredentials): Promise<Viewer> {
    if (!isUser(credentials)) {
      return { credentials, refs: new Set(), admin: false };
    }
    const user = lower(credentials.principal.userEntityRef);
    const [info, indexed] = await Promise.all([
      this.options.userInfo.getUserInfo(credentials),
      this.options.directory.groupsOf(user),
    ]);
    const refs = new Set(
      [user, ...info.ownershipEntityRefs, ...indexed].map(lower),
    );
    const admin = this.options.admins.some(a => refs.has(a));
    return { credentials, user, refs, admin };
  }

  async memberOf(viewer: Viewer, team: string): Promise<boolean> {
    if (!viewer.user) {
      return false;
    }
    const tree = await this.options.directory.teamTree(team);
    return tree.some(group => viewer.refs.has(group));
  }

  async access(
    entityRef: string,
    entity: Entity,
    viewer: Viewer,
    toTeam: string | undefined,
  ): Promise<Access> {
    const none: Access = {
      start: false,
      update: false,
      decide: false,
      admin: false,
      receiving: false,
      accountable: false,
      accountables: [],
    };
    if (!viewer.user) {
      return none;
    }
    const matrices = (entity.relations ?? [])
      .filter(r => r.type === RELATION_HAS_RACI_MATRIX)
      .map(r => lower(r.targetRef));
    const [decisions, receiving, accountables] = await Promise.all([
      this.options.permissions.authorize(
        [
          ownershipHandoffStartPermission,
          ownershipHandoffUpdatePermission,
          ownershipHandoffDecidePermission,
        ].map(permission => ({ permission, resourceRef: entityRef })),
        { credentials: viewer.credentials },
      ),
      toTeam ? this.memberOf(viewer, toTeam) : false,
      this.options.directory.raciAccountable(matrices),
    ]);
    const allowed = decisions.map(d => d.result === AuthorizeResult.ALLOW);
    let accountable = false;
    for (const party of accountables) {
      if (viewer.refs.has(party) || (await this.memberOf(viewer, party))) {
        accountable = true;
        break;
      }
    }
    return {
      start: allowed[0],
      update: allowed[1],
      decide: allowed[2],
      admin: viewer.admin,
      receiving,
      accountable,
      accountables,
    };
  }

  may(access: Access, grant: Grant): boolean {
    switch (grant) {
      case 'start':
        return access.start || access.admin;
      case 'update':
        return access.update || access.receiving || access.admin;
      case 'decide':
        return access.decide || access.accountable || access.admin;
      default:
        return access.admin;
    }
  }

  deniedMessage(
    grant: Grant,
    handoff: Pick<Handoff, 'entityRef' | 'fromTeam' | 'toTeam'>,
    access: Access,
  ): string {
    const admins = 'ownership admins';
    switch (grant) {
      case 'start':
        return `Only members of ${handoff.fromTeam} or its child teams, or ${admins}, may start a handoff of ${handoff.entityRef} (permission ${ownershipHandoffStartPermission.name})`;
      case 'update':
        return `Only members of ${handoff.fromTeam} or ${handoff.toTeam} or their child teams, or ${admins}, may check items or move the handoff of ${handoff.entityRef} (permission ${ownershipHandoffUpdatePermission.name})`;
      case 'decide':
        return `Only members of ${handoff.fromTeam} or its child teams, ${
          access.accountables.length
            ? `the RACI Accountable (${access.accountables.join(', ')})`
            : "the Accountable of an applying RACI matrix's ownership activity (or of a matrix with one Accountable)"
        }, or ${admins}, may complete or roll back the handoff of ${
          handoff.entityRef
        } (permission ${ownershipHandoffDecidePermission.name})`;
      default:
        return `Only ${admins} (${this.options.admins.join(
          ', ',
        )}) may force-close a handoff`;
    }
  }

  /**
   * How the viewer may start a handoff of the entity: the permission, an
   * admin, or (feature ownership) a member of the `transferTo` team once
   * the ownership expired.
   */
  async startGrant(
    entity: Entity,
    viewer: Viewer,
    access: Access,
    toTeam?: string,
  ): Promise<'permission' | 'admin' | 'transfer-target' | undefined> {
    if (access.start) {
      return 'permission';
    }
    if (access.admin) {
      return 'admin';
    }
    const block = readOwnershipModel(entity).block;
    const expired =
      block?.expiresAt &&
      DateTime.fromISO(block.expiresAt).toMillis() <=
        this.options.now().getTime();
    if (
      expired &&
      block?.transferTo &&
      (toTeam === undefined || toTeam === block.transferTo) &&
      (await this.memberOf(viewer, block.transferTo))
    ) {
      return 'transfer-target';
    }
    return undefined;
  }
}
