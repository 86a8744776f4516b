import { Knex } from 'knex';
import {
  DbIndexStateDigest,
  DbIndexStateRow,
  STATE,
  toDate,
} from '../database/tables';
import { IndexRefreshStats, IndexState } from './IndexStore';

const STATE_ID = 'index';

export async function writeIndexState(
  db: Knex,
  row: Partial<DbIndexStateRow & DbIndexStateDigest>,
): Promise<void> {
  await db(STATE)
    .insert({ id: STATE_ID, ...row })
    .onConflict('id')
    .merge(Object.keys(row).filter(k => k !== 'id'));
}

/** The state of the index; `{}` before the first refresh attempt. */
export async function readIndexState(db: Knex): Promise<IndexState> {
  const row = await db<DbIndexStateRow & Partial<DbIndexStateDigest>>(STATE)
    .where({ id: STATE_ID })
    .first();
  if (!row) {
    return {};
  }
  let stats: IndexRefreshStats | undefined;
  try {
    stats = row.stats ? JSON.parse(row.stats) : undefined;
  } catch {
    stats = undefined;
  }
  return {
    indexedAt: toDate(row.indexed_at),
    lastAttemptAt: toDate(row.last_attempt_at),
    lastError: row.last_error ?? undefined,
    stats,
    catalogDigest: row.catalog_digest ?? undefined,
  };
}
