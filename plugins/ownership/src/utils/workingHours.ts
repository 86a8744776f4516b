import { WorkingHours } from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const DEFAULT_DAYS = WEEKDAYS.slice(0, 5);

/** A contact's working hours as the card shows them. */
export type WorkingHoursStatus = {
  /** E.g. "Mon–Fri 09:00–17:00". */
  hours: string;
  timeZone: string;
  /** False when the time zone or times cannot be read. */
  valid: boolean;
  /** Whether the contact is within working hours at `now`. */
  working?: boolean;
  /** The contact's local time at `now`, e.g. "20:15". */
  localTime?: string;
  /** Today's hours in the viewer's zone, e.g. "08:00–16:00". */
  viewerHours?: string;
  viewerZone: string;
  /** Whether the viewer is in the contact's zone (same offset now). */
  sameZone: boolean;
};

type TimeOfDay = { hour: number; minute: number };

function timeOfDay(hhmm: string): TimeOfDay | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) {
    return undefined;
  }
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : undefined;
}

const minutesOf = ({ hour, minute }: TimeOfDay) => hour * 60 + minute;

const dayLabel = (day: string) =>
  day[0].toLocaleUpperCase('en-US') + day.slice(1);

/** "Mon–Fri", "Mon, Wed, Fri", "Sat–Sun". */
function formatDays(days: string[]): string {
  const indexes = [...new Set(days.map(d => WEEKDAYS.indexOf(d)))]
    .filter(i => i >= 0)
    .sort((a, b) => a - b);
  const consecutive = indexes.every(
    (d, i) => i === 0 || d === indexes[i - 1] + 1,
  );
  if (indexes.length > 2 && consecutive) {
    return `${dayLabel(WEEKDAYS[indexes[0]])}–${dayLabel(
      WEEKDAYS[indexes[indexes.length - 1]],
    )}`;
  }
  return indexes.map(i => dayLabel(WEEKDAYS[i])).join(', ');
}

/**
 * Reads working hours against a moment: whether the contact works now,
 * their local time, and today's hours in the viewer's zone. Hours that end
 * before they start run past midnight.
 */
export function workingHoursStatus(
  workingHours: WorkingHours,
  now: DateTime = DateTime.now(),
): WorkingHoursStatus {
  const days: string[] = workingHours.days?.length
    ? workingHours.days
    : DEFAULT_DAYS;
  const hours = `${formatDays(days)} ${workingHours.start}–${workingHours.end}`;
  const viewerZone = now.zoneName ?? 'UTC';
  const local = now.setZone(workingHours.timeZone);
  const startTime = timeOfDay(workingHours.start);
  const endTime = timeOfDay(workingHours.end);
  const base = { hours, timeZone: workingHours.timeZone, viewerZone };
  if (!local.isValid || !startTime || !endTime) {
    return { ...base, valid: false, sameZone: false };
  }
  const start = minutesOf(startTime);
  const end = minutesOf(endTime);

  const day = WEEKDAYS[local.weekday - 1];
  const previousDay = WEEKDAYS[(local.weekday + 5) % 7];
  const time = local.hour * 60 + local.minute;
  const working =
    end > start
      ? days.includes(day) && time >= start && time < end
      : (days.includes(day) && time >= start) ||
        (days.includes(previousDay) && time < end);

  // Wall-clock times of the contact's day: adding minutes to midnight would
  // be an hour off on the days the clocks change.
  const inViewerZone = ({ hour, minute }: TimeOfDay) =>
    local
      .set({ hour, minute, second: 0, millisecond: 0 })
      .setZone(viewerZone)
      .toFormat('HH:mm');
  return {
    ...base,
    valid: true,
    working,
    localTime: local.toFormat('HH:mm'),
    viewerHours: `${inViewerZone(startTime)}–${inViewerZone(endTime)}`,
    sameZone:
      viewerZone === workingHours.timeZone || local.offset === now.offset,
  };
}
