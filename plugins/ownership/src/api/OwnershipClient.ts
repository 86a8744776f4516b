import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CoverageParams,
  CoverageResponse,
  CoverageTrendParams,
  CoverageTrendPoint,
  EntityOwnershipResponse,
  OrphanFilters,
  OrphanQuery,
  OrphanedServicesPage,
  OwnershipVerification,
  TeamOwnershipParams,
  TeamOwnershipResponse,
  VerificationRequest,
} from '@service-ownership/plugin-ownership-common';
import { OwnershipApi, OwnershipEntityRef } from './OwnershipApi';

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

  private async request(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('ownership');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async requestJson<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.request(path, init);
    return (await response.json()) as T;
  }
}
