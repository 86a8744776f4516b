import { Knex } from 'knex';

// Rows per statement: well below SQLite's bound-variable limit for the
// widest table (16 columns).
export const WRITE_BATCH = 500;
export const READ_BATCH = 1000;

export function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    result.push(items.slice(i, i + size));
  }
  return result;
}

/** The number of a `count({ count: '*' })` row. */
export function count(row: unknown): number {
  return Number((row as { count?: number | string } | undefined)?.count ?? 0);
}

/** The rows of a raw query: an array on SQLite, `{ rows }` on PostgreSQL. */
export function rawRows<T>(result: unknown): T[] {
  return Array.isArray(result) ? result : (result as { rows: T[] }).rows;
}

/** The rows a raw UPDATE, INSERT or DELETE changed. */
export async function rowCount(query: Knex.Raw): Promise<number> {
  // pg: { rowCount }, better-sqlite3: { changes }
  const result = (await query) as
    | { rowCount?: number | null; changes?: number }
    | undefined;
  return Number(result?.rowCount ?? result?.changes ?? 0);
}

/** The knex client name, e.g. `pg` or `better-sqlite3`. */
export function clientOf(db: Knex): string {
  return String(db.client.config.client);
}

/** Escapes a LIKE pattern for `ESCAPE '!'`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, c => `!${c}`)}%`;
}

/**
 * Runs `fn` in a transaction whose reads all see one state of the database.
 * PostgreSQL's default, read committed, gives each statement its own
 * snapshot; repeatable read gives the transaction one. A SQLite transaction
 * reads one state of the file from its first read on.
 */
export function readSnapshot<T>(
  db: Knex,
  fn: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(
    fn,
    clientOf(db) === 'pg'
      ? { isolationLevel: 'repeatable read', readOnly: true }
      : undefined,
  );
}
