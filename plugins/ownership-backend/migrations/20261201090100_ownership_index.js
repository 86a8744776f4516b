// @ts-check

/**
 * The ownership index: what coverage, orphaned services and the team view
 * need from the catalog, refreshed by a scheduled task, plus the daily
 * coverage snapshots.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('ownership_index_entities', table => {
    table.comment(
      'Ownable entities (services and the other kinds that can carry an ownership block) with their ownership state',
    );
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('Entity ref, lower case');
    table.string('kind', 64).notNullable().comment('Kind as in the catalog');
    table.string('type', 255).nullable().comment('spec.type');
    table.text('title').nullable().comment('metadata.title');
    table.string('lifecycle', 255).nullable().comment('spec.lifecycle');
    table
      .string('owner_ref', 255)
      .nullable()
      .comment(
        'spec.owner as a full lower-case ref (as written when malformed)',
      );
    table.string('system_ref', 255).nullable().comment('spec.system as a ref');
    table.string('tier', 32).nullable().comment('spec.ownership.tier');
    table.string('level', 32).nullable().comment('spec.ownership.level');
    table
      .string('escalation_policy_ref', 255)
      .nullable()
      .comment('spec.ownership.escalationPolicy as a ref');
    table
      .timestamp('expires_at', { useTz: true })
      .nullable()
      .comment('spec.ownership.expires');
    table
      .boolean('is_service')
      .notNullable()
      .comment(
        'Whether the entity counts as a service (ownership.serviceKinds)',
      );
    table
      .string('row_hash', 64)
      .notNullable()
      .comment('Hash of the catalog-derived columns, to skip unchanged rows');
    table
      .string('owner_status', 16)
      .nullable()
      .comment(
        'Derived: ok, single-member, no-members, not-found or none (null until computed)',
      );
    table
      .integer('reason_count')
      .notNullable()
      .defaultTo(0)
      .comment('Derived: number of orphan reasons');
    table
      .integer('error_count')
      .notNullable()
      .defaultTo(0)
      .comment('Derived: number of orphan reasons of severity error');
    table
      .timestamp('first_seen_at', { useTz: true })
      .notNullable()
      .comment(
        'When the entity first entered the index; the verification clock starts here',
      );
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the catalog-derived columns last changed');
    table.index(['owner_ref'], 'ownership_index_entities_owner_idx');
    // Orphan pages in their two usual orders, without sorting every orphan:
    // partial indexes over the services that have reasons.
    const orphansOnly = knex.whereRaw('reason_count > 0');
    table.index(
      ['is_service', 'entity_ref'],
      'ownership_index_orphans_ref_idx',
      {
        predicate: orphansOnly,
      },
    );
    table.index(
      ['is_service', 'error_count', 'reason_count', 'entity_ref'],
      'ownership_index_orphans_reasons_idx',
      { predicate: orphansOnly },
    );
    table.index(
      ['is_service', 'tier', 'error_count'],
      'ownership_index_orphans_tier_idx',
      { predicate: orphansOnly },
    );
  });

  await knex.schema.createTable('ownership_index_groups', table => {
    table.comment('Groups, with their member counts');
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('Group ref');
    table.text('title').nullable().comment('Display name or title');
    table.string('row_hash', 64).notNullable().comment('Hash of the row');
    table
      .integer('member_count')
      .notNullable()
      .defaultTo(0)
      .comment('Derived: existing users directly and through child groups');
    table
      .integer('direct_member_count')
      .notNullable()
      .defaultTo(0)
      .comment('Derived: existing users that are direct members');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the row last changed');
  });

  await knex.schema.createTable('ownership_index_users', table => {
    table.comment('Users, so that owner and member refs can be checked');
    table.string('entity_ref', 255).primary().notNullable().comment('User ref');
    table.text('display_name').nullable().comment('spec.profile.displayName');
    table.text('email').nullable().comment('spec.profile.email');
    table.string('row_hash', 64).notNullable().comment('Hash of the row');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the row last changed');
  });

  await knex.schema.createTable('ownership_index_policies', table => {
    table.comment('Escalation policies');
    table
      .string('entity_ref', 255)
      .primary()
      .notNullable()
      .comment('EscalationPolicy ref');
    table.text('title').nullable().comment('metadata.title');
    table.string('owner_ref', 255).nullable().comment('spec.owner as a ref');
    table.string('row_hash', 64).notNullable().comment('Hash of the row');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the row last changed');
    table.index(['owner_ref'], 'ownership_index_policies_owner_idx');
  });

  await knex.schema.createTable('ownership_index_links', table => {
    table.comment(
      'Edges between entities: group members and children, escalation targets, RACI roles',
    );
    table
      .string('link_key', 64)
      .primary()
      .notNullable()
      .comment('Hash of source, type, target and detail');
    table.string('source_ref', 255).notNullable().comment('From entity ref');
    table
      .string('link_type', 32)
      .notNullable()
      .comment(
        'member (group to user), child (group to group), policy-target, raci',
      );
    table.string('target_ref', 255).notNullable().comment('To entity ref');
    table
      .text('detail')
      .notNullable()
      .comment(
        'Level name for policy-target, JSON [activity, role] for raci, empty otherwise',
      );
    table.string('row_hash', 64).notNullable().comment('Hash of the row');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the row was added');
    table.index(
      ['link_type', 'source_ref'],
      'ownership_index_links_source_idx',
    );
    table.index(
      ['link_type', 'target_ref'],
      'ownership_index_links_target_idx',
    );
  });

  await knex.schema.createTable('ownership_index_reasons', table => {
    table.comment('Why a service is orphaned or at risk, one row per reason');
    table.string('entity_ref', 255).notNullable().comment('The service');
    table
      .string('code', 32)
      .notNullable()
      .comment('Reason code, e.g. owner-not-found');
    table.string('severity', 16).notNullable().comment('error or warning');
    table.primary(['entity_ref', 'code']);
    table.index(['code'], 'ownership_index_reasons_code_idx');
  });

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

  await knex.schema.createTable('ownership_index_state', table => {
    table.comment('State of the index refresh');
    table.string('id', 32).primary().notNullable().comment('Always "index"');
    table
      .timestamp('indexed_at', { useTz: true })
      .nullable()
      .comment('When the last successful refresh finished');
    table
      .timestamp('last_attempt_at', { useTz: true })
      .nullable()
      .comment('When the last refresh, successful or not, finished');
    table
      .text('last_error')
      .nullable()
      .comment('Why the last refresh failed, null if it succeeded');
    table
      .text('stats')
      .nullable()
      .comment('JSON statistics of the last successful refresh');
  });

  await knex.schema.createTable('ownership_coverage_snapshots', table => {
    table.comment(
      'Daily coverage of services, for trends and as-of queries; the last refresh of a day wins',
    );
    table
      .string('snapshot_date', 10)
      .primary()
      .notNullable()
      .comment('UTC day, YYYY-MM-DD');
    table
      .timestamp('taken_at', { useTz: true })
      .notNullable()
      .comment('When the snapshot was taken');
    table.integer('total').notNullable().comment('Number of services');
    table.integer('owned').notNullable().comment('Number of owned services');
    table
      .text('buckets')
      .notNullable()
      .comment(
        'JSON: per dimension (kind, type, lifecycle, tier, owner, system) a list of [key, total, owned], largest first',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ownership_coverage_snapshots');
  await knex.schema.dropTable('ownership_index_state');
  await knex.schema.dropTable('ownership_index_staging');
  await knex.schema.dropTable('ownership_index_reasons');
  await knex.schema.dropTable('ownership_index_links');
  await knex.schema.dropTable('ownership_index_policies');
  await knex.schema.dropTable('ownership_index_users');
  await knex.schema.dropTable('ownership_index_groups');
  await knex.schema.dropTable('ownership_index_entities');
};
