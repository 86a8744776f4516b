import { NotFoundError, ResponseError } from '@backstage/errors';
import {
  AuditIntegrityResponse,
  CoverageResponse,
  CoverageTrendPoint,
  EntityHandoffsResponse,
  EntityOwnershipResponse,
  HandoffChecklistRequest,
  HandoffDetails,
  HandoffListResponse,
  HandoffMetricsResponse,
  HandoffQuery,
  HandoffTransitionRequest,
  IncidentMetrics,
  IncidentMetricsQuery,
  IncidentTrendPoint,
  IncidentTrendQuery,
  IncidentTrendResponse,
  isOpenHandoffState,
  OrphanedService,
  OrphanedServicesPage,
  OwnershipHealthReport,
  OwnershipHistoryEntry,
  OwnershipHistoryResponse,
  OwnershipMetricsResponse,
  OwnershipRecommendationsResponse,
  OwnershipReportQuery,
  OwnershipVerification,
  ReorganisationRequest,
  ReorganisationResponse,
  StartHandoffRequest,
  TeamOwnershipResponse,
} from '@service-ownership/plugin-ownership-common';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  OrphanFilters,
  OrphanQuery,
  OwnershipApi,
  OwnershipAuditFilters,
  OwnershipAuditPage,
  OwnershipAuditQuery,
  OwnershipEntityRef,
} from '../api';
import {
  FakeHandoffs,
  FakeHandoffsOptions,
  responseError,
} from './FakeHandoffs';
import { emptyMetrics as emptyIncidentMetrics } from '../components/EntityTeamMetricsCard/emptyMetrics';

function refString(ref: OwnershipEntityRef, defaultKind?: string): string {
  return stringifyEntityRef(
    typeof ref === 'string' ? parseEntityRef(ref, { defaultKind }) : ref,
  );
}

function matches(item: OrphanedService, filters: OrphanFilters): boolean {
  const q = filters.q?.toLocaleLowerCase('en-US');
  return (
    (!filters.reason || item.reasons.some(r => r.code === filters.reason)) &&
    (!filters.severity ||
      item.reasons.some(r => r.severity === filters.severity)) &&
    (!filters.owner || item.owner === filters.owner) &&
    (!filters.tier || item.tier === filters.tier) &&
    (!filters.kind ||
      item.kind.toLocaleLowerCase('en-US') ===
        filters.kind.toLocaleLowerCase('en-US')) &&
    (!q ||
      [item.entityRef, item.title, item.owner].some(v =>
        v?.toLocaleLowerCase('en-US').includes(q),
      ))
  );
}

/** What the backend answers before its first index refresh. */
export async function notIndexedError(): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: 'ServiceUnavailableError',
          message: 'The ownership index has not been built yet',
        },
        request: { method: 'GET', url: '/coverage' },
        response: { statusCode: 503 },
      }),
      {
        status: 503,
        statusText: 'Service Unavailable',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

/**
 * An in-memory OwnershipApi for tests and the dev app. Unknown entities
 * answer with NotFoundError like the backend's 404; with `indexed: false`
 * the index reports answer 503 as before the backend's first refresh.
 */
export class FakeOwnershipApi implements OwnershipApi {
  entities: Record<string, EntityOwnershipResponse>;
  teams: Record<string, TeamOwnershipResponse>;
  coverage: CoverageResponse;
  trend: CoverageTrendPoint[];
  orphans: OrphanedService[];
  indexed: boolean;
  handoffs: FakeHandoffs;
  /** What `getOwnershipMetrics` serves; unset answers 404 like an older backend. */
  metrics?: OwnershipMetricsResponse;
  /** Per-entity metrics served for `entityRef` queries (else no incidents). */
  entityMetrics: Record<string, IncidentMetrics> = {};
  /** Every metrics query, in order. */
  metricsQueries: IncidentMetricsQuery[] = [];
  /** Ownership history per entity ref. */
  history: Record<string, OwnershipHistoryEntry[]> = {};
  /** What the report routes serve; unset answers 404. */
  report?: OwnershipHealthReport;
  /** Every report query (report, recommendations, CSV), in order. */
  reportQueries: OwnershipReportQuery[] = [];
  /**
   * The points `getIncidentTrend` serves per team ('' for all incidents;
   * a team not listed has none); unset answers 404 like an older backend.
   */
  incidentTrends?: Record<string, IncidentTrendPoint[]>;
  /** Every incident trend query, in order. */
  trendQueries: IncidentTrendQuery[] = [];
  /** Whether the caller may verify, per entity ref (unset: may). */
  canVerify: Record<string, boolean> = {};
  /** false: `getVerification` answers 404, as a backend before that route. */
  verificationRoute = true;

  constructor(options: {
    handoffs?: FakeHandoffsOptions;
    indexed?: boolean;
    entities?: EntityOwnershipResponse[];
    teams?: TeamOwnershipResponse[];
    coverage?: CoverageResponse;
    trend?: CoverageTrendPoint[];
    orphans?: OrphanedService[];
  }) {
    this.entities = Object.fromEntries(
      (options.entities ?? []).map(e => [e.entityRef, e]),
    );
    this.teams = Object.fromEntries(
      (options.teams ?? []).map(t => [t.entityRef, t]),
    );
    this.coverage = options.coverage ?? {
      total: 0,
      owned: 0,
      coverage: 0,
      byKind: [],
      byType: [],
      byLifecycle: [],
      byTier: [],
      byOwner: [],
      bySystem: [],
    };
    this.trend = options.trend ?? [];
    this.orphans = options.orphans ?? [];
    this.indexed = options.indexed ?? true;
    this.handoffs = new FakeHandoffs(options.handoffs);
  }

  private async requireIndex() {
    if (!this.indexed) {
      throw await notIndexedError();
    }
  }

  async getEntityOwnership(
    entityRef: OwnershipEntityRef,
  ): Promise<EntityOwnershipResponse> {
    const found = this.entities[refString(entityRef)];
    if (!found) {
      throw new NotFoundError(`No entity ${refString(entityRef)}`);
    }
    return found;
  }

  async getVerification(
    entityRef: OwnershipEntityRef,
  ): Promise<OwnershipVerification> {
    const found = this.entities[refString(entityRef)];
    if (!found || !this.verificationRoute) {
      throw new NotFoundError(`No verification of ${refString(entityRef)}`);
    }
    return {
      ...found.verification,
      canVerify: this.canVerify[found.entityRef] ?? true,
    };
  }

  async verifyOwnership(
    entityRef: OwnershipEntityRef,
  ): Promise<OwnershipVerification> {
    const found = this.entities[refString(entityRef)];
    if (!found) {
      throw new NotFoundError(`No entity ${refString(entityRef)}`);
    }
    const now = new Date();
    found.verification = {
      status: 'verified',
      verifiedAt: now.toISOString(),
      verifiedBy: 'user:default/guest',
      dueAt: new Date(
        now.getTime() + found.verification.periodDays * 86400000,
      ).toISOString(),
      periodDays: found.verification.periodDays,
    };
    this.entities[found.entityRef] = { ...found };
    return found.verification;
  }

  async getTeamOwnership(
    groupRef: OwnershipEntityRef,
  ): Promise<TeamOwnershipResponse> {
    await this.requireIndex();
    const found = this.teams[refString(groupRef, 'group')];
    if (!found) {
      throw new NotFoundError(`No group ${refString(groupRef, 'group')}`);
    }
    return found;
  }

  async getCoverage(): Promise<CoverageResponse> {
    await this.requireIndex();
    return this.coverage;
  }

  async getCoverageTrend(): Promise<{ points: CoverageTrendPoint[] }> {
    await this.requireIndex();
    return { points: this.trend };
  }

  async getOrphans(query: OrphanQuery = {}): Promise<OrphanedServicesPage> {
    await this.requireIndex();
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    const filtered = this.orphans.filter(item => matches(item, query));
    if (query.orderBy) {
      const key = query.orderBy;
      const value = (item: OrphanedService) =>
        key === 'reasons' ? String(item.reasons.length) : item[key] ?? '';
      filtered.sort(
        (a, b) =>
          value(a).localeCompare(value(b)) * (query.order === 'desc' ? -1 : 1),
      );
    }
    return {
      items: filtered.slice(offset, offset + limit),
      totalCount: filtered.length,
      offset,
      limit,
    };
  }

  async exportOrphansCsv(filters: OrphanFilters = {}): Promise<Blob> {
    await this.requireIndex();
    const rows = this.orphans
      .filter(item => matches(item, filters))
      .map(item => `${item.entityRef},${item.owner ?? ''}`);
    return new Blob([['entityRef,owner', ...rows].join('\n')], {
      type: 'text/csv',
    });
  }

  async getEntityHandoffs(
    entityRef: OwnershipEntityRef,
  ): Promise<EntityHandoffsResponse> {
    return this.handoffs.entityHandoffs(refString(entityRef));
  }

  async startHandoff(
    entityRef: OwnershipEntityRef,
    request: StartHandoffRequest,
  ): Promise<HandoffDetails> {
    return this.handoffs.start(refString(entityRef), request);
  }

  /** Every reorganisation request, in order. */
  reorganisations: ReorganisationRequest[] = [];

  /**
   * All or nothing, as the backend: 403 with `startDenied`, 400 when the
   * entities have different owners (`owners`), 409 when one of them has an
   * open handoff; otherwise one handoff per entity, sharing an id.
   */
  async startReorganisation(
    request: ReorganisationRequest,
  ): Promise<ReorganisationResponse> {
    this.reorganisations.push(request);
    const { entityRefs, ...start } = request;
    const { options } = this.handoffs;
    if (options.startDenied) {
      throw await responseError(403, 'NotAllowedError', options.startDenied);
    }
    const teams = new Set(entityRefs.map(ref => options.owners?.[ref]));
    if (teams.size > 1) {
      throw await responseError(
        400,
        'InputError',
        `A reorganisation hands over entities of one team, not ${[
          ...teams,
        ].join(', ')}`,
      );
    }
    for (const ref of entityRefs) {
      const open = this.handoffs.handoffs.find(
        h => h.entityRef === ref && isOpenHandoffState(h.state),
      );
      if (open) {
        throw await responseError(
          409,
          'ConflictError',
          `${ref} already has an open handoff (${open.id}, ${open.state}, ${open.fromTeam} to ${open.toTeam})`,
        );
      }
    }
    const reorganisationId = `reorganisation-${this.reorganisations.length}`;
    const handoffs = entityRefs.map(ref => {
      const { id } = this.handoffs.start(ref, start);
      const stored = this.handoffs.handoffs.find(h => h.id === id)!;
      stored.reorganisationId = reorganisationId;
      return this.handoffs.details(stored);
    });
    return { reorganisationId, handoffs };
  }

  async getHandoff(id: string): Promise<HandoffDetails> {
    const found = this.handoffs.handoffs.find(h => h.id === id);
    if (!found) {
      throw new NotFoundError(`No handoff ${id}`);
    }
    return this.handoffs.details(found);
  }

  async transitionHandoff(
    id: string,
    request: HandoffTransitionRequest,
  ): Promise<HandoffDetails> {
    return this.handoffs.transition(id, request);
  }

  async updateHandoffChecklistItem(
    id: string,
    itemId: string,
    request: HandoffChecklistRequest,
  ): Promise<HandoffDetails> {
    return this.handoffs.checklist(id, itemId, request);
  }

  async listHandoffs(query?: HandoffQuery): Promise<HandoffListResponse> {
    return this.handoffs.list(query);
  }

  async getHandoffMetrics(): Promise<HandoffMetricsResponse> {
    return this.handoffs.metrics();
  }

  async getAudit(query?: OwnershipAuditQuery): Promise<OwnershipAuditPage> {
    return this.handoffs.audit(query);
  }

  async exportAuditCsv(filters?: OwnershipAuditFilters): Promise<Blob> {
    return this.handoffs.auditCsv(filters);
  }

  async getAuditIntegrity(): Promise<AuditIntegrityResponse> {
    return this.handoffs.integrity();
  }

  async getOwnershipMetrics(
    query: IncidentMetricsQuery = {},
  ): Promise<OwnershipMetricsResponse> {
    this.metricsQueries.push(query);
    if (!this.metrics) {
      throw new NotFoundError('No metrics route');
    }
    const { team, entityRef } = query;
    if (entityRef) {
      const overall = this.entityMetrics[entityRef] ?? emptyIncidentMetrics();
      return {
        ...this.metrics,
        overall,
        teams: [],
        entities: overall.incidents ? [{ entityRef, ...overall }] : [],
        teamOwnership: [],
      };
    }
    if (team) {
      const found = this.metrics.teams.find(t => t.teamRef === team);
      return {
        ...this.metrics,
        overall: found ?? emptyIncidentMetrics(),
        teams: found ? [found] : [],
        teamOwnership: this.metrics.teamOwnership.filter(
          t => t.teamRef === team,
        ),
      };
    }
    return this.metrics;
  }

  async getIncidentTrend(
    query: IncidentTrendQuery = {},
  ): Promise<IncidentTrendResponse> {
    this.trendQueries.push(query);
    if (!this.incidentTrends) {
      throw new NotFoundError('No trends route');
    }
    const points = this.incidentTrends[query.team ?? ''] ?? [];
    return {
      window: {
        from: `${points[0]?.from ?? '2026-01-01'}T00:00:00.000Z`,
        to: `${points.at(-1)?.to ?? '2026-01-01'}T23:59:59.999Z`,
      },
      bucket: query.days === 7 ? 'day' : 'week',
      team: query.team ?? null,
      points,
    };
  }

  async getOwnershipHistory(
    entityRef: OwnershipEntityRef,
  ): Promise<OwnershipHistoryResponse> {
    const ref = refString(entityRef).toLocaleLowerCase('en-US');
    return { entityRef: ref, entries: this.history[ref] ?? [] };
  }

  async getOwnershipRecommendations(
    query: OwnershipReportQuery = {},
  ): Promise<OwnershipRecommendationsResponse> {
    const report = this.requireReport(query);
    return {
      window: report.window,
      recommendations: report.recommendations,
    };
  }

  async getOwnershipReport(
    query: OwnershipReportQuery = {},
  ): Promise<OwnershipHealthReport> {
    return this.requireReport(query);
  }

  async exportOwnershipReportCsv(
    query: OwnershipReportQuery = {},
  ): Promise<Blob> {
    const report = this.requireReport(query);
    const lines = [
      'team,incidents',
      ...report.teams.map(t => `${t.teamRef},${t.incidents}`),
    ];
    return new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' });
  }

  private requireReport(query: OwnershipReportQuery): OwnershipHealthReport {
    this.reportQueries.push(query);
    if (!this.report) {
      throw new NotFoundError('No report route');
    }
    return this.report;
  }
}
