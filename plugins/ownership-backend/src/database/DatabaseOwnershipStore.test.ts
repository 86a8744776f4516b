import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { createTestDatabases } from '../__testUtils__/databases';
import { component, exampleEntities, stitch } from '../__testUtils__/entities';
import { entityToIndexRows } from '../index/rows';
import { DatabaseOwnershipStore } from './DatabaseOwnershipStore';
import { IndexApplyOptions, OrphanQuery } from './OwnershipStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const selection = { serviceKinds: ['Component'] };

const defaults: Omit<IndexApplyOptions, 'now' | 'runId'> = {
  verificationPeriodDays: 90,
  tier1RequiresEscalationPolicy: true,
  warnSingleMemberTeams: true,
  snapshotRetentionDays: 400,
};

const page: OrphanQuery = {
  offset: 0,
  limit: 50,
  orderBy: 'entityRef',
  order: 'asc',
};

describe.each(databases.eachSupportedId())(
  'DatabaseOwnershipStore on %p',
  id => {
    async function createStore() {
      const knex = await databases.init(id);
      const store = await DatabaseOwnershipStore.create({
        database: mockServices.database({ knex }),
      });
      const feed = async (
        entities: Entity[],
        now: Date,
        options: Partial<IndexApplyOptions> = {},
      ) => {
        await store.stageIndexRows(
          'run-1',
          entities.flatMap(e => entityToIndexRows(e, selection)),
        );
        return store.applyStagedIndex({
          ...defaults,
          ...options,
          runId: 'run-1',
          now,
        });
      };
      return { knex, store, feed };
    }

    describe('verifications and audit', () => {
      it('stores the latest verification with its audit entry', async () => {
        const { store } = await createStore();
        expect(
          await store.getVerification('component:default/a'),
        ).toBeUndefined();
        for (const [day, who] of [
          ['2026-01-01', 'user:default/ann'],
          ['2026-02-01', 'user:default/bob'],
        ]) {
          await store.recordVerification(
            {
              entityRef: 'component:default/a',
              verifiedAt: new Date(`${day}T10:00:00Z`),
              verifiedBy: who,
              comment: `by ${who}`,
            },
            {
              occurredAt: new Date(`${day}T10:00:00Z`),
              actor: who,
              action: 'verify',
              entityRef: 'component:default/a',
              details: { comment: `by ${who}` },
              correlationId: `c-${day}`,
            },
          );
        }
        expect(await store.getVerification('component:default/a')).toEqual({
          entityRef: 'component:default/a',
          verifiedAt: new Date('2026-02-01T10:00:00Z'),
          verifiedBy: 'user:default/bob',
          comment: 'by user:default/bob',
        });
        const audit = await store.listAudit({}, { offset: 0, limit: 10 });
        expect(audit.totalCount).toBe(2);
        expect(audit.items.map(i => i.actor)).toEqual([
          'user:default/bob',
          'user:default/ann',
        ]);
        expect(audit.items[0]).toEqual({
          id: expect.any(String),
          occurredAt: new Date('2026-02-01T10:00:00Z'),
          actor: 'user:default/bob',
          action: 'verify',
          entityRef: 'component:default/a',
          details: { comment: 'by user:default/bob' },
          correlationId: 'c-2026-02-01',
        });
      });

      it('filters, pages and streams the audit trail', async () => {
        const { store, knex } = await createStore();
        const start = new Date('2026-01-01T00:00:00Z').getTime();
        const rows = Array.from({ length: 1203 }, (_, i) => ({
          occurred_at: new Date(start + i * 60_000),
          actor: i % 3 === 0 ? 'user:default/ann' : 'user:default/bob',
          action: i % 2 === 0 ? 'verify' : 'other',
          entity_ref: `component:default/c${i % 10}`,
          details: JSON.stringify({ i }),
          correlation_id: `c${i}`,
        }));
        for (let i = 0; i < rows.length; i += 200) {
          await knex('ownership_audit_log').insert(rows.slice(i, i + 200));
        }
        const ann = await store.listAudit(
          { actor: 'user:default/ann', action: 'verify' },
          { offset: 0, limit: 5 },
        );
        expect(ann.totalCount).toBe(201);
        expect(ann.items.map(i => i.details.i)).toEqual([
          1200, 1194, 1188, 1182, 1176,
        ]);
        const window = await store.listAudit(
          {
            entityRef: 'component:default/c3',
            from: new Date(start + 100 * 60_000),
            to: new Date(start + 200 * 60_000),
          },
          { offset: 2, limit: 100 },
        );
        expect(window.totalCount).toBe(10);
        expect(window.items.map(i => i.details.i)).toEqual([
          173, 163, 153, 143, 133, 123, 113, 103,
        ]);

        const batches: number[] = [];
        let previous = Infinity;
        for await (const batch of store.streamAudit({})) {
          batches.push(batch.length);
          for (const entry of batch) {
            expect(Number(entry.id)).toBeLessThan(previous);
            previous = Number(entry.id);
          }
        }
        expect(batches).toEqual([1000, 203]);
      });
    });

    describe('index', () => {
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
        const { feed, store } = await createStore();
        await feed(exampleEntities(), new Date('2026-03-01T00:00:00Z'), {
          tier1RequiresEscalationPolicy: false,
          warnSingleMemberTeams: false,
        });
        const { items } = await store.listOrphans(page);
        expect(
          items.map(i => [i.entityRef, i.reasons.map(r => r.code)]),
        ).toEqual([
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

      it('drops the not-verified warning as soon as the service is verified', async () => {
        const { feed, store } = await createStore();
        await feed(exampleEntities(), new Date('2026-01-01T00:00:00Z'));
        await feed(exampleEntities(), new Date('2026-06-01T00:00:00Z'));
        const before = await store.getIndexedEntity(
          'component:default/user-owned',
        );
        expect(before?.reasons).toEqual([
          { code: 'not-verified', severity: 'warning' },
        ]);
        expect(
          (await store.listOrphans({ ...page, reasons: ['not-verified'] }))
            .totalCount,
        ).toBe(8);
        await store.recordVerification(
          {
            entityRef: 'component:default/user-owned',
            verifiedAt: new Date('2026-06-01T01:00:00Z'),
            verifiedBy: 'user:default/eve',
          },
          {
            occurredAt: new Date('2026-06-01T01:00:00Z'),
            actor: 'user:default/eve',
            action: 'verify',
            entityRef: 'component:default/user-owned',
            details: {},
            correlationId: 'x',
          },
        );
        const after = await store.getIndexedEntity(
          'component:default/user-owned',
        );
        expect(after?.reasons).toEqual([]);
        expect(after?.verifiedAt).toEqual(new Date('2026-06-01T01:00:00Z'));
        const orphans = await store.listOrphans(page);
        expect(orphans.items.map(i => i.entityRef)).not.toContain(
          'component:default/user-owned',
        );
      });
    });

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
  },
);
