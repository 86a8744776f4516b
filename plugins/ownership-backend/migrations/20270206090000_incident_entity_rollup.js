// @ts-check

/**
 * Incident metrics at 1,000,000 incidents (issue 12): incident counts per
 * (UTC day, charged team, entity), maintained by ingestion beside the daily
 * rollup, so that the busiest entities of a window are ranked without
 * counting raw incidents.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_incident_entity_daily', table => {
    table.comment(
      'Incidents per UTC day, charged team and entity, maintained by ingestion',
    );
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment("The team charged, '' for incidents charged to no team");
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The affected entity, lower case');
    table.integer('incidents').notNullable().comment('Incidents');
    table.primary(['day', 'owner_ref', 'entity_ref']);
  });

  await knex.raw(
    `INSERT INTO ownership_incident_entity_daily (day, owner_ref, entity_ref, incidents)
     SELECT created_day, COALESCE(owner_ref, ''), entity_ref, COUNT(*)
     FROM ownership_incidents
     GROUP BY created_day, COALESCE(owner_ref, ''), entity_ref`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_incident_entity_daily');
};
