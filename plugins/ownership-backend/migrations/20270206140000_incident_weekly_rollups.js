// @ts-check

/**
 * Incident metrics at 1,000,000 incidents (issue 12): the daily rollup and
 * the entity rollup again per week (Monday to Sunday), so that a 90-day
 * window reads a seventh of the cells; maintained by ingestion from the
 * daily ones. And an index of the unacknowledged incidents with what the
 * response-SLA compliance reads of them to leave out those still inside
 * their SLA (pending), so that it reads the index only.
 *
 * @param {import('knex').Knex} knex
 */

// Histogram buckets of the daily rollup; keep in step with src/metrics/buckets.ts.
const BUCKETS = 48;

/**
 * The Monday of a `day` column's week, YYYY-MM-DD; as weekSql in
 * src/metrics/rollup.ts.
 *
 * @param {import('knex').Knex} knex
 * @param {string} column
 */
function weekSql(knex, column) {
  return knex.client.config.client === 'pg'
    ? `to_char(date_trunc('week', CAST(${column} AS date)), 'YYYY-MM-DD')`
    : `date(${column}, '-6 days', 'weekday 1')`;
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_incident_entity_weekly', table => {
    table.comment(
      'ownership_incident_entity_daily summed per week, maintained by ingestion',
    );
    table
      .string('week', 10)
      .notNullable()
      .comment('The Monday of the UTC week, YYYY-MM-DD');
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment("The team charged, '' for incidents charged to no team");
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The affected entity, lower case');
    table.integer('incidents').notNullable().comment('Incidents');
    table.primary(['week', 'owner_ref', 'entity_ref']);
  });

  await knex.schema.createTable('ownership_incident_weekly', table => {
    table.comment(
      'ownership_incident_daily summed per week (max for the _max columns), maintained by ingestion',
    );
    table
      .string('week', 10)
      .notNullable()
      .comment('The Monday of the UTC week, YYYY-MM-DD');
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment("The team charged, '' for incidents charged to no team");
    table.primary(['week', 'owner_ref']);
    table.integer('incidents').notNullable().comment('Incidents');
    for (const s of ['p0', 'p1', 'p2', 'p3']) {
      table
        .integer(s)
        .notNullable()
        .comment(`Incidents of severity ${s.toUpperCase()}`);
    }
    table.integer('escalated').notNullable().comment('Escalated incidents');
    table
      .integer('sla_met')
      .notNullable()
      .comment(
        'Acknowledged within the response SLA (the default of sla_default_minutes when unknown)',
      );
    table
      .integer('sla_default_minutes')
      .notNullable()
      .comment('The default response SLA sla_met was counted with');
    for (const m of ['tta', 'ttr']) {
      table.integer(`${m}_count`).notNullable().comment(`Incidents with ${m}`);
      table
        .bigInteger(`${m}_sum`)
        .notNullable()
        .comment(`Sum of ${m}_seconds (exact means)`);
      table
        .integer(`${m}_max`)
        .nullable()
        .comment(`Largest ${m}_seconds (caps the last histogram bucket)`);
      for (let b = 0; b < BUCKETS; b++) {
        table
          .integer(`${m}_b${b}`)
          .notNullable()
          .comment(`Incidents whose ${m} falls in histogram bucket ${b}`);
      }
    }
  });

  await knex.raw(
    `INSERT INTO ownership_incident_entity_weekly (week, owner_ref, entity_ref, incidents)
     SELECT ${weekSql(knex, 'day')}, owner_ref, entity_ref, SUM(incidents)
     FROM ownership_incident_entity_daily
     GROUP BY ${weekSql(knex, 'day')}, owner_ref, entity_ref`,
  );
  const values = [
    'incidents',
    'p0',
    'p1',
    'p2',
    'p3',
    'escalated',
    'sla_met',
    ...['tta', 'ttr'].flatMap(m => [
      `${m}_count`,
      `${m}_sum`,
      `${m}_max`,
      ...[...Array(BUCKETS).keys()].map(b => `${m}_b${b}`),
    ]),
  ];
  await knex.raw(
    `INSERT INTO ownership_incident_weekly (week, owner_ref, sla_default_minutes, ${values.join(
      ', ',
    )})
     SELECT ${weekSql(knex, 'day')}, owner_ref, MAX(sla_default_minutes),
       ${values
         .map(c => (c.endsWith('_max') ? `MAX(${c})` : `SUM(${c})`))
         .join(', ')}
     FROM ownership_incident_daily
     GROUP BY ${weekSql(knex, 'day')}, owner_ref`,
  );

  await knex.schema.alterTable('ownership_incidents', table => {
    table.index(
      [
        'created_at',
        'response_sla_minutes',
        'owner_ref',
        'entity_ref',
        'acknowledged_at',
      ],
      'ownership_incidents_unacknowledged_idx',
      { predicate: knex.whereNull('acknowledged_at') },
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('ownership_incidents', table => {
    table.dropIndex([], 'ownership_incidents_unacknowledged_idx');
  });
  await knex.schema.dropTable('ownership_incident_weekly');
  await knex.schema.dropTable('ownership_incident_entity_weekly');
};
