import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { insertDailyCells } from './__testUtils__/incidentDaily';
import { DatabaseIncidentTrendStore } from './DatabaseIncidentTrendStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const BLUE = 'group:default/blue';
const RED = 'group:default/red';

describe.each(databases.eachSupportedId())(
  'DatabaseIncidentTrendStore on %p',
  id => {
    let knex: Knex;
    let store: DatabaseIncidentTrendStore;
    beforeAll(async () => {
      knex = await databases.init(id);
      store = await DatabaseIncidentTrendStore.create({
        database: { getClient: async () => knex },
      });
      await insertDailyCells(knex, [
        // week 1: blue twice, red once, one unowned
        {
          day: '2026-06-01',
          ownerRef: BLUE,
          incidents: 3,
          escalated: 1,
          slaMet: 2,
          tta: { count: 3, sum: 3 * 240 },
          ttr: { count: 2, sum: 2 * 1800 },
        },
        {
          day: '2026-06-07',
          ownerRef: BLUE,
          incidents: 1,
          escalated: 1,
          slaMet: 1,
          tta: { count: 1, sum: 600 },
          ttr: { count: 1, sum: 7200 },
        },
        {
          day: '2026-06-03',
          ownerRef: RED,
          incidents: 2,
          slaMet: 0,
          tta: { count: 0, sum: 0 },
        },
        {
          day: '2026-06-04',
          incidents: 1,
          slaMet: 1,
          tta: { count: 1, sum: 60 },
        },
        // week 2: nothing; week 3: red only
        { day: '2026-06-16', ownerRef: RED, incidents: 1, escalated: 1 },
        // outside the periods asked
        { day: '2026-05-31', ownerRef: BLUE, incidents: 9, escalated: 9 },
        { day: '2026-06-22', ownerRef: BLUE, incidents: 9, escalated: 9 },
      ]);
    });

    const weeks = [
      { from: '2026-06-01', to: '2026-06-07' },
      { from: '2026-06-08', to: '2026-06-14' },
      { from: '2026-06-15', to: '2026-06-21' },
    ];

    it('aggregates one team per period, with gaps where nothing was measured', async () => {
      expect(await store.incidentTrend({ periods: weeks, team: BLUE })).toEqual(
        [
          {
            from: '2026-06-01',
            to: '2026-06-07',
            incidents: 4,
            // (720 + 600) / 4 s = 5.5 min; (3600 + 7200) / 3 s = 60 min
            mttaMinutes: 5.5,
            mttrMinutes: 60,
            escalationRate: 0.5,
            responseSlaCompliance: 0.75,
          },
          {
            from: '2026-06-08',
            to: '2026-06-14',
            incidents: 0,
            mttaMinutes: null,
            mttrMinutes: null,
            escalationRate: null,
            responseSlaCompliance: null,
          },
          {
            from: '2026-06-15',
            to: '2026-06-21',
            incidents: 0,
            mttaMinutes: null,
            mttrMinutes: null,
            escalationRate: null,
            responseSlaCompliance: null,
          },
        ],
      );
    });

    it('counts every team and the unowned incidents without a team', async () => {
      const [first, second, third] = await store.incidentTrend({
        periods: weeks,
      });
      expect(first).toEqual({
        from: '2026-06-01',
        to: '2026-06-07',
        incidents: 7,
        // (720 + 600 + 60) / 5 s = 4.6 min
        mttaMinutes: 4.6,
        mttrMinutes: 60,
        escalationRate: 0.2857,
        responseSlaCompliance: 0.5714,
      });
      expect(second.incidents).toBe(0);
      expect(second.escalationRate).toBeNull();
      // incidents without an acknowledgement: a rate, but no mean
      expect(third).toMatchObject({
        incidents: 1,
        mttaMinutes: null,
        mttrMinutes: null,
        escalationRate: 1,
        responseSlaCompliance: 0,
      });
    });

    it('answers day periods and an unknown team', async () => {
      const days = ['2026-06-03', '2026-06-04'].map(d => ({ from: d, to: d }));
      expect(
        (await store.incidentTrend({ periods: days })).map(p => p.incidents),
      ).toEqual([2, 1]);
      expect(
        (
          await store.incidentTrend({
            periods: days,
            team: RED,
          })
        ).map(p => [p.incidents, p.responseSlaCompliance]),
      ).toEqual([
        [2, 0],
        [0, null],
      ]);
      expect(
        (
          await store.incidentTrend({
            periods: days,
            team: 'group:default/nobody',
          })
        ).map(p => p.incidents),
      ).toEqual([0, 0]);
      expect(await store.incidentTrend({ periods: [] })).toEqual([]);
    });
  },
);
