import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, exampleEntities, stitch } from '../__testUtils__/entities';
import { indexedDatabase, page } from '../__testUtils__/indexedDatabase';
import { DatabaseReportsStore } from './DatabaseReportsStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseReportsStore on %p', id => {
  async function createStore() {
    const env = await indexedDatabase(databases, id);
    return { ...env, store: await DatabaseReportsStore.create(env) };
  }

  describe('orphan queries', () => {
    it('sorts with missing values last in both directions', async () => {
      const { feed, store } = await createStore();
      await feed(
        stitch([
          component('b', { owner: 'ghosts' }, { title: 'Beta' }),
          component('a', { owner: 'ghosts' }),
          component('c', { owner: 'ghosts' }, { title: 'alpha' }),
        ]),
        new Date('2026-03-01T00:00:00Z'),
      );
      const order = async (o: 'asc' | 'desc') =>
        (
          await store.listOrphans({ ...page, orderBy: 'title', order: o })
        ).items.map(i => i.title ?? '-');
      const asc = await order('asc');
      expect(asc[2]).toBe('-');
      expect((await order('desc'))[2]).toBe('-');
    });

    it('matches the search text literally', async () => {
      const { feed, store } = await createStore();
      await feed(
        stitch([
          component('a', { owner: 'ghosts' }, { title: '100% uptime' }),
          component('b', { owner: 'ghosts' }, { title: '1000 uptime' }),
          component('c_d', { owner: 'ghosts' }),
          component('cxd', { owner: 'ghosts' }),
          component('ue', { owner: 'ghosts' }, { title: 'ÜBERWEISUNGEN' }),
        ]),
        new Date('2026-03-01T00:00:00Z'),
      );
      const search = async (q: string) =>
        (await store.listOrphans({ ...page, q })).items.map(i => i.entityRef);
      expect(await search('100%')).toEqual(['component:default/a']);
      expect(await search('c_d')).toEqual(['component:default/c_d']);
      expect(await search('UPTIME')).toEqual([
        'component:default/a',
        'component:default/b',
      ]);
      // beyond ASCII too, on SQLite as on PostgreSQL
      expect(await search('überweisung')).toEqual(['component:default/ue']);
      expect(await search('Überweisung')).toEqual(['component:default/ue']);
    });

    it('streams all matches in order', async () => {
      const { feed, store } = await createStore();
      await feed(
        stitch(
          Array.from({ length: 1100 }, (_, i) =>
            component(`svc-${String(i).padStart(4, '0')}`, {
              owner: 'ghosts',
            }),
          ),
        ),
        new Date('2026-03-01T00:00:00Z'),
      );
      const refs: string[] = [];
      for await (const batch of store.streamOrphans({
        orderBy: 'entityRef',
        order: 'desc',
      })) {
        refs.push(...batch.map(b => b.entityRef));
      }
      expect(refs).toHaveLength(1100);
      expect(refs[0]).toBe('component:default/svc-1099');
      expect(refs[1099]).toBe('component:default/svc-0000');
    });
  });

  describe('read snapshots', () => {
    it('sees one state of the index while another connection writes', async () => {
      const { feed, store, knex } = await createStore();
      await feed(
        stitch(
          Array.from({ length: 5 }, (_, i) =>
            component(`svc-${i}`, { owner: 'ghosts' }),
          ),
        ),
        new Date('2026-03-01T00:00:00Z'),
      );
      let write: Promise<unknown> | undefined;
      const [first, second] = await store.readSnapshot(async snapshot => {
        const before = await snapshot.listOrphans(page);
        write = knex('ownership_index_entities')
          .where('entity_ref', 'component:default/svc-0')
          .delete();
        if (id.startsWith('POSTGRES')) {
          // another connection commits in the middle of the snapshot
          await write;
        }
        // (SQLite has one connection: the delete waits for the snapshot)
        return [before, await snapshot.listOrphans(page)];
      });
      await write;
      expect(first.totalCount).toBe(5);
      expect(second.totalCount).toBe(5);
      expect(second.items.map(i => i.entityRef)).toEqual(
        first.items.map(i => i.entityRef),
      );
      expect((await store.listOrphans(page)).totalCount).toBe(4);
    });

    it('runs one query at a time on the snapshot connection', async () => {
      const { feed, store, knex } = await createStore();
      await feed(exampleEntities(), new Date('2026-03-01T00:00:00Z'));
      // pg 8 warns and pg 9 fails when a query starts on a client that is
      // still running one, as Promise.all on one transaction does.
      // Queries in flight per connection (BEGIN and COMMIT have no uid and
      // no response event).
      const running = new Map<string, Set<string>>();
      let queries = 0;
      let overlaps = 0;
      type QueryData = { __knexUid: string; __knexQueryUid?: string };
      const start = (q: QueryData) => {
        if (!q.__knexQueryUid) return;
        const inFlight = running.get(q.__knexUid) ?? new Set();
        running.set(q.__knexUid, inFlight);
        overlaps += inFlight.size ? 1 : 0;
        queries += 1;
        inFlight.add(q.__knexQueryUid);
      };
      const end = (_: unknown, q: QueryData) =>
        running.get(q.__knexUid)?.delete(q.__knexQueryUid ?? '');
      knex.on('query', start);
      knex.on('query-response', end);
      knex.on('query-error', end);
      try {
        const [orphans, team] = await store.readSnapshot(async snapshot => [
          await snapshot.listOrphans(page),
          await snapshot.getTeam('group:default/payments', { limit: 10 }),
        ]);
        expect(orphans.totalCount).toBeGreaterThan(0);
        expect(team?.owned.length).toBeGreaterThan(0);
      } finally {
        knex.removeListener('query', start);
        knex.removeListener('query-response', end);
        knex.removeListener('query-error', end);
      }
      expect(queries).toBeGreaterThan(5);
      expect(overlaps).toBe(0);
    });
  });

  describe('orphan search', () => {
    it("also matches the owner's ref and the owner group's title", async () => {
      const { feed, store } = await createStore();
      const group = (name: string, title: string) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name, namespace: 'default' },
        spec: { type: 'team', children: [], profile: { displayName: title } },
      });
      await feed(
        stitch([
          group('zahlungen', 'Zahlungsverkehr ÜBERWEISUNGEN'),
          group('team-b', 'Plain'),
          component('a', { owner: 'zahlungen' }),
          component('b', { owner: 'team-b' }),
          component('c', { owner: 'ghosts' }),
        ]),
        new Date('2026-03-01T00:00:00Z'),
      );
      const search = async (q: string) =>
        (await store.listOrphans({ ...page, q })).items.map(
          i => i.entityRef.split('/')[1],
        );
      // the owner group's title, beyond ASCII, on SQLite as on PostgreSQL
      expect(await search('überweisungen')).toEqual(['a']);
      expect(await search('Zahlungsverkehr')).toEqual(['a']);
      // the owner's ref
      expect(await search('group:default/team-b')).toEqual(['b']);
      expect(await search('GHOSTS')).toEqual(['c']);
      expect(await search('plain')).toEqual(['b']);
      // counted the same way
      expect(
        (await store.listOrphans({ ...page, q: 'team-' })).totalCount,
      ).toBe(1);
    });
  });

  describe('team view', () => {
    it('lists what the team collaborates on, without counting it as owned', async () => {
      const { feed, store } = await createStore();
      await feed(
        [
          ...exampleEntities(),
          ...stitch([
            component(
              'checkout',
              {
                owner: 'identity',
                ownership: {
                  collaborators: ['group:default/payments-core', 'sre'],
                },
              },
              { title: 'Checkout' },
            ),
          ]),
        ],
        new Date('2026-03-01T00:00:00Z'),
      );
      const team = await store.getTeam('group:default/payments', {
        limit: 50,
      });
      expect(team?.collaborations).toEqual([
        {
          entityRef: 'component:default/checkout',
          kind: 'Component',
          title: 'Checkout',
          owner: 'group:default/identity',
          collaborator: 'group:default/payments-core',
        },
      ]);
      expect(team?.owned.map(o => o.entityRef)).not.toContain(
        'component:default/checkout',
      );
      expect(
        (await store.getTeam('group:default/identity', { limit: 50 }))
          ?.collaborations,
      ).toEqual([]);
    });
  });

  describe('team view with limits', () => {
    const crew: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'crew', namespace: 'default' },
      spec: { type: 'team', children: [] },
    };
    const policy = (name: string, spec: JsonObject): Entity => ({
      apiVersion: 'ownership.dev/v1alpha1',
      kind: 'EscalationPolicy',
      metadata: { name, namespace: 'default' },
      spec,
    });
    const level = (n: number, name: string, target: string) => ({
      level: n,
      name,
      escalateAfter: '15m',
      targets: [{ type: 'group', id: target }],
    });
    const crewEntities = (): Entity[] => [
      crew,
      {
        apiVersion: 'ownership.dev/v1alpha1',
        kind: 'RaciMatrix',
        metadata: { name: 'crew-raci', namespace: 'default' },
        spec: {
          owner: 'group:default/crew',
          activities: ['a1', 'a2', 'a3'].map(name => ({
            name,
            responsible: ['group:default/crew'],
            accountable: 'group:default/crew',
            escalationPath: ['group:default/crew'],
          })),
        },
      },
      ...['p1', 'p2', 'p3'].map(name =>
        policy(name, {
          owner: 'group:default/crew',
          levels: [level(1, 'Primary', 'group:default/other')],
        }),
      ),
      ...['t1', 't2', 't3'].map(name =>
        policy(name, {
          owner: 'group:default/other',
          levels: [
            level(1, 'First', 'group:default/crew'),
            level(2, 'Second', 'group:default/crew'),
          ],
        }),
      ),
    ];

    it('shows escalation-path (E) roles beside R, A, C and I', async () => {
      const { feed, store } = await createStore();
      await feed(stitch(crewEntities()), new Date('2026-03-01T00:00:00Z'));
      const team = await store.getTeam('group:default/crew', { limit: 50 });
      expect(
        team?.raciRoles.filter(r => r.activity === 'a1').map(r => r.role),
      ).toEqual(['A', 'E', 'R']);
      expect(team?.raciRoles).toHaveLength(9);
      expect(team?.escalationPolicies).toEqual([
        ...['p1', 'p2', 'p3'].map(name => ({
          policyRef: `escalationpolicy:default/${name}`,
          levels: [],
          as: 'owner',
        })),
        ...['t1', 't2', 't3'].map(name => ({
          policyRef: `escalationpolicy:default/${name}`,
          levels: ['First', 'Second'],
          as: 'target',
        })),
      ]);
    });

    it('cuts RACI roles and escalation policies to the limit', async () => {
      const { feed, store } = await createStore();
      await feed(stitch(crewEntities()), new Date('2026-03-01T00:00:00Z'));
      const team = await store.getTeam('group:default/crew', { limit: 2 });
      expect(team?.raciRoles).toEqual([
        {
          matrixRef: 'racimatrix:default/crew-raci',
          activity: 'a1',
          role: 'A',
          participant: 'group:default/crew',
        },
        {
          matrixRef: 'racimatrix:default/crew-raci',
          activity: 'a1',
          role: 'E',
          participant: 'group:default/crew',
        },
      ]);
      expect(team?.escalationPolicies).toEqual([
        {
          policyRef: 'escalationpolicy:default/p1',
          levels: [],
          as: 'owner',
        },
        {
          policyRef: 'escalationpolicy:default/p2',
          levels: [],
          as: 'owner',
        },
      ]);
      // a policy the team is a target of keeps all its levels
      const targetOnly = await store.getTeam('group:default/crew', {
        limit: 4,
      });
      expect(targetOnly?.escalationPolicies.slice(3)).toEqual([
        {
          policyRef: 'escalationpolicy:default/t1',
          levels: ['First', 'Second'],
          as: 'target',
        },
      ]);
    });
  });

  describe('coverage snapshots', () => {
    it('keeps one snapshot per day and answers as of a past date', async () => {
      const { feed, store } = await createStore();
      expect(await store.getCoverageSnapshot()).toBeUndefined();
      await feed(exampleEntities(), new Date('2026-03-01T08:00:00Z'));
      await feed(
        exampleEntities().filter(e => e.metadata.name !== 'ghost-service'),
        new Date('2026-03-01T20:00:00Z'),
      );
      await feed(
        exampleEntities().filter(e => e.metadata.name !== 'empty-service'),
        new Date('2026-03-03T08:00:00Z'),
      );

      const trend = await store.getCoverageTrend('2026-02-01');
      expect(trend).toEqual([
        { date: '2026-03-01', total: 7, owned: 3 },
        { date: '2026-03-03', total: 7, owned: 3 },
      ]);
      expect(await store.getCoverageTrend('2026-03-02')).toHaveLength(1);

      const asOf = await store.getCoverageSnapshot('2026-03-02');
      expect(asOf?.date).toBe('2026-03-01');
      expect(asOf?.takenAt).toEqual(new Date('2026-03-01T20:00:00Z'));
      expect(asOf?.buckets.owner).toContainEqual({
        key: 'group:default/empty-team',
        total: 1,
        owned: 0,
      });
      expect(asOf?.buckets.tier[0]).toEqual({ key: '', total: 4, owned: 1 });
      expect((await store.getCoverageSnapshot())?.date).toBe('2026-03-03');
      expect(await store.getCoverageSnapshot('2026-02-28')).toBeUndefined();
    });

    it('prunes snapshots older than the retention', async () => {
      const { feed, store } = await createStore();
      await feed(exampleEntities(), new Date('2026-01-01T00:00:00Z'), {
        snapshotRetentionDays: 30,
      });
      await feed(exampleEntities(), new Date('2026-01-20T00:00:00Z'), {
        snapshotRetentionDays: 30,
      });
      await feed(exampleEntities(), new Date('2026-02-15T00:00:00Z'), {
        snapshotRetentionDays: 30,
      });
      expect(
        (await store.getCoverageTrend('2000-01-01')).map(p => p.date),
      ).toEqual(['2026-01-20', '2026-02-15']);
    });
  });
});
