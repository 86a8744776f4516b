import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, exampleEntities, stitch } from '../__testUtils__/entities';
import {
  applyDefaults as defaults,
  indexedDatabase,
  page,
} from '../__testUtils__/indexedDatabase';
import { DatabaseReportsStore } from '../reports/DatabaseReportsStore';
import { readCoverageSnapshot } from './coverageSnapshots';
import { getIndexedEntity } from './indexedEntities';
import { entityToIndexRows } from './rows';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const selection = { serviceKinds: ['Component'] };

const processingError = (message: string) => ({
  items: [
    {
      type: 'backstage.io/catalog-processing',
      level: 'error',
      message,
      error: { name: 'InputError', message },
    },
  ],
});

describe.each(databases.eachSupportedId())('DatabaseIndexStore on %p', id => {
  async function createStore() {
    const env = await indexedDatabase(databases, id);
    return {
      ...env,
      store: env.index,
      reports: await DatabaseReportsStore.create(env),
    };
  }

  it('keeps the staged rows of overlapping runs apart', async () => {
    const { store, knex } = await createStore();
    const rows = (entities: Entity[]) =>
      entities.flatMap(e => entityToIndexRows(e, selection));
    const all = rows(exampleEntities());
    const withoutGhost = rows(
      exampleEntities().filter(e => e.metadata.name !== 'ghost-service'),
    );
    const entityCount = (list: typeof all) =>
      list.filter(r => r.target === 'entities').length;
    await store.stageIndexRows('run-a', all);
    await store.stageIndexRows('run-b', withoutGhost);
    expect(await store.countStagedRows('run-a', 'entities')).toBe(
      entityCount(all),
    );

    const now = new Date('2026-03-01T00:00:00Z');
    const b = await store.applyStagedIndex({
      ...defaults,
      runId: 'run-b',
      now,
    });
    expect(b.entities.inserted).toBe(entityCount(withoutGhost));
    expect(
      await knex('ownership_index_entities').where({
        entity_ref: 'component:default/ghost-service',
      }),
    ).toEqual([]);
    // b's apply cleared its own rows only
    expect(await store.countStagedRows('run-b', 'entities')).toBe(0);
    expect(await store.countStagedRows('run-a', 'entities')).toBe(
      entityCount(all),
    );

    await store.clearIndexStaging('run-b');
    const a = await store.applyStagedIndex({
      ...defaults,
      runId: 'run-a',
      now,
    });
    expect(a.entities).toEqual({
      inserted: 1,
      updated: 0,
      deleted: 0,
      unchanged: entityCount(withoutGhost),
    });

    // rows a crashed run left behind go once they are stale
    await store.stageIndexRows('run-crashed', all);
    await store.clearIndexStaging('run-c', {
      staleBefore: new Date(Date.now() - 60_000),
    });
    expect(await store.countStagedRows('run-crashed', 'entities')).toBe(
      entityCount(all),
    );
    await store.clearIndexStaging('run-c', {
      staleBefore: new Date(Date.now() + 60_000),
    });
    expect(await store.countStagedRows('run-crashed', 'entities')).toBe(0);
  });

  it('diffs staged rows into the index and reports what changed', async () => {
    const { feed } = await createStore();
    const first = await feed(
      exampleEntities(),
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(first.entities).toEqual({
      inserted: 9,
      updated: 0,
      deleted: 0,
      unchanged: 0,
    });
    expect(first.reasons).toEqual({ added: 7, removed: 0 });

    const changed = exampleEntities()
      .filter(e => e.metadata.name !== 'feature-x')
      .concat(stitch([component('new-one', { owner: 'sre' })]));
    const second = await feed(changed, new Date('2026-03-01T01:00:00Z'));
    expect(second.entities).toEqual({
      inserted: 1,
      updated: 0,
      deleted: 1,
      unchanged: 8,
    });
    expect(second.reasons).toEqual({ added: 0, removed: 1 });
    expect(second.links).toMatchObject({ inserted: 0, deleted: 0 });
  });

  it('honours the rule switches', async () => {
    const { feed, reports } = await createStore();
    await feed(exampleEntities(), new Date('2026-03-01T00:00:00Z'), {
      tier1RequiresEscalationPolicy: false,
      warnSingleMemberTeams: false,
    });
    const { items } = await reports.listOrphans(page);
    expect(items.map(i => [i.entityRef, i.reasons.map(r => r.code)])).toEqual([
      ['component:default/empty-service', ['owner-no-members']],
      ['component:default/feature-x', ['ownership-expired']],
      ['component:default/ghost-service', ['owner-not-found']],
      ['component:default/missing-user-owned', ['owner-not-found']],
    ]);
  });

  it('counts members through nested groups and survives cycles', async () => {
    const { feed, knex } = await createStore();
    const group = (name: string, spec: object) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team', children: [], ...spec },
    });
    const user = (name: string, memberOf: string[]) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name, namespace: 'default' },
      spec: { memberOf },
    });
    await feed(
      [
        group('a', { children: ['b'] }),
        group('b', { children: ['c'] }),
        group('c', { children: ['a'], members: ['u3', 'u-missing'] }),
        group('d', { parent: 'a' }),
        user('u1', ['a']),
        user('u2', ['b', 'd']),
        user('u3', []),
        component('owned-by-d', { owner: 'd' }),
        component('owned-by-b', { owner: 'b' }),
      ],
      new Date('2026-03-01T00:00:00Z'),
    );
    expect(
      await knex('ownership_index_groups')
        .orderBy('entity_ref')
        .select('entity_ref', 'member_count', 'direct_member_count'),
    ).toEqual([
      {
        entity_ref: 'group:default/a',
        member_count: 3,
        direct_member_count: 1,
      },
      {
        entity_ref: 'group:default/b',
        member_count: 3,
        direct_member_count: 1,
      },
      {
        entity_ref: 'group:default/c',
        member_count: 3,
        direct_member_count: 1,
      },
      {
        entity_ref: 'group:default/d',
        member_count: 1,
        direct_member_count: 1,
      },
    ]);
    expect(
      await knex('ownership_index_entities')
        .orderBy('entity_ref')
        .pluck('owner_status'),
    ).toEqual(['ok', 'single-member']);
  });
  it('records a catalog processing error as an error reason that counts against coverage', async () => {
    const { feed, knex, reports } = await createStore();
    const withError = exampleEntities().map(e =>
      e.metadata.name === 'payments-api'
        ? ({
            ...e,
            status: processingError(
              'Policy check failed for component:default/payments-api; caused by Error: tier-9 is not a tier',
            ),
          } as Entity)
        : e,
    );
    const now = new Date('2026-03-01T00:00:00Z');
    await feed(withError, now);
    const record = await getIndexedEntity(
      knex,
      'component:default/payments-api',
    );
    expect(record?.reasons).toEqual([
      { code: 'catalog-processing-error', severity: 'error' },
    ]);
    const { items } = await reports.listOrphans({
      ...page,
      reasons: ['catalog-processing-error'],
    });
    expect(items.map(i => i.entityRef)).toEqual([
      'component:default/payments-api',
    ]);
    expect(items[0].processingError).toMatch(/tier-9 is not a tier/);
    // payments-api was one of the 3 owned services
    expect((await readCoverageSnapshot(knex))?.owned).toBe(2);

    // a warning does not count, and the reason goes once fixed
    await feed(
      exampleEntities().map(e =>
        e.metadata.name === 'payments-api'
          ? ({
              ...e,
              status: {
                items: [
                  {
                    ...processingError('x').items[0],
                    level: 'warning',
                  },
                ],
              },
            } as Entity)
          : e,
      ),
      now,
    );
    expect(
      (await getIndexedEntity(knex, 'component:default/payments-api'))?.reasons,
    ).toEqual([]);
    expect((await readCoverageSnapshot(knex))?.owned).toBe(3);
  });

  it('links collaborators and RACI escalation paths from the model', async () => {
    const { feed, knex } = await createStore();
    await feed(
      stitch([
        component('shop', {
          owner: 'payments',
          ownership: { collaborators: ['sre', 'user:default/eve'] },
        }),
        {
          apiVersion: 'ownership.dev/v1alpha1',
          kind: 'RaciMatrix',
          metadata: { name: 'm', namespace: 'default' },
          spec: {
            owner: 'payments',
            appliesTo: ['component:default/shop'],
            activities: [
              {
                name: 'Incidents',
                responsible: 'sre',
                accountable: 'payments',
                escalationPath: ['group:default/platform', 'not a ref!'],
              },
            ],
          },
        },
      ]),
      new Date('2026-03-01T00:00:00Z'),
    );
    const links = await knex('ownership_index_links')
      .orderBy(['link_type', 'target_ref'])
      .select('source_ref', 'link_type', 'target_ref', 'detail');
    expect(links).toEqual([
      {
        source_ref: 'component:default/shop',
        link_type: 'collaborator',
        target_ref: 'group:default/sre',
        detail: '',
      },
      {
        source_ref: 'component:default/shop',
        link_type: 'collaborator',
        target_ref: 'user:default/eve',
        detail: '',
      },
      {
        source_ref: 'racimatrix:default/m',
        link_type: 'raci',
        target_ref: 'group:default/payments',
        detail: '["Incidents","A"]',
      },
      {
        source_ref: 'racimatrix:default/m',
        link_type: 'raci',
        target_ref: 'group:default/platform',
        detail: '["Incidents","E"]',
      },
      {
        source_ref: 'racimatrix:default/m',
        link_type: 'raci',
        target_ref: 'group:default/sre',
        detail: '["Incidents","R"]',
      },
      // which entities the matrix applies to (for the handoff notifications)
      {
        source_ref: 'racimatrix:default/m',
        link_type: 'raci-applies-to',
        target_ref: 'component:default/shop',
        detail: '',
      },
    ]);
  });

  it('stores the end of the refresh as indexedAt', async () => {
    const { store, knex } = await createStore();
    await store.stageIndexRows(
      'run-1',
      exampleEntities().flatMap(e => entityToIndexRows(e, selection)),
    );
    const start = new Date('2026-03-01T00:00:00Z');
    const end = new Date('2026-03-01T00:00:07Z');
    await store.applyStagedIndex({
      ...defaults,
      runId: 'run-1',
      now: start,
      clock: () => end,
    });
    expect(await store.getIndexState()).toMatchObject({
      indexedAt: end,
      lastAttemptAt: start,
    });
    expect(await readCoverageSnapshot(knex)).toMatchObject({
      date: '2026-03-01',
      takenAt: end,
    });
  });
});
