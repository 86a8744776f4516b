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
      // owners the catalog accepts but that name no User or Group
      const oddOwners = ['system:payments', 'Team A'].map((owner, i) => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: `odd-owner-${i}`, namespace: 'default' },
        spec: { type: 'service', lifecycle: 'production', owner },
      }));
      const catalog = [...exampleCatalog(), ...oddOwners].map(
        withProcessingError,
      );
      const knex = await databases.init(id);
      const { server, refresh } = await startBackend(knex, {
        catalog,
        refresh: false,
      });
      // a completed handoff that catalog-info.yaml does not show yet
      const completedAt = new Date(Date.now() - 24 * 3600 * 1000);
      await knex('ownership_handoffs').insert({
        id: 'agreement-handoff',
        entity_ref: 'component:default/checkout-web',
        open_entity_ref: null,
        from_team: 'group:default/payments',
        to_team: 'group:default/identity',
        state: 'completed',
        version: 6,
        initiated_by: 'user:default/ann',
        initiated_at: new Date(completedAt.getTime() - 30 * 24 * 3600 * 1000),
        state_changed_at: completedAt,
        shadow_days: 14,
        reverse_shadow_days: 7,
        completed_at: completedAt,
        closed_at: completedAt,
        closed_by: 'user:default/ann',
        forced: false,
        checklist: '[]',
        issues: '[]',
      });
      const cardReasons = async (name: string) => {
        const res = await request(server)
          .get(api(`/entities/component/default/${name}/ownership`))
          .set('Authorization', ann);
        expect(res.status).toBe(200);
        const body: EntityOwnershipResponse = res.body;
        return {
          entityRef: body.entityRef,
          indexed: body.indexed,
          members: body.owner?.members.filter(m => m.exists).length ?? 0,
          reasons: body.findings
            .filter(f => isOrphanReasonCode(f.rule))
            .map(f => `${f.rule}/${f.severity}/${f.message}`),
        };
      };
      const services = catalog.filter(e => e.kind === 'Component');
      expect(services.length).toBeGreaterThan(25);
      // Before the first refresh the card checks the reasons live.
      const checkedLive = new Map<string, string[]>();
      for (const service of services) {
        const card = await cardReasons(service.metadata.name);
        expect(card.indexed).toBe(false);
        checkedLive.set(card.entityRef, card.reasons);
      }
      await refresh();
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

      const seen = new Set<string>();
      const memberCountMismatches: string[] = [];
      for (const service of services) {
        const card = await cardReasons(service.metadata.name);
        expect(card.indexed).toBe(true);
        const listed = coverage.get(card.entityRef) ?? [];
        expect({ service: card.entityRef, reasons: card.reasons }).toEqual({
          service: card.entityRef,
          reasons: listed,
        });
        // The live check said the same, but for the verification that only
        // the index's history makes overdue.
        expect({
          service: card.entityRef,
          reasons: checkedLive.get(card.entityRef),
        }).toEqual({
          service: card.entityRef,
          reasons: listed.filter(r => !r.startsWith('not-verified/')),
        });
        card.reasons.forEach(reason => seen.add(reason.split('/')[0]));
        // The owner section's member count tells the same story
        const codes = card.reasons.map(r => r.split('/')[0]);
        if (
          (codes.includes('owner-no-members') && card.members !== 0) ||
          (codes.includes('owner-single-member') && card.members !== 1)
        ) {
          memberCountMismatches.push(`${card.entityRef}: ${card.members}`);
        }
      }
      expect(memberCountMismatches).toEqual([]);
      // Every reason the catalog can hold is exercised by the examples (an
      // empty spec.owner is rejected by the catalog's own schema).
      expect([...seen].sort()).toEqual(
        ORPHAN_REASON_CODES.filter(code => code !== 'no-owner').sort(),
      );
    });
  },
);
