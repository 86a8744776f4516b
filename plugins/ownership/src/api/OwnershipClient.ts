import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AuditIntegrityResponse,
  CoverageParams,
  CoverageResponse,
  CoverageTrendParams,
  CoverageTrendPoint,
  EntityHandoffsResponse,
  EntityOwnershipResponse,
  HandoffChecklistRequest,
  HandoffConflictBody,
  HandoffDetails,
  HandoffListResponse,
  HandoffMetricsQuery,
  HandoffMetricsResponse,
  HandoffQuery,
  HandoffTransitionRequest,
  IncidentMetricsQuery,
  IncidentTrendQuery,
  IncidentTrendResponse,
  OrphanFilters,
  OrphanQuery,
  OrphanedServicesPage,
  OwnershipHealthReport,
  OwnershipHistoryResponse,
  OwnershipMetricsResponse,
  OwnershipRecommendationsResponse,
  OwnershipReportQuery,
  OwnershipVerification,
  ReorganisationRequest,
  ReorganisationResponse,
  StartHandoffRequest,
  TeamOwnershipParams,
  TeamOwnershipResponse,
  VerificationRequest,
} from '@service-ownership/plugin-ownership-common';
import {
  HandoffConflictError,
  OwnershipApi,
  OwnershipAuditFilters,
  OwnershipAuditPage,
  OwnershipAuditQuery,
  OwnershipEntityRef,
} from './OwnershipApi';

// Records rather than lists, so that a field added to the contract fails to
// compile here until the client sends it.
const FILTER_KEYS: Record<keyof OrphanFilters, true> = {
  reason: true,
  severity: true,
  owner: true,
  tier: true,
  kind: true,
  q: true,
};
const QUERY_KEYS: Record<keyof OrphanQuery, true> = {
  offset: true,
  limit: true,
  orderBy: true,
  order: true,
  ...FILTER_KEYS,
};

const HANDOFF_QUERY_KEYS: Record<keyof HandoffQuery, true> = {
  team: true,
  state: true,
  overdue: true,
  entityRef: true,
  offset: true,
  limit: true,
};
const HANDOFF_METRICS_KEYS: Record<keyof HandoffMetricsQuery, true> = {
  days: true,
  from: true,
  to: true,
};
const METRICS_QUERY_KEYS: Record<keyof IncidentMetricsQuery, true> = {
  days: true,
  from: true,
  to: true,
  team: true,
  entityRef: true,
  entityLimit: true,
};
const TREND_QUERY_KEYS: Record<keyof IncidentTrendQuery, true> = {
  days: true,
  from: true,
  to: true,
  team: true,
};
const REPORT_QUERY_KEYS: Record<keyof OwnershipReportQuery, true> = {
  days: true,
  from: true,
  to: true,
};
const AUDIT_FILTER_KEYS: Record<keyof OwnershipAuditFilters, true> = {
  entityRef: true,
  team: true,
  actor: true,
  action: true,
  from: true,
  to: true,
};
const AUDIT_QUERY_KEYS: Record<keyof OwnershipAuditQuery, true> = {
  ...AUDIT_FILTER_KEYS,
  offset: true,
  limit: true,
};

function isConflictBody(body: unknown): body is HandoffConflictBody {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as HandoffConflictBody).handoff === 'object' &&
    (body as HandoffConflictBody).handoff !== null
  );
}

function jsonInit(method: string, body: unknown): RequestInit {
  return {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

function toCompoundRef(
  ref: OwnershipEntityRef,
  defaultKind?: string,
): CompoundEntityRef {
  return typeof ref === 'string'
    ? parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' })
    : ref;
}

function entityPath(ref: OwnershipEntityRef): string {
  const { kind, namespace, name } = toCompoundRef(ref);
  return [kind.toLocaleLowerCase('en-US'), namespace, name]
    .map(encodeURIComponent)
    .join('/');
}

/** The query string of the parameters in `keys`, skipping empty ones. */
function toSearchParams<T extends object>(
  params: T | undefined,
  keys: Record<keyof T, true>,
): string {
  const search = new URLSearchParams();
  for (const key of Object.keys(keys) as Array<keyof T>) {
    const value = params?.[key];
    if (value !== undefined && value !== null && value !== '') {
      search.set(String(key), String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * Talks to the ownership backend through the discovery and fetch APIs.
 *
 * @public
 */
export class OwnershipClient implements OwnershipApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityOwnership(
    entityRef: OwnershipEntityRef,
  ): Promise<EntityOwnershipResponse> {
    return this.requestJson(`/entities/${entityPath(entityRef)}/ownership`);
  }

  async getVerification(
    entityRef: OwnershipEntityRef,
  ): Promise<OwnershipVerification> {
    return this.requestJson(`/entities/${entityPath(entityRef)}/verification`);
  }

  async verifyOwnership(
    entityRef: OwnershipEntityRef,
    options?: VerificationRequest,
  ): Promise<OwnershipVerification> {
    const body: VerificationRequest = options?.comment
      ? { comment: options.comment }
      : {};
    return this.requestJson(`/entities/${entityPath(entityRef)}/verification`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async getTeamOwnership(
    groupRef: OwnershipEntityRef,
    options?: TeamOwnershipParams,
  ): Promise<TeamOwnershipResponse> {
    const { namespace, name } = toCompoundRef(groupRef, 'group');
    return this.requestJson(
      `/groups/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/ownership${toSearchParams(options, { limit: true })}`,
    );
  }

  async getCoverage(options?: CoverageParams): Promise<CoverageResponse> {
    return this.requestJson(
      `/coverage${toSearchParams(options, { asOf: true })}`,
    );
  }

  async getCoverageTrend(
    options?: CoverageTrendParams,
  ): Promise<{ points: CoverageTrendPoint[] }> {
    return this.requestJson(
      `/coverage/trend${toSearchParams(options, { days: true })}`,
    );
  }

  async getOrphans(query?: OrphanQuery): Promise<OrphanedServicesPage> {
    return this.requestJson(`/orphans${toSearchParams(query, QUERY_KEYS)}`);
  }

  async exportOrphansCsv(filters?: OrphanFilters): Promise<Blob> {
    const response = await this.request(
      `/orphans/export.csv${toSearchParams(filters, FILTER_KEYS)}`,
    );
    return response.blob();
  }

  async getEntityHandoffs(
    entityRef: OwnershipEntityRef,
  ): Promise<EntityHandoffsResponse> {
    return this.requestJson(`/entities/${entityPath(entityRef)}/handoffs`);
  }

  async startHandoff(
    entityRef: OwnershipEntityRef,
    request: StartHandoffRequest,
  ): Promise<HandoffDetails> {
    return this.requestJson(
      `/entities/${entityPath(entityRef)}/handoffs`,
      jsonInit('POST', request),
    );
  }

  async startReorganisation(
    request: ReorganisationRequest,
  ): Promise<ReorganisationResponse> {
    return this.requestJson(
      '/handoffs/reorganisations',
      jsonInit('POST', request),
    );
  }

  async getHandoff(id: string): Promise<HandoffDetails> {
    return this.requestJson(`/handoffs/${encodeURIComponent(id)}`);
  }

  async transitionHandoff(
    id: string,
    request: HandoffTransitionRequest,
  ): Promise<HandoffDetails> {
    return this.requestJson(
      `/handoffs/${encodeURIComponent(id)}/transitions`,
      jsonInit('POST', request),
    );
  }

  async updateHandoffChecklistItem(
    id: string,
    itemId: string,
    request: HandoffChecklistRequest,
  ): Promise<HandoffDetails> {
    return this.requestJson(
      `/handoffs/${encodeURIComponent(id)}/checklist/${encodeURIComponent(
        itemId,
      )}`,
      jsonInit('PUT', request),
    );
  }

  async listHandoffs(query?: HandoffQuery): Promise<HandoffListResponse> {
    return this.requestJson(
      `/handoffs${toSearchParams(query, HANDOFF_QUERY_KEYS)}`,
    );
  }

  async getHandoffMetrics(
    query?: HandoffMetricsQuery,
  ): Promise<HandoffMetricsResponse> {
    return this.requestJson(
      `/handoffs/metrics${toSearchParams(query, HANDOFF_METRICS_KEYS)}`,
    );
  }

  async getAudit(query?: OwnershipAuditQuery): Promise<OwnershipAuditPage> {
    return this.requestJson(`/audit${toSearchParams(query, AUDIT_QUERY_KEYS)}`);
  }

  async exportAuditCsv(filters?: OwnershipAuditFilters): Promise<Blob> {
    const response = await this.request(
      `/audit/export.csv${toSearchParams(filters, AUDIT_FILTER_KEYS)}`,
    );
    return response.blob();
  }

  async getAuditIntegrity(): Promise<AuditIntegrityResponse> {
    return this.requestJson('/audit/integrity');
  }

  async getOwnershipMetrics(
    query?: IncidentMetricsQuery,
  ): Promise<OwnershipMetricsResponse> {
    return this.requestJson(
      `/metrics${toSearchParams(query, METRICS_QUERY_KEYS)}`,
    );
  }

  async getIncidentTrend(
    query?: IncidentTrendQuery,
  ): Promise<IncidentTrendResponse> {
    return this.requestJson(
      `/metrics/trends${toSearchParams(query, TREND_QUERY_KEYS)}`,
    );
  }

  async getOwnershipHistory(
    entityRef: OwnershipEntityRef,
  ): Promise<OwnershipHistoryResponse> {
    return this.requestJson(
      `/entities/${entityPath(entityRef)}/ownership-history`,
    );
  }

  async getOwnershipRecommendations(
    query?: OwnershipReportQuery,
  ): Promise<OwnershipRecommendationsResponse> {
    return this.requestJson(
      `/metrics/recommendations${toSearchParams(query, REPORT_QUERY_KEYS)}`,
    );
  }

  async getOwnershipReport(
    query?: OwnershipReportQuery,
  ): Promise<OwnershipHealthReport> {
    return this.requestJson(
      `/metrics/report${toSearchParams(query, REPORT_QUERY_KEYS)}`,
    );
  }

  async exportOwnershipReportCsv(query?: OwnershipReportQuery): Promise<Blob> {
    const response = await this.request(
      `/metrics/report.csv${toSearchParams(query, REPORT_QUERY_KEYS)}`,
    );
    return response.blob();
  }

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ownership');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      if (response.status === 409) {
        // ResponseError keeps only bodies shaped as Backstage's error
        // responses; a refused handoff write also carries the current
        // handoff and the unmet guards, which the UI shows.
        const conflict = await response
          .clone()
          .json()
          .catch(() => undefined);
        if (isConflictBody(conflict)) {
          throw new HandoffConflictError({
            message: conflict.error?.message ?? 'The handoff has changed',
            handoff: conflict.handoff,
            guards: conflict.guards ?? [],
          });
        }
      }
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async requestJson<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }
}
