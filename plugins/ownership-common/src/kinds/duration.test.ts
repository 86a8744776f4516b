import { parseOwnershipDuration } from './duration';

describe('parseOwnershipDuration', () => {
  it.each([
    ['15m', 15],
    ['1h', 60],
    ['1h30m', 90],
    ['2d', 2 * 24 * 60],
    ['1w', 7 * 24 * 60],
    ['1w2d', 9 * 24 * 60],
    ['90s', 1.5],
    ['PT15M', 15],
    ['PT1H30M', 90],
    ['P1D', 24 * 60],
    ['P1W', 7 * 24 * 60],
  ])('parses %s as %d minutes', (text, minutes) => {
    expect(parseOwnershipDuration(text)?.as('minutes')).toBe(minutes);
  });

  it('ignores case and surrounding whitespace', () => {
    expect(parseOwnershipDuration(' 15M ')?.as('minutes')).toBe(15);
    expect(parseOwnershipDuration('pt15m')?.as('minutes')).toBe(15);
  });

  it.each([
    [''],
    ['   '],
    ['15'],
    ['fifteen minutes'],
    ['15 minutes'],
    ['m'],
    ['30m1h'],
    ['-15m'],
    ['P'],
    ['PT'],
    ['PT15X'],
  ])('rejects %j', text => {
    expect(parseOwnershipDuration(text)).toBeUndefined();
  });

  it('rejects durations that are not positive', () => {
    expect(parseOwnershipDuration('0m')).toBeUndefined();
    expect(parseOwnershipDuration('PT0M')).toBeUndefined();
    expect(parseOwnershipDuration('PT-5M')).toBeUndefined();
  });

  it('rejects values that are not strings', () => {
    expect(parseOwnershipDuration(15)).toBeUndefined();
    expect(parseOwnershipDuration(undefined)).toBeUndefined();
    expect(parseOwnershipDuration(null)).toBeUndefined();
    expect(parseOwnershipDuration({ minutes: 15 })).toBeUndefined();
  });

  it('does not hang on a 10 000-character value', () => {
    expect(parseOwnershipDuration('1'.repeat(10_000))).toBeUndefined();
    expect(parseOwnershipDuration(`P${'1'.repeat(10_000)}`)).toBeUndefined();
  });
});
