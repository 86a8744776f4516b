// @ts-check

/**
 * Staging rows belong to one refresh run, so that two overlapping refreshes
 * (a timed-out run that is still going while the scheduler starts the next,
 * or two replicas during a deploy) never read, apply or delete each other's
 * rows.
 *
 * The staging table only holds rows while a refresh runs, so it is recreated
 * rather than altered: SQLite cannot change a primary key in place, and
 * nothing in it outlives a refresh. A refresh that is running while this
 * migration runs fails and is retried by the next scheduled run.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.dropTable('ownership_index_staging');
  await knex.schema.createTable('ownership_index_staging', table => {
    table.comment(
      'Rows streamed from the catalog during a refresh, before they are diffed into the index; one set per refresh run',
    );
    table
      .string('run_id', 64)
      .notNullable()
      .comment('The refresh run that staged the row (a uuid)');
    table
      .string('target', 16)
      .notNullable()
      .comment(
        'Index table the row is for: entities, groups, users, policies, links, or reasons while applying',
      );
    table
      .string('row_key', 255)
      .notNullable()
      .comment('Primary key of the row');
    table.string('row_hash', 64).notNullable().comment('Hash of the payload');
    table.text('payload').notNullable().comment('The row as JSON');
    table
      .timestamp('staged_at', { useTz: true })
      .notNullable()
      .comment(
        'When the row was staged, so that rows left behind by a crashed run can be removed',
      );
    table.primary(['run_id', 'target', 'row_key']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_index_staging');
  await knex.schema.createTable('ownership_index_staging', table => {
    table.comment(
      'Rows streamed from the catalog during a refresh, before they are diffed into the index',
    );
    table
      .string('target', 16)
      .notNullable()
      .comment(
        'Index table the row is for: entities, groups, users, policies, links',
      );
    table
      .string('row_key', 255)
      .notNullable()
      .comment('Primary key of the row');
    table.string('row_hash', 64).notNullable().comment('Hash of the payload');
    table.text('payload').notNullable().comment('The row as JSON');
    table.primary(['target', 'row_key']);
  });
};
