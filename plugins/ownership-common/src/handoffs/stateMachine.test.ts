import { DateTime } from 'luxon';
import { HANDOFF_DOCUMENTATION_ITEM } from './checklist';
import {
  applyHandoffChecklistChange,
  applyHandoffTransition,
  createHandoff,
  DEFAULT_HANDOFF_SETTINGS,
  formatHandoffRemaining,
  handoffDurationProblem,
  handoffSchedule,
  handoffTransitionGuards,
  isHandoffOverdue,
  nextHandoffState,
} from './stateMachine';
import { Handoff } from './types';

const T0 = DateTime.fromISO('2027-03-26T12:00:00Z', { zone: 'utc' });
const actor = 'user:default/ann';
const iso = (at: DateTime) => at.toUTC().toISO();

function start(changes: Partial<Parameters<typeof createHandoff>[0]> = {}) {
  return createHandoff(
    {
      id: 'h1',
      entityRef: 'component:default/payments-api',
      fromTeam: 'group:default/payments',
      toTeam: 'group:default/checkout',
      actor,
      ...changes,
    },
    T0,
  );
}

function apply(
  h: Handoff,
  action: Parameters<typeof applyHandoffTransition>[1]['action'],
  at: DateTime = T0,
  extra: { reason?: string; issues?: string } = {},
): Handoff {
  const result = applyHandoffTransition(
    h,
    { action, ...extra },
    { now: at, actor },
  );
  if (!result.ok) {
    throw new Error(result.guards.map(g => g.message).join('; '));
  }
  return result.handoff;
}

function checkAll(h: Handoff): Handoff {
  return h.checklist.reduce((acc, item) => {
    const result = applyHandoffChecklistChange(
      acc,
      item.id,
      { done: true, justification: 'test' },
      { now: T0, actor },
    );
    if (!result.ok) throw new Error('refused');
    return result.handoff;
  }, h);
}

describe('handoff state machine', () => {
  it('starts in initiated with the checklist and due date', () => {
    const h = start();
    expect(h).toMatchObject({
      state: 'initiated',
      version: 1,
      shadowDays: 14,
      reverseShadowDays: 7,
      stateDueAt: '2027-03-29T12:00:00.000Z',
    });
    expect(h.checklist).toHaveLength(9);
    expect(h.checklist.every(i => !i.done)).toBe(true);
  });

  it('walks the guide states in order', () => {
    expect(nextHandoffState('initiated')).toBe('documentation-review');
    expect(nextHandoffState('reverse-shadow')).toBe('validation');
    expect(nextHandoffState('validation')).toBeUndefined();
    expect(nextHandoffState('completed')).toBeUndefined();
  });

  it('waits for the documentation item before the shadow period', () => {
    const h = apply(start(), 'advance');
    expect(handoffTransitionGuards(h, { action: 'advance' }, T0)).toEqual([
      expect.objectContaining({ code: 'documentation-not-updated' }),
    ]);
    const doc = applyHandoffChecklistChange(
      h,
      HANDOFF_DOCUMENTATION_ITEM,
      { done: true, justification: 'wiki' },
      { now: T0, actor },
    );
    expect(doc.ok).toBe(true);
    const shadow = apply(doc.ok ? doc.handoff : h, 'advance');
    expect(shadow).toMatchObject({
      state: 'shadow-period',
      shadowEndsAt: '2027-04-09T12:00:00.000Z',
      stateDueAt: '2027-04-09T12:00:00.000Z',
      version: 4,
    });
  });

  it('runs the shadow period and the reverse shadow to their ends', () => {
    let h = checkAll(start({ shadowDays: 2, reverseShadowDays: 1 }));
    h = apply(apply(h, 'advance'), 'advance');
    const early = handoffTransitionGuards(
      h,
      { action: 'advance' },
      T0.plus({ days: 1 }),
    );
    expect(early[0]).toMatchObject({
      code: 'shadow-period-running',
      remainingMs: 24 * 3600_000,
      until: '2027-03-28T12:00:00.000Z',
    });
    expect(early[0].message).toBe(
      'The shadow period runs 1 day more, until 2027-03-28T12:00:00.000Z',
    );
    h = apply(h, 'advance', T0.plus({ days: 2 }));
    expect(h.state).toBe('reverse-shadow');
    expect(
      handoffTransitionGuards(
        h,
        { action: 'advance' },
        T0.plus({ days: 2, hours: 23 }),
      )[0].code,
    ).toBe('reverse-shadow-running');
    h = apply(h, 'advance', T0.plus({ days: 3 }));
    expect(h.state).toBe('validation');
    const done = apply(h, 'complete', T0.plus({ days: 4 }));
    expect(done).toMatchObject({
      state: 'completed',
      completedAt: '2027-03-30T12:00:00.000Z',
      closedBy: actor,
    });
    expect(done.stateDueAt).toBeUndefined();
  });

  it('needs every item for completion, naming the missing ones', () => {
    let h = start({ shadowDays: 0, reverseShadowDays: 0 });
    const doc = applyHandoffChecklistChange(
      h,
      HANDOFF_DOCUMENTATION_ITEM,
      { done: true, justification: 'x' },
      { now: T0, actor },
    );
    h = doc.ok ? doc.handoff : h;
    for (let i = 0; i < 4; i++) h = apply(h, 'advance');
    const guards = handoffTransitionGuards(h, { action: 'complete' }, T0);
    expect(guards[0].code).toBe('checklist-incomplete');
    expect(guards[0].items).toHaveLength(8);
    expect(guards[0].message).toContain('Runbooks reviewed');
  });

  it('sends validation back to the shadow period with the issues found', () => {
    let h = checkAll(start({ shadowDays: 0, reverseShadowDays: 0 }));
    for (let i = 0; i < 4; i++) h = apply(h, 'advance');
    expect(
      handoffTransitionGuards(
        h,
        { action: 'report-issues', issues: ' ' },
        T0,
      )[0].code,
    ).toBe('issues-required');
    const back = apply(h, 'report-issues', T0, { issues: 'pager still old' });
    expect(back.state).toBe('shadow-period');
    expect(back.reverseShadowEndsAt).toBeUndefined();
    expect(back.issues).toEqual([
      { at: T0.toISO(), by: actor, description: 'pager still old' },
    ]);
  });

  it('rolls back from any open state with a reason, never from a closed one', () => {
    const h = start();
    expect(
      handoffTransitionGuards(h, { action: 'roll-back' }, T0)[0].code,
    ).toBe('reason-required');
    const rolled = apply(h, 'roll-back', T0, { reason: 'plans changed' });
    expect(rolled).toMatchObject({
      state: 'rolled-back',
      closeReason: 'plans changed',
    });
    expect(
      handoffTransitionGuards(
        rolled,
        { action: 'roll-back', reason: 'x' },
        T0,
      )[0].code,
    ).toBe('state');
    const forced = apply(h, 'force-close', T0, { reason: 'stuck' });
    expect(forced).toMatchObject({ state: 'rolled-back', forced: true });
  });

  it('gates evidence items behind evidence or a justification', () => {
    const h = start();
    const refused = applyHandoffChecklistChange(
      h,
      'dependencies-documented',
      { done: true },
      { now: T0, actor, evidenceSatisfied: false },
    );
    expect(refused).toMatchObject({
      ok: false,
      guards: [
        { code: 'evidence-missing', items: ['dependencies-documented'] },
      ],
    });
    const withEvidence = applyHandoffChecklistChange(
      h,
      'dependencies-documented',
      { done: true },
      { now: T0, actor, evidenceSatisfied: true },
    );
    expect(withEvidence.ok).toBe(true);
    const ungated = applyHandoffChecklistChange(
      h,
      'runbooks-reviewed',
      { done: true, link: 'https://runbooks.example', comment: ' read ' },
      { now: T0, actor },
    );
    expect(ungated.ok && ungated.handoff.checklist[1]).toMatchObject({
      done: true,
      doneBy: actor,
      link: 'https://runbooks.example',
      comment: 'read',
    });
    expect(() =>
      applyHandoffChecklistChange(
        h,
        'nope',
        { done: true },
        { now: T0, actor },
      ),
    ).toThrow(RangeError);
  });

  it('checks per-handoff durations against the bounds', () => {
    expect(handoffDurationProblem({ shadowDays: 14 })).toBeUndefined();
    expect(handoffDurationProblem({ shadowDays: 91 })).toMatch(/^shadowDays/);
    expect(handoffDurationProblem({ reverseShadowDays: 0.5 })).toMatch(
      /^reverseShadowDays/,
    );
  });

  it('keeps due dates whole UTC days across daylight saving changes', () => {
    // Europe/Berlin moves to summer time on 2027-03-28
    const h = start();
    expect(
      handoffSchedule(h, DEFAULT_HANDOFF_SETTINGS).map(s => s.dueAt),
    ).toEqual([
      '2027-03-29T12:00:00.000Z',
      '2027-04-05T12:00:00.000Z',
      '2027-04-19T12:00:00.000Z',
      '2027-04-26T12:00:00.000Z',
      '2027-05-03T12:00:00.000Z',
    ]);
    const local = DateTime.fromISO(h.stateDueAt!).setZone('Europe/Berlin');
    expect(local.toFormat('HH:mm')).toBe('14:00');
    expect(isHandoffOverdue(h, T0.plus({ days: 3 }))).toBe(false);
    expect(isHandoffOverdue(h, T0.plus({ days: 3, seconds: 1 }))).toBe(true);
  });

  it('lets a zero-day period be left at once, overdue only a day after it starts', () => {
    let h = checkAll(start({ shadowDays: 0, reverseShadowDays: 0 }));
    h = apply(h, 'advance', T0.plus({ hours: 1 }));
    const entered = T0.plus({ days: 2 });
    h = apply(h, 'advance', entered);
    expect(h).toMatchObject({
      state: 'shadow-period',
      shadowEndsAt: iso(entered),
      stateDueAt: iso(entered.plus({ days: 1 })),
    });
    // due: nothing holds it back
    expect(handoffTransitionGuards(h, { action: 'advance' }, entered)).toEqual(
      [],
    );
    // not overdue the moment it starts, nor within the day
    expect(isHandoffOverdue(h, entered)).toBe(false);
    expect(isHandoffOverdue(h, entered.plus({ hours: 23 }))).toBe(false);
    expect(isHandoffOverdue(h, entered.plus({ days: 1, seconds: 1 }))).toBe(
      true,
    );
    // the schedule counts the same day for the zero-day reverse shadow
    expect(handoffSchedule(h).map(s => [s.state, s.dueAt])).toEqual([
      ['shadow-period', iso(entered.plus({ days: 1 }))],
      ['reverse-shadow', iso(entered.plus({ days: 2 }))],
      ['validation', iso(entered.plus({ days: 9 }))],
    ]);
    const reverse = entered.plus({ hours: 2 });
    h = apply(h, 'advance', reverse);
    expect(h).toMatchObject({
      state: 'reverse-shadow',
      reverseShadowEndsAt: iso(reverse),
      stateDueAt: iso(reverse.plus({ days: 1 })),
    });
    expect(isHandoffOverdue(h, reverse.plus({ minutes: 1 }))).toBe(false);
    // issues found send it back to a zero-day shadow period, due likewise
    h = apply(h, 'advance', reverse);
    const back = applyHandoffTransition(
      h,
      { action: 'report-issues', issues: 'paging broken' },
      { now: reverse.plus({ hours: 1 }), actor },
    );
    expect(back.ok && back.handoff.stateDueAt).toBe(
      iso(reverse.plus({ days: 1, hours: 1 })),
    );
  });

  it('keeps a period of days due when it ends', () => {
    let h = checkAll(start({ shadowDays: 1, reverseShadowDays: 2 }));
    h = apply(h, 'advance', T0);
    h = apply(h, 'advance', T0);
    expect(h.stateDueAt).toBe(h.shadowEndsAt);
    h = apply(h, 'advance', T0.plus({ days: 1 }));
    expect(h.stateDueAt).toBe(h.reverseShadowEndsAt);
    expect(h.stateDueAt).toBe(iso(T0.plus({ days: 3 })));
  });

  it('formats remaining time', () => {
    expect(formatHandoffRemaining(0)).toBe('less than a minute');
    expect(formatHandoffRemaining(25 * 60_000)).toBe('25 minutes');
    expect(formatHandoffRemaining((2 * 24 + 3) * 3600_000)).toBe(
      '2 days 3 hours',
    );
  });
});
