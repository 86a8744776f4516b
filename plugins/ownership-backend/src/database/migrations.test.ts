import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@service-ownership/plugin-ownership-backend',
  'migrations',
);

const databases = createTestDatabases();

async function tables(knex: Knex): Promise<string[]> {
  const names: string[] = [];
  for (const table of [
    'ownership_verifications',
    'ownership_audit_log',
    'ownership_index_entities',
    'ownership_index_groups',
    'ownership_index_users',
    'ownership_index_policies',
    'ownership_index_links',
    'ownership_index_reasons',
    'ownership_index_staging',
    'ownership_index_state',
    'ownership_coverage_snapshots',
  ]) {
    if (await knex.schema.hasTable(table)) {
      names.push(table);
    }
  }
  return names;
}

describe.each(databases.eachSupportedId())('migrations on %p', id => {
  it('step up and down one at a time, keeping data', async () => {
    const knex = await databases.init(id);
    const config = { directory: migrationsDir };

    await knex.migrate.up(config);
    expect(await tables(knex)).toEqual([
      'ownership_verifications',
      'ownership_audit_log',
    ]);
    const verifiedAt = new Date('2026-03-01T10:00:00Z');
    await knex('ownership_verifications').insert({
      entity_ref: 'component:default/payments-api',
      verified_at: verifiedAt,
      verified_by: 'user:default/ann',
      comment: 'still ours',
    });
    await knex('ownership_audit_log').insert({
      occurred_at: verifiedAt,
      actor: 'user:default/ann',
      action: 'verify',
      entity_ref: 'component:default/payments-api',
      details: '{}',
      correlation_id: 'c-1',
    });

    await knex.migrate.up(config);
    expect(await tables(knex)).toHaveLength(11);
    expect(await knex('ownership_verifications')).toEqual([
      expect.objectContaining({
        entity_ref: 'component:default/payments-api',
        verified_by: 'user:default/ann',
        comment: 'still ours',
      }),
    ]);
    await knex('ownership_index_entities').insert({
      entity_ref: 'component:default/payments-api',
      kind: 'Component',
      is_service: true,
      row_hash: 'h',
      first_seen_at: verifiedAt,
      updated_at: verifiedAt,
    });
    await knex('ownership_coverage_snapshots').insert({
      snapshot_date: '2026-03-01',
      taken_at: verifiedAt,
      total: 1,
      owned: 1,
      buckets: '{}',
    });
    expect(
      await knex('ownership_index_entities').first(
        'owner_status',
        'reason_count',
        'error_count',
      ),
    ).toEqual({ owner_status: null, reason_count: 0, error_count: 0 });

    await knex.migrate.down(config);
    expect(await tables(knex)).toEqual([
      'ownership_verifications',
      'ownership_audit_log',
    ]);
    expect(await knex('ownership_verifications')).toHaveLength(1);
    expect(await knex('ownership_audit_log')).toHaveLength(1);

    await knex.migrate.up(config);
    expect(await tables(knex)).toHaveLength(11);
    expect(await knex('ownership_verifications')).toHaveLength(1);
    expect(await knex('ownership_index_entities')).toEqual([]);

    await knex.migrate.down(config);
    await knex.migrate.down(config);
    expect(await tables(knex)).toEqual([]);

    // and all the way up again from nothing, then down through the features
    // added since (handoffs, audit chain, incidents, history, resolver
    // index; each has its own migration test), one step at a time
    await knex.migrate.latest(config);
    expect(await tables(knex)).toHaveLength(11);
    while ((await knex.migrate.currentVersion(config)) > '20270105090000') {
      await knex.migrate.down(config);
    }
    expect(await knex.migrate.currentVersion(config)).toBe('20270105090000');
    expect(await tables(knex)).toHaveLength(11);
    expect(
      await knex.schema.hasColumn('ownership_index_staging', 'run_id'),
    ).toBe(true);

    // the processing error and the group's lower-case title step down and
    // up, keeping the index
    await knex('ownership_index_entities').insert({
      entity_ref: 'component:default/broken',
      kind: 'Component',
      is_service: true,
      row_hash: 'h',
      first_seen_at: verifiedAt,
      updated_at: verifiedAt,
      processing_error: 'tier-9 is not a tier',
    });
    await knex('ownership_index_groups').insert({
      entity_ref: 'group:default/payments',
      title: 'Payments',
      title_lower: 'payments',
      row_hash: 'h',
      updated_at: verifiedAt,
    });
    await knex.migrate.down(config);
    expect(
      await knex.schema.hasColumn(
        'ownership_index_entities',
        'processing_error',
      ),
    ).toBe(false);
    expect(
      await knex.schema.hasColumn('ownership_index_groups', 'title_lower'),
    ).toBe(false);
    await knex.migrate.up(config);
    expect(await knex('ownership_index_entities').pluck('entity_ref')).toEqual([
      'component:default/broken',
    ]);
    expect(
      await knex('ownership_index_groups').first('title', 'title_lower'),
    ).toEqual({ title: 'Payments', title_lower: 'payments' });
    await knex('ownership_index_entities').delete();
    await knex('ownership_index_groups').delete();
    await knex.migrate.down(config);

    // the lower-case title steps down and up, keeping the index
    await knex('ownership_index_entities').insert({
      entity_ref: 'component:default/payments-api',
      kind: 'Component',
      title: 'Payments API',
      is_service: true,
      row_hash: 'h',
      first_seen_at: verifiedAt,
      updated_at: verifiedAt,
    });
    await knex.migrate.down(config);
    expect(
      await knex.schema.hasColumn('ownership_index_entities', 'title_lower'),
    ).toBe(false);
    await knex.migrate.up(config);
    expect(
      await knex('ownership_index_entities').first('title', 'title_lower'),
    ).toEqual({ title: 'Payments API', title_lower: 'payments api' });
    await knex('ownership_index_entities').delete();
    await knex.migrate.down(config);

    // the staging run id steps down and up, keeping the index
    await knex('ownership_verifications').insert({
      entity_ref: 'component:default/payments-api',
      verified_at: verifiedAt,
      verified_by: 'user:default/ann',
    });
    await knex('ownership_index_entities').insert({
      entity_ref: 'component:default/payments-api',
      kind: 'Component',
      is_service: true,
      row_hash: 'h',
      first_seen_at: verifiedAt,
      updated_at: verifiedAt,
    });
    await knex('ownership_index_staging').insert({
      run_id: 'run-1',
      target: 'entities',
      row_key: 'component:default/payments-api',
      row_hash: 'h',
      payload: '{}',
      staged_at: verifiedAt,
    });
    await knex.migrate.down(config);
    expect(
      await knex.schema.hasColumn('ownership_index_staging', 'run_id'),
    ).toBe(false);
    await knex('ownership_index_staging').insert({
      target: 'entities',
      row_key: 'component:default/payments-api',
      row_hash: 'h',
      payload: '{}',
    });
    await knex.migrate.up(config);
    expect(
      await knex.schema.hasColumn('ownership_index_staging', 'run_id'),
    ).toBe(true);
    // staged rows are transient and not carried over; the index is
    expect(await knex('ownership_index_staging')).toEqual([]);
    expect(await knex('ownership_index_entities')).toHaveLength(1);
    expect(await knex('ownership_verifications')).toHaveLength(1);
    await knex.destroy();
  });

  if (id.startsWith('POSTGRES')) {
    it('comments every table and column', async () => {
      const knex = await databases.init(id);
      await knex.migrate.latest({ directory: migrationsDir });
      const missing = await knex.raw(`
        SELECT c.table_name, c.column_name
        FROM information_schema.columns c
        JOIN pg_catalog.pg_class t ON t.relname = c.table_name
        WHERE c.table_name LIKE 'ownership_%'
          AND col_description(t.oid, c.ordinal_position) IS NULL
        ORDER BY 1, 2`);
      expect(missing.rows).toEqual([]);
      const uncommented = await knex.raw(`
        SELECT relname FROM pg_catalog.pg_class
        WHERE relkind = 'r' AND relname LIKE 'ownership_%'
          AND obj_description(oid, 'pg_class') IS NULL`);
      expect(uncommented.rows).toEqual([]);
      await knex.destroy();
    });
  }
});
