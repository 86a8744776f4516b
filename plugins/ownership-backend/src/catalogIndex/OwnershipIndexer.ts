import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { stringifyError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OwnershipConfig } from '../config';
import { HistoryStore } from '../history/HistoryStore';
import { IndexRefreshStats, IndexStore, StagedIndexRow } from './IndexStore';
import {
  catalogDigest,
  entityToIndexRows,
  IndexStream,
  indexStreams,
} from './rows';

const STAGE_BATCH = 5000;

/** The outcome of one refresh. */
export type IndexRefreshResult =
  | {
      ok: true;
      entitiesRead: number;
      durationMs: number;
      stats: IndexRefreshStats;
    }
  | { ok: false; entitiesRead: number; durationMs: number; error: string };

/**
 * Refreshes the ownership index: streams the catalog page by page (only the
 * fields the index needs from each kind) into a staging table, then diffs
 * the staged rows into the index in one transaction. A refresh that fails
 * half way changes nothing that readers see.
 */
export class OwnershipIndexer {
  private running?: Promise<IndexRefreshResult>;

  constructor(
    private readonly options: {
      catalog: Pick<CatalogService, 'streamEntities'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      store: IndexStore;
      logger: LoggerService;
      config: OwnershipConfig;
      /** Records each entity's owner interval after a refresh changed the index. */
      history?: Pick<HistoryStore, 'recordFromIndex'>;
      clock?: () => Date;
    },
  ) {}

  /**
   * Runs one refresh; a call while one is running joins it. When `signal`
   * aborts (the scheduler's timeout, or shutdown), the refresh stops between
   * catalog pages or between the steps of applying, and the index stays as
   * it was.
   */
  refresh(options: { signal?: AbortSignal } = {}): Promise<IndexRefreshResult> {
    if (!this.running) {
      this.running = this.doRefresh(options.signal).finally(() => {
        this.running = undefined;
      });
    }
    return this.running;
  }

  private async doRefresh(signal?: AbortSignal): Promise<IndexRefreshResult> {
    const { catalog, auth, store, logger, config } = this.options;
    const started = Date.now();
    const clock = this.options.clock ?? (() => new Date());
    const now = clock();
    // Staged rows are this run's own, so that a run that overlaps another
    // (one that outlived its timeout, say) cannot mix or delete them.
    const runId = randomUUID();
    let entitiesRead = 0;
    let digest: string | undefined;
    const aborted = 'the refresh was aborted';

    const fail = async (reason: string): Promise<IndexRefreshResult> => {
      const { indexedAt } = await store.getIndexState().catch(() => ({
        indexedAt: undefined,
      }));
      logger.warn(
        `Ownership index refresh failed, keeping the index from ${
          indexedAt?.toISOString() ?? 'no earlier refresh (it is empty)'
        }: ${reason}`,
      );
      await store
        .recordIndexFailure(now, reason)
        .catch(error =>
          logger.warn(`Could not record the failed refresh: ${error}`),
        );
      await store.clearIndexStaging(runId).catch(() => undefined);
      return {
        ok: false,
        entitiesRead,
        durationMs: Date.now() - started,
        error: reason,
      };
    };

    try {
      // Rows of runs that started longer ago than a refresh may take were
      // left behind by a crashed process.
      await store.clearIndexStaging(runId, {
        staleBefore: new Date(
          Date.now() - 2 * durationToMilliseconds(config.refresh.timeout),
        ),
      });
      signal?.throwIfAborted();
      const credentials = await auth.getOwnServiceCredentials();
      // One stream of etags only: when they match the last full refresh,
      // nothing is staged or diffed, and the refresh costs the catalog a
      // page of etags per pageSize entities.
      const etags: Array<string | undefined> = [];
      for await (const page of catalog.streamEntities(
        {
          filter: { kind: indexStreams(config).flatMap(s => s.kinds) },
          fields: ['metadata.etag'],
          pageSize: config.refresh.pageSize,
        },
        { credentials },
      )) {
        signal?.throwIfAborted();
        etags.push(...page.map(e => e.metadata?.etag));
      }
      digest = catalogDigest(etags, config);
      const state = await store.getIndexState();
      if (
        digest &&
        etags.length > 0 &&
        state.indexedAt &&
        state.catalogDigest === digest
      ) {
        return await this.applyUnchanged(
          runId,
          now,
          etags.length,
          started,
          signal,
        );
      }
      // The streams run side by side: the catalog answers one while the
      // rows of another are staged. The first that fails stops the others.
      const stop = new AbortController();
      const readStream = async ({ kinds, fields }: IndexStream) => {
        const pages = catalog.streamEntities(
          {
            filter: { kind: kinds },
            fields,
            pageSize: config.refresh.pageSize,
          },
          { credentials },
        );
        // Rows are written a few pages at a time: fewer commits, and memory
        // stays bounded by STAGE_BATCH rows per stream.
        let buffer: StagedIndexRow[] = [];
        for await (const page of pages) {
          signal?.throwIfAborted();
          if (stop.signal.aborted) {
            return;
          }
          for (const entity of page) {
            buffer.push(...entityToIndexRows(entity, config));
          }
          entitiesRead += page.length;
          if (buffer.length >= STAGE_BATCH) {
            await store.stageIndexRows(runId, buffer);
            buffer = [];
          }
        }
        signal?.throwIfAborted();
        await store.stageIndexRows(runId, buffer);
      };
      const results = await Promise.allSettled(
        indexStreams(config).map(stream =>
          readStream(stream).catch(error => {
            stop.abort();
            throw error;
          }),
        ),
      );
      const failed = results.find(
        (r): r is PromiseRejectedResult => r.status === 'rejected',
      );
      if (failed) {
        throw failed.reason;
      }
    } catch (error) {
      if (signal?.aborted) {
        return fail(`${aborted} while reading the catalog`);
      }
      return fail(`reading the catalog failed: ${stringifyError(error)}`);
    }

    // A catalog that answers with nothing at all (still starting, or a
    // broken provider) must not wipe a good index, nor pass for a built
    // one: the views say "not built yet" rather than show zeros.
    if (entitiesRead === 0) {
      return fail(
        (await store.countIndexedEntities()) > 0
          ? 'the catalog returned no entities'
          : 'the catalog returned no entities yet; the index is built by the first refresh that reads some',
      );
    }

    try {
      signal?.throwIfAborted();
      const stats = await store.applyStagedIndex({
        runId,
        signal,
        now,
        clock,
        verificationPeriodDays: config.verificationPeriodDays,
        tier1RequiresEscalationPolicy:
          config.rules.tier1RequiresEscalationPolicy,
        warnSingleMemberTeams: config.rules.warnSingleMemberTeams,
        snapshotRetentionDays: config.snapshotRetentionDays,
        catalogDigest: digest,
      });
      await this.recordHistory(now);
      const durationMs = Date.now() - started;
      const e = stats.entities;
      logger.info(
        `Ownership index refreshed from ${entitiesRead} catalog entities in ${durationMs} ms: ` +
          `services and other owned entities +${e.inserted} ~${e.updated} -${e.deleted} =${e.unchanged}, ` +
          `reasons +${stats.reasons.added} -${stats.reasons.removed}`,
      );
      return { ok: true, entitiesRead, durationMs, stats };
    } catch (error) {
      if (signal?.aborted) {
        return fail(`${aborted} before the index was written`);
      }
      return fail(`writing the index failed: ${stringifyError(error)}`);
    }
  }

  /**
   * The ownership history follows the index; a failure is logged, not
   * turned into a failed refresh (the index is written), and the next
   * refresh catches up since recording is idempotent.
   */
  private async recordHistory(now: Date): Promise<void> {
    const { history, logger } = this.options;
    if (!history) {
      return;
    }
    try {
      const { opened, closed } = await history.recordFromIndex(undefined, now);
      if (opened || closed) {
        logger.info(
          `Ownership history: ${opened} intervals opened, ${closed} closed`,
        );
      }
    } catch (error) {
      logger.warn(
        `Could not record the ownership history: ${stringifyError(error)}`,
      );
    }
  }

  private async applyUnchanged(
    runId: string,
    now: Date,
    entitiesRead: number,
    started: number,
    signal?: AbortSignal,
  ): Promise<IndexRefreshResult> {
    const { store, logger, config } = this.options;
    const stats = await store.applyUnchangedIndex({
      runId,
      signal,
      now,
      clock: this.options.clock,
      verificationPeriodDays: config.verificationPeriodDays,
      tier1RequiresEscalationPolicy: config.rules.tier1RequiresEscalationPolicy,
      warnSingleMemberTeams: config.rules.warnSingleMemberTeams,
      snapshotRetentionDays: config.snapshotRetentionDays,
    });
    const durationMs = Date.now() - started;
    logger.info(
      `Ownership index refreshed from ${entitiesRead} catalog entities in ${durationMs} ms: ` +
        `the catalog is unchanged since the last full refresh (same etags), ` +
        `reasons +${stats.reasons.added} -${stats.reasons.removed}`,
    );
    return { ok: true, entitiesRead, durationMs, stats };
  }
}
