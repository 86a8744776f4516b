import { HandoffState } from '../handoffs/types';
import { OwnershipFinding } from '../rules/rulebook';
import { OrphanReason } from '../rules/orphanReasons';
import {
  EscalationTargetType,
  OwnershipChannels,
  OwnershipLevel,
  OwnershipTier,
  WorkingHours,
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
 * RACI role letters, with E for an activity's escalation path.
 *
 * @public
 */
export type RaciRole = 'R' | 'A' | 'C' | 'I' | 'E';

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
   * of the configured ownership admins. Set by
   * `GET /entities/:kind/:namespace/:name/verification` (asked only when the
   * card is shown to a user); the entity ownership response leaves it out,
   * as it costs a conditional permission decision. Backends of an earlier
   * release set it on the entity ownership response.
   */
  canVerify?: boolean;
}

/**
 * A processing error the catalog holds for an entity. The catalog then keeps
 * serving the last version it could process.
 *
 * @public
 */
export interface CatalogProcessingError {
  message: string;
  /** The error's name, e.g. `InputError`. */
  name?: string;
}

/**
 * A team or person that works on an entity beside its one accountable
 * owner (`spec.ownership.collaborators`). Never counted as the owner.
 *
 * @public
 */
export interface OwnershipCollaborator {
  entityRef: string;
  kind: 'Group' | 'User';
  exists: boolean;
  displayName?: string;
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
  /** Feature ownership: who takes over when it expires. */
  transferTo?: OwnershipCollaborator;
  /** Teams and people working on it beside the owner. */
  collaborators: OwnershipCollaborator[];
  /** Working hours of the contacts. */
  workingHours: { primary?: WorkingHours; secondary?: WorkingHours };
  escalationPolicy?: ResolvedEscalationPolicy;
  onCall: OnCallStatus[];
  raci: EntityRaciSummary[];
  /**
   * Every finding about the entity, sorted by the rulebook (errors first).
   * The orphan reasons among them are the same, with the same code and
   * severity, as the coverage page lists for the entity.
   */
  findings: OwnershipFinding[];
  /**
   * Processing errors the catalog holds for the entity: the data shown is
   * then the last version the catalog could process.
   */
  catalogErrors: CatalogProcessingError[];
  verification: OwnershipVerification;
  /**
   * Where the orphan reasons among `findings` come from: true when from the
   * index, exactly as the coverage page lists them (`indexedAt` says as of
   * when); false when checked live because the index does not list the
   * entity (not a service, or added since the last refresh).
   */
  indexed: boolean;
  /**
   * When the index that the orphan reasons come from was last refreshed;
   * set only when `indexed`.
   */
  indexedAt?: string;
  /**
   * The open handoff of the entity, if one: the card says "handoff in
   * progress" with the receiving team.
   */
  handoff?: {
    id: string;
    state: HandoffState;
    fromTeam: string;
    toTeam: string;
    /** ISO; when the current state is due to end. */
    stateDueAt?: string;
  };
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
  /** Entities the team collaborates on without owning them. */
  collaborations?: Array<{
    entityRef: string;
    kind: string;
    title?: string;
    owner?: string;
    /** The collaborator: this team or one of its child groups. */
    collaborator: string;
  }>;
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
