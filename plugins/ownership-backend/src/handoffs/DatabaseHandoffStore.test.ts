import { mockServices } from '@backstage/backend-test-utils';
import {
  createHandoff,
  DEFAULT_HANDOFF_SETTINGS,
  Handoff,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { randomUUID } from 'node:crypto';
import { createTestDatabases } from '../__testUtils__/databases';
import { AuditEntryInput } from '../audit/AuditStore';
import { DatabaseHandoffStore } from './DatabaseHandoffStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = new Date('2027-03-01T09:00:00Z');

function newHandoff(
  entityRef: string,
  fromTeam = 'group:default/a',
  toTeam = 'group:default/b',
  at: Date = T0,
): Handoff {
  return createHandoff(
    {
      id: randomUUID(),
      entityRef,
      fromTeam,
      toTeam,
      actor: 'user:default/ann',
    },
    at,
    DEFAULT_HANDOFF_SETTINGS,
  );
}

function audit(h: Handoff, action: string): AuditEntryInput {
  return {
    occurredAt: T0,
    actor: 'user:default/ann',
    action,
    entityRef: h.entityRef,
    details: { handoffId: h.id },
    correlationId: randomUUID(),
    teams: [h.fromTeam, h.toTeam],
  };
}

/** A handoff closed `days` after it started. */
function closed(
  entityRef: string,
  fromTeam: string,
  days: number,
  state: 'completed' | 'rolled-back',
): Handoff {
  const h = newHandoff(entityRef, fromTeam);
  const at = DateTime.fromJSDate(T0).plus({ days }).toUTC().toISO()!;
  return {
    ...h,
    state,
    closedAt: at,
    closedBy: 'user:default/ann',
    ...(state === 'completed' ? { completedAt: at } : { closeReason: 'no' }),
  };
}

describe.each(databases.eachSupportedId())('DatabaseHandoffStore on %p', id => {
  let store: DatabaseHandoffStore;
  let knex: Awaited<ReturnType<typeof databases.init>>;

  beforeAll(async () => {
    knex = await databases.init(id);
    store = await DatabaseHandoffStore.create({
      database: mockServices.database({ knex }),
    });
  });

  it('round-trips a handoff and its audit entry in one transaction', async () => {
    const h = newHandoff('component:default/round-trip');
    await store.insertHandoffs([h], [audit(h, 'handoff-start')]);
    expect(await store.getHandoff(h.id)).toEqual(h);
    const rows = await knex('ownership_audit_log').where({
      action: 'handoff-start',
      entity_ref: h.entityRef,
    });
    expect(rows).toHaveLength(1);
  });

  it('allows one open handoff per entity, even when inserts race', async () => {
    const ref = 'component:default/raced';
    const attempts = Array.from({ length: 10 }, () => newHandoff(ref));
    const results = await Promise.allSettled(
      attempts.map(h => store.insertHandoffs([h], [audit(h, 'handoff-start')])),
    );
    const ok = results.filter(r => r.status === 'fulfilled');
    const refused = results.flatMap(r =>
      r.status === 'rejected' ? [r.reason as Error] : [],
    );
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(9);
    const [open] = await knex('ownership_handoffs').where({
      open_entity_ref: ref,
    });
    for (const error of refused) {
      expect(error.name).toBe('ConflictError');
      expect(error.message).toContain(open.id);
    }
    const starts = await knex('ownership_audit_log').where({
      action: 'handoff-start',
      entity_ref: ref,
    });
    expect(starts).toHaveLength(1);
  });

  it('rejects a batch as a whole when one entity has an open handoff', async () => {
    const open = newHandoff('component:default/batch-b');
    await store.insertHandoffs([open], []);
    const batch = [
      newHandoff('component:default/batch-a'),
      newHandoff('component:default/batch-b'),
    ];
    await expect(store.insertHandoffs(batch, [])).rejects.toMatchObject({
      name: 'ConflictError',
      message: expect.stringContaining('component:default/batch-b'),
    });
    expect(await store.getHandoff(batch[0].id)).toBeUndefined();
  });

  it('updates only the version it read and frees the entity when closed', async () => {
    const h = newHandoff('component:default/versioned');
    await store.insertHandoffs([h], []);
    const next = { ...h, version: 2, state: 'documentation-review' as const };
    expect(
      await store.updateHandoff(next, 1, audit(h, 'handoff-advance')),
    ).toEqual({
      updated: true,
    });
    const stale = await store.updateHandoff(
      { ...h, version: 2, reason: 'lost' },
      1,
      audit(h, 'handoff-advance'),
    );
    expect(stale).toEqual({ updated: false, current: next });
    const advances = await knex('ownership_audit_log').where({
      action: 'handoff-advance',
      entity_ref: h.entityRef,
    });
    expect(advances).toHaveLength(1);

    const rolledBack: Handoff = {
      ...next,
      version: 3,
      state: 'rolled-back',
      closedAt: T0.toISOString(),
      closeReason: 'changed plans',
    };
    await store.updateHandoff(rolledBack, 2, audit(h, 'handoff-roll-back'));
    const row = await knex('ownership_handoffs').where({ id: h.id }).first();
    expect(row.open_entity_ref).toBeNull();
    const again = newHandoff('component:default/versioned');
    await store.insertHandoffs([again], []);
    expect(
      (await store.entityHandoffs('component:default/versioned')).map(
        x => x.state,
      ),
    ).toEqual(expect.arrayContaining(['initiated', 'rolled-back']));
  });

  it('computes success rate and the median duration per team and overall', async () => {
    const handoffs = [
      closed('component:default/m1', 'group:default/m-a', 1, 'completed'),
      closed('component:default/m2', 'group:default/m-a', 2, 'completed'),
      closed('component:default/m3', 'group:default/m-a', 3, 'completed'),
      closed('component:default/m4', 'group:default/m-a', 10, 'completed'),
      closed('component:default/m5', 'group:default/m-a', 1, 'rolled-back'),
      closed('component:default/m6', 'group:default/m-b', 4, 'completed'),
      closed('component:default/m7', 'group:default/m-b', 5, 'completed'),
      closed('component:default/m8', 'group:default/m-b', 6, 'completed'),
    ];
    const fresh = await DatabaseHandoffStore.create({
      database: mockServices.database({ knex: await databases.init(id) }),
    });
    await fresh.insertHandoffs(handoffs, []);
    const open = newHandoff('component:default/m9', 'group:default/m-b');
    await fresh.insertHandoffs([open], []);
    const metrics = await fresh.metrics(
      { from: T0, to: DateTime.fromJSDate(T0).plus({ days: 30 }).toJSDate() },
      DateTime.fromJSDate(T0).plus({ days: 20 }).toJSDate(),
    );
    expect(metrics.overall).toEqual({
      completed: 7,
      rolledBack: 1,
      successRate: 7 / 8,
      medianDurationDays: 4,
      open: 1,
      overdue: 1,
    });
    expect(metrics.teams).toEqual([
      {
        team: 'group:default/m-a',
        completed: 4,
        rolledBack: 1,
        successRate: 0.8,
        medianDurationDays: 2.5,
        open: 0,
        overdue: 0,
      },
      {
        team: 'group:default/m-b',
        completed: 3,
        rolledBack: 0,
        successRate: 1,
        medianDurationDays: 5,
        open: 1,
        overdue: 1,
      },
    ]);
    const outside = await fresh.metrics(
      {
        from: DateTime.fromJSDate(T0).plus({ days: 40 }).toJSDate(),
        to: DateTime.fromJSDate(T0).plus({ days: 50 }).toJSDate(),
      },
      T0,
    );
    expect(outside.overall).toEqual({
      completed: 0,
      rolledBack: 0,
      open: 1,
      overdue: 0,
    });

    const list = await fresh.listHandoffs(
      { team: 'group:default/m-b' },
      { offset: 0, limit: 2 },
      DateTime.fromJSDate(T0).plus({ days: 20 }).toJSDate(),
    );
    expect(list.totalCount).toBe(4);
    expect(list.items).toHaveLength(2);
    expect(list.items[0]).toMatchObject({
      id: open.id,
      overdue: true,
      checklistDone: 0,
      checklistTotal: 9,
    });
    expect(list.teams).toEqual([
      {
        team: 'group:default/b',
        openOutgoing: 0,
        openIncoming: 1,
        overdue: 1,
        completed: 3,
        rolledBack: 0,
      },
      {
        team: 'group:default/m-b',
        openOutgoing: 1,
        openIncoming: 0,
        overdue: 1,
        completed: 3,
        rolledBack: 0,
      },
    ]);
    const completedOnly = await fresh.listHandoffs(
      { state: 'completed' },
      { offset: 0, limit: 50 },
      T0,
    );
    expect(completedOnly.totalCount).toBe(7);
  });

  it('lets one of several concurrent reminder runs claim a handoff per day', async () => {
    const h = newHandoff('component:default/reminded');
    await store.insertHandoffs([h], []);
    const now = DateTime.fromJSDate(T0).plus({ days: 5 }).toJSDate();
    const dayBefore = DateTime.fromJSDate(now).minus({ days: 1 }).toJSDate();
    const due = await store.overdueNotReminded(now, dayBefore, 100);
    expect(due.map(d => d.handoff.id)).toContain(h.id);
    expect(due.find(d => d.handoff.id === h.id)).not.toHaveProperty(
      'lastRemindedAt',
    );
    const claims = await Promise.all(
      Array.from({ length: 5 }, () =>
        store.claimReminder(h.id, now, dayBefore),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const overdueIds = async (at: Date, before: Date) =>
      (await store.overdueNotReminded(at, before, 100)).map(d => d.handoff.id);
    expect(await overdueIds(now, dayBefore)).not.toContain(h.id);

    // a failed send gives the claim back: due again at once, reminded before
    // as it was; a release that is not the current claim changes nothing
    const later = DateTime.fromJSDate(now).plus({ days: 1, hours: 1 });
    const laterDayBefore = later.minus({ days: 1 }).toJSDate();
    expect(
      (
        await store.overdueNotReminded(later.toJSDate(), laterDayBefore, 100)
      ).find(d => d.handoff.id === h.id)?.lastRemindedAt,
    ).toEqual(now);
    expect(
      await store.claimReminder(h.id, later.toJSDate(), laterDayBefore),
    ).toBe(true);
    await store.releaseReminder(h.id, now, undefined);
    expect(await overdueIds(later.toJSDate(), laterDayBefore)).not.toContain(
      h.id,
    );
    await store.releaseReminder(h.id, later.toJSDate(), now);
    expect(
      (
        await store.overdueNotReminded(later.toJSDate(), laterDayBefore, 100)
      ).find(d => d.handoff.id === h.id)?.lastRemindedAt,
    ).toEqual(now);
  });
});
