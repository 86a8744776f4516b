/**
 * Duration histogram of the daily incident rollup: bucket 0 holds
 * durations up to 30 s, each next bucket up to 1.24 times the previous
 * bound (rounded up to whole seconds), the last one is open. A percentile
 * read from the buckets is the upper bound of the bucket holding the
 * nearest-rank incident (capped by the largest duration), so it is never
 * below the exact nearest-rank value and less than 27 % above it (or at most
 * 30 s for durations under 30 s).
 */
export const DURATION_BUCKET_COUNT = 48;

/** Relative overstatement bound of a bucket percentile (above 30 s). */
export const BUCKET_RELATIVE_ERROR = 0.27;

/** Upper bounds in seconds of buckets 0 … count - 2 (the last is open). */
export const DURATION_BUCKET_BOUNDS: number[] = (() => {
  const bounds = [30];
  while (bounds.length < DURATION_BUCKET_COUNT - 1) {
    bounds.push(Math.ceil(bounds[bounds.length - 1] * 1.24));
  }
  return bounds;
})();

/** SQL: 1 when `column` falls in bucket `b`, else 0. */
export function bucketCaseSql(column: string, b: number): string {
  const lower = b === 0 ? undefined : DURATION_BUCKET_BOUNDS[b - 1];
  const upper = DURATION_BUCKET_BOUNDS[b];
  const conditions = [`${column} IS NOT NULL`];
  if (lower !== undefined) conditions.push(`${column} > ${lower}`);
  if (upper !== undefined) conditions.push(`${column} <= ${upper}`);
  return `CASE WHEN ${conditions.join(' AND ')} THEN 1 ELSE 0 END`;
}

/**
 * The nearest-rank percentile `p` (0–100) of `count` durations given their
 * bucket counts: the bound of the bucket that holds rank ceil(count * p /
 * 100), capped by `max`.
 */
export function bucketPercentile(
  buckets: number[],
  count: number,
  p: number,
  max: number | null,
): number | null {
  if (!count) {
    return null;
  }
  const rank = Math.ceil((count * p) / 100);
  let seen = 0;
  for (let b = 0; b < buckets.length; b++) {
    seen += buckets[b];
    if (seen >= rank) {
      const bound = DURATION_BUCKET_BOUNDS[b] ?? Infinity;
      return max === null ? bound : Math.min(bound, max);
    }
  }
  return max;
}
