import { DateTime } from 'luxon';
import { computeRotaShifts, RotaOnCallProvider } from './rota';

const weekly = {
  members: ['user:default/ann', 'bob', 'user:default/cem'],
  rotation: '1w',
  handoverTime: '09:00',
  timeZone: 'Europe/Berlin',
  start: '2026-03-02',
};

function at(iso: string, zone = 'UTC') {
  return DateTime.fromISO(iso, { zone });
}

function summary(shifts: ReturnType<typeof computeRotaShifts>) {
  return {
    current: shifts?.current && {
      member: shifts.current.member,
      from: shifts.current.from.toISO(),
      until: shifts.current.until.toISO(),
    },
    next: shifts?.next && {
      member: shifts.next.member,
      from: shifts.next.from.toISO(),
      until: shifts.next.until.toISO(),
    },
  };
}

describe('computeRotaShifts', () => {
  it('hands over at the local hand-over time', () => {
    const before = computeRotaShifts(
      weekly,
      at('2026-03-09T08:59', 'Europe/Berlin'),
    );
    expect(summary(before)).toEqual({
      current: {
        member: 'user:default/ann',
        from: '2026-03-02T09:00:00.000+01:00',
        until: '2026-03-09T09:00:00.000+01:00',
      },
      next: {
        member: 'user:default/bob',
        from: '2026-03-09T09:00:00.000+01:00',
        until: '2026-03-16T09:00:00.000+01:00',
      },
    });
    const after = computeRotaShifts(
      weekly,
      at('2026-03-09T09:00', 'Europe/Berlin'),
    );
    expect(after?.current?.member).toBe('user:default/bob');
    expect(after?.next.member).toBe('user:default/cem');
  });

  it('answers the same instant the same way whatever zone now is in', () => {
    const berlin = computeRotaShifts(
      weekly,
      at('2026-03-09T09:30', 'Europe/Berlin'),
    );
    const tokyo = computeRotaShifts(
      weekly,
      at('2026-03-09T09:30', 'Europe/Berlin').setZone('Asia/Tokyo'),
    );
    const utc = computeRotaShifts(weekly, at('2026-03-09T08:30Z'));
    expect(summary(tokyo)).toEqual(summary(berlin));
    expect(summary(utc)).toEqual(summary(berlin));
    // 08:30 UTC is 09:30 in Berlin (CET), so the hand-over has happened
    expect(utc?.current?.member).toBe('user:default/bob');
  });

  it('keeps the local hand-over time across the spring DST change', () => {
    // Berlin moves from +01:00 to +02:00 on 2026-03-29.
    const shifts = computeRotaShifts(
      weekly,
      at('2026-03-28T12:00', 'Europe/Berlin'),
    );
    expect(summary(shifts).current).toEqual({
      member: 'user:default/ann',
      from: '2026-03-23T09:00:00.000+01:00',
      until: '2026-03-30T09:00:00.000+02:00',
    });
    // that shift is one hour shorter than a week
    expect(shifts!.current!.until.diff(shifts!.current!.from).as('hours')).toBe(
      167,
    );
    // just before and after the hand-over, in UTC
    expect(
      computeRotaShifts(weekly, at('2026-03-30T06:59Z'))?.current?.member,
    ).toBe('user:default/ann');
    expect(
      computeRotaShifts(weekly, at('2026-03-30T07:00Z'))?.current?.member,
    ).toBe('user:default/bob');
  });

  it('keeps the local hand-over time across the autumn DST change', () => {
    const shifts = computeRotaShifts(
      weekly,
      at('2026-10-24T12:00', 'Europe/Berlin'),
    );
    expect(shifts?.current?.until.toISO()).toBe(
      '2026-10-26T09:00:00.000+01:00',
    );
    expect(shifts!.current!.until.diff(shifts!.current!.from).as('hours')).toBe(
      169,
    );
  });

  it('hands over twice a day at fixed local times for 12h rotations', () => {
    const rota = {
      members: ['user:default/ann', 'user:default/bob'],
      rotation: '12h',
      handoverTime: '09:00',
      timeZone: 'America/New_York',
      start: '2026-03-06',
    };
    // New York moves from -05:00 to -04:00 on 2026-03-08 at 02:00.
    const night = computeRotaShifts(
      rota,
      at('2026-03-08T03:00', 'America/New_York'),
    );
    expect(summary(night).current).toEqual({
      member: 'user:default/bob',
      from: '2026-03-07T21:00:00.000-05:00',
      until: '2026-03-08T09:00:00.000-04:00',
    });
    expect(summary(night).next).toEqual({
      member: 'user:default/ann',
      from: '2026-03-08T09:00:00.000-04:00',
      until: '2026-03-08T21:00:00.000-04:00',
    });
    // the night shift over the change is 11 hours long
    expect(night!.current!.until.diff(night!.current!.from).as('hours')).toBe(
      11,
    );
    // two weeks later the same members still hand over at 09:00 and 21:00
    const later = computeRotaShifts(
      rota,
      at('2026-03-20T20:59', 'America/New_York'),
    );
    expect(later?.current?.from.toISO()).toBe('2026-03-20T09:00:00.000-04:00');
    expect(later?.current?.until.toISO()).toBe('2026-03-20T21:00:00.000-04:00');
  });

  it('steps in absolute time for rotations that do not divide a day', () => {
    const rota = {
      members: ['user:default/ann', 'user:default/bob', 'user:default/cem'],
      rotation: '5h',
      start: '2026-01-01T00:00:00Z',
    };
    const shifts = computeRotaShifts(rota, at('2026-01-01T11:00Z'));
    expect(shifts?.current?.member).toBe('user:default/cem');
    expect(shifts?.current?.from.toUTC().toISO()).toBe(
      '2026-01-01T10:00:00.000Z',
    );
    expect(shifts?.next.member).toBe('user:default/ann');
  });

  it('accepts ISO rotations, defaults to midnight UTC and handles months', () => {
    const rota = {
      members: ['user:default/ann', 'user:default/bob'],
      rotation: 'P1M',
      start: '2026-01-31',
    };
    const shifts = computeRotaShifts(rota, at('2026-03-15T00:00Z'));
    expect(summary(shifts).current).toEqual({
      member: 'user:default/bob',
      from: '2026-02-28T00:00:00.000Z',
      until: '2026-03-31T00:00:00.000Z',
    });
  });

  it('is correct far from the start', () => {
    const shifts = computeRotaShifts(
      weekly,
      at('2031-07-01T12:00', 'Europe/Berlin'),
    );
    const weeks = Math.floor(
      at('2031-07-01T12:00', 'Europe/Berlin')
        .diff(at('2026-03-02T09:00', 'Europe/Berlin'), 'weeks')
        .as('weeks'),
    );
    expect(shifts?.current?.index).toBe(weeks);
    expect(shifts?.current?.from.toFormat('ccc HH:mm')).toBe('Mon 09:00');
    expect(
      shifts!.current!.from <= at('2031-07-01T12:00', 'Europe/Berlin'),
    ).toBe(true);
    expect(
      shifts!.current!.until > at('2031-07-01T12:00', 'Europe/Berlin'),
    ).toBe(true);
  });

  it('has only a next shift before the rota starts', () => {
    const shifts = computeRotaShifts(weekly, at('2026-01-01T00:00Z'));
    expect(shifts?.current).toBeUndefined();
    expect(shifts?.next.member).toBe('user:default/ann');
    expect(shifts?.next.from.toISO()).toBe('2026-03-02T09:00:00.000+01:00');
  });

  it('resolves short member refs in the given namespace', () => {
    const shifts = computeRotaShifts(weekly, at('2026-03-10T00:00Z'), {
      defaultNamespace: 'payments',
    });
    expect(shifts?.current?.member).toBe('user:payments/bob');
  });

  it.each([
    ['no members', { ...weekly, members: [] }],
    ['only malformed members', { ...weekly, members: ['group:x/y', ''] }],
    ['a bad rotation', { ...weekly, rotation: 'weekly' }],
    ['an unknown zone', { ...weekly, timeZone: 'Mars/Olympus' }],
    ['a bad hand-over time', { ...weekly, handoverTime: '9am' }],
    ['a bad start', { ...weekly, start: 'next monday' }],
  ])('gives up on a rota with %s', (_, rota) => {
    expect(computeRotaShifts(rota, at('2026-03-10T00:00Z'))).toBeUndefined();
  });
});

describe('RotaOnCallProvider', () => {
  const provider = new RotaOnCallProvider();

  it('answers for schedule targets with a rota', async () => {
    await expect(
      provider.getOnCall({
        schedule: 'payments-primary',
        target: { type: 'schedule', id: 'payments-primary', rota: weekly },
        policyRef: 'escalationpolicy:default/payments',
        now: at('2026-03-09T09:00', 'Europe/Berlin'),
      }),
    ).resolves.toEqual({
      schedule: 'payments-primary',
      provider: 'rota',
      current: {
        person: { entityRef: 'user:default/bob', exists: false },
        from: '2026-03-09T09:00:00.000+01:00',
        until: '2026-03-16T09:00:00.000+01:00',
      },
      next: {
        person: { entityRef: 'user:default/cem', exists: false },
        from: '2026-03-16T09:00:00.000+01:00',
        until: '2026-03-23T09:00:00.000+01:00',
      },
    });
  });

  it('does not know schedules without a rota', async () => {
    await expect(
      provider.getOnCall({
        schedule: 'pd-schedule',
        target: { type: 'schedule', id: 'pd-schedule' },
        policyRef: 'escalationpolicy:default/payments',
        now: DateTime.utc(),
      }),
    ).resolves.toBeUndefined();
  });
});
