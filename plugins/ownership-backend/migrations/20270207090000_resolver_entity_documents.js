// @ts-check

/**
 * The owner card reads the entity itself from the index as well (no
 * catalog call per card once the index holds it): the refresh now stores a
 * document for every entity the index reads with an ownership block or as a
 * service, beside the escalation policies and RACI matrices. The table is
 * unchanged; its comment says what it holds now. The row format's version
 * (rows.ts) changed with it, so the next refresh is a full one that fills
 * the new rows.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_index_documents', table => {
    table.comment(
      'Entities as the owner card resolves them: kind, metadata (name, namespace, title, uid, etag), the catalog processing errors, and the spec (whole for escalation policies and RACI matrices, the ownership model fields for other kinds), as JSON',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex('ownership_index_documents')
    .whereNotIn('kind', ['EscalationPolicy', 'RaciMatrix'])
    .delete();
  await knex.schema.alterTable('ownership_index_documents', table => {
    table.comment(
      'Escalation policies and RACI matrices as the owner card resolves them (kind, metadata and spec as JSON)',
    );
  });
};
