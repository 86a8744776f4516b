import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { createTestDatabases } from '../__testUtils__/databases';
import { exampleEntities } from '../__testUtils__/entities';
import { indexedDatabase } from '../__testUtils__/indexedDatabase';
import { readOwnershipConfig } from '../config';
import { DatabaseReportsStore } from '../reports/DatabaseReportsStore';
import { OwnershipReports } from '../reports/OwnershipReports';
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
  },
);
