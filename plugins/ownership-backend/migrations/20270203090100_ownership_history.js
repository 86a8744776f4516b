// @ts-check

/**
 * Ownership history: per entity, each owner it had (with the escalation
 * policy and tier) from when to when, recorded by the index refreshes and
 * by completed handoffs. "As of" queries and incident attribution read it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_history', table => {
    table.comment(
      'Intervals of entity ownership; valid_to is null for the current one',
    );
    table.bigIncrements('id').primary().comment('Row id');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Entity ref, lower case');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment('The owner in this interval, null while it had none');
    table
      .string('escalation_policy_ref', 255)
      .nullable()
      .comment('spec.ownership.escalationPolicy in this interval');
    table.string('tier', 32).nullable().comment('spec.ownership.tier');
    table
      .integer('response_sla_minutes')
      .nullable()
      .comment('Level-1 escalateAfter of the policy in minutes, when known');
    table
      .timestamp('valid_from', { useTz: true })
      .notNullable()
      .comment('Start of the interval (inclusive)');
    table
      .timestamp('valid_to', { useTz: true })
      .nullable()
      .comment('End of the interval (exclusive); null while current');
    table
      .string('source', 16)
      .notNullable()
      .comment('index (a refresh saw it) or handoff (a handoff completed)');
    table.index(
      ['entity_ref', 'valid_from'],
      'ownership_history_entity_from_idx',
    );
    table.index(['owner_ref', 'valid_from'], 'ownership_history_owner_idx');
    table.unique(['entity_ref'], {
      indexName: 'ownership_history_one_current_idx',
      predicate: knex.whereNull('valid_to'),
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_history');
};
