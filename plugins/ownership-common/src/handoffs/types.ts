import { HandoffEvidenceKind } from './checklist';

/**
 * The states of a handoff, in the ownership model guide's order. The first
 * five are open; `completed` and `rolled-back` are final.
 *
 * @public
 */
export const HANDOFF_STATES = [
  'initiated',
  'documentation-review',
  'shadow-period',
  'reverse-shadow',
  'validation',
  'completed',
  'rolled-back',
] as const;

/**
 * A state of a handoff.
 *
 * @public
 */
export type HandoffState = (typeof HANDOFF_STATES)[number];

/**
 * The open states: an entity has at most one handoff in one of them.
 *
 * @public
 */
export const OPEN_HANDOFF_STATES = [
  'initiated',
  'documentation-review',
  'shadow-period',
  'reverse-shadow',
  'validation',
] as const satisfies readonly HandoffState[];

/**
 * An open state.
 *
 * @public
 */
export type OpenHandoffState = (typeof OPEN_HANDOFF_STATES)[number];

/**
 * What a transition request asks for:
 *
 * - `advance`: to the next state (initiated → documentation review →
 *   shadow period → reverse shadow → validation)
 * - `report-issues`: validation → shadow period, with what was found
 * - `complete`: validation → completed
 * - `roll-back`: any open state → rolled back, with a reason
 * - `force-close`: an ownership admin closes a stuck handoff (rolled back,
 *   marked forced), with a reason
 *
 * @public
 */
export const HANDOFF_ACTIONS = [
  'advance',
  'report-issues',
  'complete',
  'roll-back',
  'force-close',
] as const;

/**
 * A transition request's action.
 *
 * @public
 */
export type HandoffAction = (typeof HANDOFF_ACTIONS)[number];

/**
 * Why a transition or checklist change cannot happen now.
 *
 * - `state`: the action does not apply to the handoff's state
 * - `documentation-not-updated`: the shadow period waits for the
 *   documentation item
 * - `shadow-period-running` / `reverse-shadow-running`: the period has not
 *   run its minimum yet (`remainingMs`, `until`)
 * - `checklist-incomplete`: completion needs every item (`items`)
 * - `evidence-missing`: a gated item's evidence is missing and no
 *   justification was given (`items`)
 * - `reason-required` / `issues-required`: a roll-back or force-close needs
 *   a reason, reporting issues needs what was found
 *
 * @public
 */
export type HandoffGuardCode =
  | 'state'
  | 'documentation-not-updated'
  | 'shadow-period-running'
  | 'reverse-shadow-running'
  | 'checklist-incomplete'
  | 'evidence-missing'
  | 'reason-required'
  | 'issues-required';

/**
 * One unmet guard, with a message that names what is missing.
 *
 * @public
 */
export interface HandoffGuard {
  code: HandoffGuardCode;
  message: string;
  /** Checklist item ids the guard is about. */
  items?: string[];
  /** For running periods: when the period ends (ISO) and how long that is. */
  until?: string;
  remainingMs?: number;
}

/**
 * One checklist item of a handoff: its definition and who checked it, when,
 * with what evidence.
 *
 * @public
 */
export interface HandoffChecklistItem {
  id: string;
  label: string;
  description?: string;
  evidence?: HandoffEvidenceKind;
  done: boolean;
  /** User entity ref of who last changed it. */
  doneBy?: string;
  /** ISO timestamp of the last change. */
  doneAt?: string;
  link?: string;
  comment?: string;
  /** Why the item was checked although its evidence was missing. */
  justification?: string;
}

/**
 * Issues found during validation, which sent the handoff back to the shadow
 * period.
 *
 * @public
 */
export interface HandoffIssuesReport {
  /** ISO timestamp. */
  at: string;
  by: string;
  description: string;
}

/**
 * A handoff as stored: the transfer of one entity's ownership from one team
 * to another. Timestamps are ISO strings in UTC.
 *
 * @public
 */
export interface Handoff {
  id: string;
  entityRef: string;
  /** The owner when the handoff started (full lower-case group ref). */
  fromTeam: string;
  toTeam: string;
  state: HandoffState;
  /** Incremented by every write; writes name the version they read. */
  version: number;
  /** Set when the handoff was started by a reorganisation request. */
  reorganisationId?: string;
  reason?: string;
  initiatedBy: string;
  initiatedAt: string;
  stateChangedAt: string;
  /** When the current state is due to end; past it, the handoff is overdue. */
  stateDueAt?: string;
  shadowDays: number;
  reverseShadowDays: number;
  shadowStartedAt?: string;
  shadowEndsAt?: string;
  reverseShadowStartedAt?: string;
  reverseShadowEndsAt?: string;
  completedAt?: string;
  /** Completion or roll-back. */
  closedAt?: string;
  closedBy?: string;
  /** The roll-back or force-close reason. */
  closeReason?: string;
  /** Force-closed by an ownership admin. */
  forced?: boolean;
  checklist: HandoffChecklistItem[];
  issues: HandoffIssuesReport[];
}

/**
 * The state of one piece of evidence for one handoff.
 *
 * @public
 */
export interface HandoffEvidenceStatus {
  kind: HandoffEvidenceKind;
  satisfied: boolean;
  /** What was found or is missing, e.g. "TechDocs ref: dir:." */
  detail: string;
  /** Where to see it, when there is a page. */
  url?: string;
}

/**
 * Whether the viewer may take an action now, and if not, why.
 *
 * @public
 */
export interface HandoffActionAvailability {
  action: HandoffAction | 'check-items';
  /** Allowed by permissions and guards. */
  allowed: boolean;
  /** The viewer lacks the permission (a message naming it). */
  denied?: string;
  /** Guards that are not met. */
  guards: HandoffGuard[];
}

/**
 * The change catalog-info.yaml needs after a completed handoff.
 *
 * @public
 */
export interface HandoffPatch {
  /** A unified diff of the entity's YAML, to copy. */
  diff: string;
  /** The file's edit URL (`backstage.io/edit-url`), when the entity has one. */
  editUrl?: string;
  /** Whether the catalog already names the receiving team as owner. */
  applied: boolean;
}

/**
 * A handoff with what the viewer needs to act on it.
 *
 * @public
 */
export interface HandoffDetails extends Handoff {
  /** The due date of each state from the current one on (ISO). */
  schedule: Array<{ state: OpenHandoffState; dueAt?: string }>;
  overdue: boolean;
  /** Evidence per checklist item id (only gated items). */
  evidence: Record<string, HandoffEvidenceStatus>;
  /** What the viewer may do; empty for a closed handoff. */
  actions: HandoffActionAvailability[];
  /** For completed handoffs. */
  patch?: HandoffPatch;
}

/**
 * `GET /entities/:kind/:namespace/:name/handoffs`.
 *
 * @public
 */
export interface EntityHandoffsResponse {
  entityRef: string;
  /** The open handoff, if one. */
  current?: HandoffDetails;
  /** The latest completed handoff, with its patch and whether it is applied. */
  lastCompleted?: HandoffDetails;
  /** All handoffs of the entity, newest first. */
  history: Handoff[];
  /** Whether the viewer may start a handoff (no open one, permission). */
  canStart: boolean;
  /** Why the viewer may not start one. */
  startDenied?: string;
  /**
   * The configured durations a new handoff gets, and the bounds a start
   * request may ask for (older servers may not send them).
   */
  durations?: {
    shadowDays: { default: number; min: number; max: number };
    reverseShadowDays: { default: number; min: number; max: number };
  };
}

/**
 * Counts of one team's handoffs, for the cross-team summary.
 *
 * @public
 */
export interface HandoffTeamSummary {
  team: string;
  teamTitle?: string;
  /** Open handoffs out of and into the team. */
  openOutgoing: number;
  openIncoming: number;
  overdue: number;
  completed: number;
  rolledBack: number;
}

/**
 * One row of the handoffs page.
 *
 * @public
 */
export interface HandoffListItem {
  id: string;
  entityRef: string;
  entityTitle?: string;
  fromTeam: string;
  toTeam: string;
  state: HandoffState;
  version: number;
  initiatedAt: string;
  stateChangedAt: string;
  stateDueAt?: string;
  overdue: boolean;
  closedAt?: string;
  /** Checked items out of all. */
  checklistDone: number;
  checklistTotal: number;
}

/**
 * `GET /handoffs`: open and recent handoffs across teams.
 *
 * @public
 */
export interface HandoffListResponse {
  items: HandoffListItem[];
  totalCount: number;
  offset: number;
  limit: number;
  /** Per team, over the same filters except `state` and paging. */
  teams: HandoffTeamSummary[];
}

/**
 * `POST /handoffs/reorganisations`: every handoff started, or none.
 *
 * @public
 */
export interface ReorganisationResponse {
  reorganisationId: string;
  handoffs: HandoffDetails[];
}

/**
 * Handoff success and duration for one team (the handing-over team) or
 * overall.
 *
 * @public
 */
export interface HandoffMetrics {
  completed: number;
  rolledBack: number;
  /** completed / (completed + rolledBack), 0..1; undefined when none closed. */
  successRate?: number;
  /** Median days from initiation to completion, of completed handoffs. */
  medianDurationDays?: number;
  open: number;
  overdue: number;
}

/**
 * `GET /handoffs/metrics?from&to`: handoffs closed in the window.
 *
 * @public
 */
export interface HandoffMetricsResponse {
  from: string;
  to: string;
  overall: HandoffMetrics;
  teams: Array<HandoffMetrics & { team: string }>;
}

/**
 * The 409 body of a refused write: the current handoff, and the unmet
 * guards when the refusal is a guard rather than a stale version.
 *
 * @public
 */
export interface HandoffConflictBody {
  error: { name: 'ConflictError'; message: string };
  handoff: HandoffDetails;
  guards: HandoffGuard[];
}

/**
 * `GET /audit/integrity`: whether the audit trail's hash chain is intact.
 *
 * @public
 */
export interface AuditIntegrityResponse {
  intact: boolean;
  /** Rows checked. */
  checked: number;
  /** The first row whose hash does not match its content and predecessor. */
  firstBrokenId?: string;
  /** When the check ran (ISO). */
  checkedAt: string;
}
