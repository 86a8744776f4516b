import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { exampleEntities } from '../__testUtils__/entities';
import { indexedDatabase } from '../__testUtils__/indexedDatabase';
import { applyHandoffReason } from './coveragePolicy';
import { DatabaseResolverIndex } from './DatabaseResolverIndex';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-03-01T00:00:00Z');
const day = 24 * 3600 * 1000;

function handoffRow(
  id: string,
  entityRef: string,
  toTeam: string,
  state: string,
  initiatedDaysAgo: number,
  completedDaysAgo?: number,
) {
  const at = (days: number) => new Date(NOW.getTime() - days * day);
  const open = !['completed', 'rolled-back'].includes(state);
  return {
    id,
    entity_ref: entityRef,
    open_entity_ref: open ? entityRef : null,
    from_team: 'group:default/payments',
    to_team: toTeam,
    state,
    version: 1,
    initiated_by: 'user:default/ann',
    initiated_at: at(initiatedDaysAgo),
    state_changed_at: at(completedDaysAgo ?? initiatedDaysAgo),
    state_due_at: open ? new Date(NOW.getTime() + 3 * day) : null,
    shadow_days: 14,
    reverse_shadow_days: 7,
    completed_at: completedDaysAgo === undefined ? null : at(completedDaysAgo),
    closed_at: open ? null : at(completedDaysAgo ?? 0),
    forced: false,
    checklist: '[]',
    issues: '[]',
  };
}

describe.each(databases.eachSupportedId())(
  'the handoff-not-applied reason on %p',
  id => {
    const API = 'component:default/payments-api';
    const reasonsOf = async (knex: Knex, ref: string) =>
      (
        await knex('ownership_index_reasons')
          .where({ entity_ref: ref })
          .orderBy('code')
      ).map(r => r.code);

    it('lists a completed handoff the catalog does not show, until a new one opens', async () => {
      const { knex, database, feed } = await indexedDatabase(databases, id);
      await knex('ownership_handoffs').insert([
        // to the owner the catalog already names: applied
        handoffRow('h0', API, 'group:default/payments', 'completed', 60, 40),
        handoffRow('h1', API, 'group:default/identity', 'completed', 30, 10),
        handoffRow(
          'h2',
          'component:default/identity-web',
          'group:default/sre',
          'rolled-back',
          30,
          10,
        ),
      ]);
      await feed(exampleEntities(), NOW);
      expect(await reasonsOf(knex, API)).toContain('handoff-not-applied');
      expect(
        await reasonsOf(knex, 'component:default/identity-web'),
      ).not.toContain('handoff-not-applied');

      const index = await DatabaseResolverIndex.create({
        database,
        verificationPeriodDays: 90,
      });
      expect(await index.getEntityHandoffs(API)).toEqual({
        completedHandoffTo: 'group:default/identity',
      });
      const { reasons } = await index.getEntityReasons(API);
      expect(reasons.find(r => r.code === 'handoff-not-applied')).toEqual({
        code: 'handoff-not-applied',
        severity: 'warning',
        message:
          'The handoff to group:default/identity is complete, but spec.owner still names group:default/payments',
        fix: "Apply the handoff's patch to catalog-info.yaml so that spec.owner names group:default/identity.",
      });

      // a later handoff that was rolled back leaves it standing
      await knex('ownership_handoffs').insert(
        handoffRow('h1b', API, 'group:default/sre', 'rolled-back', 5, 4),
      );
      await knex.transaction(trx => applyHandoffReason(trx, API));
      expect(await reasonsOf(knex, API)).toContain('handoff-not-applied');
      expect(await index.getEntityHandoffs(API)).toEqual({
        completedHandoffTo: 'group:default/identity',
      });
      await feed(exampleEntities(), NOW);
      expect(await reasonsOf(knex, API)).toContain('handoff-not-applied');

      // a new handoff opens: the reason goes at once, without a refresh
      await knex('ownership_handoffs').insert(
        handoffRow('h3', API, 'group:default/sre', 'shadow-period', 2),
      );
      await knex.transaction(trx => applyHandoffReason(trx, API));
      expect(await reasonsOf(knex, API)).not.toContain('handoff-not-applied');
      const entity = await knex('ownership_index_entities')
        .where({ entity_ref: API })
        .first('reason_count');
      expect(Number(entity.reason_count)).toBe(
        (await reasonsOf(knex, API)).length,
      );
      expect(await index.getEntityHandoffs(API)).toEqual({
        open: {
          id: 'h3',
          state: 'shadow-period',
          fromTeam: 'group:default/payments',
          toTeam: 'group:default/sre',
          stateDueAt: new Date(NOW.getTime() + 3 * day).toISOString(),
        },
      });
      // and the refresh agrees
      await feed(exampleEntities(), NOW);
      expect(await reasonsOf(knex, API)).not.toContain('handoff-not-applied');

      // it completes: listed again at once
      await knex('ownership_handoffs').where({ id: 'h3' }).delete();
      await knex('ownership_handoffs').insert(
        handoffRow('h3', API, 'group:default/sre', 'completed', 2, 1),
      );
      await knex.transaction(trx => applyHandoffReason(trx, API));
      expect(await reasonsOf(knex, API)).toContain('handoff-not-applied');
      expect(await index.getEntityHandoffs(API)).toEqual({
        completedHandoffTo: 'group:default/sre',
      });
    });

    it('leaves entities that are not services alone', async () => {
      const { knex, feed } = await indexedDatabase(databases, id);
      await feed(exampleEntities(), NOW);
      const apiRef = 'api:default/payments-public';
      await knex('ownership_handoffs').insert(
        handoffRow('h1', apiRef, 'group:default/identity', 'completed', 30, 10),
      );
      await knex.transaction(trx => applyHandoffReason(trx, apiRef));
      expect(await reasonsOf(knex, apiRef)).toEqual([]);
    });
  },
);
