import { parseEntityRef } from '@backstage/catalog-model';
import {
  normalizeOwnershipRef,
  OnCallRota,
  OnCallShift,
  OnCallStatus,
  parseOwnershipDuration,
} from '@service-ownership/plugin-ownership-common';
import { DateTime, Duration, IANAZone } from 'luxon';
import { OnCallProvider, OnCallProviderRequest } from './extensions';

/**
 * One shift of a rota.
 *
 * @public
 */
export interface RotaShift {
  /** The member's User entity ref. */
  member: string;
  /** Position of the shift counted from the rota's start (0 is the first shift). */
  index: number;
  from: DateTime;
  until: DateTime;
}

const MINUTES_PER_DAY = 24 * 60;
const HANDOVER = /^([01]\d|2[0-3]):([0-5]\d)$/;

type Boundary = (k: number) => DateTime;

function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}

/**
 * Builds the function that gives the start of shift `k`.
 *
 * Rotations in whole days, weeks or months hand over at the same local wall
 * time, whatever daylight saving does in between. Rotations that divide a day
 * (8h, 12h) hand over at fixed local times each day, so a 12h rota from 09:00
 * always hands over at 09:00 and 21:00 (its shifts are an hour shorter or
 * longer on the days the clocks change). Anything else steps in absolute time.
 */
function createBoundary(start: DateTime, rotation: Duration): Boundary {
  const {
    years = 0,
    months = 0,
    weeks = 0,
    days = 0,
    hours = 0,
    minutes = 0,
    seconds = 0,
  } = rotation.toObject();
  const calendar = { years, months, weeks, days };
  const clockMinutes = hours * 60 + minutes + seconds / 60;
  const hasCalendar = years || months || weeks || days;

  if (!clockMinutes) {
    return k =>
      start.plus({
        years: calendar.years * k,
        months: calendar.months * k,
        weeks: calendar.weeks * k,
        days: calendar.days * k,
      });
  }

  if (
    !hasCalendar &&
    Number.isInteger(clockMinutes) &&
    MINUTES_PER_DAY % clockMinutes === 0
  ) {
    const perDay = MINUTES_PER_DAY / clockMinutes;
    const startMinute = start.hour * 60 + start.minute;
    return k => {
      const day = floorDiv(k, perDay);
      const wall = startMinute + mod(k, perDay) * clockMinutes;
      return start.plus({ days: day + floorDiv(wall, MINUTES_PER_DAY) }).set({
        hour: Math.floor(mod(wall, MINUTES_PER_DAY) / 60),
        minute: mod(wall, 60),
        second: 0,
        millisecond: 0,
      });
    };
  }

  const ms = rotation.as('milliseconds');
  return k => start.plus({ milliseconds: ms * k });
}

function parseStart(rota: OnCallRota, zone: string): DateTime | undefined {
  const start = DateTime.fromISO(String(rota.start), { zone });
  if (!start.isValid) {
    return undefined;
  }
  if (rota.handoverTime === undefined) {
    return start;
  }
  const match = HANDOVER.exec(String(rota.handoverTime));
  if (!match) {
    return undefined;
  }
  return start.set({
    hour: Number(match[1]),
    minute: Number(match[2]),
    second: 0,
    millisecond: 0,
  });
}

/**
 * Computes the current and next shift of a rota at `now`: the members take
 * turns, each for one `rotation`, the first starting on `start` at
 * `handoverTime` (default midnight) in `timeZone` (default UTC).
 *
 * Returns undefined when the rota cannot be computed (no valid members, a
 * rotation that is not a positive duration, an unknown time zone or an
 * unparseable start or hand-over time). Before the rota starts there is no
 * current shift and the next one is the first.
 *
 * @public
 */
export function computeRotaShifts(
  rota: OnCallRota,
  now: DateTime,
  options: { defaultNamespace?: string } = {},
): { current?: RotaShift; next: RotaShift } | undefined {
  const members = (Array.isArray(rota?.members) ? rota.members : [])
    .map(m =>
      normalizeOwnershipRef(m, {
        defaultKind: 'user',
        defaultNamespace: options.defaultNamespace,
        allowedKinds: ['User'],
      }),
    )
    .filter((m): m is string => Boolean(m));
  const rotation = parseOwnershipDuration(rota?.rotation);
  const zone = rota?.timeZone === undefined ? 'UTC' : String(rota.timeZone);
  if (!members.length || !rotation || !IANAZone.isValidZone(zone)) {
    return undefined;
  }
  const start = parseStart(rota, zone);
  if (!start) {
    return undefined;
  }
  const boundary = createBoundary(start, rotation);
  const shift = (k: number): RotaShift => ({
    member: members[mod(k, members.length)],
    index: k,
    from: boundary(k),
    until: boundary(k + 1),
  });

  const at = now.setZone(zone);
  if (at < start) {
    return { next: shift(0) };
  }
  // An estimate from the average length, then corrected by the real
  // boundaries (months and daylight saving make shifts uneven).
  let k = Math.max(
    0,
    Math.floor(at.diff(start).as('milliseconds') / rotation.as('milliseconds')),
  );
  while (k > 0 && boundary(k) > at) {
    k -= 1;
  }
  while (boundary(k + 1) <= at) {
    k += 1;
  }
  return { current: shift(k), next: shift(k + 1) };
}

function toShift(shift: RotaShift): OnCallShift {
  return {
    person: { entityRef: shift.member, exists: false },
    from: shift.from.toISO()!,
    until: shift.until.toISO()!,
  };
}

/**
 * The built-in on-call provider: computes the current and next on-call from
 * the `rota` written on a schedule target of an escalation policy.
 *
 * @public
 */
export class RotaOnCallProvider implements OnCallProvider {
  async getOnCall(
    request: OnCallProviderRequest,
  ): Promise<OnCallStatus | undefined> {
    const { target, schedule, policyRef, now } = request;
    if (!target.rota) {
      return undefined;
    }
    let defaultNamespace: string | undefined;
    try {
      defaultNamespace = parseEntityRef(policyRef).namespace;
    } catch {
      defaultNamespace = undefined;
    }
    const shifts = computeRotaShifts(target.rota, now, { defaultNamespace });
    if (!shifts) {
      return undefined;
    }
    return {
      schedule,
      provider: 'rota',
      current: shifts.current && toShift(shifts.current),
      next: toShift(shifts.next),
    };
  }
}
