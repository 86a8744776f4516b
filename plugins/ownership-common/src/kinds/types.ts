import { Entity } from '@backstage/catalog-model';

/**
 * Service tiers, tier-1 being the most critical.
 *
 * @public
 */
export type OwnershipTier = 'tier-1' | 'tier-2' | 'tier-3';

/**
 * Ownership levels from the ownership model: a whole service, one component
 * of it, or a time-boxed feature.
 *
 * @public
 */
export type OwnershipLevel = 'service' | 'component' | 'feature';

/**
 * Ways to reach an owner.
 *
 * @public
 */
export type OwnershipChannels = {
  slack?: string;
  email?: string;
  teams?: string;
  phone?: string;
  url?: string;
};

/**
 * Days of the week, as written in working hours.
 *
 * @public
 */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/**
 * When a contact can be reached: local times in an IANA time zone.
 *
 * @public
 */
export type WorkingHours = {
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  /** Working days (default Monday to Friday). */
  days?: Weekday[];
  /** Local start, `HH:mm`. */
  start: string;
  /** Local end, `HH:mm`. */
  end: string;
};

/**
 * The optional `spec.ownership` block of a Component, System, API or
 * Resource. `spec.owner` stays the one accountable owner team.
 *
 * @public
 */
export type OwnershipBlock = {
  primary?: string;
  secondary?: string;
  escalationPolicy?: string;
  tier?: OwnershipTier;
  level?: OwnershipLevel;
  feature?: string;
  expires?: string;
  /**
   * Feature ownership: the team (or person) that takes over when it expires,
   * e.g. after launch. Defaults to `spec.owner`.
   */
  transferTo?: string;
  channels?: OwnershipChannels;
  /**
   * Teams (or people) that work on the entity beside the one accountable
   * owner. Shown on the owner card and the team view, never counted as the
   * owner.
   */
  collaborators?: string[];
  /** Working hours and time zone of the contacts. */
  workingHours?: { primary?: WorkingHours; secondary?: WorkingHours };
};

/**
 * An entity that may carry an ownership block.
 *
 * @public
 */
export interface EntityWithOwnership extends Entity {
  spec?: Entity['spec'] & {
    owner?: string;
    ownership?: OwnershipBlock;
  };
}

/**
 * A simple on-call rota, enough to compute who is on call without any
 * external system.
 *
 * @public
 */
export type OnCallRota = {
  /** User entity refs in rotation order. */
  members: string[];
  /** Length of one shift, ISO 8601 (`P1W`) or shorthand (`1w`). */
  rotation: string;
  /** Local time of the hand-over, `HH:mm`. */
  handoverTime?: string;
  /** IANA time zone of the hand-over time, e.g. `Europe/Berlin`. */
  timeZone?: string;
  /** Date (ISO) on which the first member's first shift starts. */
  start: string;
};

/**
 * Kinds of escalation targets.
 *
 * @public
 */
export type EscalationTargetType =
  | 'user'
  | 'group'
  | 'schedule'
  | 'channel'
  | 'email';

/**
 * Who or what an escalation level notifies.
 *
 * @public
 */
export type EscalationTarget = {
  type: EscalationTargetType;
  /** An entity ref (user, group), schedule name, channel or e-mail address. */
  id: string;
  rota?: OnCallRota;
};

/**
 * Incident severities used by escalation conditions.
 *
 * @public
 */
export type IncidentSeverity = 'critical' | 'high' | 'medium' | 'low';

/**
 * A notification channel.
 *
 * @public
 */
export type NotificationChannel = {
  type: 'slack' | 'email' | 'teams' | 'webhook';
  target: string;
};

/**
 * One level of an escalation policy.
 *
 * @public
 */
export type EscalationLevel = {
  level?: number;
  name: string;
  /** Response SLA: time before escalating to the next level; the last level may have none. */
  escalateAfter?: string;
  repeat?: number;
  targets: EscalationTarget[];
  conditions?: {
    severity?: IncidentSeverity[];
    customerImpact?: boolean;
  };
  notify?: NotificationChannel[];
  /** Whether the policy's stakeholders are notified when this level is reached. */
  notifyStakeholders?: boolean;
};

/**
 * The `EscalationPolicy` kind.
 *
 * @public
 */
export interface EscalationPolicyEntityV1alpha1 extends Entity {
  apiVersion: 'ownership.dev/v1alpha1';
  kind: 'EscalationPolicy';
  spec: {
    owner: string;
    description?: string;
    levels: EscalationLevel[];
    /** Teams and people notified on escalation (levels with `notifyStakeholders`). */
    stakeholders?: string[];
    notifications?: {
      onEscalation?: NotificationChannel[];
      onResolution?: NotificationChannel[];
      /** Whether the stakeholders are told when the incident is resolved. */
      notifyStakeholdersOnResolution?: boolean;
    };
  };
}

/**
 * The roles of a RACI activity, with its escalation path.
 *
 * @public
 */
export type RaciRoleName =
  | 'responsible'
  | 'accountable'
  | 'consulted'
  | 'informed'
  | 'escalationPath';

/**
 * One activity (row) of a RACI matrix.
 *
 * @public
 */
export type RaciActivity = {
  name: string;
  description?: string;
  /** Usually at least one; an activity the Accountable does alone may have none. */
  responsible?: string[];
  /** Exactly one; a list is accepted by the schema so the rule can name the problem. */
  accountable: string | string[];
  consulted?: string[];
  informed?: string[];
  decisionAuthority?: string;
  escalationPath?: string[];
};

/**
 * The `RaciMatrix` kind.
 *
 * @public
 */
export interface RaciMatrixEntityV1alpha1 extends Entity {
  apiVersion: 'ownership.dev/v1alpha1';
  kind: 'RaciMatrix';
  spec: {
    owner: string;
    appliesTo?: string[];
    activities: RaciActivity[];
  };
}
