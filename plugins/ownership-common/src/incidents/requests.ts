/**
 * Bounds of the incident requests.
 *
 * @public
 */
export const INCIDENT_REQUEST_LIMITS = {
  /** Incidents in one `POST /incidents/batch`. */
  batch: { max: 1000 },
  /** Characters of `source`. */
  source: { max: 64 },
  /** Characters of `id`. */
  id: { max: 255 },
  /** Responders of one incident. */
  responders: { max: 50 },
  /** `days` of `GET /metrics`. */
  metricsDays: [7, 30, 90] as const,
  /** `entityLimit` of `GET /metrics`. */
  entityLimit: { default: 100, max: 2000 },
} as const;

/**
 * `POST /incidents/batch` body.
 *
 * @public
 */
export interface IncidentBatchRequest {
  /** Checked one by one: each is an IncidentInput or is rejected with reasons. */
  incidents: unknown[];
}

/**
 * `GET /metrics` query: a window of `days` (7, 30 or 90, ending now) or
 * `from`/`to` (ISO timestamps; `to` defaults to now), optionally one team's
 * or one entity's incidents.
 *
 * @public
 */
export interface IncidentMetricsQuery {
  days?: number;
  from?: string;
  to?: string;
  team?: string;
  entityRef?: string;
  entityLimit?: number;
}

/**
 * `GET /metrics/report`, `GET /metrics/report.csv` and
 * `GET /metrics/recommendations` query: a window of `days` (7, 30 or 90,
 * ending now) or `from`/`to`.
 *
 * @public
 */
export interface OwnershipReportQuery {
  days?: number;
  from?: string;
  to?: string;
}
