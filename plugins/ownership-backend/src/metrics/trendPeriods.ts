import { IncidentTrendBucket } from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { IncidentTrendPeriod } from './IncidentTrendStore';

/** Windows of up to this many UTC days are shown per day, longer ones per week. */
export const TREND_DAY_BUCKET_MAX_DAYS = 14;

/**
 * The periods of a trend over a window: its whole UTC days (the rollup's
 * grain), per day for short windows, else per ISO week (Monday to Sunday)
 * clipped to the window.
 */
export function trendPeriods(window: { from: Date; to: Date }): {
  window: { from: Date; to: Date };
  bucket: IncidentTrendBucket;
  periods: IncidentTrendPeriod[];
} {
  const first = DateTime.fromJSDate(window.from, { zone: 'utc' }).startOf(
    'day',
  );
  // `to` is exclusive: a window ending at midnight ends the day before
  const last = DateTime.fromJSDate(window.to, { zone: 'utc' })
    .minus({ milliseconds: 1 })
    .startOf('day');
  const days = Math.round(last.diff(first, 'days').days) + 1;
  const bucket: IncidentTrendBucket =
    days <= TREND_DAY_BUCKET_MAX_DAYS ? 'day' : 'week';
  const day = (d: DateTime) => d.toISODate()!;
  const periods: IncidentTrendPeriod[] = [];
  let start = bucket === 'day' ? first : first.startOf('week');
  while (start <= last) {
    const end = start.plus({ days: bucket === 'day' ? 0 : 6 });
    periods.push({
      from: day(start < first ? first : start),
      to: day(end > last ? last : end),
    });
    start = end.plus({ days: 1 });
  }
  return {
    window: { from: first.toJSDate(), to: last.plus({ days: 1 }).toJSDate() },
    bucket,
    periods,
  };
}
