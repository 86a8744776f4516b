import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  compareTiers,
  CoverageBucket,
  CoverageResponse,
  CoverageTrendPoint,
  OrphanedService,
  OrphanedServicesPage,
  TeamOwnershipResponse,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { CoverageSnapshotBucket } from '../catalogIndex/coverageSnapshots';
import {
  describeIndexedReasons,
  IndexedEntityRecord,
} from '../catalogIndex/indexedEntities';
import { OwnershipConfig } from '../config';
import { OrphanQuery, ReportsStore } from './ReportsStore';

/** The bucket key of entities without a value for the dimension. */
export const NO_VALUE_KEY = '(none)';

function percent(owned: number, total: number): number {
  return total ? Math.round((owned / total) * 1000) / 10 : 0;
}

function toBuckets(list: CoverageSnapshotBucket[]): CoverageBucket[] {
  return list.map(b => ({
    key: b.key || NO_VALUE_KEY,
    total: b.total,
    owned: b.owned,
    coverage: percent(b.owned, b.total),
  }));
}

/** An index record as an orphaned service, reasons most serious first. */
function toOrphanedService(
  record: IndexedEntityRecord,
  periodDays: number,
): OrphanedService {
  return {
    entityRef: record.entityRef,
    kind: record.kind,
    type: record.type,
    title: record.title,
    owner: record.owner,
    system: record.system,
    tier: record.tier,
    lifecycle: record.lifecycle,
    reasons: describeIndexedReasons(record, periodDays),
  };
}

const NOT_INDEXED =
  'The ownership index has not been built yet: no refresh has read the catalog so far (it is still starting, or it is empty). Try again in a few minutes.';

/**
 * Coverage, orphaned services and the team view, all answered from the
 * ownership index; 503 before its first refresh, rather than zeros.
 */
export class OwnershipReports {
  constructor(
    private readonly options: {
      store: ReportsStore;
      config: OwnershipConfig;
      clock?: () => Date;
    },
  ) {}

  private get periodDays() {
    return this.options.config.verificationPeriodDays;
  }

  /**
   * Runs `read` on one snapshot of the index and adds when that index was
   * built, so that a response never mixes two refreshes.
   */
  private withIndexedAt<T>(
    read: (store: ReportsStore) => Promise<T>,
  ): Promise<[T, string]> {
    return this.options.store.readSnapshot(async store => {
      const indexedAt = await store.getIndexedAt();
      if (!indexedAt) {
        throw new ServiceUnavailableError(NOT_INDEXED);
      }
      return [await read(store), indexedAt.toISOString()];
    });
  }

  /**
   * Coverage as of the last refresh, or as of the end of a past day (the
   * snapshot of that day, or the last one before it).
   */
  async getCoverage(asOf?: string): Promise<CoverageResponse> {
    const [snapshot, indexedAt] = await this.withIndexedAt(store =>
      store.getCoverageSnapshot(asOf),
    );
    if (!snapshot) {
      throw new NotFoundError(
        asOf
          ? `No coverage snapshot on or before ${asOf}`
          : 'No coverage snapshot',
      );
    }
    const { total, owned, buckets } = snapshot;
    return {
      total,
      owned,
      coverage: percent(owned, total),
      byKind: toBuckets(buckets.kind),
      byType: toBuckets(buckets.type),
      byLifecycle: toBuckets(buckets.lifecycle),
      byTier: toBuckets(
        [...buckets.tier].sort((a, b) => compareTiers(a.key, b.key)),
      ),
      byOwner: toBuckets(buckets.owner),
      bySystem: toBuckets(buckets.system),
      asOf: snapshot.date,
      indexedAt: asOf ? snapshot.takenAt.toISOString() : indexedAt,
    };
  }

  /** One point per day with a snapshot, over the last `days` days. */
  async getCoverageTrend(
    days: number,
  ): Promise<{ points: CoverageTrendPoint[] }> {
    const since = DateTime.fromJSDate(this.options.clock?.() ?? new Date())
      .toUTC()
      .minus({ days: days - 1 })
      .toISODate()!;
    const [rows] = await this.withIndexedAt(store =>
      store.getCoverageTrend(since),
    );
    return {
      points: rows.map(r => ({
        date: r.date,
        total: r.total,
        owned: r.owned,
        coverage: percent(r.owned, r.total),
      })),
    };
  }

  async listOrphans(query: OrphanQuery): Promise<OrphanedServicesPage> {
    const [page, indexedAt] = await this.withIndexedAt(store =>
      store.listOrphans(query),
    );
    return {
      items: page.items.map(r => toOrphanedService(r, this.periodDays)),
      totalCount: page.totalCount,
      offset: query.offset,
      limit: query.limit,
      indexedAt,
    };
  }

  async *exportOrphans(
    query: Omit<OrphanQuery, 'offset' | 'limit'>,
  ): AsyncIterable<OrphanedService[]> {
    if (!(await this.options.store.getIndexedAt())) {
      throw new ServiceUnavailableError(NOT_INDEXED);
    }
    for await (const batch of this.options.store.streamOrphans(query)) {
      yield batch.map(r => toOrphanedService(r, this.periodDays));
    }
  }

  async getTeam(
    groupRef: string,
    limit: number,
  ): Promise<TeamOwnershipResponse> {
    const [team, indexedAt] = await this.withIndexedAt(store =>
      store.getTeam(groupRef, { limit }),
    );
    if (!team) {
      throw new NotFoundError(
        `Group ${groupRef} not found in the ownership index`,
      );
    }
    return {
      entityRef: team.entityRef,
      title: team.title,
      memberCount: team.memberCount,
      childGroups: team.childGroups,
      owned: team.owned.map(o => ({
        entityRef: o.entityRef,
        kind: o.kind,
        type: o.type,
        title: o.title,
        tier: o.tier,
        owner: o.owner ?? '',
        direct: o.owner === team.entityRef,
      })),
      ownedTotalCount: team.ownedTotalCount,
      collaborations: team.collaborations,
      raciRoles: team.raciRoles,
      escalationPolicies: team.escalationPolicies,
      gaps: team.gaps.map(g => toOrphanedService(g, this.periodDays)),
      gapsTotalCount: team.gapsTotalCount,
      indexedAt,
    };
  }
}
