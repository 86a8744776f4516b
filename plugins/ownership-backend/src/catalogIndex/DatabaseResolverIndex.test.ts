import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { createTestDatabases } from '../__testUtils__/databases';
import { exampleEntities } from '../__testUtils__/entities';
import { indexedDatabase } from '../__testUtils__/indexedDatabase';
import { readOwnershipConfig } from '../config';
import { DatabaseReportsStore } from '../reports/DatabaseReportsStore';
import { OwnershipReports } from '../reports/OwnershipReports';
import { DatabaseVerificationStore } from '../verification/DatabaseVerificationStore';
import { applyHandoffReason } from './coveragePolicy';
import { DatabaseIndexVerificationHook } from './DatabaseIndexVerificationHook';
import { DatabaseResolverIndex } from './DatabaseResolverIndex';

jest.setTimeout(60_000);

const databases = createTestDatabases();

/** The examples, one of them with a catalog processing error. */
function entities(): Entity[] {
  return exampleEntities().map(e =>
    e.metadata.name === 'payments-api'
      ? ({
          ...e,
          status: {
            items: [
              {
                type: 'backstage.io/catalog-processing',
                level: 'error',
                message: 'InputError: tier-9 is not a tier',
                error: { name: 'InputError', message: 'tier-9 is not a tier' },
              },
            ],
          },
        } as Entity)
      : e,
  );
}

describe.each(databases.eachSupportedId())(
  'DatabaseResolverIndex on %p',
  id => {
    async function setup() {
      const env = await indexedDatabase(databases, id);
      const config = readOwnershipConfig(new ConfigReader({}));
      return {
        ...env,
        index: await DatabaseResolverIndex.create({
          ...env,
          verificationPeriodDays: config.verificationPeriodDays,
        }),
        reports: new OwnershipReports({
          store: await DatabaseReportsStore.create(env),
          config,
        }),
      };
    }

    it('says nothing was indexed before the first refresh', async () => {
      const { index } = await setup();
      expect(
        await index.getEntityReasons('component:default/payments-api'),
      ).toEqual({ indexed: false, indexedAt: undefined, reasons: [] });
    });

    it('gives every service exactly the reasons the orphan list gives it', async () => {
      const { index, reports, feed } = await setup();
      // long enough ago for the not-verified warning on every service
      await feed(entities(), new Date('2026-01-01T00:00:00Z'));
      const end = new Date('2026-06-01T00:00:00Z');
      await feed(entities(), end);
      const orphans = await reports.listOrphans({
        offset: 0,
        limit: 100,
        orderBy: 'entityRef',
        order: 'asc',
      });
      const services = exampleEntities()
        .filter(e => e.kind === 'Component')
        .map(e => `component:default/${e.metadata.name}`);
      expect(orphans.items.map(i => i.entityRef).sort()).toEqual(
        [...services].sort(),
      );
      for (const item of orphans.items) {
        expect(await index.getEntityReasons(item.entityRef)).toEqual({
          indexed: true,
          indexedAt: end,
          reasons: item.reasons,
        });
      }
      const payments = orphans.items.find(
        i => i.entityRef === 'component:default/payments-api',
      );
      expect(payments?.reasons.map(r => [r.code, r.severity])).toEqual([
        ['catalog-processing-error', 'error'],
        ['not-verified', 'warning'],
      ]);
      expect(payments?.reasons[0].message).toContain('tier-9 is not a tier');
      // not a service
      expect(
        await index.getEntityReasons('api:default/payments-public'),
      ).toMatchObject({ indexed: false, reasons: [] });
    });

    it("reads a card's facts in one statement, as the reasons, handoffs and verification store give them", async () => {
      const { index, feed, knex, database } = await setup();
      await feed(entities(), new Date('2026-01-01T00:00:00Z'));
      const end = new Date('2026-06-01T00:00:00Z');
      await feed(entities(), end);
      const store = await DatabaseVerificationStore.create({
        database,
        index: await DatabaseIndexVerificationHook.create({ database }),
      });
      await store.recordVerification(
        {
          entityRef: 'component:default/payments-api',
          verifiedAt: new Date('2026-05-30T10:00:00Z'),
          verifiedBy: 'user:default/ann',
          comment: 'still ours',
        },
        {
          occurredAt: new Date('2026-05-30T10:00:00Z'),
          actor: 'user:default/ann',
          action: 'verify',
          entityRef: 'component:default/payments-api',
          details: {},
          correlationId: 'facts-test',
        },
      );
      const handoffRow = (
        handoffId: string,
        ref: string,
        state: string,
        at: Date,
      ) => ({
        id: handoffId,
        entity_ref: ref,
        open_entity_ref: state === 'completed' ? null : ref,
        from_team: 'group:default/payments',
        to_team: 'group:default/identity',
        state,
        version: 1,
        initiated_by: 'user:default/ann',
        initiated_at: at,
        state_changed_at: at,
        completed_at: state === 'completed' ? at : null,
        shadow_days: 14,
        reverse_shadow_days: 7,
        forced: false,
        checklist: '[]',
        issues: '[]',
      });
      const services = exampleEntities()
        .filter(e => e.kind === 'Component')
        .map(e => `component:default/${e.metadata.name}`);
      const [completed, open] = services.filter(
        r => r !== 'component:default/payments-api',
      );
      await knex('ownership_handoffs').insert([
        handoffRow('h-done', completed, 'completed', new Date('2026-05-01')),
        handoffRow('h-open', open, 'shadow-period', new Date('2026-05-02')),
      ]);
      await knex.transaction(trx => applyHandoffReason(trx, completed));

      for (const ref of [
        ...services,
        'api:default/payments-public',
        'component:default/nowhere',
      ]) {
        const statements: string[] = [];
        const count = (q: { sql: string }) => statements.push(q.sql);
        knex.on('query', count);
        const facts = await index.getEntityFacts(ref);
        knex.off('query', count);
        expect({ ref, facts }).toEqual({
          ref,
          facts: {
            ...(await index.getEntityReasons(ref)),
            handoffs: await index.getEntityHandoffs(ref),
            stored: {
              verification: await store.getVerification(ref),
              firstSeenAt: await store.getFirstSeenAt(ref),
            },
          },
        });
        // one statement; with handoffs, then in a snapshot: BEGIN, the
        // facts again, the handoff rows, COMMIT
        expect({ ref, statements: statements.length }).toEqual({
          ref,
          statements: ref === completed || ref === open ? 5 : 1,
        });
      }
      const payments = await index.getEntityFacts(
        'component:default/payments-api',
      );
      expect(payments.stored?.verification).toMatchObject({
        verifiedBy: 'user:default/ann',
        comment: 'still ours',
      });
      expect(payments.reasons.map(r => r.code)).toEqual([
        'catalog-processing-error',
      ]);
      expect(payments.indexedAt).toEqual(end);
      const done = await index.getEntityFacts(completed);
      expect(done.handoffs.completedHandoffTo).toBe('group:default/identity');
      expect(done.reasons.map(r => r.code)).toContain('handoff-not-applied');
      expect(
        done.reasons.find(r => r.code === 'handoff-not-applied')?.message,
      ).toContain('group:default/identity');
      expect((await index.getEntityFacts(open)).handoffs.open).toMatchObject({
        id: 'h-open',
        state: 'shadow-period',
      });
    });

    it('tells which refs the index knows', async () => {
      const { index, feed } = await setup();
      await feed(entities(), new Date('2026-03-01T00:00:00Z'));
      expect(
        await index.filterIndexedRefs([
          'user:default/bob',
          'group:default/sre',
          'escalationpolicy:default/payments-tier-1',
          'user:default/ghost',
          'component:default/payments-api',
        ]),
      ).toEqual(
        new Set([
          'user:default/bob',
          'group:default/sre',
          'escalationpolicy:default/payments-tier-1',
        ]),
      );
    });

    it('shows the next refresh at once, though it keeps what it read between refreshes', async () => {
      const { index, feed } = await setup();
      const renamed = (name: string) =>
        entities().map(e =>
          e.kind === 'User' && e.metadata.name === 'bob'
            ? { ...e, spec: { ...e.spec, profile: { displayName: name } } }
            : e,
        );
      const bob = async () => {
        await index.getEntityReasons('component:default/payments-api');
        return (await index.getParties(['user:default/bob'])).get(
          'user:default/bob',
        )?.displayName;
      };
      // a refresh without a digest: its time tells the generations apart
      await feed(renamed('Bob One'), new Date('2026-03-01T00:00:00Z'));
      expect(await bob()).toBe('Bob One');
      await feed(renamed('Bob Two'), new Date('2026-03-01T00:01:00Z'));
      expect(await bob()).toBe('Bob Two');
      // refreshes with a digest, and one that removes bob
      await feed(renamed('Bob Three'), new Date('2026-03-01T00:02:00Z'), {
        catalogDigest: 'digest-3',
      });
      expect(await bob()).toBe('Bob Three');
      await feed(
        entities().filter(e => e.metadata.name !== 'bob'),
        new Date('2026-03-01T00:03:00Z'),
        { catalogDigest: 'digest-4' },
      );
      expect(await bob()).toBeUndefined();
      expect(await index.filterIndexedRefs(['user:default/bob'])).toEqual(
        new Set(),
      );
      expect(
        (await index.getGroupLinks(['group:default/payments'])).get(
          'group:default/payments',
        )?.members,
      ).not.toContain('user:default/bob');
    });

    it('gives the entity as the last refresh stored it, with the matrices that apply to it', async () => {
      const { index, feed } = await setup();
      const ref = 'component:default/payments-api';
      const card = async () => {
        // as every card does: the facts (and the generation) first
        await index.getEntityFacts(ref);
        return index.getEntity(ref);
      };
      expect(await card()).toBeUndefined();
      await feed(entities(), new Date('2026-03-01T00:00:00Z'));
      const first = await card();
      expect(first).toEqual({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'payments-api',
          namespace: 'default',
          title: 'Payments API',
        },
        spec: {
          owner: 'group:default/payments',
          system: 'payments',
          ownership: expect.objectContaining({ tier: 'tier-1' }),
        },
        status: {
          items: [expect.objectContaining({ message: expect.any(String) })],
        },
        // what the catalog module emits for the matrix's appliesTo
        relations: [
          {
            type: 'hasRaciMatrix',
            targetRef: 'racimatrix:default/payments-raci',
          },
        ],
      });
      // one object until the next refresh
      expect(await card()).toBe(first);
      expect(await index.getEntity('component:default/not-there')).toBe(
        undefined,
      );
      // groups and users are read from the catalog
      expect(await index.getEntity('group:default/payments')).toBeUndefined();

      await feed(
        entities().map(e =>
          e.metadata.name === 'payments-api'
            ? { ...e, metadata: { ...e.metadata, title: 'Payments' } }
            : e,
        ),
        new Date('2026-03-01T00:01:00Z'),
        { catalogDigest: 'digest-2' },
      );
      expect((await card())?.metadata.title).toBe('Payments');
    });
  },
);
