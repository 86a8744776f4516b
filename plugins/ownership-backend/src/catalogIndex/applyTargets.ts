import { Knex } from 'knex';
import { count, WRITE_BATCH } from '../database/sql';
import {
  DbIndexDocumentPayload,
  DbIndexEntityPayload,
  DbIndexGroupPayload,
  DbIndexLinkPayload,
  DbIndexUserPayload,
  DOCUMENTS,
  ENTITIES,
  GROUPS,
  LINKS,
  POLICIES,
  STAGING,
  USERS,
} from '../database/tables';
import { IndexTableStats, IndexTarget } from './IndexStore';
import { DbIndexPolicySlaPayload } from './rows';

type TargetSpec<TPayload> = {
  table: string;
  key: string;
  toRow(payload: TPayload, hash: string, now: Date): Record<string, unknown>;
  /** Columns overwritten when a changed row is upserted. */
  merge: string[];
};

type TargetPayloads = {
  entities: DbIndexEntityPayload;
  groups: DbIndexGroupPayload;
  users: DbIndexUserPayload;
  policies: DbIndexPolicySlaPayload;
  links: DbIndexLinkPayload;
  documents: DbIndexDocumentPayload;
};

const plainRow = <T extends object>(p: T, hash: string, now: Date) => ({
  ...p,
  row_hash: hash,
  updated_at: now,
});

const TARGETS: { [T in IndexTarget]: TargetSpec<TargetPayloads[T]> } = {
  entities: {
    table: ENTITIES,
    key: 'entity_ref',
    toRow: (p: DbIndexEntityPayload, hash, now) => ({
      ...p,
      // rows staged before the column existed
      processing_error: p.processing_error ?? null,
      expires_at: p.expires_at ? new Date(p.expires_at) : null,
      row_hash: hash,
      first_seen_at: now,
      updated_at: now,
    }),
    merge: [
      'kind',
      'type',
      'title',
      'title_lower',
      'lifecycle',
      'owner_ref',
      'system_ref',
      'tier',
      'level',
      'escalation_policy_ref',
      'expires_at',
      'is_service',
      'processing_error',
      'row_hash',
      'updated_at',
    ],
  },
  groups: {
    table: GROUPS,
    key: 'entity_ref',
    toRow: (p: DbIndexGroupPayload & { email?: string | null }, hash, now) =>
      plainRow(
        { ...p, title_lower: p.title_lower ?? null, email: p.email ?? null },
        hash,
        now,
      ),
    merge: ['title', 'title_lower', 'email', 'row_hash', 'updated_at'],
  },
  users: {
    table: USERS,
    key: 'entity_ref',
    toRow: (p: DbIndexUserPayload & { picture?: string | null }, hash, now) =>
      plainRow({ ...p, picture: p.picture ?? null }, hash, now),
    merge: ['display_name', 'email', 'picture', 'row_hash', 'updated_at'],
  },
  policies: {
    table: POLICIES,
    key: 'entity_ref',
    toRow: plainRow,
    merge: [
      'title',
      'owner_ref',
      'response_sla_minutes',
      'row_hash',
      'updated_at',
    ],
  },
  links: {
    table: LINKS,
    key: 'link_key',
    toRow: plainRow,
    merge: ['source_ref', 'link_type', 'target_ref', 'detail', 'row_hash'],
  },
  documents: {
    table: DOCUMENTS,
    key: 'entity_ref',
    toRow: plainRow,
    merge: ['kind', 'document', 'row_hash', 'updated_at'],
  },
};

/**
 * INSERT … VALUES … ON CONFLICT DO UPDATE, written out because knex renders
 * multi-row inserts on SQLite as a slower UNION ALL of SELECTs.
 */
async function upsert(
  trx: Knex.Transaction,
  spec: Pick<TargetSpec<unknown>, 'table' | 'key' | 'merge'>,
  rows: Record<string, unknown>[],
) {
  if (!rows.length) {
    return;
  }
  const columns = Object.keys(rows[0]);
  const values = `(${columns.map(() => '?').join(', ')})`;
  await trx.raw(
    `INSERT INTO ${spec.table} (${columns.join(', ')})
     VALUES ${rows.map(() => values).join(', ')}
     ON CONFLICT (${spec.key}) DO UPDATE SET ${spec.merge
      .map(c => `${c} = excluded.${c}`)
      .join(', ')}`,
    rows.flatMap(row => columns.map(c => row[c] as Knex.Value)),
  );
}

/**
 * Diffs one run's staged rows of one target into its index table: upserts
 * the new and changed rows, deletes the rows that were not staged.
 */
export async function applyTarget(
  trx: Knex.Transaction,
  runId: string,
  target: IndexTarget,
  now: Date,
): Promise<IndexTableStats> {
  const spec = TARGETS[target];
  const stats: IndexTableStats = {
    inserted: 0,
    updated: 0,
    deleted: 0,
    unchanged: 0,
  };
  // Keyset pagination over the staged rows that are new or whose hash
  // differs; rows already upserted drop out of the condition, so the key
  // moves strictly forward.
  let last = '';
  for (;;) {
    const changed: Array<{
      row_key: string;
      row_hash: string;
      payload: string;
      existing: string | null;
    }> = await trx(`${STAGING} as s`)
      .leftJoin(`${spec.table} as t`, `t.${spec.key}`, 's.row_key')
      .where('s.run_id', runId)
      .where('s.target', target)
      .where('s.row_key', '>', last)
      .where(q =>
        q.whereNull(`t.${spec.key}`).orWhereRaw('t.row_hash <> s.row_hash'),
      )
      .orderBy('s.row_key')
      .limit(WRITE_BATCH)
      .select('s.row_key', 's.row_hash', 's.payload', {
        existing: `t.${spec.key}`,
      });
    if (!changed.length) {
      break;
    }
    await upsert(
      trx,
      spec,
      changed.map(c =>
        (spec.toRow as TargetSpec<unknown>['toRow'])(
          JSON.parse(c.payload),
          c.row_hash,
          now,
        ),
      ),
    );
    for (const c of changed) {
      if (c.existing === null) {
        stats.inserted += 1;
      } else {
        stats.updated += 1;
      }
    }
    last = changed[changed.length - 1].row_key;
  }
  stats.deleted = await trx(spec.table)
    .whereNotExists(
      trx(STAGING)
        .select(trx.raw('1'))
        .where(`${STAGING}.run_id`, runId)
        .where(`${STAGING}.target`, target)
        .whereRaw(`${STAGING}.row_key = ${spec.table}.${spec.key}`),
    )
    .delete();
  const staged = count(
    await trx(STAGING)
      .where({ run_id: runId, target })
      .count({ count: '*' })
      .first(),
  );
  stats.unchanged = staged - stats.inserted - stats.updated;
  return stats;
}
