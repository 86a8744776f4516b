import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '../__testUtils__/databases';
import { POLICIES } from '../database/tables';
import { responseSlaMinutes } from '../catalogIndex/rows';
import { DatabaseHistoryStore } from './DatabaseHistoryStore';
import { setIndexedEntities } from './__testUtils__/indexRows';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const PAYMENTS = 'component:default/payments-api';
const POLICY = 'escalationpolicy:default/payments';
const day = (n: number) => new Date(Date.UTC(2026, 0, n, 9));

describe('responseSlaMinutes', () => {
  it("is the first level's escalateAfter in whole minutes", () => {
    expect(responseSlaMinutes([{ escalateAfterMinutes: 15 }, {}])).toBe(15);
    expect(responseSlaMinutes([{ escalateAfterMinutes: 0.5 }])).toBe(1);
    expect(responseSlaMinutes([{}])).toBeNull();
    expect(responseSlaMinutes([])).toBeNull();
  });
});

describe.each(databases.eachSupportedId())(
  'the SLA in force from the indexed policy on %p',
  id => {
    it('records the policy level-1 escalateAfter and a new interval when it changes', async () => {
      const knex = await databases.init(id);
      const database = mockServices.database({ knex });
      const store = await DatabaseHistoryStore.create({ database });
      const policy = (sla: number | null) =>
        knex(POLICIES)
          .insert({
            entity_ref: POLICY,
            title: null,
            owner_ref: 'group:default/red',
            response_sla_minutes: sla,
            row_hash: String(sla),
            updated_at: day(1),
          })
          .onConflict('entity_ref')
          .merge(['response_sla_minutes', 'row_hash']);
      await setIndexedEntities(
        knex,
        [
          {
            entityRef: PAYMENTS,
            ownerRef: 'group:default/red',
            escalationPolicyRef: POLICY,
          },
        ],
        day(1),
      );
      await policy(5);
      await store.recordFromIndex(undefined, day(1));
      expect(await store.recordFromIndex(undefined, day(2))).toEqual({
        closed: 0,
        opened: 0,
      });
      await policy(10);
      expect(await store.recordFromIndex(undefined, day(3))).toEqual({
        closed: 1,
        opened: 1,
      });
      // an unparseable level 1 keeps the SLA last known under the policy
      await policy(null);
      expect(await store.recordFromIndex(undefined, day(4))).toEqual({
        closed: 0,
        opened: 0,
      });
      expect(
        (await store.historyOf(PAYMENTS)).map(e => [
          e.responseSlaMinutes,
          e.validFrom,
          e.validTo,
        ]),
      ).toEqual([
        [5, day(1).toISOString(), day(3).toISOString()],
        [10, day(3).toISOString(), undefined],
      ]);
      const asOf = await store.ownersAsOf([PAYMENTS], day(2));
      expect(asOf.get(PAYMENTS)?.responseSlaMinutes).toBe(5);
    });
  },
);
