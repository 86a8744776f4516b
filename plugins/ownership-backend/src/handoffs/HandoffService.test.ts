import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DEFAULT_HANDOFF_SETTINGS,
  HandoffDetails,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { indexedDatabase } from '../__testUtils__/indexedDatabase';
import { DatabaseHandoffStore } from './DatabaseHandoffStore';
import { DatabaseHandoffDirectory } from './HandoffDirectory';
import { HandoffEvidence } from './HandoffEvidence';
import { HandoffConflictError, HandoffService } from './HandoffService';
import {
  HandoffNotificationEvent,
  HandoffNotifier,
  HandoffNotifyResult,
} from './notifications/HandoffNotifier';
import { handoffEntities } from './__testUtils__/handoffsBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = new Date('2027-03-26T12:00:00Z');

/** Records what it is asked to send; answers with `recipients`. */
class RecordingNotifier implements HandoffNotifier {
  events: HandoffNotificationEvent[] = [];
  constructor(
    private readonly recipients: string[],
    private readonly failing = false,
  ) {}
  async notify(event: HandoffNotificationEvent) {
    this.events.push(event);
    if (this.failing) {
      throw new Error('notifications are down');
    }
    return { recipients: this.recipients };
  }
}

/**
 * Overdue reminders that fail as told: by throwing, or by reporting the
 * error as NotificationsHandoffNotifier does; `gate` holds sends back.
 */
class FlakyNotifier implements HandoffNotifier {
  mode: 'ok' | 'throw' | 'report' = 'ok';
  sends: string[] = [];
  gate?: Promise<void>;
  async notify(event: HandoffNotificationEvent): Promise<HandoffNotifyResult> {
    this.sends.push(`${event.type} ${this.mode}`);
    await this.gate;
    if (this.mode === 'throw') {
      throw new Error('notifications are down');
    }
    return this.mode === 'report'
      ? { recipients: [], error: 'Request failed with status 503' }
      : { recipients: ['group:default/sre'] };
  }
}

const ann = mockCredentials.user('user:default/ann');

describe.each(databases.eachSupportedId())('HandoffService on %p', id => {
  let now: Date;
  const advanceClock = (duration: object) => {
    now = DateTime.fromJSDate(now).plus(duration).toJSDate();
  };

  async function setup(notifier: HandoffNotifier) {
    const { knex, database, feed } = await indexedDatabase(databases, id);
    await feed(handoffEntities(), T0);
    const catalog = catalogServiceMock({ entities: handoffEntities() });
    const directory = await DatabaseHandoffDirectory.create({ database });
    const service = new HandoffService({
      catalog,
      store: await DatabaseHandoffStore.create({ database }),
      directory,
      evidence: new HandoffEvidence(catalog, directory),
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      }),
      userInfo: mockServices.userInfo({
        ownershipEntityRefs: ['user:default/ann', 'group:default/payments'],
      }),
      notifier,
      logger: mockServices.logger.mock(),
      config: {
        admins: [],
        handoffs: {
          ...DEFAULT_HANDOFF_SETTINGS,
          reminderFrequency: { hours: 1 },
        },
      },
      clock: () => now,
    });
    return { knex, service };
  }

  beforeEach(() => {
    now = T0;
  });

  const write = { credentials: ann };

  it('passes the shadow period and the reverse shadow with the clock', async () => {
    const notifier = new RecordingNotifier([]);
    const { service } = await setup(notifier);
    let h: HandoffDetails = await service.start(
      'component:default/payments-api',
      { toTeam: 'group:default/sre' },
      write,
    );
    expect(h.shadowDays).toBe(14);
    h = await service.changeChecklistItem(
      h.id,
      'documentation-updated',
      { version: h.version, done: true, justification: 'wiki' },
      write,
    );
    h = await service.transition(
      h.id,
      { version: h.version, action: 'advance' },
      write,
    );
    // on-call evidence: sre is a target of the policy, but not yet in shadow
    expect(h.evidence['oncall-training-complete']).toMatchObject({
      satisfied: false,
      detail: expect.stringContaining('counts from the shadow period on'),
    });
    h = await service.transition(
      h.id,
      { version: h.version, action: 'advance' },
      write,
    );
    expect(h.state).toBe('shadow-period');
    expect(h.shadowEndsAt).toBe('2027-04-09T12:00:00.000Z');
    expect(h.evidence['oncall-training-complete']).toMatchObject({
      satisfied: true,
      detail: expect.stringContaining(
        'group:default/sre is a target of level 2 "SRE"',
      ),
    });

    advanceClock({ days: 13, hours: 23 });
    const early = await service
      .transition(h.id, { version: h.version, action: 'advance' }, write)
      .catch(e => e);
    expect(early).toBeInstanceOf(HandoffConflictError);
    expect(early.guards[0]).toMatchObject({
      code: 'shadow-period-running',
      remainingMs: 3600_000,
    });
    expect(early.message).toContain('1 hour');

    advanceClock({ hours: 1 });
    h = await service.transition(
      h.id,
      { version: h.version, action: 'advance' },
      write,
    );
    expect(h.state).toBe('reverse-shadow');
    const reverse = await service
      .transition(h.id, { version: h.version, action: 'advance' }, write)
      .catch(e => e);
    expect(reverse.guards[0].code).toBe('reverse-shadow-running');
    advanceClock({ days: 7 });
    h = await service.transition(
      h.id,
      { version: h.version, action: 'advance' },
      write,
    );
    expect(h.state).toBe('validation');
    expect(notifier.events.map(e => [e.type, e.previousState])).toEqual([
      ['started', undefined],
      ['state-changed', 'initiated'],
      ['state-changed', 'documentation-review'],
      ['state-changed', 'shadow-period'],
      ['state-changed', 'reverse-shadow'],
    ]);
  });

  it('records the stakeholders-notified evidence when the notification reached someone', async () => {
    const { knex, service } = await setup(
      new RecordingNotifier(['group:default/payments', 'group:default/sre']),
    );
    const h = await service.start(
      'component:default/payments-web',
      { toTeam: 'group:default/sre' },
      write,
    );
    expect(h.evidence['stakeholders-notified']).toMatchObject({
      satisfied: true,
    });
    const checked = await service.changeChecklistItem(
      h.id,
      'stakeholders-notified',
      { version: h.version, done: true },
      write,
    );
    expect(
      checked.checklist.find(i => i.id === 'stakeholders-notified'),
    ).toMatchObject({
      done: true,
      doneBy: 'user:default/ann',
    });
    const [row] = await knex('ownership_audit_log').where({
      action: 'handoff-notified',
    });
    expect(JSON.parse(row.details)).toMatchObject({
      handoffId: h.id,
      recipients: ['group:default/payments', 'group:default/sre'],
    });
  });

  it('keeps the write when notifying fails, without the evidence', async () => {
    const { service } = await setup(new RecordingNotifier(['x'], true));
    const h = await service.start(
      'component:default/payments-web',
      { toTeam: 'group:default/sre' },
      write,
    );
    expect(h.evidence['stakeholders-notified'].satisfied).toBe(false);
    const gated = await service
      .changeChecklistItem(
        h.id,
        'stakeholders-notified',
        { version: h.version, done: true },
        write,
      )
      .catch(e => e);
    expect(gated.guards[0].code).toBe('evidence-missing');
  });

  it('reminds of an overdue handoff at most once a day', async () => {
    const notifier = new RecordingNotifier([]);
    const { service } = await setup(notifier);
    const h = await service.start(
      'component:default/payments-jobs',
      { toTeam: 'group:default/sre' },
      write,
    );
    expect(await service.remindOverdue()).toBe(0);
    advanceClock({ days: 3, minutes: 1 });
    expect(await service.remindOverdue()).toBe(1);
    expect(notifier.events[notifier.events.length - 1]).toMatchObject({
      type: 'overdue',
      handoff: { id: h.id },
    });
    advanceClock({ hours: 23 });
    expect(await service.remindOverdue()).toBe(0);
    advanceClock({ hours: 1, minutes: 1 });
    expect(await service.remindOverdue()).toBe(1);
    await service.transition(
      h.id,
      { version: h.version, action: 'roll-back', reason: 'not now' },
      write,
    );
    advanceClock({ days: 2 });
    expect(await service.remindOverdue()).toBe(0);
  });

  it('retries a failed overdue reminder at the next run, not a day later', async () => {
    const notifier = new FlakyNotifier();
    const { service, knex } = await setup(notifier);
    const h = await service.start(
      'component:default/payments-jobs',
      { toTeam: 'group:default/sre' },
      write,
    );
    const lastReminded = async () =>
      (
        await knex('ownership_handoffs')
          .where({ id: h.id })
          .first('last_reminded_at')
      ).last_reminded_at;
    advanceClock({ days: 3, minutes: 1 });
    notifier.mode = 'throw';
    expect(await service.remindOverdue()).toBe(0);
    expect(await lastReminded()).toBeNull();
    advanceClock({ hours: 1 });
    notifier.mode = 'report';
    expect(await service.remindOverdue()).toBe(0);
    expect(await lastReminded()).toBeNull();
    advanceClock({ hours: 1 });
    notifier.mode = 'ok';
    expect(await service.remindOverdue()).toBe(1);
    const sentAt = now;
    expect(await lastReminded()).not.toBeNull();
    // reminded: nothing more today, even with notifications down
    advanceClock({ hours: 1 });
    expect(await service.remindOverdue()).toBe(0);
    // a day on, a failed reminder leaves the last good one in place
    advanceClock({ days: 1 });
    notifier.mode = 'report';
    expect(await service.remindOverdue()).toBe(0);
    const kept = await lastReminded();
    expect(new Date(typeof kept === 'string' ? kept : Number(kept))).toEqual(
      sentAt,
    );
    advanceClock({ hours: 1 });
    notifier.mode = 'ok';
    expect(await service.remindOverdue()).toBe(1);
    expect(notifier.sends).toEqual([
      'started ok',
      'overdue throw',
      'overdue report',
      'overdue ok',
      'overdue report',
      'overdue ok',
    ]);
  });

  it('sends an overdue reminder once when two runs overlap', async () => {
    const notifier = new FlakyNotifier();
    const { service } = await setup(notifier);
    await service.start(
      'component:default/payments-jobs',
      { toTeam: 'group:default/sre' },
      write,
    );
    advanceClock({ days: 3, minutes: 1 });
    let open = () => {};
    notifier.gate = new Promise<void>(resolve => {
      open = resolve;
    });
    const first = service.remindOverdue();
    // the second run starts while the first is still sending
    await new Promise(resolve => setTimeout(resolve, 50));
    const second = await service.remindOverdue();
    open();
    expect([await first, second]).toEqual([1, 0]);
    expect(notifier.sends).toEqual(['started ok', 'overdue ok']);
  });

  it('keeps due dates in UTC days across a daylight saving change', async () => {
    const { service } = await setup(new RecordingNotifier([]));
    // 2027-03-28: Europe moves to summer time; due dates stay 24 h apart
    const h = await service.start(
      'component:default/payments-batch',
      { toTeam: 'group:default/sre', shadowDays: 3 },
      write,
    );
    expect(h.stateDueAt).toBe('2027-03-29T12:00:00.000Z');
    expect(h.schedule.map(s => s.dueAt)).toEqual([
      '2027-03-29T12:00:00.000Z',
      '2027-04-05T12:00:00.000Z',
      '2027-04-08T12:00:00.000Z',
      '2027-04-15T12:00:00.000Z',
      '2027-04-22T12:00:00.000Z',
    ]);
  });
});
