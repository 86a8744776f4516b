import { OwnershipFinding } from '../rules/findings';
import {
  EscalationTargetType,
  OwnershipChannels,
  OwnershipLevel,
  OwnershipTier,
} from '../kinds/types';

/**
 * A person resolved from a User entity ref.
 *
 * @public
 */
export interface OwnershipPerson {
  entityRef: string;
  /** False when the ref matches no entity (or one the caller may not read). */
  exists: boolean;
  displayName?: string;
  email?: string;
  picture?: string;
}

/**
 * A group resolved from a Group entity ref.
 *
 * @public
 */
export interface OwnershipTeam {
  entityRef: string;
  exists: boolean;
  kind: string;
  displayName?: string;
  email?: string;
  /** Members directly and through child groups. */
  members: OwnershipPerson[];
  /** Parent chain, nearest first. */
  parents: Array<{ entityRef: string; displayName?: string }>;
}

/**
 * One resolved escalation target.
 *
 * @public
 */
export interface ResolvedEscalationTarget {
  type: EscalationTargetType;
  id: string;
  /** The people this target reaches (a user, a group's members, the on-call of a schedule). */
  people: OwnershipPerson[];
  onCall?: OnCallShift;
}

/**
 * One resolved escalation level.
 *
 * @public
 */
export interface ResolvedEscalationLevel {
  level: number;
  name: string;
  /** Normalised ISO 8601 duration, e.g. `PT15M`. */
  escalateAfter: string;
  escalateAfterMinutes: number;
  repeat: number;
  conditions?: { severity?: string[]; customerImpact?: boolean };
  targets: ResolvedEscalationTarget[];
}

/**
 * An escalation policy resolved level by level.
 *
 * @public
 */
export interface ResolvedEscalationPolicy {
  entityRef: string;
  exists: boolean;
  title?: string;
  levels: ResolvedEscalationLevel[];
}

/**
 * One on-call shift.
 *
 * @public
 */
export interface OnCallShift {
  person: OwnershipPerson;
  /** ISO timestamps. */
  from: string;
  until: string;
}

/**
 * Who is on call for a schedule now and next.
 *
 * @public
 */
export interface OnCallStatus {
  schedule: string;
  provider: string;
  current?: OnCallShift;
  next?: OnCallShift;
}

/**
 * RACI role letters.
 *
 * @public
 */
export type RaciRole = 'R' | 'A' | 'C' | 'I';

/**
 * A RACI matrix that applies to an entity.
 *
 * @public
 */
export interface EntityRaciSummary {
  matrixRef: string;
  title?: string;
  activities: Array<{
    name: string;
    responsible: string[];
    accountable: string[];
    consulted: string[];
    informed: string[];
    decisionAuthority?: string;
    escalationPath: string[];
  }>;
  findings: OwnershipFinding[];
}

/**
 * When ownership was last confirmed.
 *
 * @public
 */
export interface OwnershipVerification {
  status: 'verified' | 'due' | 'never';
  verifiedAt?: string;
  verifiedBy?: string;
  /** When the next verification is due (ISO). */
  dueAt?: string;
  periodDays: number;
  /**
   * Whether the caller may verify: through the permission policy, or as one
   * of the configured ownership admins. Set on the entity ownership response.
   */
  canVerify?: boolean;
}

/**
 * Everything the suite knows about one entity's ownership, in one response.
 * New sections (handoffs, incidents) are added as new optional fields.
 *
 * @public
 */
export interface EntityOwnershipResponse {
  entityRef: string;
  title?: string;
  owner?: OwnershipTeam;
  hasOwnershipBlock: boolean;
  primary?: OwnershipPerson;
  secondary?: OwnershipPerson;
  channels: OwnershipChannels;
  tier?: OwnershipTier;
  level?: OwnershipLevel;
  feature?: string;
  expires?: string;
  escalationPolicy?: ResolvedEscalationPolicy;
  onCall: OnCallStatus[];
  raci: EntityRaciSummary[];
  findings: OwnershipFinding[];
  verification: OwnershipVerification;
}

/**
 * Why a service counts as orphaned.
 *
 * @public
 */
export type OrphanReasonCode =
  | 'no-owner'
  | 'owner-not-found'
  | 'owner-no-members'
  | 'owner-single-member'
  | 'tier1-no-escalation'
  | 'ownership-expired'
  | 'not-verified';

/**
 * One reason with its severity and fix hint.
 *
 * @public
 */
export interface OrphanReason {
  code: OrphanReasonCode;
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

/**
 * One orphaned (or at-risk) service.
 *
 * @public
 */
export interface OrphanedService {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  owner?: string;
  system?: string;
  tier?: string;
  lifecycle?: string;
  reasons: OrphanReason[];
}

/**
 * A page of orphaned services.
 *
 * @public
 */
export interface OrphanedServicesPage {
  items: OrphanedService[];
  totalCount: number;
  offset: number;
  limit: number;
  indexedAt?: string;
}

/**
 * Coverage of one group (a tier, a team, a kind, …).
 *
 * @public
 */
export interface CoverageBucket {
  key: string;
  total: number;
  owned: number;
  /** 0–100, one decimal. */
  coverage: number;
}

/**
 * Ownership coverage.
 *
 * @public
 */
export interface CoverageResponse {
  total: number;
  owned: number;
  coverage: number;
  byKind: CoverageBucket[];
  byType: CoverageBucket[];
  byLifecycle: CoverageBucket[];
  byTier: CoverageBucket[];
  byOwner: CoverageBucket[];
  bySystem: CoverageBucket[];
  asOf?: string;
  indexedAt?: string;
}

/**
 * One day of the coverage trend.
 *
 * @public
 */
export interface CoverageTrendPoint {
  date: string;
  total: number;
  owned: number;
  coverage: number;
}

/**
 * A team's ownership: what it owns directly and through child groups, its
 * RACI roles, the escalation policies it is on, and its gaps.
 *
 * @public
 */
export interface TeamOwnershipResponse {
  entityRef: string;
  title?: string;
  memberCount: number;
  childGroups: string[];
  owned: Array<{
    entityRef: string;
    kind: string;
    type?: string;
    title?: string;
    tier?: string;
    /** The group that owns it: this team or one of its child groups. */
    owner: string;
    direct: boolean;
  }>;
  /** How many entities the team owns in all; `owned` may be cut to a page. */
  ownedTotalCount?: number;
  raciRoles: Array<{
    matrixRef: string;
    activity: string;
    role: RaciRole;
    /** The participant that holds the role: the team, a child group or a member. */
    participant: string;
  }>;
  escalationPolicies: Array<{
    policyRef: string;
    levels: string[];
    /** How the team is on it: owner, or a target of a level. */
    as: 'owner' | 'target';
  }>;
  gaps: OrphanedService[];
  /** How many gaps there are in all; `gaps` may be cut to a page. */
  gapsTotalCount?: number;
  indexedAt?: string;
}
