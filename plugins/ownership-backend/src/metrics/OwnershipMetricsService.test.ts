import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_INCIDENT_METRICS_TARGETS,
  DEFAULT_OWNERSHIP_METRICS_TARGETS,
} from '@service-ownership/plugin-ownership-common';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { writeCoverageSnapshot } from '../catalogIndex/coverageSnapshots';
import {
  ENTITIES,
  GROUPS,
  HANDOFFS,
  LINKS,
  REASONS,
  VERIFICATIONS,
} from '../database/tables';
import { DatabaseHistoryStore } from '../history/DatabaseHistoryStore';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { IncidentService } from '../incidents/IncidentService';
import { DatabaseMetricsStore } from './DatabaseMetricsStore';
import { DatabaseOwnershipMetricsStore } from './DatabaseOwnershipMetricsStore';
import { IncidentMetricsService } from './IncidentMetricsService';
import { OwnershipMetricsService } from './OwnershipMetricsService';
import { registerOwnershipGauges } from './telemetry';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-06-15T12:00:00Z');
const at = (days: number, minutes = 0) =>
  new Date(NOW.getTime() - days * DAY + minutes * 60_000);

const PAYMENTS = 'component:default/payments-api';
const LEDGER = 'component:default/ledger';
const SEARCH = 'component:default/search';
const LEGACY = 'component:default/legacy';
const RED = 'group:default/red';
const BLUE = 'group:default/blue';
const GREEN = 'group:default/green';
const POLICY = 'escalationpolicy:default/red';

function handoff(
  id: string,
  entityRef: string,
  from: string,
  to: string,
  state: string,
  times: { initiated: number; closed?: number; due?: number },
) {
  const open = times.closed === undefined;
  return {
    id,
    entity_ref: entityRef,
    open_entity_ref: open ? entityRef : null,
    from_team: from,
    to_team: to,
    state,
    version: 1,
    initiated_by: 'user:default/ann',
    initiated_at: at(times.initiated),
    state_changed_at: at(times.initiated),
    state_due_at: times.due === undefined ? null : at(times.due),
    shadow_days: 14,
    reverse_shadow_days: 7,
    completed_at:
      state === 'completed' && !open ? at(times.closed as number) : null,
    closed_at: open ? null : at(times.closed as number),
    checklist: '[]',
    issues: '[]',
  };
}

/**
 * red owns payments-api (tier-1, policy notifying ann, bob and the on-call
 * group of bob and cat) and ledger (tier-2, an error reason); blue (one
 * member) owns search (tier-3); legacy has no owner.
 */
async function setup(knex: Knex) {
  const database = mockServices.database({ knex });
  const store = await DatabaseOwnershipMetricsStore.create({ database });
  await setIndexedEntities(
    knex,
    [
      {
        entityRef: PAYMENTS,
        ownerRef: RED,
        tier: 'tier-1',
        escalationPolicyRef: POLICY,
      },
      { entityRef: LEDGER, ownerRef: RED, tier: 'tier-2' },
      { entityRef: SEARCH, ownerRef: BLUE, tier: 'tier-3' },
      { entityRef: LEGACY, ownerRef: null },
    ],
    NOW,
  );
  await knex(ENTITIES)
    .update({ owner_status: 'ok' })
    .whereIn('entity_ref', [PAYMENTS, LEDGER]);
  await knex(ENTITIES)
    .update({ error_count: 1, reason_count: 1 })
    .where('entity_ref', LEDGER);
  await knex(ENTITIES)
    .update({ owner_status: 'single-member', reason_count: 1 })
    .where('entity_ref', SEARCH);
  await knex(ENTITIES)
    .update({ owner_status: 'none', reason_count: 1 })
    .where('entity_ref', LEGACY);
  const group = (ref: string, members: number) => ({
    entity_ref: ref,
    title: null,
    row_hash: 'test',
    member_count: members,
    direct_member_count: members,
    updated_at: NOW,
  });
  await knex(GROUPS).insert([
    group(RED, 4),
    group(BLUE, 1),
    group('group:default/oncall', 2),
  ]);
  const link = (source: string, type: string, target: string) => ({
    link_key: `${source}|${type}|${target}`,
    source_ref: source,
    link_type: type,
    target_ref: target,
    detail: '',
    row_hash: 'test',
    updated_at: NOW,
  });
  await knex(LINKS).insert([
    link(POLICY, 'policy-target', 'user:default/ann'),
    link(POLICY, 'policy-target', 'user:default/bob'),
    link(POLICY, 'policy-target', 'group:default/oncall'),
    link('group:default/oncall', 'member', 'user:default/bob'),
    link('group:default/oncall', 'member', 'user:default/cat'),
    link(RED, 'member', 'user:default/dan'),
  ]);
  await knex(VERIFICATIONS).insert([
    {
      entity_ref: PAYMENTS,
      verified_at: at(10),
      verified_by: 'user:default/ann',
    },
    {
      entity_ref: SEARCH,
      verified_at: at(100),
      verified_by: 'user:default/ann',
    },
  ]);
  await knex(HANDOFFS).insert([
    // search went from red to blue: 14 days, completed 5 days ago
    handoff('h1', SEARCH, RED, BLUE, 'completed', { initiated: 19, closed: 5 }),
    handoff('h2', LEDGER, RED, GREEN, 'rolled-back', {
      initiated: 10,
      closed: 3,
    }),
    handoff('h3', PAYMENTS, BLUE, RED, 'shadow-period', {
      initiated: 4,
      due: 1,
    }),
    handoff('h4', LEGACY, RED, BLUE, 'completed', {
      initiated: 80,
      closed: 60,
    }),
  ]);
  await knex.transaction(trx =>
    writeCoverageSnapshot(trx, { now: NOW, takenAt: NOW, retentionDays: 400 }),
  );

  const history = await DatabaseHistoryStore.create({ database });
  await history.recordCurrentOwners(
    undefined,
    [
      {
        entityRef: PAYMENTS,
        ownerRef: RED,
        escalationPolicyRef: POLICY,
        tier: 'tier-1',
        responseSlaMinutes: 5,
      },
      {
        entityRef: SEARCH,
        ownerRef: BLUE,
        escalationPolicyRef: null,
        tier: 'tier-3',
      },
    ],
    at(100),
  );
  const incidents = new IncidentService({
    store: await DatabaseIncidentStore.create({ database }),
    permissions: mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    }),
    clock: () => NOW,
  });
  const incident = (
    id: string,
    days: number,
    resolveMinutes: number,
    levelsReached: number,
  ) => ({
    source: 'test',
    id,
    entityRef: PAYMENTS,
    severity: 'P1',
    createdAt: at(days).toISOString(),
    acknowledgedAt: at(days, 2).toISOString(),
    resolvedAt: at(days, resolveMinutes).toISOString(),
    levelsReached,
    escalated: levelsReached > 1,
  });
  expect(
    await incidents.ingest([
      incident('r1', 6, 20, 1),
      incident('r2', 4, 90, 2),
    ]),
  ).toMatchObject({ created: 2, rejected: 0 });
  return new OwnershipMetricsService({
    incidents: new IncidentMetricsService({
      store: await DatabaseMetricsStore.create({ database }),
      config: {
        targets: DEFAULT_INCIDENT_METRICS_TARGETS,
        defaultResponseSlaMinutes: 15,
      },
      clock: () => NOW,
    }),
    store,
    config: {
      targets: DEFAULT_INCIDENT_METRICS_TARGETS,
      ownershipTargets: {
        ...DEFAULT_OWNERSHIP_METRICS_TARGETS,
        onCallLoadFactor: 1.2,
      },
    },
  });
}

const window = { from: at(30), to: NOW };

describe.each(databases.eachSupportedId())(
  'OwnershipMetricsService on %p',
  id => {
    it('gives handoffs on both teams, coverage and trend, reviews, members and on-call load', async () => {
      const metrics = await setup(await databases.init(id));
      const res = await metrics.getMetrics({ ...window, entityLimit: 10 });
      expect(res.coverage).toEqual({
        total: 4,
        owned: 2,
        coverage: 0.5,
        trend: [{ date: '2026-06-15', total: 4, owned: 2 }],
      });
      expect(res.ownershipTargets.onCallLoadFactor).toBe(1.2);
      const team = (ref: string) =>
        res.teamOwnership.find(t => t.teamRef === ref);
      expect(res.teamOwnership.map(t => t.teamRef)).toEqual([BLUE, GREEN, RED]);
      expect(team(RED)).toEqual({
        teamRef: RED,
        handoffs: {
          completed: 1,
          rolledBack: 1,
          successRate: 0.5,
          medianDurationDays: 14,
          open: 1,
          overdue: 1,
        },
        coverage: {
          total: 2,
          owned: 1,
          coverage: 0.5,
          trend: [{ date: '2026-06-15', total: 2, owned: 1 }],
        },
        reviewFreshness: {
          daysSinceLastReview: 10,
          oldestReviewDays: 10,
          neverReviewed: 1,
          stale: 0,
        },
        members: 4,
        // (tier-1 3 + tier-2 2 + 2 incidents) / ann, bob, cat on the rota
        onCallLoad: 2.33,
        meetsTargets: {
          coverage: false,
          handoffSuccess: false,
          reviewFreshness: true,
        },
      });
      expect(team(BLUE)).toEqual({
        teamRef: BLUE,
        handoffs: {
          completed: 1,
          rolledBack: 0,
          successRate: 1,
          medianDurationDays: 14,
          open: 1,
          overdue: 1,
        },
        coverage: {
          total: 1,
          owned: 1,
          coverage: 1,
          trend: [{ date: '2026-06-15', total: 1, owned: 1 }],
        },
        // verified 100 days ago, but the completed handoff 5 days ago counts
        reviewFreshness: {
          daysSinceLastReview: 5,
          oldestReviewDays: 5,
          neverReviewed: 0,
          stale: 0,
        },
        members: 1,
        onCallLoad: 1,
        meetsTargets: {
          coverage: true,
          handoffSuccess: true,
          reviewFreshness: true,
        },
      });
      expect(team(GREEN)).toMatchObject({
        handoffs: { completed: 0, rolledBack: 1, successRate: 0, open: 0 },
        coverage: { total: 0, coverage: null },
        onCallLoad: null,
        meetsTargets: {
          coverage: null,
          handoffSuccess: false,
          reviewFreshness: null,
        },
      });

      const blueOnly = await metrics.getMetrics({
        ...window,
        team: BLUE,
        entityLimit: 10,
      });
      expect(blueOnly.teamOwnership).toEqual([team(BLUE)]);
    });

    it('judges review freshness as of the end of the window', async () => {
      const metrics = await setup(await databases.init(id));
      const res = await metrics.getMetrics({
        from: at(60),
        to: at(20),
        entityLimit: 10,
      });
      const blue = res.teamOwnership.find(t => t.teamRef === BLUE);
      // the handoff 5 days ago is after the window: the verification 100 days ago is the last evidence
      expect(blue?.reviewFreshness).toEqual({
        daysSinceLastReview: 80,
        oldestReviewDays: 80,
        neverReviewed: 0,
        stale: 0,
      });
      const red = res.teamOwnership.find(t => t.teamRef === RED);
      expect(red?.reviewFreshness).toMatchObject({
        daysSinceLastReview: null,
        neverReviewed: 2,
      });
      // only h4 (legacy, 20 days, completed 60 days ago) closed in the window
      expect(red?.handoffs).toEqual({
        completed: 1,
        rolledBack: 0,
        successRate: 1,
        medianDurationDays: 20,
        open: 1,
        overdue: 1,
      });
    });

    it('recommends as the guide does and reports the window', async () => {
      const metrics = await setup(await databases.init(id));
      const { recommendations } = await metrics.getRecommendations(window);
      expect(
        recommendations.map(r => [
          r.kind,
          r.severity,
          r.teamRef ?? null,
          r.value,
          r.target,
        ]),
      ).toEqual([
        ['escalation-rate', 'high', RED, 0.5, 0.2],
        ['mttr', 'high', RED, 55, 30],
        ['coverage', 'high', null, 0.5, 0.99],
        ['bus-factor', 'medium', BLUE, 1, 2],
        ['on-call-load', 'medium', RED, 2.33, 1.665],
      ]);
      expect(recommendations.find(r => r.kind === 'coverage')).toMatchObject({
        entityRefs: [LEDGER, LEGACY],
        message: expect.stringContaining(
          `2 services have no working owner, first ${LEDGER}, ${LEGACY}`,
        ),
      });

      const report = await metrics.getReport(window);
      expect(report.summary).toEqual({
        services: 4,
        owned: 2,
        coverage: 0.5,
        orphans: 2,
        incidents: 2,
        mttrMinutes: 55,
        mttaMinutes: 2,
        escalationRate: 0.5,
        responseSlaCompliance: 1,
        handoffsCompleted: 1,
        handoffsRolledBack: 1,
        handoffSuccessRate: 0.5,
        openHandoffs: 1,
        overdueHandoffs: 1,
        teams: 3,
        teamsMeetingAllTargets: 1,
      });
      expect(report.teams[0]).toEqual({
        teamRef: RED,
        incidents: 2,
        mttrMinutes: 55,
        escalationRate: 0.5,
        responseSlaCompliance: 1,
        coverage: 0.5,
        handoffSuccessRate: 0.5,
        daysSinceLastReview: 10,
        members: 4,
        onCallLoad: 2.33,
        meetsTargets: {
          mttr: false,
          escalationRate: false,
          responseSlaCompliance: true,
          coverage: false,
          handoffSuccess: false,
          reviewFreshness: true,
        },
      });
      expect(report.recommendations).toEqual(recommendations);
      expect(report.targets).toMatchObject({ mttrMinutes: 30, coverage: 0.99 });
    });

    it('exposes coverage, orphans by reason, handoffs and MTTR per team as gauges', async () => {
      const knex = await databases.init(id);
      await setup(knex);
      await knex(REASONS).insert([
        { entity_ref: LEDGER, code: 'tier1-no-escalation', severity: 'error' },
        { entity_ref: LEGACY, code: 'no-owner', severity: 'error' },
        {
          entity_ref: SEARCH,
          code: 'owner-single-member',
          severity: 'warning',
        },
      ]);
      const database = mockServices.database({ knex });
      const exporter = new InMemoryMetricExporter(
        AggregationTemporality.CUMULATIVE,
      );
      const reader = new PeriodicExportingMetricReader({
        exporter,
        exportIntervalMillis: 3_600_000,
      });
      const provider = new MeterProvider({ readers: [reader] });
      const unregister = registerOwnershipGauges({
        store: await DatabaseOwnershipMetricsStore.create({ database }),
        incidents: await DatabaseMetricsStore.create({ database }),
        defaultResponseSlaMinutes: 15,
        logger: mockServices.logger.mock(),
        meter: provider.getMeter('test'),
        clock: () => NOW,
      });
      await reader.forceFlush();
      const points = exporter
        .getMetrics()
        .flatMap(r => r.scopeMetrics)
        .flatMap(sm => sm.metrics)
        .flatMap(m =>
          m.dataPoints.map(p => [
            m.descriptor.name,
            p.attributes,
            p.value as number,
          ]),
        );
      expect(points).toEqual(
        expect.arrayContaining([
          ['ownership.coverage', {}, 0.5],
          ['ownership.services', {}, 4],
          ['ownership.orphans', { reason: 'tier1-no-escalation' }, 1],
          ['ownership.orphans', { reason: 'no-owner' }, 1],
          ['ownership.orphans', { reason: 'owner-single-member' }, 1],
          ['ownership.handoffs.open', {}, 1],
          ['ownership.handoffs.overdue', {}, 1],
          ['ownership.incidents.mttr', { team: RED }, 55],
        ]),
      );
      expect(points).toHaveLength(8);
      unregister();
      await provider.shutdown();
    });
  },
);
