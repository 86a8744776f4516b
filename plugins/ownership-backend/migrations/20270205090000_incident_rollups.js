// @ts-check

/**
 * Incident metrics at scale (issue 12): the level-1 escalateAfter of each
 * indexed escalation policy, the UTC day of each incident, a daily rollup
 * per (day, charged team) with counts, sums and duration histograms, and a
 * per-team daily coverage snapshot.
 *
 * @param {import('knex').Knex} knex
 */

// Upper bounds of the duration histogram buckets in seconds (the last
// bucket is open); keep in step with src/metrics/buckets.ts.
const BUCKETS = 48;

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('ownership_index_policies', table => {
    table
      .integer('response_sla_minutes')
      .nullable()
      .comment(
        'escalateAfter of the first level in minutes (the response SLA), null when missing',
      );
  });

  await knex.schema.alterTable('ownership_incidents', table => {
    table
      .string('created_day', 10)
      .nullable()
      .comment('UTC day of created_at (YYYY-MM-DD), the rollup key');
  });
  const rows = await knex('ownership_incidents').select(
    'source',
    'external_id',
    'created_at',
  );
  for (const row of rows) {
    const created =
      row.created_at instanceof Date
        ? row.created_at
        : new Date(
            typeof row.created_at === 'string' && /^\d+$/.test(row.created_at)
              ? Number(row.created_at)
              : row.created_at,
          );
    await knex('ownership_incidents')
      .where({ source: row.source, external_id: row.external_id })
      .update({ created_day: created.toISOString().slice(0, 10) });
  }
  await knex.schema.alterTable('ownership_incidents', table => {
    table.index(
      ['owner_ref', 'created_day'],
      'ownership_incidents_owner_day_idx',
    );
  });

  await knex.schema.createTable('ownership_incident_daily', table => {
    table.comment(
      'Incidents per UTC day and charged team: counts, sums and duration histograms, maintained by ingestion',
    );
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment("The team charged, '' for incidents charged to no team");
    table.primary(['day', 'owner_ref']);
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

  await knex.schema.createTable('ownership_team_coverage_snapshots', table => {
    table.comment(
      'Coverage of the services each team owns, per UTC day, written by the index refresh',
    );
    table
      .string('snapshot_date', 10)
      .notNullable()
      .comment('UTC day, YYYY-MM-DD');
    table
      .string('owner_ref', 255)
      .notNullable()
      .comment('The owner (team or user) of the services');
    table.primary(['snapshot_date', 'owner_ref']);
    table.integer('total').notNullable().comment('Services the owner owns');
    table
      .integer('owned')
      .notNullable()
      .comment('Of those, counted as owned (owned state, no error reason)');
    table.index(
      ['owner_ref', 'snapshot_date'],
      'ownership_team_coverage_owner_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_team_coverage_snapshots');
  await knex.schema.dropTable('ownership_incident_daily');
  await knex.schema.alterTable('ownership_incidents', table => {
    table.dropIndex([], 'ownership_incidents_owner_day_idx');
    table.dropColumn('created_day');
  });
  await knex.schema.alterTable('ownership_index_policies', table => {
    table.dropColumn('response_sla_minutes');
  });
};
