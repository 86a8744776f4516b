// @ts-check

/**
 * The search text of the orphan list (`q`) matches titles case-insensitively.
 * SQLite's LOWER() folds ASCII only, so the title is also stored lower-cased
 * by the refresh (in JavaScript, the same on both databases). Existing rows
 * get LOWER(title) here; the next refresh rewrites every row anyway, because
 * the new column is part of each row's hash.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_index_entities', table => {
    table
      .text('title_lower')
      .nullable()
      .comment(
        'metadata.title in lower case (Unicode), matched by the search text of the orphan list',
      );
  });
  await knex('ownership_index_entities')
    .whereNotNull('title')
    .update({ title_lower: knex.raw('LOWER(title)') });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ownership_index_entities', table => {
    table.dropColumn('title_lower');
  });
};
