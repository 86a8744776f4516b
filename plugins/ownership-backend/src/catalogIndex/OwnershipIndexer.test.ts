import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ConfigReader } from '@backstage/config';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, exampleEntities } from '../__testUtils__/entities';
import { readOwnershipConfig } from '../config';
import { DatabaseVerificationStore } from '../verification/DatabaseVerificationStore';
import { DatabaseIndexVerificationHook } from './DatabaseIndexVerificationHook';
import { DatabaseIndexStore } from './DatabaseIndexStore';
import { OwnershipIndexer } from './OwnershipIndexer';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** A catalog whose contents the test can change between refreshes. */
function mutableCatalog(initial: Entity[]) {
  let entities = initial;
  let failure: Error | undefined;
  return {
    set(next: Entity[]) {
      entities = next;
    },
    fail(error: Error | undefined) {
      failure = error;
    },
    streamEntities: jest.fn<
      ReturnType<CatalogService['streamEntities']>,
      Parameters<CatalogService['streamEntities']>
    >((request, options) => {
      if (failure) {
        const error = failure;
        return (async function* failing() {
          yield [];
          throw error;
        })();
      }
      return catalogServiceMock({ entities }).streamEntities(request, options);
    }),
  };
}

describe.each(databases.eachSupportedId())('OwnershipIndexer on %p', id => {
  async function setup(entities = exampleEntities()) {
    const knex = await databases.init(id);
    const database = mockServices.database({ knex });
    const store = await DatabaseIndexStore.create({ database });
    const verifications = await DatabaseVerificationStore.create({
      database,
      index: await DatabaseIndexVerificationHook.create({ database }),
    });
    const catalog = mutableCatalog(entities);
    const logger = mockServices.logger.mock();
    let now = new Date('2026-03-10T12:00:00Z');
    const indexer = new OwnershipIndexer({
      catalog,
      auth: mockServices.auth(),
      store,
      logger,
      config: readOwnershipConfig(
        new ConfigReader({ ownership: { refresh: { pageSize: 3 } } }),
      ),
      clock: () => now,
    });
    return {
      knex,
      store,
      verifications,
      catalog,
      logger,
      indexer,
      setNow: (d: Date) => {
        now = d;
      },
    };
  }

  it('builds the index from the catalog in pages with only the needed fields', async () => {
    const { indexer, catalog, store, knex } = await setup();
    const result = await indexer.refresh();
    expect(result).toMatchObject({ ok: true, entitiesRead: 26 });
    const requests = catalog.streamEntities.mock.calls.map(([request]) => ({
      kinds: request?.filter,
      fields: request?.fields,
      pageSize: request?.pageSize,
    }));
    expect(requests).toEqual([
      // the etags first: a catalog unchanged since the last full refresh
      // is not streamed again
      {
        kinds: {
          kind: [
            'Component',
            'System',
            'API',
            'Resource',
            'Group',
            'User',
            'EscalationPolicy',
            'RaciMatrix',
          ],
        },
        fields: ['metadata.etag'],
        pageSize: 3,
      },
      {
        kinds: { kind: ['Component', 'System', 'API', 'Resource'] },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          // what the owner card reads of the entity from the index
          'apiVersion',
          'metadata.title',
          'metadata.uid',
          'metadata.etag',
          'status.items',
          'spec.type',
          'spec.lifecycle',
          'spec.owner',
          'spec.system',
          'spec.ownership',
        ],
        pageSize: 3,
      },
      {
        kinds: { kind: ['Group'] },
        fields: expect.arrayContaining(['spec.parent', 'spec.members']),
        pageSize: 3,
      },
      {
        kinds: { kind: ['User'] },
        fields: expect.arrayContaining(['spec.memberOf']),
        pageSize: 3,
      },
      {
        kinds: { kind: ['EscalationPolicy'] },
        fields: expect.arrayContaining(['apiVersion', 'spec', 'status.items']),
        pageSize: 3,
      },
      {
        kinds: { kind: ['RaciMatrix'] },
        fields: expect.arrayContaining(['apiVersion', 'spec', 'status.items']),
        pageSize: 3,
      },
    ]);
    for (const [, options] of catalog.streamEntities.mock.calls) {
      expect(options).toEqual({ credentials: expect.anything() });
    }
    const stats = result.ok ? result.stats : undefined;
    expect(stats?.entities).toEqual({
      inserted: 9,
      updated: 0,
      deleted: 0,
      unchanged: 0,
    });
    expect(stats?.groups.inserted).toBe(7);
    expect(stats?.users.inserted).toBe(8);

    const statuses = await knex('ownership_index_entities')
      .orderBy('entity_ref')
      .select('entity_ref', 'owner_status', 'reason_count', 'error_count');
    expect(statuses).toEqual([
      {
        entity_ref: 'api:default/payments-public',
        owner_status: 'ok',
        reason_count: 0,
        error_count: 0,
      },
      {
        entity_ref: 'component:default/empty-service',
        owner_status: 'no-members',
        reason_count: 1,
        error_count: 1,
      },
      {
        entity_ref: 'component:default/feature-x',
        owner_status: 'ok',
        reason_count: 1,
        error_count: 1,
      },
      {
        entity_ref: 'component:default/ghost-service',
        owner_status: 'not-found',
        reason_count: 1,
        error_count: 1,
      },
      {
        entity_ref: 'component:default/identity-web',
        owner_status: 'single-member',
        reason_count: 2,
        error_count: 1,
      },
      {
        entity_ref: 'component:default/missing-user-owned',
        owner_status: 'not-found',
        reason_count: 1,
        error_count: 1,
      },
      {
        entity_ref: 'component:default/payments-api',
        owner_status: 'ok',
        reason_count: 0,
        error_count: 0,
      },
      {
        entity_ref: 'component:default/payments-ledger',
        owner_status: 'single-member',
        reason_count: 1,
        error_count: 0,
      },
      {
        entity_ref: 'component:default/user-owned',
        owner_status: 'ok',
        reason_count: 0,
        error_count: 0,
      },
    ]);
    const groups = await knex('ownership_index_groups')
      .orderBy('entity_ref')
      .select('entity_ref', 'member_count', 'direct_member_count');
    expect(groups).toEqual([
      {
        entity_ref: 'group:default/empty-team',
        member_count: 0,
        direct_member_count: 0,
      },
      {
        entity_ref: 'group:default/identity',
        member_count: 1,
        direct_member_count: 1,
      },
      {
        entity_ref: 'group:default/ownership-admins',
        member_count: 1,
        direct_member_count: 1,
      },
      {
        entity_ref: 'group:default/payments',
        member_count: 3,
        direct_member_count: 2,
      },
      {
        entity_ref: 'group:default/payments-core',
        member_count: 1,
        direct_member_count: 1,
      },
      {
        entity_ref: 'group:default/platform',
        member_count: 4,
        direct_member_count: 0,
      },
      {
        entity_ref: 'group:default/sre',
        member_count: 2,
        direct_member_count: 2,
      },
    ]);
    expect((await store.getIndexState()).indexedAt).toEqual(
      new Date('2026-03-10T12:00:00Z'),
    );
  });

  it('diffs: a second refresh with one change touches one row', async () => {
    const { indexer, catalog, knex, setNow } = await setup();
    await indexer.refresh();
    setNow(new Date('2026-03-10T12:05:00Z'));
    const before = await knex('ownership_index_entities')
      .orderBy('entity_ref')
      .select('entity_ref', 'updated_at', 'first_seen_at');

    const unchanged = await indexer.refresh();
    expect(unchanged.ok && unchanged.stats.entities).toEqual({
      inserted: 0,
      updated: 0,
      deleted: 0,
      unchanged: 9,
    });
    expect(unchanged.ok && unchanged.stats.derived).toEqual({
      entities: 0,
      groups: 0,
    });

    catalog.set(
      exampleEntities().map(e =>
        e.metadata.name === 'ghost-service'
          ? component('ghost-service', { owner: 'group:default/sre' })
          : e,
      ),
    );
    const changed = await indexer.refresh();
    expect(changed.ok && changed.stats.entities).toEqual({
      inserted: 0,
      updated: 1,
      deleted: 0,
      unchanged: 8,
    });
    expect(changed.ok && changed.stats.reasons).toEqual({
      added: 0,
      removed: 1,
    });
    const after = await knex('ownership_index_entities')
      .orderBy('entity_ref')
      .select('entity_ref', 'updated_at', 'first_seen_at', 'owner_status');
    const touched = after.filter(
      (row, i) => String(row.updated_at) !== String(before[i].updated_at),
    );
    expect(touched.map(r => r.entity_ref)).toEqual([
      'component:default/ghost-service',
    ]);
    expect(after.map(r => String(r.first_seen_at))).toEqual(
      before.map(r => String(r.first_seen_at)),
    );
    expect(
      after.find(r => r.entity_ref === 'component:default/ghost-service')
        ?.owner_status,
    ).toBe('ok');
  });

  it('deletes entities that vanished from the catalog', async () => {
    const { indexer, catalog, knex } = await setup();
    await indexer.refresh();
    catalog.set(
      exampleEntities().filter(
        e => e.metadata.name !== 'ghost-service' && e.metadata.name !== 'eve',
      ),
    );
    const result = await indexer.refresh();
    expect(result.ok && result.stats.entities.deleted).toBe(1);
    expect(result.ok && result.stats.users.deleted).toBe(1);
    expect(
      await knex('ownership_index_reasons').where({
        entity_ref: 'component:default/ghost-service',
      }),
    ).toEqual([]);
    // eve owned user-owned directly: now a dangling owner
    expect(
      await knex('ownership_index_entities')
        .where({ entity_ref: 'component:default/user-owned' })
        .first('owner_status'),
    ).toEqual({ owner_status: 'not-found' });
  });

  it('skips staging and diffing while the catalog etags are unchanged, but still evaluates the reasons', async () => {
    const tagged = (version: string) =>
      exampleEntities().map(e => ({
        ...e,
        metadata: { ...e.metadata, etag: `${e.metadata.name}-${version}` },
      }));
    const { indexer, catalog, store, knex } = await setup(tagged('1'));
    const first = await indexer.refresh();
    expect(first.ok && first.stats.catalogUnchanged).toBeFalsy();
    expect((await store.getIndexState()).catalogDigest).toMatch(
      /^[0-9a-f]{40}$/,
    );

    catalog.streamEntities.mockClear();
    const second = await indexer.refresh();
    expect(second).toMatchObject({
      ok: true,
      entitiesRead: 26,
      stats: { catalogUnchanged: true },
    });
    // the etags only
    expect(catalog.streamEntities).toHaveBeenCalledTimes(1);
    expect((await store.getIndexState()).indexedAt).toBeDefined();
    expect(await knex('ownership_index_entities')).toHaveLength(9);

    // one changed etag: a full refresh again
    catalog.set(
      tagged('1').map(e =>
        e.metadata.name === 'payments-api'
          ? { ...e, metadata: { ...e.metadata, etag: 'changed', title: 'Pay' } }
          : e,
      ),
    );
    catalog.streamEntities.mockClear();
    const third = await indexer.refresh();
    expect(third.ok && third.stats.catalogUnchanged).toBeFalsy();
    expect(third.ok && third.stats.entities.updated).toBe(1);
    expect(catalog.streamEntities.mock.calls.length).toBeGreaterThan(1);
  });

  it('stores what the owner card reads of each entity, from the streamed fields only', async () => {
    const processingError = {
      type: 'backstage.io/catalog-processing',
      level: 'error',
      message: 'InputError: tier-9 is not a tier',
      error: { name: 'InputError', message: 'tier-9 is not a tier' },
    };
    const { indexer, knex } = await setup(
      exampleEntities().map(e =>
        e.metadata.name === 'payments-api'
          ? ({
              ...e,
              metadata: {
                ...e.metadata,
                uid: 'uid-payments-api',
                etag: 'etag-1',
                description: 'not read by the card',
                annotations: { 'backstage.io/source-location': 'url:x' },
              },
              spec: { ...e.spec, definition: 'openapi: 3.0.0 (large)' },
              relations: [{ type: 'ownedBy', targetRef: 'group:default/x' }],
              status: {
                items: [
                  processingError,
                  { type: 'other', level: 'error', message: 'not ours' },
                ],
              },
            } as Entity)
          : e,
      ),
    );
    expect(await indexer.refresh()).toMatchObject({ ok: true });
    const documents = await knex('ownership_index_documents')
      .orderBy('entity_ref')
      .select('entity_ref', 'kind');
    // services and other owned entities as well as policies and matrices
    expect(documents).toEqual(
      expect.arrayContaining([
        { entity_ref: 'component:default/payments-api', kind: 'Component' },
        {
          entity_ref: 'escalationpolicy:default/payments-tier-1',
          kind: 'EscalationPolicy',
        },
        { entity_ref: 'racimatrix:default/payments-raci', kind: 'RaciMatrix' },
      ]),
    );
    expect(documents.filter(d => d.kind === 'Group')).toEqual([]);
    const [payments] = await knex('ownership_index_documents')
      .where({ entity_ref: 'component:default/payments-api' })
      .select('document');
    const original = exampleEntities().find(
      e => e.metadata.name === 'payments-api',
    )!;
    expect(JSON.parse(payments.document)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'payments-api',
        namespace: 'default',
        title: 'Payments API',
        uid: 'uid-payments-api',
        etag: 'etag-1',
      },
      spec: {
        owner: original.spec!.owner,
        system: original.spec!.system,
        ownership: original.spec!.ownership,
      },
      status: { items: [processingError] },
    });
  });

  it('stops every stream and keeps the last good index when one stream fails', async () => {
    const { indexer, catalog, store, knex } = await setup();
    await indexer.refresh();
    const entities = () =>
      knex('ownership_index_entities').orderBy('entity_ref');
    const before = await entities();
    const stream = catalog.streamEntities.getMockImplementation()!;
    catalog.streamEntities.mockImplementation((request, options) =>
      (async function* usersFail() {
        for await (const page of stream(request, options)) {
          yield page;
          if (JSON.stringify(request?.filter).includes('User')) {
            throw new Error('users page 2: 503 Service Unavailable');
          }
        }
      })(),
    );
    catalog.set(
      exampleEntities().filter(e => e.metadata.name !== 'ghost-service'),
    );
    const result = await indexer.refresh();
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error).toMatch(
      /reading the catalog failed: .*503 Service Unavailable/,
    );
    expect(await entities()).toEqual(before);
    expect(
      Number((await knex('ownership_index_staging').count({ n: '*' }))[0].n),
    ).toBe(0);
    expect((await store.getIndexState()).lastError).toMatch(/503/);
  });

  it('keeps the last good index when the catalog fails half way', async () => {
    const { indexer, catalog, store, knex, logger, setNow } = await setup();
    await indexer.refresh();
    const snapshot = async () => ({
      entities: await knex('ownership_index_entities').orderBy('entity_ref'),
      reasons: await knex('ownership_index_reasons').orderBy([
        'entity_ref',
        'code',
      ]),
      groups: await knex('ownership_index_groups').orderBy('entity_ref'),
    });
    const before = await snapshot();

    setNow(new Date('2026-03-10T12:05:00Z'));
    catalog.fail(new Error('ECONNREFUSED catalog'));
    const result = await indexer.refresh();
    expect(result).toMatchObject({ ok: false });
    expect(!result.ok && result.error).toMatch(/ECONNREFUSED catalog/);
    expect(await snapshot()).toEqual(before);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /keeping the index from 2026-03-10T12:00:00.000Z.*ECONNREFUSED/,
      ),
    );
    const state = await store.getIndexState();
    expect(state.indexedAt).toEqual(new Date('2026-03-10T12:00:00Z'));
    expect(state.lastAttemptAt).toEqual(new Date('2026-03-10T12:05:00Z'));
    expect(state.lastError).toMatch(/ECONNREFUSED/);
    expect(
      Number((await knex('ownership_index_staging').count({ n: '*' }))[0].n),
    ).toBe(0);

    // an empty answer does not wipe the index either
    catalog.fail(undefined);
    catalog.set([]);
    expect(await indexer.refresh()).toMatchObject({
      ok: false,
      error: 'the catalog returned no entities',
    });
    expect(await snapshot()).toEqual(before);
  });

  it('does not count a refresh that read nothing as the first build', async () => {
    const { indexer, store, catalog } = await setup([]);
    expect(await indexer.refresh()).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no entities yet/),
    });
    expect((await store.getIndexState()).indexedAt).toBeUndefined();
    catalog.set(exampleEntities());
    expect(await indexer.refresh()).toMatchObject({ ok: true });
    expect((await store.getIndexState()).indexedAt).toBeDefined();
  });

  describe('when aborted', () => {
    async function abortSetup() {
      const env = await setup();
      await env.indexer.refresh();
      const snapshot = async () => ({
        entities: await env
          .knex('ownership_index_entities')
          .orderBy('entity_ref'),
        reasons: await env
          .knex('ownership_index_reasons')
          .orderBy(['entity_ref', 'code']),
        state: await env.store.getIndexState(),
      });
      const before = await snapshot();
      env.setNow(new Date('2026-03-10T12:05:00Z'));
      // a change that a completed refresh would write
      env.catalog.set(
        exampleEntities().filter(e => e.metadata.name !== 'ghost-service'),
      );
      const staged = async () =>
        Number(
          (await env.knex('ownership_index_staging').count({ n: '*' }))[0].n,
        );
      return { ...env, before, snapshot, staged };
    }

    it('stops between catalog pages and keeps the last good index', async () => {
      const { indexer, catalog, before, snapshot, staged } = await abortSetup();
      const controller = new AbortController();
      const stream = catalog.streamEntities.getMockImplementation()!;
      catalog.streamEntities.mockImplementationOnce((request, options) =>
        (async function* abortAfterFirstPage() {
          for await (const page of stream(request, options)) {
            yield page;
            controller.abort();
          }
        })(),
      );

      const result = await indexer.refresh({ signal: controller.signal });
      expect(result).toMatchObject({ ok: false });
      // the other streams stop at their next page too
      expect(result.entitiesRead).toBeLessThan(26);
      expect(!result.ok && result.error).toMatch(
        /aborted while reading the catalog/,
      );
      const after = await snapshot();
      expect(after.entities).toEqual(before.entities);
      expect(after.reasons).toEqual(before.reasons);
      expect(after.state.indexedAt).toEqual(before.state.indexedAt);
      expect(after.state.lastError).toMatch(/aborted/);
      expect(await staged()).toBe(0);
    });

    it('rolls back a half-applied index', async () => {
      const { indexer, knex, before, snapshot, staged } = await abortSetup();
      const controller = new AbortController();
      // abort once the diff has started writing the index tables
      const onQuery = (query: { sql: string }) => {
        if (/^delete from\W+ownership_index_entities\b/i.test(query.sql)) {
          controller.abort();
        }
      };
      knex.on('query', onQuery);
      try {
        const result = await indexer.refresh({ signal: controller.signal });
        expect(controller.signal.aborted).toBe(true);
        expect(result).toMatchObject({ ok: false, entitiesRead: 25 });
        expect(!result.ok && result.error).toMatch(
          /aborted before the index was written/,
        );
      } finally {
        knex.off('query', onQuery);
      }
      const after = await snapshot();
      // ghost-service's deletion was rolled back
      expect(after.entities).toEqual(before.entities);
      expect(after.reasons).toEqual(before.reasons);
      expect(after.state.indexedAt).toEqual(before.state.indexedAt);
      expect(await staged()).toBe(0);
    });
  });

  it('flags services not verified within the period, counted from first ingestion', async () => {
    const { indexer, knex, setNow, verifications } = await setup();
    await indexer.refresh();
    expect(
      await knex('ownership_index_reasons').where({ code: 'not-verified' }),
    ).toEqual([]);
    await verifications.recordVerification(
      {
        entityRef: 'component:default/payments-api',
        verifiedAt: new Date('2026-04-01T00:00:00Z'),
        verifiedBy: 'user:default/ann',
      },
      {
        occurredAt: new Date('2026-04-01T00:00:00Z'),
        actor: 'user:default/ann',
        action: 'verify',
        entityRef: 'component:default/payments-api',
        details: {},
        correlationId: 'c1',
      },
    );
    setNow(new Date('2026-06-10T12:00:01Z'));
    await indexer.refresh();
    const notVerified = await knex('ownership_index_reasons')
      .where({ code: 'not-verified' })
      .orderBy('entity_ref')
      .pluck('entity_ref');
    expect(notVerified).toHaveLength(7);
    expect(notVerified).not.toContain('component:default/payments-api');
    expect(notVerified).not.toContain('api:default/payments-public');
  });

  it('stores the end of the refresh as indexedAt, the start as lastAttemptAt', async () => {
    const knex = await databases.init(id);
    const store = await DatabaseIndexStore.create({
      database: mockServices.database({ knex }),
    });
    // every reading of the clock is a second later
    let tick = Date.parse('2026-03-10T12:00:00Z');
    const indexer = new OwnershipIndexer({
      catalog: mutableCatalog(exampleEntities()),
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
      config: readOwnershipConfig(new ConfigReader({})),
      clock: () => new Date((tick += 1000)),
    });
    expect(await indexer.refresh()).toMatchObject({ ok: true });
    const state = await store.getIndexState();
    expect(state.lastAttemptAt).toEqual(new Date('2026-03-10T12:00:01Z'));
    expect(state.indexedAt).toEqual(new Date('2026-03-10T12:00:02Z'));
  });
});
