// @ts-check

/**
 * Ownership handoffs: the transfer of one entity's ownership from one team to
 * another, through the states of the ownership model guide. Every change is
 * also an event in ownership_audit_log, written in the same transaction.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_handoffs', table => {
    table.comment(
      'Handoffs of entity ownership between teams; at most one open per entity',
    );
    table.string('id', 64).primary().notNullable().comment('uuid');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The entity handed over, e.g. component:default/payments');
    table
      .string('open_entity_ref', 255)
      .nullable()
      .unique({ indexName: 'ownership_handoffs_one_open_idx' })
      .comment(
        'entity_ref while the handoff is open, null once closed: the unique constraint allows one open handoff per entity',
      );
    table
      .string('from_team', 255)
      .notNullable()
      .comment('Owner when the handoff started (lower-case group ref)');
    table
      .string('to_team', 255)
      .notNullable()
      .comment('Receiving team (lower-case group ref)');
    table
      .string('state', 32)
      .notNullable()
      .comment(
        'initiated, documentation-review, shadow-period, reverse-shadow, validation, completed or rolled-back',
      );
    table
      .integer('version')
      .notNullable()
      .comment('Incremented by every write; a write names the version it read');
    table
      .string('reorganisation_id', 64)
      .nullable()
      .comment('Set when started by a reorganisation request');
    table.text('reason').nullable().comment('Why the handoff was started');
    table
      .string('initiated_by', 255)
      .notNullable()
      .comment('User entity ref of who started it');
    table
      .timestamp('initiated_at', { useTz: true })
      .notNullable()
      .comment('When the handoff was started');
    table
      .timestamp('state_changed_at', { useTz: true })
      .notNullable()
      .comment('When the handoff entered its current state');
    table
      .timestamp('state_due_at', { useTz: true })
      .nullable()
      .comment('When the current open state is due to end (overdue after)');
    table
      .integer('shadow_days')
      .notNullable()
      .comment(
        'Days of the shadow period (config default or the per-handoff override)',
      );
    table
      .integer('reverse_shadow_days')
      .notNullable()
      .comment('Minimum days of the reverse shadow');
    table
      .timestamp('shadow_started_at', { useTz: true })
      .nullable()
      .comment('When the (latest) shadow period started');
    table
      .timestamp('shadow_ends_at', { useTz: true })
      .nullable()
      .comment('When the shadow period has run its days');
    table
      .timestamp('reverse_shadow_started_at', { useTz: true })
      .nullable()
      .comment('When the reverse shadow started');
    table
      .timestamp('reverse_shadow_ends_at', { useTz: true })
      .nullable()
      .comment('When the reverse shadow has run its minimum');
    table
      .timestamp('completed_at', { useTz: true })
      .nullable()
      .comment('When the handoff was completed');
    table
      .timestamp('closed_at', { useTz: true })
      .nullable()
      .comment('When the handoff was completed or rolled back');
    table
      .string('closed_by', 255)
      .nullable()
      .comment('User entity ref of who completed or rolled it back');
    table
      .text('close_reason')
      .nullable()
      .comment('The roll-back or force-close reason');
    table
      .boolean('forced')
      .notNullable()
      .defaultTo(false)
      .comment('Force-closed by an ownership admin');
    table
      .text('checklist')
      .notNullable()
      .comment('JSON array of HandoffChecklistItem');
    table
      .text('issues')
      .notNullable()
      .comment(
        'JSON array of HandoffIssuesReport (validation → shadow period)',
      );
    table
      .timestamp('stakeholders_notified_at', { useTz: true })
      .nullable()
      .comment(
        'When the suite sent the start notification to the stakeholders (the stakeholders-notified evidence)',
      );
    table
      .timestamp('last_reminded_at', { useTz: true })
      .nullable()
      .comment('When the overdue reminder was last sent');
    table.index(['entity_ref'], 'ownership_handoffs_entity_ref_idx');
    // covering the per-team summary of the handoffs page (no table reads)
    table.index(
      ['from_team', 'state', 'open_entity_ref', 'state_due_at'],
      'ownership_handoffs_from_team_idx',
    );
    table.index(
      ['to_team', 'state', 'open_entity_ref', 'state_due_at'],
      'ownership_handoffs_to_team_idx',
    );
    table.index(['state', 'state_due_at'], 'ownership_handoffs_state_idx');
    table.index(['closed_at'], 'ownership_handoffs_closed_at_idx');
    table.index(
      ['state_changed_at'],
      'ownership_handoffs_state_changed_at_idx',
    );
    table.index(['reorganisation_id'], 'ownership_handoffs_reorganisation_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_handoffs');
};
