import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Server } from 'node:http';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  incidentPermissionsMock,
  incidentsTestPlugin,
} from '../incidents/__testUtils__/incidentsTestBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-06-15T12:00:00Z');
const user = mockCredentials.user.header('user:default/ann');

describe.each(databases.eachSupportedId())('GET /metrics on %p', id => {
  let server: Server;
  beforeAll(async () => {
    const knex = await databases.init(id);
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
});
