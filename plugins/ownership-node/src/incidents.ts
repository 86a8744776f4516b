import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { IncidentInput } from '@service-ownership/plugin-ownership-common';

/**
 * What the ownership backend passes to an incident source on each pull.
 *
 * @public
 */
export interface IncidentSourcePullOptions {
  /**
   * Incidents created or changed before this moment were already pulled.
   * Sources should re-read a margin before it (the backend already
   * subtracts the configured look-back), since incidents change after
   * creation; re-sent incidents that did not change are left as they are.
   */
  since: Date;
  /** Aborted on the scheduler's timeout or at shutdown. */
  signal: AbortSignal;
  /**
   * Incidents this source sent before `since` that are still not resolved
   * in the ownership backend, oldest first (a bounded number, within a
   * configured age). A source that pulls by creation time never sees them
   * change again, so it should re-read them by id and yield them like new
   * ones. Absent from backends that predate it; sources may ignore it.
   */
  openIncidents?: IncidentSourceOpenIncident[];
}

/**
 * An incident a source sent earlier that is still open in the ownership
 * backend.
 *
 * @public
 */
export interface IncidentSourceOpenIncident {
  /** The incident's id in the source. */
  id: string;
  /** The entity it was charged to, lower case. */
  entityRef: string;
  /** When it was created, as stored. */
  createdAt: Date;
}

/**
 * A module that pulls incidents from an incident tool on a schedule.
 *
 * @remarks
 *
 * Each batch it yields is ingested like a `POST /incidents/batch`: checked
 * one by one, kept idempotently on (source, id), and charged to the team
 * that owned the entity when the incident was created. Batches of a few
 * hundred incidents keep transactions short.
 *
 * @public
 */
export interface IncidentSource {
  /** Unique among the sources; names the scheduled task and the pull state. */
  id: string;
  pull(options: IncidentSourcePullOptions): AsyncIterable<IncidentInput[]>;
}

/**
 * Lets backend modules add incident sources to the ownership backend.
 *
 * @public
 */
export interface OwnershipIncidentSourceExtensionPoint {
  addIncidentSource(source: IncidentSource): void;
}

/**
 * The extension point for incident sources of the ownership backend.
 *
 * @public
 */
export const ownershipIncidentSourceExtensionPoint =
  createExtensionPoint<OwnershipIncidentSourceExtensionPoint>({
    id: 'ownership.incident-source',
  });
