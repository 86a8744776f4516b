import { Duration } from 'luxon';

const SHORTHAND = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Parses a duration written as ISO 8601 (`PT15M`) or in the ownership
 * model's shorthand (`15m`, `1h`, `2d`, `1w`, `1h30m`). Returns undefined
 * when the text is neither, or when the duration is not positive.
 *
 * @public
 */
export function parseOwnershipDuration(text: unknown): Duration | undefined {
  if (typeof text !== 'string') {
    return undefined;
  }
  const trimmed = text.trim();
  if (!trimmed) {
    return undefined;
  }
  let duration: Duration | undefined;
  if (/^P/i.test(trimmed)) {
    const parsed = Duration.fromISO(trimmed.toUpperCase());
    duration = parsed.isValid ? parsed : undefined;
  } else {
    const match = SHORTHAND.exec(trimmed.toLowerCase());
    if (match && match.slice(1).some(Boolean)) {
      const [weeks, days, hours, minutes, seconds] = match
        .slice(1)
        .map(v => (v ? Number(v) : 0));
      duration = Duration.fromObject({ weeks, days, hours, minutes, seconds });
    }
  }
  if (!duration || duration.as('milliseconds') <= 0) {
    return undefined;
  }
  return duration;
}
