import { DateTime } from 'luxon';
import { workingHoursStatus } from './workingHours';

const berlin = {
  timeZone: 'Europe/Berlin',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const,
  start: '09:00',
  end: '17:00',
};

// 2025-03-05 is a Wednesday, 2025-03-08 a Saturday; Berlin is UTC+1 then.
const at = (iso: string, zone = 'UTC') => DateTime.fromISO(iso, { zone });

describe('workingHoursStatus', () => {
  it('is within working hours on a weekday afternoon in the contact zone', () => {
    const status = workingHoursStatus(
      { ...berlin, days: [...berlin.days] },
      at('2025-03-05T13:30:00Z'),
    );
    expect(status).toMatchObject({
      valid: true,
      hours: 'Mon–Fri 09:00–17:00',
      timeZone: 'Europe/Berlin',
      working: true,
      localTime: '14:30',
      viewerZone: 'UTC',
      viewerHours: '08:00–16:00',
      sameZone: false,
    });
  });

  it('is outside working hours in the evening and at the weekend', () => {
    const hours = { ...berlin, days: [...berlin.days] };
    expect(workingHoursStatus(hours, at('2025-03-05T16:30:00Z'))).toMatchObject(
      { working: false, localTime: '17:30' },
    );
    expect(workingHoursStatus(hours, at('2025-03-08T10:00:00Z'))).toMatchObject(
      { working: false, localTime: '11:00' },
    );
  });

  it('knows when the viewer is in the same zone', () => {
    const status = workingHoursStatus(
      { ...berlin, days: [...berlin.days] },
      at('2025-03-05T10:00:00', 'Europe/Berlin'),
    );
    expect(status).toMatchObject({
      working: true,
      sameZone: true,
      viewerZone: 'Europe/Berlin',
      viewerHours: '09:00–17:00',
    });
  });

  it('runs hours that end before they start past midnight', () => {
    const night = {
      timeZone: 'UTC',
      days: ['mon' as const],
      start: '22:00',
      end: '06:00',
    };
    // Monday 23:00 and Tuesday 05:00 belong to Monday's shift.
    expect(workingHoursStatus(night, at('2025-03-03T23:00:00Z')).working).toBe(
      true,
    );
    expect(workingHoursStatus(night, at('2025-03-04T05:00:00Z')).working).toBe(
      true,
    );
    expect(workingHoursStatus(night, at('2025-03-04T23:00:00Z')).working).toBe(
      false,
    );
  });

  it('lists days that do not form a range one by one', () => {
    expect(
      workingHoursStatus(
        {
          timeZone: 'UTC',
          days: ['fri', 'mon', 'wed'],
          start: '09:00',
          end: '12:00',
        },
        at('2025-03-05T10:00:00Z'),
      ),
    ).toMatchObject({ hours: 'Mon, Wed, Fri 09:00–12:00', working: true });
  });

  it('defaults to Monday to Friday and reports unreadable zones', () => {
    expect(
      workingHoursStatus(
        { timeZone: 'UTC', start: '09:00', end: '17:00' },
        at('2025-03-08T10:00:00Z'),
      ),
    ).toMatchObject({ hours: 'Mon–Fri 09:00–17:00', working: false });
    expect(
      workingHoursStatus(
        { timeZone: 'Mars/Olympus', start: '09:00', end: '17:00' },
        at('2025-03-05T10:00:00Z'),
      ),
    ).toMatchObject({ valid: false, timeZone: 'Mars/Olympus' });
  });

  it.each([
    // The clocks go forward that day.
    ['Europe/Berlin', '2025-03-30T10:00:00Z', '07:00–15:00'],
    ['America/New_York', '2025-03-09T15:00:00Z', '13:00–21:00'],
    // The clocks go back.
    ['Europe/Berlin', '2025-10-26T10:00:00Z', '08:00–16:00'],
    ['America/New_York', '2025-11-02T15:00:00Z', '14:00–22:00'],
  ])(
    'shows the hours in %s on the day the clocks change at %s',
    (timeZone, now, viewerHours) => {
      const status = workingHoursStatus(
        { timeZone, days: ['sun'], start: '09:00', end: '17:00' },
        at(now),
      );
      expect(status).toMatchObject({ valid: true, working: true, viewerHours });
    },
  );

  it('rejects times that are not on the clock', () => {
    for (const [start, end] of [
      ['09:75', '17:00'],
      ['09:00', '24:00'],
      ['25:00', '17:00'],
      ['9am', '17:00'],
    ]) {
      expect(
        workingHoursStatus(
          { timeZone: 'UTC', start, end },
          at('2025-03-05T10:00:00Z'),
        ),
      ).toMatchObject({ valid: false });
    }
  });
});
