// @ts-check

/**
 * Two columns the orphan list needs:
 *
 * - `ownership_index_entities.processing_error`: the message of the
 *   processing error the catalog holds for the entity (it then keeps serving
 *   the last version it could process); the `catalog-processing-error`
 *   orphan reason is derived from it.
 * - `ownership_index_groups.title_lower`: the group's title in lower case
 *   (Unicode, folded in JavaScript as for the entities' title_lower), so
 *   that the search text of the orphan list also matches the owner's title
 *   on SQLite, whose LOWER() folds ASCII only.
 *
 * Both are part of each row's hash, so the next refresh fills them for every
 * row; until then the group titles get LOWER(title) here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_index_entities', table => {
    table
      .text('processing_error')
      .nullable()
      .comment(
        'Message of the catalog processing error the entity has (status.items of type backstage.io/catalog-processing, level error); null when none',
      );
  });
  await knex.schema.alterTable('ownership_index_groups', table => {
    table
      .text('title_lower')
      .nullable()
      .comment(
        'The title in lower case (Unicode), matched by the search text of the orphan list',
      );
  });
  await knex('ownership_index_groups')
    .whereNotNull('title')
    .update({ title_lower: knex.raw('LOWER(title)') });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ownership_index_groups', table => {
    table.dropColumn('title_lower');
  });
  await knex.schema.alterTable('ownership_index_entities', table => {
    table.dropColumn('processing_error');
  });
};
