// @ts-check

const { createHash } = require('node:crypto');

/**
 * The audit trail gains the client's request id (kept apart from the
 * server's correlation id), the teams an event concerns (for the team
 * filter) and a hash chain: each row's hash covers its content and the
 * previous row's hash, so that a changed or deleted row shows.
 *
 * Existing rows are hashed here, in id order, so that the chain covers the
 * whole trail: a check that skipped unhashed rows could be fooled by
 * clearing a hash. The append-only triggers are lifted for the backfill
 * only, inside this migration's transaction.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_audit_log', table => {
    table
      .string('request_id', 255)
      .nullable()
      .comment(
        "The client's x-request-id, if it sent one: kept, never used as the correlation id",
      );
    table
      .text('teams')
      .nullable()
      .comment(
        "Group refs the event concerns, lower case, space-separated with a space before and after (LIKE '% ref %')",
      );
    table
      .string('prev_hash', 64)
      .nullable()
      .comment('hash of the previous row (by id); null for the first row');
    table
      .string('hash', 64)
      .nullable()
      .comment(
        'sha256 (hex) over prev_hash and the canonical form of this row (see auditChain.ts)',
      );
  });

  const client = knex.client.config.client;
  await withoutAppendOnlyTriggers(knex, client, () => backfill(knex));
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const client = knex.client.config.client;
  // SQLite drops a column by copying the table, which loses its triggers
  await withoutAppendOnlyTriggers(knex, client, () =>
    knex.schema.alterTable('ownership_audit_log', table => {
      table.dropColumn('request_id');
      table.dropColumn('teams');
      table.dropColumn('prev_hash');
      table.dropColumn('hash');
    }),
  );
};

/**
 * The canonical form of a row, version 1. Frozen: the chain of every
 * installation depends on it. auditChain.ts holds the same function, and a
 * test checks that rows hashed here verify there.
 *
 * @param {Record<string, any>} row
 * @param {string | null} prevHash
 */
function rowHash(row, prevHash) {
  const canonical = JSON.stringify([
    'v1',
    prevHash ?? '',
    toIso(row.occurred_at),
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

/** @param {Date | number | string} value */
function toIso(value) {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    return new Date(Number(value)).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) {
    return new Date(`${value.replace(' ', 'T')}Z`).toISOString();
  }
  return new Date(value).toISOString();
}

/**
 * @param {import('knex').Knex} knex
 */
async function backfill(knex) {
  let prevHash = null;
  let lastId = 0;
  for (;;) {
    const rows = await knex('ownership_audit_log')
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(1000)
      .select('*');
    if (!rows.length) {
      return;
    }
    for (const row of rows) {
      const hash = rowHash(row, prevHash);
      await knex('ownership_audit_log')
        .where('id', row.id)
        .update({ prev_hash: prevHash, hash });
      prevHash = hash;
      lastId = Number(row.id);
    }
  }
}

/**
 * @param {import('knex').Knex} knex
 * @param {string} client
 * @param {() => Promise<unknown>} fn
 */
async function withoutAppendOnlyTriggers(knex, client, fn) {
  if (client === 'pg') {
    await knex.raw(
      'ALTER TABLE ownership_audit_log DISABLE TRIGGER ownership_audit_log_append_only',
    );
    await fn();
    await knex.raw(
      'ALTER TABLE ownership_audit_log ENABLE TRIGGER ownership_audit_log_append_only',
    );
    return;
  }
  const sqlite = client.includes('sqlite');
  for (const op of ['update', 'delete']) {
    await knex.raw(`DROP TRIGGER IF EXISTS ownership_audit_log_no_${op}`);
  }
  await fn();
  // as 20261201090000 creates them
  for (const op of ['UPDATE', 'DELETE']) {
    await knex.raw(
      sqlite
        ? `CREATE TRIGGER ownership_audit_log_no_${op.toLowerCase()}
           BEFORE ${op} ON ownership_audit_log
           BEGIN
             SELECT RAISE(ABORT, 'ownership_audit_log is append-only');
           END`
        : `CREATE TRIGGER ownership_audit_log_no_${op.toLowerCase()}
           BEFORE ${op} ON ownership_audit_log
           FOR EACH ROW
           SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ownership_audit_log is append-only'`,
    );
  }
}
