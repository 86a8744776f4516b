import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  OwnershipHistoryEntry,
  OwnershipHistorySource,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { getMigratedClient } from '../database/client';
import { chunks, READ_BATCH, rowCount, WRITE_BATCH } from '../database/sql';
import { DbTimestamp, ENTITIES, POLICIES, toDate } from '../database/tables';
import {
  CurrentOwnerRow,
  HistoryRecordStats,
  HistoryStore,
} from './HistoryStore';

export const HISTORY = 'ownership_history';

/** A row of ownership_history. */
export type DbOwnershipHistoryRow = {
  id: number | string;
  entity_ref: string;
  owner_ref: string | null;
  escalation_policy_ref: string | null;
  tier: string | null;
  response_sla_minutes: number | null;
  valid_from: DbTimestamp;
  valid_to: DbTimestamp | null;
  source: OwnershipHistorySource;
};

const DAY_MS = 24 * 3600 * 1000;

// The open interval of the outer ownership_history row differs from `i`.
const CHANGED = `(i.owner_ref IS DISTINCT FROM ${HISTORY}.owner_ref
  OR i.escalation_policy_ref IS DISTINCT FROM ${HISTORY}.escalation_policy_ref
  OR i.tier IS DISTINCT FROM ${HISTORY}.tier
  OR i.response_sla_minutes IS DISTINCT FROM ${HISTORY}.response_sla_minutes)`;

const COLUMNS =
  'entity_ref, owner_ref, escalation_policy_ref, tier, response_sla_minutes, valid_from, valid_to, source';

export function toHistoryEntry(
  row: DbOwnershipHistoryRow,
): OwnershipHistoryEntry {
  const validTo = toDate(row.valid_to);
  return {
    entityRef: row.entity_ref,
    ownerRef: row.owner_ref,
    escalationPolicyRef: row.escalation_policy_ref,
    tier: row.tier,
    responseSlaMinutes:
      row.response_sla_minutes === null
        ? null
        : Number(row.response_sla_minutes),
    validFrom: toDate(row.valid_from).toISOString(),
    ...(validTo ? { validTo: validTo.toISOString() } : {}),
    source: row.source,
  };
}

/**
 * Ownership history on PostgreSQL or SQLite. Each write is a few set-based
 * statements per batch: one closes the changed intervals, one opens the
 * new ones; the partial unique index keeps one open interval per entity.
 */
export class DatabaseHistoryStore implements HistoryStore {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
    /**
     * For this long after a handoff completes, refreshes that still see the
     * previous owner in the catalog (its YAML not yet changed) leave the
     * handoff's interval open. Default 14 days.
     */
    handoffGraceDays?: number;
  }): Promise<DatabaseHistoryStore> {
    return new DatabaseHistoryStore(
      await getMigratedClient(options.database),
      options.handoffGraceDays ?? 14,
    );
  }

  constructor(
    private readonly db: Knex,
    private readonly handoffGraceDays = 14,
  ) {}

  async recordCurrentOwners(
    trx: Knex.Transaction | undefined,
    rows: CurrentOwnerRow[],
    at: Date,
  ): Promise<HistoryRecordStats> {
    const run = async (tx: Knex.Transaction) => {
      const stats = { closed: 0, opened: 0 };
      for (const batch of chunks(dedupe(rows), WRITE_BATCH)) {
        const values = batch.map(() => '(?, ?, ?, ?, CAST(? AS integer))');
        const bindings = batch.flatMap(r => [
          r.entityRef,
          r.ownerRef,
          r.escalationPolicyRef,
          r.tier,
          r.responseSlaMinutes ?? null,
        ]);
        const incoming = `WITH incoming (entity_ref, owner_ref, escalation_policy_ref, tier, response_sla_minutes) AS (VALUES ${values.join(
          ', ',
        )})`;
        stats.closed += await rowCount(
          tx.raw(
            `${incoming}
             UPDATE ${HISTORY} SET valid_to = ?
             WHERE valid_to IS NULL
               AND entity_ref IN (SELECT entity_ref FROM incoming)
               AND EXISTS (
               SELECT 1 FROM incoming i
               WHERE i.entity_ref = ${HISTORY}.entity_ref AND ${CHANGED})`,
            [...bindings, at],
          ),
        );
        stats.opened += await rowCount(
          tx.raw(
            `${incoming}
             INSERT INTO ${HISTORY} (${COLUMNS})
             SELECT i.entity_ref, i.owner_ref, i.escalation_policy_ref, i.tier,
                    i.response_sla_minutes, ?, NULL, 'index'
             FROM incoming i
             WHERE NOT EXISTS (
               SELECT 1 FROM ${HISTORY} h
               WHERE h.entity_ref = i.entity_ref AND h.valid_to IS NULL)`,
            [...bindings, at],
          ),
        );
      }
      return stats;
    };
    return trx ? run(trx) : this.db.transaction(run);
  }

  async recordFromIndex(
    trx: Knex.Transaction | undefined,
    at: Date,
  ): Promise<HistoryRecordStats> {
    const graceStart = new Date(at.getTime() - this.handoffGraceDays * DAY_MS);
    const run = async (tx: Knex.Transaction) => {
      // The SLA in force is the indexed policy's level-1 escalateAfter; when
      // the index does not know it (policy not indexed, level without
      // escalateAfter) it is carried over from the entity's last interval
      // under that policy.
      const policySla = `(SELECT p.response_sla_minutes FROM ${POLICIES} p
        WHERE p.entity_ref = i.escalation_policy_ref)`;
      const closed = await rowCount(
        tx.raw(
          `UPDATE ${HISTORY} SET valid_to = ?
           WHERE valid_to IS NULL
             AND NOT (source = 'handoff' AND valid_from > ?)
             AND (NOT EXISTS (
                    SELECT 1 FROM ${ENTITIES} i WHERE i.entity_ref = ${HISTORY}.entity_ref)
                  OR EXISTS (
                    SELECT 1 FROM ${ENTITIES} i
                    WHERE i.entity_ref = ${HISTORY}.entity_ref
                      AND (i.owner_ref IS DISTINCT FROM ${HISTORY}.owner_ref
                        OR i.escalation_policy_ref IS DISTINCT FROM ${HISTORY}.escalation_policy_ref
                        OR i.tier IS DISTINCT FROM ${HISTORY}.tier
                        OR (${policySla} IS NOT NULL
                          AND ${policySla} IS DISTINCT FROM ${HISTORY}.response_sla_minutes))))`,
          [at, graceStart],
        ),
      );
      const opened = await rowCount(
        tx.raw(
          `INSERT INTO ${HISTORY} (${COLUMNS})
           SELECT i.entity_ref, i.owner_ref, i.escalation_policy_ref, i.tier,
                  COALESCE(${policySla},
                    (SELECT p.response_sla_minutes FROM ${HISTORY} p
                     WHERE p.entity_ref = i.entity_ref
                       AND p.escalation_policy_ref = i.escalation_policy_ref
                     ORDER BY p.valid_from DESC LIMIT 1)),
                  ?, NULL, 'index'
           FROM ${ENTITIES} i
           WHERE NOT EXISTS (
             SELECT 1 FROM ${HISTORY} h
             WHERE h.entity_ref = i.entity_ref AND h.valid_to IS NULL)`,
          [at],
        ),
      );
      return { closed, opened };
    };
    return trx ? run(trx) : this.db.transaction(run);
  }

  async recordHandoffCompleted(
    trx: Knex.Transaction | undefined,
    handoff: { entityRef: string; toTeam: string; at: Date },
  ): Promise<void> {
    const run = async (tx: Knex.Transaction) => {
      const entityRef = handoff.entityRef.toLocaleLowerCase('en-US');
      const open = await tx<DbOwnershipHistoryRow>(HISTORY)
        .where({ entity_ref: entityRef })
        .whereNull('valid_to')
        .first();
      if (open) {
        await tx<DbOwnershipHistoryRow>(HISTORY)
          .where({ id: open.id })
          .update({ valid_to: handoff.at });
      }
      await tx<DbOwnershipHistoryRow>(HISTORY).insert({
        entity_ref: entityRef,
        owner_ref: handoff.toTeam.toLocaleLowerCase('en-US'),
        escalation_policy_ref: open?.escalation_policy_ref ?? null,
        tier: open?.tier ?? null,
        response_sla_minutes: open?.response_sla_minutes ?? null,
        valid_from: handoff.at,
        valid_to: null,
        source: 'handoff',
      });
    };
    await (trx ? run(trx) : this.db.transaction(run));
  }

  async ownersAsOf(
    entityRefs: string[],
    at: Date,
  ): Promise<Map<string, OwnershipHistoryEntry>> {
    const result = new Map<string, OwnershipHistoryEntry>();
    for (const batch of chunks([...new Set(entityRefs)], READ_BATCH)) {
      const rows = await this.db<DbOwnershipHistoryRow>(HISTORY)
        .whereIn('entity_ref', batch)
        .where('valid_from', '<=', at)
        .where(q => q.whereNull('valid_to').orWhere('valid_to', '>', at));
      for (const row of rows) {
        result.set(row.entity_ref, toHistoryEntry(row));
      }
    }
    return result;
  }

  async historyOf(entityRef: string): Promise<OwnershipHistoryEntry[]> {
    const rows = await this.db<DbOwnershipHistoryRow>(HISTORY)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'valid_from', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toHistoryEntry);
  }
}

/** The last row per entity wins, as if recorded one after the other. */
function dedupe(rows: CurrentOwnerRow[]): CurrentOwnerRow[] {
  return [...new Map(rows.map(r => [r.entityRef, r])).values()];
}
