import { DatabaseService } from '@backstage/backend-plugin-api';
import { IncidentSourceOpenIncident } from '@service-ownership/plugin-ownership-node';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { chunks, READ_BATCH } from '../database/sql';
import { DbTimestamp, ENTITIES, INCIDENTS, toDate } from '../database/tables';
import { HISTORY } from '../history/DatabaseHistoryStore';
import {
  ensureIncidentRollup,
  refreshIncidentRollup,
  RollupKey,
} from '../metrics/rollup';
import {
  IncidentRereadPosition,
  IncidentSourceState,
  IncidentStore,
  IncidentWriteResult,
  StoredIncident,
} from './IncidentStore';

export const INCIDENT_SOURCES = 'ownership_incident_sources';

/** A row of ownership_incidents. */
export type DbIncidentRow = {
  source: string;
  external_id: string;
  entity_ref: string;
  owner_ref: string | null;
  attribution: 'history' | 'index' | 'none';
  escalation_policy_ref: string | null;
  response_sla_minutes: number | null;
  severity: string;
  created_at: DbTimestamp;
  /** UTC day of created_at, YYYY-MM-DD: the rollup key. */
  created_day: string;
  acknowledged_at: DbTimestamp | null;
  resolved_at: DbTimestamp | null;
  tta_seconds: number | null;
  ttr_seconds: number | null;
  escalated: boolean;
  levels_reached: number | null;
  responders: string;
  row_hash: string;
  ingested_at: DbTimestamp;
  updated_at: DbTimestamp;
};

type DbIncidentSourceRow = {
  source_id: string;
  last_started_at: DbTimestamp | null;
  last_success_at: DbTimestamp | null;
  last_error: string | null;
  last_rejected: number;
  reread_after_created_at: DbTimestamp | null;
  reread_after_id: string | null;
};

const MERGED_COLUMNS: (keyof DbIncidentRow)[] = [
  'entity_ref',
  'owner_ref',
  'attribution',
  'escalation_policy_ref',
  'response_sla_minutes',
  'severity',
  'created_at',
  'created_day',
  'acknowledged_at',
  'resolved_at',
  'tta_seconds',
  'ttr_seconds',
  'escalated',
  'levels_reached',
  'responders',
  'row_hash',
  'updated_at',
];

// Rows per insert: 20 columns each, under SQLite's bound-variable limit.
const INSERT_BATCH = 250;

const seconds = (from: Date, to?: Date) =>
  to ? Math.round((to.getTime() - from.getTime()) / 1000) : null;

const key = (source: string, id: string) => `${source}\u0000${id}`;

/**
 * Matches (source, external_id) pairs as `source = ? AND external_id IN
 * (...)` per source: both databases then use the primary key, which a list
 * of row values does not get on PostgreSQL.
 */
function byKeys(pairs: string[][]) {
  const bySource = new Map<string, string[]>();
  for (const [source, id] of pairs) {
    bySource.set(source, [...(bySource.get(source) ?? []), id]);
  }
  return (q: Knex.QueryBuilder) => {
    for (const [source, ids] of bySource) {
      q.orWhere(w => w.where('source', source).whereIn('external_id', ids));
    }
  };
}

// The history interval in force when the outer incident was created.
const COVERING = `FROM ${HISTORY} h
  WHERE h.entity_ref = ${INCIDENTS}.entity_ref
    AND h.valid_from <= ${INCIDENTS}.created_at
    AND (h.valid_to IS NULL OR h.valid_to > ${INCIDENTS}.created_at)`;
const INDEXED = `FROM ${ENTITIES} e WHERE e.entity_ref = ${INCIDENTS}.entity_ref`;

/** Incidents and source pull state on PostgreSQL or SQLite. */
export class DatabaseIncidentStore implements IncidentStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
    /**
     * The response SLA of incidents whose policy's level-1 escalateAfter is
     * unknown, as the daily rollup counts it (default 15); the rollup is
     * rebuilt when it changes.
     */
    defaultResponseSlaMinutes?: number;
  }): Promise<DatabaseIncidentStore> {
    const db = await getMigratedClient(options.database);
    const defaultSla = options.defaultResponseSlaMinutes ?? 15;
    await ensureIncidentRollup(db, defaultSla);
    return new DatabaseIncidentStore(db, defaultSla);
  }

  constructor(
    private readonly db: Knex,
    private readonly defaultSlaMinutes = 15,
  ) {}

  async knownEntities(entityRefs: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const batch of chunks([...new Set(entityRefs)], READ_BATCH)) {
      const rows = await this.db
        .select('entity_ref')
        .from(ENTITIES)
        .whereIn('entity_ref', batch)
        .union(q =>
          q.select('entity_ref').from(HISTORY).whereIn('entity_ref', batch),
        );
      rows.forEach((r: { entity_ref: string }) => known.add(r.entity_ref));
    }
    return known;
  }

  async upsertIncidents(
    incidents: StoredIncident[],
    now: Date,
  ): Promise<IncidentWriteResult[]> {
    if (!incidents.length) {
      return [];
    }
    return this.db.transaction(async trx => {
      const pairs = incidents.map(i => [i.source, i.externalId]);
      const existing = new Map<
        string,
        { hash: string; owner: string | null; day: string }
      >();
      for (const batch of chunks(pairs, READ_BATCH)) {
        const rows = await trx<DbIncidentRow>(INCIDENTS)
          .select('source', 'external_id', 'row_hash', 'owner_ref')
          .select('created_day')
          .where(byKeys(batch));
        for (const r of rows) {
          existing.set(key(r.source, r.external_id), {
            hash: r.row_hash,
            owner: r.owner_ref,
            day: r.created_day,
          });
        }
      }
      const changed = incidents.filter(
        i => existing.get(key(i.source, i.externalId))?.hash !== i.rowHash,
      );
      for (const batch of chunks(changed, INSERT_BATCH)) {
        await trx<DbIncidentRow>(INCIDENTS)
          .insert(batch.map(i => toRow(i, now)))
          .onConflict(['source', 'external_id'])
          .merge(MERGED_COLUMNS);
      }
      const charged = new Map<string, string | null>();
      // Rollup cells the changed incidents leave and enter.
      const cells: RollupKey[] = changed.flatMap(i => {
        const before = existing.get(key(i.source, i.externalId));
        return before ? [[before.day, before.owner ?? ''] as RollupKey] : [];
      });
      for (const batch of chunks(
        changed.map(i => [i.source, i.externalId]),
        READ_BATCH,
      )) {
        await this.attribute(trx, batch);
        const rows = await trx<DbIncidentRow>(INCIDENTS)
          .select('source', 'external_id', 'owner_ref', 'created_day')
          .where(byKeys(batch));
        rows.forEach(r => {
          charged.set(key(r.source, r.external_id), r.owner_ref);
          cells.push([r.created_day, r.owner_ref ?? '']);
        });
      }
      await refreshIncidentRollup(trx, cells, this.defaultSlaMinutes);
      return incidents.map((i): IncidentWriteResult => {
        const k = key(i.source, i.externalId);
        const before = existing.get(k);
        if (before?.hash === i.rowHash) {
          return { outcome: 'unchanged', chargedTo: before.owner };
        }
        return {
          outcome: before ? 'updated' : 'created',
          chargedTo: charged.get(k) ?? null,
        };
      });
    });
  }

  /**
   * Charges incidents to the owner of their entity when they were created:
   * the history interval covering created_at; for incidents older than the
   * history, the entity's current owner in the index.
   */
  private async attribute(trx: Knex.Transaction, pairs: string[][]) {
    const raw = (sql: string) => trx.raw(sql);
    await trx(INCIDENTS)
      .where(byKeys(pairs))
      .whereRaw(`EXISTS (SELECT 1 ${COVERING})`)
      .update({
        attribution: 'history',
        owner_ref: raw(`(SELECT h.owner_ref ${COVERING} LIMIT 1)`),
        escalation_policy_ref: raw(
          `(SELECT h.escalation_policy_ref ${COVERING} LIMIT 1)`,
        ),
        response_sla_minutes: raw(
          `(SELECT h.response_sla_minutes ${COVERING} LIMIT 1)`,
        ),
      });
    await trx(INCIDENTS)
      .where(byKeys(pairs))
      .where('attribution', 'none')
      .whereRaw(`EXISTS (SELECT 1 ${INDEXED})`)
      .update({
        attribution: 'index',
        owner_ref: raw(`(SELECT e.owner_ref ${INDEXED})`),
        escalation_policy_ref: raw(
          `(SELECT e.escalation_policy_ref ${INDEXED})`,
        ),
      });
  }

  async openIncidents(
    sourceId: string,
    created: { from: Date; before: Date },
    limit: number,
    after?: IncidentRereadPosition,
  ): Promise<IncidentSourceOpenIncident[]> {
    // ownership_incidents_open_idx: (source, created_at) WHERE resolved_at IS NULL
    const rows: Pick<
      DbIncidentRow,
      'external_id' | 'entity_ref' | 'created_at'
    >[] = await this.db<DbIncidentRow>(INCIDENTS)
      .where('source', sourceId)
      .whereNull('resolved_at')
      .where('created_at', '>=', created.from)
      .where('created_at', '<', created.before)
      .modify(q => {
        if (after) {
          q.where(later =>
            later
              .where('created_at', '>', after.createdAt)
              .orWhere(same =>
                same
                  .where('created_at', after.createdAt)
                  .where('external_id', '>', after.id),
              ),
          );
        }
      })
      .orderBy('created_at')
      .orderBy('external_id')
      .limit(limit)
      .select('external_id', 'entity_ref', 'created_at');
    return rows.map(r => ({
      id: r.external_id,
      entityRef: r.entity_ref,
      createdAt: toDate(r.created_at),
    }));
  }

  async getSourceState(
    sourceId: string,
  ): Promise<IncidentSourceState | undefined> {
    const row = await this.db<DbIncidentSourceRow>(INCIDENT_SOURCES)
      .where({ source_id: sourceId })
      .first();
    return row
      ? {
          lastStartedAt: toDate(row.last_started_at),
          lastSuccessAt: toDate(row.last_success_at),
          lastError: row.last_error ?? undefined,
          lastRejected: Number(row.last_rejected),
          ...(row.reread_after_created_at && row.reread_after_id
            ? {
                rereadAfter: {
                  createdAt: toDate(row.reread_after_created_at),
                  id: row.reread_after_id,
                },
              }
            : {}),
        }
      : undefined;
  }

  async recordSourcePull(
    sourceId: string,
    pull: {
      startedAt: Date;
      succeeded: boolean;
      error?: string;
      rejected: number;
      rereadAfter?: IncidentRereadPosition | null;
    },
  ): Promise<void> {
    const storesPosition = pull.succeeded && pull.rereadAfter !== undefined;
    const merged: (keyof DbIncidentSourceRow)[] = [
      'last_started_at',
      'last_error',
      'last_rejected',
      ...(pull.succeeded ? (['last_success_at'] as const) : []),
      ...(storesPosition
        ? (['reread_after_created_at', 'reread_after_id'] as const)
        : []),
    ];
    await this.db<DbIncidentSourceRow>(INCIDENT_SOURCES)
      .insert({
        source_id: sourceId,
        last_started_at: pull.startedAt,
        last_error: pull.succeeded ? null : pull.error ?? 'failed',
        last_rejected: pull.rejected,
        last_success_at: pull.succeeded ? pull.startedAt : null,
        reread_after_created_at: storesPosition
          ? pull.rereadAfter?.createdAt ?? null
          : null,
        reread_after_id: storesPosition ? pull.rereadAfter?.id ?? null : null,
      })
      .onConflict('source_id')
      .merge(merged);
  }
}

function toRow(i: StoredIncident, now: Date): DbIncidentRow {
  return {
    source: i.source,
    external_id: i.externalId,
    entity_ref: i.entityRef,
    owner_ref: null,
    attribution: 'none',
    escalation_policy_ref: null,
    response_sla_minutes: null,
    severity: i.severity,
    created_at: i.createdAt,
    created_day: i.createdAt.toISOString().slice(0, 10),
    acknowledged_at: i.acknowledgedAt ?? null,
    resolved_at: i.resolvedAt ?? null,
    tta_seconds: seconds(i.createdAt, i.acknowledgedAt),
    ttr_seconds: seconds(i.createdAt, i.resolvedAt),
    escalated: i.escalated,
    levels_reached: i.levelsReached ?? null,
    responders: JSON.stringify(i.responders),
    row_hash: i.rowHash,
    ingested_at: now,
    updated_at: now,
  };
}
