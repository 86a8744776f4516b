import {
  Handoff,
  HandoffFilters,
  HandoffListItem,
  HandoffMetrics,
  HandoffTeamSummary,
} from '@service-ownership/plugin-ownership-common';
import { AuditEntryInput } from '../audit/AuditStore';

/** A stored handoff and when the suite told its stakeholders about it. */
export interface StoredHandoff extends Handoff {
  stakeholdersNotifiedAt?: string;
}

/** An overdue handoff due a reminder, and when it was last reminded. */
export interface OverdueHandoff {
  handoff: StoredHandoff;
  lastRemindedAt?: Date;
}

/** The outcome of a versioned update. */
export type HandoffUpdateResult =
  | { updated: true }
  /** The handoff was changed (or closed) since the caller read it. */
  | { updated: false; current: StoredHandoff };

/** Handoff metrics of a window: overall and per handing-over team. */
export interface HandoffMetricsRows {
  overall: HandoffMetrics;
  teams: Array<HandoffMetrics & { team: string }>;
}

/**
 * Storage of handoffs. Every write appends its audit entries in the same
 * transaction; at most one open handoff per entity, enforced by the
 * database.
 */
export interface HandoffStore {
  /**
   * Inserts new handoffs, all or none. Throws a ConflictError naming the
   * open handoff when an entity already has one.
   */
  insertHandoffs(handoffs: Handoff[], audit: AuditEntryInput[]): Promise<void>;
  /** Writes `next` if the stored version is still `expectedVersion`. */
  updateHandoff(
    next: Handoff,
    expectedVersion: number,
    audit: AuditEntryInput,
  ): Promise<HandoffUpdateResult>;
  getHandoff(id: string): Promise<StoredHandoff | undefined>;
  /** The entity's handoffs, newest first. */
  entityHandoffs(entityRef: string): Promise<StoredHandoff[]>;
  listHandoffs(
    filters: HandoffFilters,
    page: { offset: number; limit: number },
    now: Date,
  ): Promise<{
    items: HandoffListItem[];
    totalCount: number;
    teams: HandoffTeamSummary[];
  }>;
  /** Open handoffs past their due date, not reminded since `remindedBefore`. */
  overdueNotReminded(
    now: Date,
    remindedBefore: Date,
    limit: number,
  ): Promise<OverdueHandoff[]>;
  /**
   * Claims the reminder of a handoff by setting its last reminder to `at`,
   * if it was not reminded since `remindedBefore`; false when another run
   * claimed it. The claim stands as the reminder once the send succeeds.
   */
  claimReminder(id: string, at: Date, remindedBefore: Date): Promise<boolean>;
  /**
   * Gives back a claim whose send failed: the last reminder goes back to
   * `previous`, if it is still the claim made at `claimedAt`.
   */
  releaseReminder(
    id: string,
    claimedAt: Date,
    previous: Date | undefined,
  ): Promise<void>;
  /** Records that the stakeholders were notified, with its audit entry. */
  markStakeholdersNotified(
    id: string,
    at: Date,
    audit: AuditEntryInput,
  ): Promise<void>;
  /** Appends an audit entry of its own (a denied attempt). */
  appendAudit(entry: AuditEntryInput): Promise<void>;
  metrics(
    window: { from: Date; to: Date },
    now: Date,
  ): Promise<HandoffMetricsRows>;
}
