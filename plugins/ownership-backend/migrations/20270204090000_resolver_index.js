// @ts-check

/**
 * What the owner card reads from the index instead of the catalog, so that
 * resolving one entity takes one catalog call (the entity itself, with the
 * caller's credentials) and one batched permission check:
 *
 * - `ownership_index_users.picture` and `ownership_index_groups.email`: the
 *   profile fields the card shows beside the display name;
 * - `ownership_index_documents`: the escalation policies and RACI matrices as
 *   the model reader reads them (kind, metadata and spec), so that the card
 *   resolves their levels, targets, rotas and activities from the index;
 * - `ownership_index_state.catalog_digest`: a digest of the catalog's entity
 *   etags (and the index's row format) as of the last full refresh, so that
 *   a refresh that finds the catalog unchanged skips staging and diffing.
 *
 * The new columns are part of each row's hash and the digest starts empty,
 * so the next refresh is a full one and fills them for every row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_index_users', table => {
    table
      .text('picture')
      .nullable()
      .comment('spec.profile.picture of the user; null when none');
  });
  await knex.schema.alterTable('ownership_index_groups', table => {
    table
      .text('email')
      .nullable()
      .comment('spec.profile.email of the group; null when none');
  });
  await knex.schema.createTable('ownership_index_documents', table => {
    table.comment(
      'Escalation policies and RACI matrices as the owner card resolves them (kind, metadata and spec as JSON)',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('EscalationPolicy or RaciMatrix ref, lower case');
    table.string('kind', 64).notNullable().comment('The entity kind');
    table
      .text('document')
      .notNullable()
      .comment(
        'JSON: apiVersion, kind, metadata (name, namespace, title) and spec',
      );
    table.string('row_hash', 64).notNullable().comment('Hash of the row');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the row last changed');
  });
  await knex.schema.alterTable('ownership_index_state', table => {
    table
      .string('catalog_digest', 64)
      .nullable()
      .comment(
        'Digest of the etags of the entities the index reads (and of its row format) at the last full refresh; null forces a full refresh',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ownership_index_state', table => {
    table.dropColumn('catalog_digest');
  });
  await knex.schema.dropTable('ownership_index_documents');
  await knex.schema.alterTable('ownership_index_groups', table => {
    table.dropColumn('email');
  });
  await knex.schema.alterTable('ownership_index_users', table => {
    table.dropColumn('picture');
  });
};
