import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Server } from 'node:http';
import request from 'supertest';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { startBackend } from '../__testUtils__/testBackend';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import {
  incidentPermissionsMock,
  incidentsTestPlugin,
} from '../incidents/__testUtils__/incidentsTestBackend';
import { insertDailyCells } from './__testUtils__/incidentDaily';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-06-15T12:00:00Z');
const user = mockCredentials.user.header('user:default/ann');

describe.each(databases.eachSupportedId())('GET /metrics on %p', id => {
  let server: Server;
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init(id);
    ({ server } = await startTestBackend({
      features: [
        incidentsTestPlugin({ now: () => NOW }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            ownership: {
              incidents: {
                defaultResponseSlaMinutes: 10,
                targets: { mttrMinutes: 45 },
              },
            },
          },
        }),
        incidentPermissionsMock().factory,
      ],
    }));
  });
  const get = (query: string, auth = user) =>
    request(server)
      .get(`/api/ownership/metrics${query}`)
      .set('Authorization', auth);

  it('answers for a window of days or from/to, with the configured targets', async () => {
    const week = await get('?days=7&team=Group:default/Blue');
    expect(week.status).toBe(200);
    expect(week.body).toMatchObject({
      window: {
        from: '2026-06-08T12:00:00.000Z',
        to: '2026-06-15T12:00:00.000Z',
      },
      targets: {
        mttrMinutes: 45,
        escalationRate: 0.2,
        responseSlaCompliance: 0.95,
      },
      defaultResponseSlaMinutes: 10,
      overall: { incidents: 0 },
      teams: [],
    });
    const range = await get('?from=2026-01-01&to=2026-02-01');
    expect(range.body.window).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-02-01T00:00:00.000Z',
    });
    expect((await get('')).body.window.from).toBe('2026-05-16T12:00:00.000Z');
  });

  it('names the bad parameter', async () => {
    const cases: Array<[string, RegExp]> = [
      ['?days=5', /query parameter 'days': must be one of 7, 30, 90/],
      ['?days=7&from=2026-01-01', /either days or from\/to/],
      ['?from=2026-03-01&to=2026-02-01', /'from': must be before to/],
      ['?from=2024-01-01', /at most 366 days/],
      ['?from=yesterday', /query parameter 'from'/],
      ['?entityLimit=0', /query parameter 'entityLimit'/],
    ];
    for (const [query, message] of cases) {
      const res = await get(query);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
    expect((await get('?days=7', mockCredentials.none.header())).status).toBe(
      401,
    );
  });

  it('answers the ownership figures, recommendations and the health report', async () => {
    const metrics = await get('?days=7');
    expect(metrics.body).toMatchObject({
      ownershipTargets: {
        coverage: 0.99,
        handoffSuccess: 0.95,
        reviewFreshnessDays: 90,
        onCallLoadFactor: 2,
        orphansNamed: 5,
      },
      coverage: { total: 0, owned: 0, coverage: null, trend: [] },
      teamOwnership: [],
    });
    const recommendations = await request(server)
      .get('/api/ownership/metrics/recommendations?days=90')
      .set('Authorization', user);
    expect(recommendations.status).toBe(200);
    expect(recommendations.body).toEqual({
      window: {
        from: '2026-03-17T12:00:00.000Z',
        to: '2026-06-15T12:00:00.000Z',
      },
      recommendations: [],
    });
    const report = await request(server)
      .get('/api/ownership/metrics/report?from=2026-06-01&to=2026-06-15')
      .set('Authorization', user);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      window: {
        from: '2026-06-01T00:00:00.000Z',
        to: '2026-06-15T00:00:00.000Z',
      },
      generatedAt: NOW.toISOString(),
      targets: { mttrMinutes: 45, coverage: 0.99 },
      summary: {
        services: 0,
        incidents: 0,
        teams: 0,
        handoffSuccessRate: null,
      },
      teams: [],
      recommendations: [],
    });
    const csv = await request(server)
      .get('/api/ownership/metrics/report.csv?days=30')
      .set('Authorization', user);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="ownership-report-2026-06-15.csv"',
    );
    expect(csv.text).toBe(
      'teamRef,incidents,mttrMinutes,escalationRate,responseSlaCompliance,coverage,handoffSuccessRate,daysSinceLastReview,members,onCallLoad,meetsAllTargets\n',
    );
  });

  it('names the bad parameter of the report routes and refuses anonymous callers', async () => {
    for (const path of ['recommendations', 'report', 'report.csv']) {
      const bad = await request(server)
        .get(`/api/ownership/metrics/${path}?days=14`)
        .set('Authorization', user);
      expect({ path, status: bad.status }).toEqual({ path, status: 400 });
      expect(bad.body.error.message).toMatch(/query parameter 'days'/);
      const range = await request(server)
        .get(`/api/ownership/metrics/${path}?from=2026-06-10&to=2026-06-01`)
        .set('Authorization', user);
      expect(range.body.error.message).toMatch(/'from': must be before to/);
      const anonymous = await request(server)
        .get(`/api/ownership/metrics/${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect({ path, status: anonymous.status }).toEqual({ path, status: 401 });
    }
  });

  it('writes one CSV row per team, last so the index rows stay out of the other tests', async () => {
    await setIndexedEntities(
      knex,
      [
        { entityRef: 'component:default/a', ownerRef: 'group:default/blue' },
        { entityRef: 'component:default/b', ownerRef: 'user:default/=cmd' },
      ],
      NOW,
    );
    const csv = await request(server)
      .get('/api/ownership/metrics/report.csv?days=30')
      .set('Authorization', user);
    expect(csv.text.split('\n').slice(1)).toEqual([
      'group:default/blue,0,,,,0,,,0,,no',
      'user:default/=cmd,0,,,,0,,,1,1,no',
      '',
    ]);
  });
});

describe.each(databases.eachSupportedId())(
  'GET /metrics/trends on the ownership plugin on %p',
  id => {
    let server: Server;
    beforeAll(async () => {
      const knex = await databases.init(id);
      ({ server } = await startBackend(knex, { refresh: false }));
      await insertDailyCells(knex, [
        {
          day: '2026-03-02',
          ownerRef: 'group:default/blue',
          incidents: 4,
          escalated: 1,
          slaMet: 3,
          tta: { count: 4, sum: 4 * 300 },
          ttr: { count: 4, sum: 4 * 2700 },
        },
        { day: '2026-03-03', ownerRef: 'group:default/red', incidents: 1 },
        { day: '2026-03-17', ownerRef: 'group:default/blue', incidents: 2 },
      ]);
    });
    const get = (query: string, auth = user) =>
      request(server)
        .get(`/api/ownership/metrics/trends${query}`)
        .set('Authorization', auth);

    it("answers one team's weeks of a from/to window, gaps where nothing was measured", async () => {
      const res = await get(
        '?from=2026-03-01&to=2026-03-22&team=Group:default/Blue',
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        window: {
          from: '2026-03-01T00:00:00.000Z',
          to: '2026-03-22T00:00:00.000Z',
        },
        bucket: 'week',
        team: 'group:default/blue',
        points: [
          {
            from: '2026-03-01',
            to: '2026-03-01',
            incidents: 0,
            mttaMinutes: null,
            mttrMinutes: null,
            escalationRate: null,
            responseSlaCompliance: null,
          },
          {
            from: '2026-03-02',
            to: '2026-03-08',
            incidents: 4,
            mttaMinutes: 5,
            mttrMinutes: 45,
            escalationRate: 0.25,
            responseSlaCompliance: 0.75,
          },
          {
            from: '2026-03-09',
            to: '2026-03-15',
            incidents: 0,
            mttaMinutes: null,
            mttrMinutes: null,
            escalationRate: null,
            responseSlaCompliance: null,
          },
          {
            from: '2026-03-16',
            to: '2026-03-21',
            incidents: 2,
            mttaMinutes: null,
            mttrMinutes: null,
            escalationRate: 0,
            responseSlaCompliance: 0,
          },
        ],
      });
    });

    it('answers days for a short window, every team without one, and windows of days ending now', async () => {
      const days = await get('?from=2026-03-02&to=2026-03-04');
      expect(days.body.bucket).toBe('day');
      expect(days.body.team).toBeNull();
      expect(
        days.body.points.map((p: { from: string; incidents: number }) => [
          p.from,
          p.incidents,
        ]),
      ).toEqual([
        ['2026-03-02', 4],
        ['2026-03-03', 1],
      ]);
      const week = await get('?days=7', mockCredentials.service.header());
      expect(week.status).toBe(200);
      expect(week.body.bucket).toBe('day');
      // the window's whole UTC days: the partial first and last included
      expect(week.body.points.length).toBeGreaterThanOrEqual(7);
      expect(week.body.points.length).toBeLessThanOrEqual(8);
      const quarter = await get('?days=90');
      expect(quarter.body.bucket).toBe('week');
      expect(quarter.body.points.length).toBeGreaterThanOrEqual(13);
    });

    it('names the bad parameter and refuses anonymous callers', async () => {
      const cases: Array<[string, RegExp]> = [
        ['?days=14', /query parameter 'days': must be one of 7, 30, 90/],
        ['?days=30&to=2026-03-01', /either days or from\/to/],
        ['?from=2026-03-10&to=2026-03-01', /'from': must be before to/],
        ['?from=2024-01-01&to=2026-01-01', /at most 366 days/],
        ['?to=someday', /query parameter 'to'/],
        [`?team=${'x'.repeat(256)}`, /query parameter 'team'/],
      ];
      for (const [query, message] of cases) {
        const res = await get(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(res.body.error.message).toMatch(message);
      }
      expect((await get('?days=7', mockCredentials.none.header())).status).toBe(
        401,
      );
    });
  },
);
