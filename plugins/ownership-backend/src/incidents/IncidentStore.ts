import { IncidentSeverityLevel } from '@service-ownership/plugin-ownership-common';
import { IncidentSourceOpenIncident } from '@service-ownership/plugin-ownership-node';

/** A checked incident, ready to store. */
export interface StoredIncident {
  source: string;
  externalId: string;
  /** Lower case, known to the index or the history. */
  entityRef: string;
  severity: IncidentSeverityLevel;
  createdAt: Date;
  acknowledgedAt?: Date;
  resolvedAt?: Date;
  escalated: boolean;
  levelsReached?: number;
  responders: string[];
  /** Hash of the fields above: equal means a re-send changes nothing. */
  rowHash: string;
}

/** What storing one incident did, and whom it is charged to. */
export interface IncidentWriteResult {
  outcome: 'created' | 'updated' | 'unchanged';
  chargedTo: string | null;
}

/** An open incident's place in the order pulls re-read them in. */
export interface IncidentRereadPosition {
  createdAt: Date;
  id: string;
}

/** Pull state of one scheduled incident source. */
export interface IncidentSourceState {
  lastStartedAt?: Date;
  lastSuccessAt?: Date;
  lastError?: string;
  lastRejected: number;
  /** The last open incident re-read, when they did not fit in one pull. */
  rereadAfter?: IncidentRereadPosition;
}

/** What incident ingestion needs from storage. */
export interface IncidentStore {
  /** Which of these (lower-case) refs the ownership index or history knows. */
  knownEntities(entityRefs: string[]): Promise<Set<string>>;
  /**
   * Inserts new incidents and updates changed ones (by source and id) in one
   * transaction, charging each written one to the entity's owner at its
   * creation; results in the order given.
   */
  upsertIncidents(
    incidents: StoredIncident[],
    now: Date,
  ): Promise<IncidentWriteResult[]>;
  /**
   * A source's incidents not resolved yet, created in [from, before),
   * oldest first (by creation, then id), after `after` when given, at most
   * `limit`.
   */
  openIncidents(
    sourceId: string,
    created: { from: Date; before: Date },
    limit: number,
    after?: IncidentRereadPosition,
  ): Promise<IncidentSourceOpenIncident[]>;
  getSourceState(sourceId: string): Promise<IncidentSourceState | undefined>;
  recordSourcePull(
    sourceId: string,
    pull: {
      startedAt: Date;
      succeeded: boolean;
      error?: string;
      rejected: number;
      /** Stored with a successful pull; null forgets it. */
      rereadAfter?: IncidentRereadPosition | null;
    },
  ): Promise<void>;
}
