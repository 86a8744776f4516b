import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  IncidentInput,
  IncidentSeverityLevel,
} from '@service-ownership/plugin-ownership-common';
import {
  IncidentSource,
  IncidentSourceOpenIncident,
  IncidentSourcePullOptions,
} from '@service-ownership/plugin-ownership-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { chunks } from '../../database/sql';

/** The annotation the PagerDuty Backstage plugin uses. */
export const PAGERDUTY_SERVICE_ID_ANNOTATION = 'pagerduty.com/service-id';

/** The fields of a PagerDuty REST API v2 incident that the source reads. */
export interface PagerDutyIncident {
  id: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  created_at: string;
  last_status_change_at?: string;
  urgency?: 'high' | 'low';
  priority?: { summary?: string } | null;
  service: { id: string };
}

/** The fields of a PagerDuty log entry that the source reads. */
export interface PagerDutyLogEntry {
  type: string;
  created_at: string;
  agent?: { type?: string; summary?: string } | null;
}

const PAGE = 100;
const SERVICES_PER_REQUEST = 10;
// Re-read open incidents are yielded in batches of this many.
const REREAD_BATCH = 25;
// A request refused with 429 is retried this many times before the pull fails.
const RATE_LIMIT_RETRIES = 5;
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * How long a 429 response asks to wait: `Retry-After` (seconds or an HTTP
 * date), else PagerDuty's `ratelimit-reset` (seconds), else a second;
 * at most a minute.
 */
export function rateLimitWaitMs(headers: Headers, now: Date): number {
  const seconds = (value: string | null) =>
    value !== null && /^\s*\d+(\.\d+)?\s*$/.test(value)
      ? Number(value) * 1000
      : undefined;
  const retryAfter = headers.get('retry-after');
  const date = retryAfter ? Date.parse(retryAfter) : NaN;
  const ms =
    seconds(retryAfter) ??
    (Number.isNaN(date) ? undefined : date - now.getTime()) ??
    seconds(headers.get('ratelimit-reset')) ??
    1000;
  return Math.min(Math.max(ms, 0), MAX_RATE_LIMIT_WAIT_MS);
}

/**
 * PagerDuty priorities P1–P5 as P1–P3 (P1 stays P1; P4 and P5 become P3);
 * without a priority, high urgency is P2 and low P3.
 */
export function pagerDutySeverity(
  incident: Pick<PagerDutyIncident, 'priority' | 'urgency'>,
): IncidentSeverityLevel {
  const match = /^P(\d)/i.exec(incident.priority?.summary ?? '');
  if (match) {
    const levels: IncidentSeverityLevel[] = ['P0', 'P1', 'P2', 'P3'];
    return levels[Math.min(Number(match[1]), 3)];
  }
  return incident.urgency === 'high' ? 'P2' : 'P3';
}

/** An incident from its PagerDuty record and log entries. */
export function pagerDutyIncidentInput(
  incident: PagerDutyIncident,
  logEntries: PagerDutyLogEntry[],
  entityRef: string,
): IncidentInput {
  const sorted = [...logEntries].sort((a, b) =>
    a.created_at.localeCompare(b.created_at),
  );
  const first = (type: string) => sorted.find(e => e.type === type);
  const escalations = sorted.filter(e => e.type === 'escalate_log_entry');
  const resolved =
    first('resolve_log_entry')?.created_at ??
    (incident.status === 'resolved'
      ? incident.last_status_change_at
      : undefined);
  const responders = sorted
    .filter(
      e =>
        (e.type === 'acknowledge_log_entry' ||
          e.type === 'resolve_log_entry') &&
        e.agent?.type === 'user_reference' &&
        e.agent.summary,
    )
    .map(e => e.agent!.summary!);
  return {
    source: 'pagerduty',
    id: incident.id,
    entityRef,
    severity: pagerDutySeverity(incident),
    createdAt: incident.created_at,
    ...(first('acknowledge_log_entry')
      ? { acknowledgedAt: first('acknowledge_log_entry')!.created_at }
      : {}),
    ...(resolved ? { resolvedAt: resolved } : {}),
    escalated: escalations.length > 0,
    levelsReached: 1 + escalations.length,
    responders: [...new Set(responders)],
  };
}

/**
 * The PagerDuty service ids named by the `pagerduty.com/service-id`
 * annotation in the catalog, with the entity each belongs to. Read from the
 * catalog on each pull (only the annotated entities, three fields), since
 * the ownership index does not keep annotations.
 */
export async function pagerDutyServicesFromCatalog(options: {
  catalog: Pick<CatalogService, 'getEntities'>;
  auth: Pick<AuthService, 'getOwnServiceCredentials'>;
}): Promise<Map<string, string>> {
  const { items } = await options.catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${PAGERDUTY_SERVICE_ID_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
      ],
    },
    { credentials: await options.auth.getOwnServiceCredentials() },
  );
  const services = new Map<string, string>();
  for (const entity of items) {
    const id = entity.metadata.annotations?.[PAGERDUTY_SERVICE_ID_ANNOTATION];
    if (id?.trim()) {
      services.set(
        id.trim(),
        stringifyEntityRef(entity).toLocaleLowerCase('en-US'),
      );
    }
  }
  return services;
}

/**
 * Pulls incidents from the PagerDuty REST API v2: `GET /incidents` for the
 * annotated services created since the last pull (classic offset paging),
 * then `GET /incidents/{id}` for each still-open incident the backend hands
 * over that the window did not cover (the list filters on creation time
 * only), and `GET /incidents/{id}/log_entries` of each for acknowledgement,
 * resolution, escalations and responders. A 429 is retried after the wait
 * the response names.
 */
export class PagerDutyIncidentSource implements IncidentSource {
  readonly id = 'pagerduty';

  constructor(
    private readonly options: {
      token: string;
      baseUrl?: string;
      /** PagerDuty service id → entity ref. */
      services: () => Promise<Map<string, string>>;
      logger: LoggerService;
      fetch?: typeof fetch;
      clock?: () => Date;
    },
  ) {}

  private async get<T>(path: string, signal: AbortSignal): Promise<T> {
    const response = await this.request(path, signal);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }

  private async request(path: string, signal: AbortSignal): Promise<Response> {
    const base = (this.options.baseUrl ?? 'https://api.pagerduty.com').replace(
      /\/$/,
      '',
    );
    for (let attempt = 0; ; attempt++) {
      const response = await (this.options.fetch ?? fetch)(`${base}${path}`, {
        headers: {
          Accept: 'application/vnd.pagerduty+json;version=2',
          Authorization: `Token token=${this.options.token}`,
        },
        signal,
      });
      if (response.status !== 429 || attempt >= RATE_LIMIT_RETRIES) {
        return response;
      }
      const wait = rateLimitWaitMs(response.headers, this.now());
      await response.body?.cancel();
      this.options.logger.info(
        `PagerDuty rate limit reached; retrying in ${Math.ceil(wait / 1000)} s`,
      );
      await sleep(wait, undefined, { signal });
    }
  }

  private now() {
    return (this.options.clock ?? (() => new Date()))();
  }

  /** The incident, or undefined when PagerDuty no longer has it. */
  private async incident(
    incidentId: string,
    signal: AbortSignal,
  ): Promise<PagerDutyIncident | undefined> {
    const response = await this.request(
      `/incidents/${encodeURIComponent(incidentId)}`,
      signal,
    );
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return ((await response.json()) as { incident: PagerDutyIncident })
      .incident;
  }

  private async logEntries(
    incidentId: string,
    signal: AbortSignal,
  ): Promise<PagerDutyLogEntry[]> {
    const entries: PagerDutyLogEntry[] = [];
    for (let offset = 0; ; ) {
      const page = await this.get<{
        log_entries: PagerDutyLogEntry[];
        more?: boolean;
      }>(
        `/incidents/${encodeURIComponent(
          incidentId,
        )}/log_entries?${new URLSearchParams({
          limit: String(PAGE),
          offset: String(offset),
          time_zone: 'UTC',
          is_overview: 'false',
        })}`,
        signal,
      );
      entries.push(...page.log_entries);
      offset += page.log_entries.length;
      if (!page.more || !page.log_entries.length) {
        return entries;
      }
    }
  }

  async *pull(
    options: IncidentSourcePullOptions,
  ): AsyncIterable<IncidentInput[]> {
    const { signal, since } = options;
    const until = this.now();
    const services = await this.options.services();
    const seen = new Set<string>();
    if (!services.size) {
      this.options.logger.info(
        `No catalog entity has the ${PAGERDUTY_SERVICE_ID_ANNOTATION} annotation; nothing new to pull from PagerDuty`,
      );
    }
    for (const serviceIds of chunks(
      [...services.keys()],
      SERVICES_PER_REQUEST,
    )) {
      for (let offset = 0; ; ) {
        const params = new URLSearchParams({
          since: since.toISOString(),
          until: until.toISOString(),
          limit: String(PAGE),
          offset: String(offset),
          time_zone: 'UTC',
          sort_by: 'created_at:asc',
        });
        serviceIds.forEach(id => params.append('service_ids[]', id));
        const page = await this.get<{
          incidents: PagerDutyIncident[];
          more?: boolean;
        }>(`/incidents?${params}`, signal);
        const batch: IncidentInput[] = [];
        for (const incident of page.incidents) {
          seen.add(incident.id);
          const entityRef = services.get(incident.service.id);
          if (entityRef) {
            batch.push(
              pagerDutyIncidentInput(
                incident,
                await this.logEntries(incident.id, signal),
                entityRef,
              ),
            );
          }
        }
        if (batch.length) {
          yield batch;
        }
        offset += page.incidents.length;
        if (!page.more || !page.incidents.length) {
          break;
        }
      }
    }
    yield* this.reread(
      (options.openIncidents ?? []).filter(o => !seen.has(o.id)),
      services,
      signal,
    );
  }

  /**
   * Reads open incidents again by id. One whose service lost its
   * annotation stays charged to the entity it was stored for.
   */
  private async *reread(
    open: IncidentSourceOpenIncident[],
    services: Map<string, string>,
    signal: AbortSignal,
  ): AsyncIterable<IncidentInput[]> {
    const gone: string[] = [];
    for (const part of chunks(open, REREAD_BATCH)) {
      const batch: IncidentInput[] = [];
      for (const stored of part) {
        const incident = await this.incident(stored.id, signal);
        if (!incident) {
          gone.push(stored.id);
          continue;
        }
        batch.push(
          pagerDutyIncidentInput(
            incident,
            await this.logEntries(incident.id, signal),
            services.get(incident.service.id) ?? stored.entityRef,
          ),
        );
      }
      if (batch.length) {
        yield batch;
      }
    }
    if (gone.length) {
      this.options.logger.warn(
        `PagerDuty no longer has ${
          gone.length
        } open incident(s) stored from it (e.g. ${gone
          .slice(0, 5)
          .join(', ')}); they stay open here until they pass the re-read age`,
      );
    }
  }
}
