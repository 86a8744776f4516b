import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DEFAULT_INCIDENT_METRICS_TARGETS } from '@service-ownership/plugin-ownership-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseHistoryStore } from '../history/DatabaseHistoryStore';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import { DatabaseIncidentStore } from '../incidents/DatabaseIncidentStore';
import { IncidentService } from '../incidents/IncidentService';
import { DatabaseMetricsStore } from './DatabaseMetricsStore';
import { IncidentMetricsService } from './IncidentMetricsService';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const DAY = 24 * 3600 * 1000;
const NOW = new Date('2026-06-15T12:00:00Z');
const at = (days: number, minutes = 0) =>
  new Date(NOW.getTime() - days * DAY + minutes * 60_000);
const iso = (days: number, minutes?: number) =>
  minutes === undefined ? undefined : at(days, minutes).toISOString();

const PAYMENTS = 'component:default/payments-api';
const SEARCH = 'component:default/search';
const RED = 'group:default/red';
const BLUE = 'group:default/blue';

/**
 * payments-api was red's (policy level 1 after 5 minutes) until 7 days ago,
 * blue's since (policy unknown: the default 15 minutes applies).
 */
async function setup(id: Parameters<typeof databases.init>[0]) {
  const knex = await databases.init(id);
  const database = mockServices.database({ knex });
  const history = await DatabaseHistoryStore.create({ database });
  await setIndexedEntities(
    knex,
    [
      { entityRef: PAYMENTS, ownerRef: BLUE },
      { entityRef: SEARCH, ownerRef: BLUE },
    ],
    NOW,
  );
  await history.recordCurrentOwners(
    undefined,
    [
      {
        entityRef: PAYMENTS,
        ownerRef: RED,
        escalationPolicyRef: 'escalationpolicy:default/red',
        tier: 'tier-1',
        responseSlaMinutes: 5,
      },
      {
        entityRef: SEARCH,
        ownerRef: BLUE,
        escalationPolicyRef: null,
        tier: null,
      },
    ],
    at(100),
  );
  await history.recordCurrentOwners(
    undefined,
    [
      {
        entityRef: PAYMENTS,
        ownerRef: BLUE,
        escalationPolicyRef: null,
        tier: null,
      },
    ],
    at(7),
  );
  const incidents = new IncidentService({
    store: await DatabaseIncidentStore.create({ database }),
    permissions: mockServices.permissions.mock({
      authorize: async () => [{ result: AuthorizeResult.ALLOW }],
    }),
    clock: () => NOW,
  });
  const incident = (
    externalId: string,
    entityRef: string,
    severity: string,
    days: number,
    ackMinutes?: number,
    resolveMinutes?: number,
    levelsReached?: number,
  ) => ({
    source: 'test',
    id: externalId,
    entityRef,
    severity,
    createdAt: at(days).toISOString(),
    acknowledgedAt: iso(days, ackMinutes),
    resolvedAt: iso(days, resolveMinutes),
    levelsReached,
  });
  const result = await incidents.ingest([
    incident('r1', PAYMENTS, 'P1', 10, 2, 20),
    incident('r2', PAYMENTS, 'P2', 9, 10, 40, 2),
    incident('r3', PAYMENTS, 'P0', 8, undefined, 60),
    incident('b1', PAYMENTS, 'P2', 2, 1, 10),
    incident('b2', SEARCH, 'P3', 1, 20, undefined, 3),
    incident('old', SEARCH, 'P1', 40, 1, 5),
  ]);
  expect(result).toMatchObject({ created: 6, rejected: 0 });
  return new IncidentMetricsService({
    store: await DatabaseMetricsStore.create({ database }),
    config: {
      targets: DEFAULT_INCIDENT_METRICS_TARGETS,
      defaultResponseSlaMinutes: 15,
    },
    clock: () => NOW,
  });
}

const window = { from: at(30), to: NOW, entityLimit: 100 };

describe.each(databases.eachSupportedId())(
  'IncidentMetricsService on %p',
  id => {
    it('computes the figures per team, per entity and overall', async () => {
      const metrics = await setup(id);
      const res = await metrics.getMetrics(window);
      expect(res.window).toEqual({
        from: at(30).toISOString(),
        to: NOW.toISOString(),
      });
      expect(res.overall).toEqual({
        incidents: 5,
        bySeverity: { P0: 1, P1: 1, P2: 2, P3: 1 },
        // percentiles from the rollup's buckets: the bucket's upper bound
        // (2 min in (116 s, 144 s]), capped by the largest duration
        mtta: { count: 4, meanMinutes: 8.25, p50Minutes: 2.4, p90Minutes: 20 },
        mttr: {
          count: 4,
          meanMinutes: 32.5,
          p50Minutes: 20.88,
          p90Minutes: 60,
        },
        escalationRate: 0.4,
        responseSlaCompliance: 0.4,
        responseSlaPending: 0,
        meetsTargets: {
          mttr: false,
          escalationRate: false,
          responseSlaCompliance: false,
        },
      });
      // red is charged for the incidents before the handover a week ago
      expect(res.teams).toEqual([
        {
          teamRef: RED,
          incidents: 3,
          bySeverity: { P0: 1, P1: 1, P2: 1, P3: 0 },
          mtta: { count: 2, meanMinutes: 6, p50Minutes: 2.4, p90Minutes: 10 },
          mttr: {
            count: 3,
            meanMinutes: 40,
            p50Minutes: 49.4,
            p90Minutes: 60,
          },
          escalationRate: 0.3333,
          responseSlaCompliance: 0.3333,
          responseSlaPending: 0,
          meetsTargets: {
            mttr: false,
            escalationRate: false,
            responseSlaCompliance: false,
          },
        },
        {
          teamRef: BLUE,
          incidents: 2,
          bySeverity: { P0: 0, P1: 0, P2: 1, P3: 1 },
          mtta: { count: 2, meanMinutes: 10.5, p50Minutes: 1, p90Minutes: 20 },
          mttr: { count: 1, meanMinutes: 10, p50Minutes: 10, p90Minutes: 10 },
          escalationRate: 0.5,
          responseSlaCompliance: 0.5,
          responseSlaPending: 0,
          meetsTargets: {
            mttr: true,
            escalationRate: false,
            responseSlaCompliance: false,
          },
        },
      ]);
      expect(res.entities.map(e => [e.entityRef, e.incidents])).toEqual([
        [PAYMENTS, 4],
        [SEARCH, 1],
      ]);
      // entities are exact (nearest rank over their incidents)
      expect(res.entities[0].mttr).toEqual({
        count: 4,
        meanMinutes: 32.5,
        p50Minutes: 20,
        p90Minutes: 60,
      });
      expect(res.percentiles).toEqual({
        method: 'histogram',
        relativeErrorBound: 0.27,
      });
      expect(res.targets).toEqual({
        mttrMinutes: 30,
        escalationRate: 0.2,
        responseSlaCompliance: 0.95,
      });
    });

    it('filters by team, entity and window', async () => {
      const metrics = await setup(id);
      const blue = await metrics.getMetrics({ ...window, team: BLUE });
      expect(blue.teams.map(t => t.teamRef)).toEqual([BLUE]);
      expect(blue.overall.incidents).toBe(2);
      expect(blue.entities.map(e => e.entityRef)).toEqual([PAYMENTS, SEARCH]);

      const search = await metrics.getMetrics({ ...window, entityRef: SEARCH });
      expect(search.overall).toMatchObject({ incidents: 1, escalationRate: 1 });

      const year = await metrics.getMetrics({ ...window, from: at(365) });
      expect(year.overall.incidents).toBe(6);
      const limited = await metrics.getMetrics({ ...window, entityLimit: 1 });
      expect(limited.entities.map(e => e.entityRef)).toEqual([PAYMENTS]);

      const empty = await metrics.getMetrics({
        ...window,
        team: 'group:default/nobody',
      });
      expect(empty.overall).toEqual({
        incidents: 0,
        bySeverity: { P0: 0, P1: 0, P2: 0, P3: 0 },
        mtta: {
          count: 0,
          meanMinutes: null,
          p50Minutes: null,
          p90Minutes: null,
        },
        mttr: {
          count: 0,
          meanMinutes: null,
          p50Minutes: null,
          p90Minutes: null,
        },
        escalationRate: null,
        responseSlaCompliance: null,
        responseSlaPending: 0,
        meetsTargets: {
          mttr: null,
          escalationRate: null,
          responseSlaCompliance: null,
        },
      });
      expect(empty.teams).toEqual([]);
    });

    it('counts from the weekly and daily rollups what the incidents count, on windows starting and ending on any weekday', async () => {
      const metrics = await setup(id);
      for (const [fromDays, toDays] of [
        // NOW is a Monday: leading days then weeks; weeks, trailing days
        // and a partial day; days only
        [30, 0],
        [11, 0],
        [30, 7.75],
        [12.5, 3.25],
        [9.75, 1.5],
        [11, 4],
        [365, 5.5],
        [8.2, 7.9],
      ]) {
        const res = await metrics.getMetrics({
          from: at(fromDays),
          to: at(toDays),
          entityLimit: 100,
        });
        const sum = (f: (e: (typeof res.entities)[number]) => number) =>
          res.entities.reduce((total, e) => total + f(e), 0);
        expect([
          res.overall.incidents,
          res.overall.bySeverity,
          res.overall.mtta.count,
          res.overall.mttr.count,
          res.teams.reduce((total, t) => total + t.incidents, 0),
        ]).toEqual([
          sum(e => e.incidents),
          {
            P0: sum(e => e.bySeverity.P0),
            P1: sum(e => e.bySeverity.P1),
            P2: sum(e => e.bySeverity.P2),
            P3: sum(e => e.bySeverity.P3),
          },
          sum(e => e.mtta.count),
          sum(e => e.mttr.count),
          sum(e => e.incidents),
        ]);
      }
    });

    it('leaves unacknowledged incidents still inside their response SLA out of the compliance', async () => {
      const knex = await databases.init(id);
      const database = mockServices.database({ knex });
      const BATCH = 'component:default/batch';
      const GREEN = 'group:default/green';
      const history = await DatabaseHistoryStore.create({ database });
      await setIndexedEntities(
        knex,
        [
          { entityRef: SEARCH, ownerRef: BLUE },
          { entityRef: BATCH, ownerRef: GREEN },
        ],
        NOW,
      );
      // batch's policy answers within a day; search has the default 15 minutes
      await history.recordCurrentOwners(
        undefined,
        [
          {
            entityRef: BATCH,
            ownerRef: GREEN,
            escalationPolicyRef: 'escalationpolicy:default/green',
            tier: 'tier-3',
            responseSlaMinutes: 24 * 60,
          },
        ],
        at(100),
      );
      const ingestion = new IncidentService({
        store: await DatabaseIncidentStore.create({ database }),
        permissions: mockServices.permissions.mock({
          authorize: async () => [{ result: AuthorizeResult.ALLOW }],
        }),
        clock: () => NOW,
      });
      const created = (minutesAgo: number) =>
        new Date(NOW.getTime() - minutesAgo * 60_000);
      const incident = (
        externalId: string,
        entityRef: string,
        minutesAgo: number,
        ackAfterMinutes?: number,
      ) => ({
        source: 'test',
        id: externalId,
        entityRef,
        severity: 'P2',
        createdAt: created(minutesAgo).toISOString(),
        acknowledgedAt:
          ackAfterMinutes === undefined
            ? undefined
            : new Date(
                created(minutesAgo).getTime() + ackAfterMinutes * 60_000,
              ).toISOString(),
      });
      await ingestion.ingest([
        incident('search-pending', SEARCH, 10),
        incident('search-missed', SEARCH, 20),
        incident('search-met', SEARCH, 30, 5),
        // 13 hours ago: yesterday, a whole day the rollup answers
        incident('batch-pending', BATCH, 13 * 60),
        incident('batch-missed', BATCH, 2 * 24 * 60),
        incident('batch-met', BATCH, 3 * 24 * 60, 60),
      ]);
      const metrics = new IncidentMetricsService({
        store: await DatabaseMetricsStore.create({ database }),
        config: {
          targets: DEFAULT_INCIDENT_METRICS_TARGETS,
          defaultResponseSlaMinutes: 15,
        },
        clock: () => NOW,
      });
      const sla = (m: {
        incidents: number;
        responseSlaCompliance: number | null;
        responseSlaPending?: number;
      }) => [m.incidents, m.responseSlaPending, m.responseSlaCompliance];

      const res = await metrics.getMetrics(window);
      expect(sla(res.overall)).toEqual([6, 2, 0.5]);
      expect(res.teams.map(t => [t.teamRef, ...sla(t)])).toEqual([
        [BLUE, 3, 1, 0.5],
        [GREEN, 3, 1, 0.5],
      ]);
      expect(res.entities.map(e => [e.entityRef, ...sla(e)])).toEqual([
        [BATCH, 3, 1, 0.5],
        [SEARCH, 3, 1, 0.5],
      ]);
      // one team (rollup and its partial days) and one entity (exact)
      const green = await metrics.getMetrics({ ...window, team: GREEN });
      expect(sla(green.overall)).toEqual([3, 1, 0.5]);
      const batch = await metrics.getMetrics({ ...window, entityRef: BATCH });
      expect(sla(batch.overall)).toEqual([3, 1, 0.5]);
      // only pending incidents: no compliance yet
      const lastQuarter = await metrics.getMetrics({
        ...window,
        from: created(15),
      });
      expect(sla(lastQuarter.overall)).toEqual([1, 1, null]);
      expect(lastQuarter.overall.meetsTargets.responseSlaCompliance).toBe(null);
      // a day later every one of them is met or missed
      const later = new IncidentMetricsService({
        store: await DatabaseMetricsStore.create({ database }),
        config: {
          targets: DEFAULT_INCIDENT_METRICS_TARGETS,
          defaultResponseSlaMinutes: 15,
        },
        clock: () => new Date(NOW.getTime() + DAY),
      });
      const after = await later.getMetrics(window);
      expect(sla(after.overall)).toEqual([6, 0, 0.3333]);
    });
  },
);
