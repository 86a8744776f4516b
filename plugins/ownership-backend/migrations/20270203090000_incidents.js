// @ts-check

/**
 * Incidents from incident tools and imports, each charged to the team that
 * owned its entity when it was created, and the pull state of the scheduled
 * incident sources.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_incidents', table => {
    table.comment(
      'Incidents per entity, idempotent on (source, external_id), with the owner of the day',
    );
    table
      .string('source', 64)
      .notNullable()
      .comment('The incident tool or import, e.g. pagerduty or file');
    table
      .string('external_id', 255)
      .notNullable()
      .comment('The incident id in its source');
    table.primary(['source', 'external_id']);
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The affected entity, lower case');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment(
        'The team charged: the entity owner at created_at (ownership_history), null when it had none',
      );
    table
      .string('attribution', 16)
      .notNullable()
      .comment(
        'Where owner_ref comes from: history (interval covering created_at), index (no interval that old: the current owner) or none',
      );
    table
      .string('escalation_policy_ref', 255)
      .nullable()
      .comment('The escalation policy in force at created_at');
    table
      .integer('response_sla_minutes')
      .nullable()
      .comment(
        'Level-1 escalateAfter of that policy in minutes, when the history knows it',
      );
    table.string('severity', 2).notNullable().comment('P0, P1, P2 or P3');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When the incident was opened');
    table
      .timestamp('acknowledged_at', { useTz: true })
      .nullable()
      .comment('First acknowledgement');
    table
      .timestamp('resolved_at', { useTz: true })
      .nullable()
      .comment('Resolution');
    table
      .integer('tta_seconds')
      .nullable()
      .comment(
        'acknowledged_at - created_at, kept so that SQL need not diff dates',
      );
    table.integer('ttr_seconds').nullable().comment('resolved_at - created_at');
    table
      .boolean('escalated')
      .notNullable()
      .comment('Whether it went past the first escalation level');
    table
      .integer('levels_reached')
      .nullable()
      .comment('Escalation levels notified');
    table
      .text('responders')
      .notNullable()
      .comment('JSON array of responder names or refs');
    table
      .string('row_hash', 64)
      .notNullable()
      .comment('Hash of the incident as sent, to tell unchanged re-sends');
    table
      .timestamp('ingested_at', { useTz: true })
      .notNullable()
      .comment('When first received');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When last changed');
    table.index(['created_at'], 'ownership_incidents_created_idx');
    table.index(
      ['owner_ref', 'created_at'],
      'ownership_incidents_owner_created_idx',
    );
    table.index(
      ['entity_ref', 'created_at'],
      'ownership_incidents_entity_created_idx',
    );
  });

  await knex.schema.createTable('ownership_incident_sources', table => {
    table.comment('Pull state of the scheduled incident sources');
    table
      .string('source_id', 64)
      .primary()
      .notNullable()
      .comment('IncidentSource id');
    table
      .timestamp('last_started_at', { useTz: true })
      .nullable()
      .comment('Start of the last pull');
    table
      .timestamp('last_success_at', { useTz: true })
      .nullable()
      .comment(
        'Start of the last pull that finished: the next pulls from here',
      );
    table
      .text('last_error')
      .nullable()
      .comment('Why the last pull failed, null when it succeeded');
    table
      .integer('last_rejected')
      .notNullable()
      .defaultTo(0)
      .comment('Incidents the last pull yielded that were rejected');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_incident_sources');
  await knex.schema.dropTable('ownership_incidents');
};
