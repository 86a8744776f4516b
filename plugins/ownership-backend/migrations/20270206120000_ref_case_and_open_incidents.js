// @ts-check

/**
 * Two lookups get the indexes they need:
 *
 * - The audit trail's entity and actor filters compare refs in any case
 *   (Backstage refs are case-insensitive): the plain indexes become
 *   indexes on lower(entity_ref) and lower(actor), which the filters'
 *   `lower(column) = ?` use on PostgreSQL and SQLite alike. The rows stay
 *   as written: the hash chain covers them, and the trail is append-only.
 * - Each incident pull re-reads a source's incidents that are still open:
 *   a partial index on (source, created_at) of the unresolved ones keeps
 *   that read small however many resolved incidents there are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_audit_log', table => {
    table.dropIndex(['entity_ref'], 'ownership_audit_log_entity_ref_idx');
    table.dropIndex(['actor'], 'ownership_audit_log_actor_idx');
  });
  await knex.raw(
    'CREATE INDEX ownership_audit_log_entity_ref_lower_idx ON ownership_audit_log (lower(entity_ref))',
  );
  await knex.raw(
    'CREATE INDEX ownership_audit_log_actor_lower_idx ON ownership_audit_log (lower(actor))',
  );
  await knex.raw(
    'CREATE INDEX ownership_incidents_open_idx ON ownership_incidents (source, created_at) WHERE resolved_at IS NULL',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('DROP INDEX ownership_incidents_open_idx');
  await knex.raw('DROP INDEX ownership_audit_log_actor_lower_idx');
  await knex.raw('DROP INDEX ownership_audit_log_entity_ref_lower_idx');
  await knex.schema.alterTable('ownership_audit_log', table => {
    table.index(['entity_ref'], 'ownership_audit_log_entity_ref_idx');
    table.index(['actor'], 'ownership_audit_log_actor_idx');
  });
};
