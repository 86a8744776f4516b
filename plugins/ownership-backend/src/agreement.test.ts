import request from 'supertest';
import { Entity } from '@backstage/catalog-model';
import { AlphaEntity } from '@backstage/catalog-model/alpha';
import {
  EntityOwnershipResponse,
  isOrphanReasonCode,
  ORPHAN_REASON_CODES,
  OrphanedServicesPage,
} from '@service-ownership/plugin-ownership-common';
import { createTestDatabases } from './__testUtils__/databases';
import { ENTITIES } from './database/tables';
import { exampleCatalog } from './__testUtils__/examples';
import { ann, api, startBackend } from './__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** search-api as the catalog serves it after a bad edit: its last good version, with the error. */
function withProcessingError(entity: Entity): Entity {
  if (entity.kind !== 'Component' || entity.metadata.name !== 'search-api') {
    return entity;
  }
  const withStatus: AlphaEntity = {
    ...entity,
    status: {
      items: [
        {
          type: 'backstage.io/catalog-processing',
          level: 'error',
          message:
            'InputError: component:default/search-api: spec.ownership.tier must be equal to one of the allowed values',
          error: {
            name: 'InputError',
            message:
              'component:default/search-api: spec.ownership.tier must be equal to one of the allowed values',
          },
        },
      ],
    },
  };
  return withStatus;
}

describe.each(databases.eachSupportedId())(
  'owner card and coverage page on %p',
  id => {
    it('give every example service the same orphan reasons, with the same severity and message', async () => {
      const catalog = exampleCatalog().map(withProcessingError);
      const knex = await databases.init(id);
      const { server, refresh } = await startBackend(knex, { catalog });
      // services that appeared 200 days ago and were never verified
      await knex(ENTITIES).update({
        first_seen_at: new Date(Date.now() - 200 * 24 * 3600 * 1000),
      });
      await refresh();
      const orphans = await request(server)
        .get(api('/orphans?limit=500'))
        .set('Authorization', ann);
      expect(orphans.status).toBe(200);
      const page: OrphanedServicesPage = orphans.body;
      const coverage = new Map(
        page.items.map(item => [
          item.entityRef,
          item.reasons.map(r => `${r.code}/${r.severity}/${r.message}`),
        ]),
      );

      const services = catalog.filter(e => e.kind === 'Component');
      expect(services.length).toBeGreaterThan(25);
      const seen = new Set<string>();
      for (const service of services) {
        const res = await request(server)
          .get(
            api(
              `/entities/component/default/${service.metadata.name}/ownership`,
            ),
          )
          .set('Authorization', ann);
        expect(res.status).toBe(200);
        const body: EntityOwnershipResponse = res.body;
        const card = body.findings
          .filter(f => isOrphanReasonCode(f.rule))
          .map(f => `${f.rule}/${f.severity}/${f.message}`);
        expect({ service: body.entityRef, reasons: card }).toEqual({
          service: body.entityRef,
          reasons: coverage.get(body.entityRef) ?? [],
        });
        card.forEach(reason => seen.add(reason.split('/')[0]));
      }
      // Every reason the catalog can hold is exercised by the examples (an
      // empty spec.owner is rejected by the catalog's own schema).
      expect([...seen].sort()).toEqual(
        ORPHAN_REASON_CODES.filter(code => code !== 'no-owner').sort(),
      );
    });
  },
);
