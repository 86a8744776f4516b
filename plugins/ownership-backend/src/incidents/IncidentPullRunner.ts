import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';
import {
  INCIDENT_REQUEST_LIMITS,
  IncidentBatchResponse,
} from '@service-ownership/plugin-ownership-common';
import {
  IncidentSource,
  IncidentSourceOpenIncident,
} from '@service-ownership/plugin-ownership-node';
import { chunks } from '../database/sql';
import {
  DEFAULT_INCIDENT_REREAD,
  IncidentRereadConfig,
  IncidentsConfig,
} from './config';
import { IncidentService } from './IncidentService';
import { IncidentRereadPosition, IncidentStore } from './IncidentStore';

/** What one pull of a source did. */
export interface IncidentPullResult {
  ok: boolean;
  since: Date;
  /** Open incidents from before `since` handed to the source to re-read. */
  reread: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  error?: string;
}

/** The scheduled task id of a source's pull. */
export const incidentPullTaskId = (sourceId: string) =>
  `ownership-incidents-pull-${sourceId}`;

/**
 * Pulls every incident source on the scheduler (scope global: one replica
 * runs each), from a look-back before its last successful pull, and feeds
 * the batches to ingestion. A source's incidents all carry its id as
 * `source`, so that one source cannot overwrite another's.
 */
export class IncidentPullRunner {
  constructor(
    private readonly options: {
      sources: IncidentSource[];
      incidents: Pick<IncidentService, 'ingest'>;
      store: Pick<
        IncidentStore,
        'getSourceState' | 'recordSourcePull' | 'openIncidents'
      >;
      logger: LoggerService;
      config: Omit<IncidentsConfig['pull'], 'reread'> & {
        reread?: IncidentRereadConfig;
      };
      clock?: () => Date;
    },
  ) {
    const ids = options.sources.map(s => s.id);
    const duplicate = ids.find((sourceId, i) => ids.indexOf(sourceId) !== i);
    if (duplicate) {
      throw new Error(`Two incident sources have the id ${duplicate}`);
    }
  }

  async schedule(scheduler: Pick<SchedulerService, 'scheduleTask'>) {
    const { config } = this.options;
    for (const source of this.options.sources) {
      await scheduler.scheduleTask({
        id: incidentPullTaskId(source.id),
        scope: 'global',
        frequency: config.frequency,
        timeout: config.timeout,
        initialDelay: config.initialDelay,
        fn: async signal => {
          await this.pull(source, signal);
        },
      });
    }
  }

  async pull(
    source: IncidentSource,
    signal: AbortSignal = new AbortController().signal,
  ): Promise<IncidentPullResult> {
    const { incidents, store, logger, config } = this.options;
    const startedAt = (this.options.clock ?? (() => new Date()))();
    const state = await store.getSourceState(source.id);
    const since = state?.lastSuccessAt
      ? new Date(
          state.lastSuccessAt.getTime() -
            durationToMilliseconds(config.lookback),
        )
      : new Date(
          startedAt.getTime() - durationToMilliseconds(config.initialWindow),
        );
    const result: IncidentPullResult = {
      ok: true,
      since,
      reread: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
    };
    const add = (response: IncidentBatchResponse) => {
      result.created += response.created;
      result.updated += response.updated;
      result.unchanged += response.unchanged;
      result.rejected += response.rejected;
      for (const r of response.results
        .filter(x => x.reasons?.length)
        .slice(0, 5)) {
        logger.warn(
          `Incident source ${source.id} sent a rejected incident ${
            r.id ?? `#${r.index}`
          }: ${r.reasons?.join('; ')}`,
        );
      }
    };
    let rereadAfter: IncidentRereadPosition | null | undefined;
    try {
      const reread = await this.openIncidents(
        source,
        since,
        startedAt,
        state?.rereadAfter,
      );
      const openIncidents = reread?.open;
      rereadAfter = reread?.next;
      result.reread = openIncidents?.length ?? 0;
      for await (const batch of source.pull({
        since,
        signal,
        ...(openIncidents ? { openIncidents } : {}),
      })) {
        signal.throwIfAborted();
        for (const part of chunks(batch, INCIDENT_REQUEST_LIMITS.batch.max)) {
          add(
            await incidents.ingest(
              part.map(i => ({ ...i, source: source.id })),
            ),
          );
        }
      }
    } catch (error) {
      result.ok = false;
      result.error = signal.aborted
        ? 'the pull was aborted'
        : stringifyError(error);
    }
    await store.recordSourcePull(source.id, {
      startedAt,
      succeeded: result.ok,
      error: result.error,
      rejected: result.rejected,
      rereadAfter,
    });
    const summary = `+${result.created} ~${result.updated} =${result.unchanged} rejected ${result.rejected}, ${result.reread} open re-read`;
    if (result.ok) {
      logger.info(
        `Pulled incidents from ${
          source.id
        } since ${since.toISOString()}: ${summary}`,
      );
    } else {
      logger.warn(
        `Pulling incidents from ${source.id} failed after ${summary}: ${result.error}`,
      );
    }
    return result;
  }

  /**
   * The source's stored incidents still open that the pull window misses
   * (created before `since`, within the re-read age), oldest first, at most
   * `maxIncidents`. With more than that, the pulls take them in turn: this
   * one goes on after the last one the previous pull re-read, round to the
   * oldest at the end, and `next` is where the following pull goes on
   * (null: they all fit, start from the oldest).
   */
  private async openIncidents(
    source: IncidentSource,
    since: Date,
    now: Date,
    after?: IncidentRereadPosition,
  ): Promise<
    | {
        open: IncidentSourceOpenIncident[];
        next: IncidentRereadPosition | null;
      }
    | undefined
  > {
    const { maxIncidents, maxAge } =
      this.options.config.reread ?? DEFAULT_INCIDENT_REREAD;
    if (maxIncidents <= 0) {
      return undefined;
    }
    const from = new Date(now.getTime() - durationToMilliseconds(maxAge));
    if (from >= since) {
      return undefined;
    }
    const { store, logger } = this.options;
    const window = { from, before: since };
    const rest = await store.openIncidents(
      source.id,
      window,
      maxIncidents + 1,
      after,
    );
    const open = rest.slice(0, maxIncidents);
    let more = rest.length > maxIncidents;
    if (after && !more) {
      // past the last one: round to the oldest, without taking one twice
      const taken = new Set(open.map(o => o.id));
      const oldest = (
        await store.openIncidents(source.id, window, maxIncidents + 1)
      ).filter(o => !taken.has(o.id));
      const room = maxIncidents - open.length;
      open.push(...oldest.slice(0, room));
      more = oldest.length > room;
    }
    if (!more) {
      return { open, next: null };
    }
    logger.warn(
      `Incident source ${source.id} has more than ${maxIncidents} open incidents older than the pull window; re-reading ${maxIncidents} per pull in turn (ownership.incidents.pull.reread.maxIncidents)`,
    );
    const last = open[open.length - 1];
    return { open, next: { createdAt: last.createdAt, id: last.id } };
  }
}
