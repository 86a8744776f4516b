import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { clientOf, READ_BATCH } from '../database/sql';
import { AUDIT, DbAuditRow, DbTimestamp, toDate } from '../database/tables';

/** An audit row with the columns of migration 20270202090000_audit_chain. */
export type DbAuditChainRow = DbAuditRow & {
  request_id: string | null;
  /** Space-separated group refs with a space before and after, or null. */
  teams: string | null;
  prev_hash: string | null;
  hash: string | null;
};

type HashedContent = Pick<
  DbAuditChainRow,
  | 'actor'
  | 'action'
  | 'entity_ref'
  | 'details'
  | 'correlation_id'
  | 'request_id'
  | 'teams'
> & { occurred_at: DbTimestamp };

/**
 * The hash of one row: sha256 over the previous row's hash and the row's
 * canonical form, version 1. The migration that added the chain hashed the
 * existing rows with a frozen copy of this function; changing it breaks
 * every installed chain.
 */
export function auditRowHash(row: HashedContent, prevHash: string | null) {
  const canonical = JSON.stringify([
    'v1',
    prevHash ?? '',
    toDate(row.occurred_at).toISOString(),
    row.actor,
    row.action,
    row.entity_ref ?? null,
    row.details,
    row.correlation_id,
    row.request_id ?? null,
    row.teams ?? null,
  ]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** The teams column of a list of group refs: normalised, padded for LIKE. */
export function teamsColumn(teams: string[] | undefined): string | null {
  const refs = [
    ...new Set(
      (teams ?? [])
        .map(t => t.trim().toLocaleLowerCase('en-US'))
        .filter(t => t && !/\s/.test(t)),
    ),
  ].sort();
  return refs.length ? ` ${refs.join(' ')} ` : null;
}

export function teamsFromColumn(value: string | null): string[] | undefined {
  const refs = value?.trim().split(' ').filter(Boolean);
  return refs?.length ? refs : undefined;
}

// Any constant: the advisory lock that serialises appends on PostgreSQL.
const AUDIT_CHAIN_LOCK = 0x6f776e41; // "ownA"

/**
 * Takes the chain's lock (PostgreSQL: a transaction-level advisory lock,
 * held until the caller's transaction ends, across replicas) and returns
 * the hash of the last row. SQLite serialises writers already: the
 * caller's transaction holds the write lock from its first write on, and
 * the read below is that write's companion.
 */
export async function lockChainHead(
  trx: Knex.Transaction,
): Promise<string | null> {
  if (clientOf(trx) === 'pg') {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [AUDIT_CHAIN_LOCK]);
  }
  const last: Pick<DbAuditChainRow, 'hash'> | undefined = await trx(AUDIT)
    .orderBy('id', 'desc')
    .first('hash');
  return last?.hash ?? null;
}

/** The result of walking the chain. */
export interface AuditChainCheck {
  intact: boolean;
  checked: number;
  firstBrokenId?: string;
}

/**
 * Walks the chain from the first row in id order, in batches, and stops at
 * the first row whose hash is missing, does not match its content, or does
 * not follow the previous row's hash. A deleted row shows as a break at
 * the row after it; rows deleted from the end do not show.
 */
export async function checkAuditChain(db: Knex): Promise<AuditChainCheck> {
  let prevHash: string | null = null;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows: DbAuditChainRow[] = await db(AUDIT)
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(READ_BATCH)
      .select('*');
    for (const row of rows) {
      checked += 1;
      if (
        !row.hash ||
        (row.prev_hash ?? null) !== prevHash ||
        auditRowHash(row, prevHash) !== row.hash
      ) {
        return { intact: false, checked, firstBrokenId: String(row.id) };
      }
      prevHash = row.hash;
      lastId = Number(row.id);
    }
    if (rows.length < READ_BATCH) {
      return { intact: true, checked };
    }
  }
}
