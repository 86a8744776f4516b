// @ts-check

/**
 * Each pull re-reads at most `pull.reread.maxIncidents` of a source's open
 * incidents from before its window. With more of them than that, the pulls
 * now take them in turn: a source remembers the last incident it re-read
 * (created_at, external_id), and the next pull goes on after it, round to
 * the oldest again at the end. Empty when every open incident fits in one
 * pull.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_incident_sources', table => {
    table
      .timestamp('reread_after_created_at', { useTz: true })
      .nullable()
      .comment(
        'created_at of the last open incident re-read; the next pull re-reads those after it',
      );
    table
      .string('reread_after_id', 255)
      .nullable()
      .comment('external_id of the last open incident re-read');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ownership_incident_sources', table => {
    table.dropColumn('reread_after_created_at');
    table.dropColumn('reread_after_id');
  });
};
