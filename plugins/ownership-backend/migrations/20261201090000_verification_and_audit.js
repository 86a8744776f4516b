// @ts-check

/**
 * Verifications ("this is still ours") and the append-only audit trail of
 * every write.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_verifications', table => {
    table.comment(
      'The latest confirmation, per entity, that its ownership is still correct',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('The verified entity, e.g. component:default/payments');
    table
      .timestamp('verified_at', { useTz: true })
      .notNullable()
      .comment('When the ownership was last verified');
    table
      .string('verified_by', 255)
      .notNullable()
      .comment('User entity ref of who verified it');
    table
      .text('comment')
      .nullable()
      .comment('Optional comment given with the verification');
  });

  await knex.schema.createTable('ownership_audit_log', table => {
    table.comment(
      'Append-only trail of every write made through the ownership backend',
    );
    table.bigIncrements('id').primary().comment('Sequence number');
    table
      .timestamp('occurred_at', { useTz: true })
      .notNullable()
      .comment('When the write happened');
    table
      .string('actor', 255)
      .notNullable()
      .comment('Entity ref of the user (or subject of the service) that wrote');
    table
      .string('action', 64)
      .notNullable()
      .comment('What was done, e.g. verify');
    table
      .string('entity_ref', 255)
      .nullable()
      .comment('The entity the write was about, if any');
    table
      .text('details')
      .notNullable()
      .comment('JSON object with the details of the write');
    table
      .string('correlation_id', 255)
      .notNullable()
      .comment('Request id header of the write, or a generated uuid');
    table.index(['occurred_at'], 'ownership_audit_log_occurred_at_idx');
    table.index(['entity_ref'], 'ownership_audit_log_entity_ref_idx');
    table.index(['actor'], 'ownership_audit_log_actor_idx');
  });

  // The trail is append-only in the database too, not just in the code.
  const client = knex.client.config.client;
  if (client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION ownership_audit_log_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'ownership_audit_log is append-only';
      END;
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER ownership_audit_log_append_only
      BEFORE UPDATE OR DELETE ON ownership_audit_log
      FOR EACH ROW EXECUTE FUNCTION ownership_audit_log_append_only()`);
  } else if (client.includes('sqlite')) {
    for (const op of ['UPDATE', 'DELETE']) {
      await knex.raw(`
        CREATE TRIGGER ownership_audit_log_no_${op.toLowerCase()}
        BEFORE ${op} ON ownership_audit_log
        BEGIN
          SELECT RAISE(ABORT, 'ownership_audit_log is append-only');
        END`);
    }
  } else if (client.includes('mysql')) {
    for (const op of ['UPDATE', 'DELETE']) {
      await knex.raw(`
        CREATE TRIGGER ownership_audit_log_no_${op.toLowerCase()}
        BEFORE ${op} ON ownership_audit_log
        FOR EACH ROW
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ownership_audit_log is append-only'`);
    }
  }
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const client = knex.client.config.client;
  await knex.schema.dropTable('ownership_audit_log');
  if (client === 'pg') {
    await knex.raw('DROP FUNCTION IF EXISTS ownership_audit_log_append_only()');
  }
  await knex.schema.dropTable('ownership_verifications');
};
