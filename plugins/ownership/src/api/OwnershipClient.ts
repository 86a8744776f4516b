import { CompoundEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CoverageResponse,
  CoverageTrendPoint,
  EntityOwnershipResponse,
  OrphanedServicesPage,
  OwnershipVerification,
  TeamOwnershipResponse,
} from '@service-ownership/plugin-ownership-common';
import {
  OrphanFilters,
  OrphanQuery,
  OwnershipApi,
  OwnershipEntityRef,
} from './OwnershipApi';

const FILTER_KEYS: Array<keyof OrphanQuery> = [
  'reason',
  'severity',
  'owner',
  'tier',
  'kind',
  'q',
];
const QUERY_KEYS: Array<keyof OrphanQuery> = [
  'offset',
  'limit',
  'orderBy',
  'order',
  ...FILTER_KEYS,
];

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

function toSearchParams(
  query: OrphanQuery | undefined,
  keys: Array<keyof OrphanQuery>,
): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = query?.[key];
    if (value !== undefined && value !== '') {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
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
    options?: { comment?: string },
  ): Promise<OwnershipVerification> {
    const body = options?.comment ? { comment: options.comment } : {};
    return this.requestJson(`/entities/${entityPath(entityRef)}/verification`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  async getTeamOwnership(
    groupRef: OwnershipEntityRef,
  ): Promise<TeamOwnershipResponse> {
    const { namespace, name } = toCompoundRef(groupRef, 'group');
    return this.requestJson(
      `/groups/${encodeURIComponent(namespace)}/${encodeURIComponent(
        name,
      )}/ownership`,
    );
  }

  async getCoverage(options?: { asOf?: string }): Promise<CoverageResponse> {
    const query = options?.asOf
      ? `?asOf=${encodeURIComponent(options.asOf)}`
      : '';
    return this.requestJson(`/coverage${query}`);
  }

  async getCoverageTrend(options?: {
    days?: number;
  }): Promise<{ points: CoverageTrendPoint[] }> {
    const query = options?.days !== undefined ? `?days=${options.days}` : '';
    return this.requestJson(`/coverage/trend${query}`);
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
