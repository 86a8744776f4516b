import { parseOwnershipDuration } from '@service-ownership/plugin-ownership-common';
import { DateTime, Duration } from 'luxon';

/**
 * A duration for people: `PT1H30M` becomes "1 hr, 30 min".
 */
export function humanizeDuration(
  iso: string | undefined,
  fallbackMinutes?: number,
): string {
  let duration: Duration | undefined = iso
    ? parseOwnershipDuration(iso)
    : undefined;
  if (!duration && fallbackMinutes !== undefined) {
    duration = Duration.fromObject({ minutes: fallbackMinutes });
  }
  if (!duration) {
    return iso ?? 'unknown';
  }
  return duration.rescale().toHuman({ unitDisplay: 'long' });
}

/**
 * A timestamp in the viewer's time zone, with its zone, e.g.
 * "Mar 3, 2025, 9:00 AM GMT+1".
 */
export function formatDateTime(iso: string | undefined): string {
  if (!iso) {
    return 'unknown';
  }
  const time = DateTime.fromISO(iso).toLocal();
  if (!time.isValid) {
    return iso;
  }
  return `${time.toLocaleString(DateTime.DATETIME_MED)} ${
    time.offsetNameShort
  }`;
}

/**
 * A day, e.g. "Mar 3, 2025".
 */
export function formatDate(iso: string | undefined): string {
  if (!iso) {
    return 'unknown';
  }
  const time = DateTime.fromISO(iso).toLocal();
  return time.isValid ? time.toLocaleString(DateTime.DATE_MED) : iso;
}

/**
 * "in 3 hours", "2 days ago".
 */
export function formatRelative(iso: string | undefined): string {
  if (!iso) {
    return '';
  }
  const time = DateTime.fromISO(iso);
  return time.isValid ? time.toRelative() ?? '' : '';
}

/**
 * A coverage percentage with one decimal.
 */
export function formatPercent(value: number): string {
  return `${(Math.round(value * 10) / 10).toFixed(1)}%`;
}
