import { trendPeriods } from './trendPeriods';

describe('trendPeriods', () => {
  it('cuts a short window into its whole UTC days', () => {
    const { window, bucket, periods } = trendPeriods({
      from: new Date('2026-06-08T12:00:00Z'),
      to: new Date('2026-06-15T12:00:00Z'),
    });
    expect(bucket).toBe('day');
    expect(window).toEqual({
      from: new Date('2026-06-08T00:00:00Z'),
      to: new Date('2026-06-16T00:00:00Z'),
    });
    expect(periods.map(p => p.from)).toEqual([
      '2026-06-08',
      '2026-06-09',
      '2026-06-10',
      '2026-06-11',
      '2026-06-12',
      '2026-06-13',
      '2026-06-14',
      '2026-06-15',
    ]);
    expect(periods.every(p => p.from === p.to)).toBe(true);
  });

  it('ends a window at midnight with the day before', () => {
    const { window, periods } = trendPeriods({
      from: new Date('2026-06-01T00:00:00Z'),
      to: new Date('2026-06-03T00:00:00Z'),
    });
    expect(periods).toEqual([
      { from: '2026-06-01', to: '2026-06-01' },
      { from: '2026-06-02', to: '2026-06-02' },
    ]);
    expect(window.to).toEqual(new Date('2026-06-03T00:00:00Z'));
  });

  it('cuts a longer window into ISO weeks, the first and last clipped to it', () => {
    // 2026-05-16 is a Saturday, 2026-06-15 a Monday
    const { bucket, periods } = trendPeriods({
      from: new Date('2026-05-16T12:00:00Z'),
      to: new Date('2026-06-15T12:00:00Z'),
    });
    expect(bucket).toBe('week');
    expect(periods).toEqual([
      { from: '2026-05-16', to: '2026-05-17' },
      { from: '2026-05-18', to: '2026-05-24' },
      { from: '2026-05-25', to: '2026-05-31' },
      { from: '2026-06-01', to: '2026-06-07' },
      { from: '2026-06-08', to: '2026-06-14' },
      { from: '2026-06-15', to: '2026-06-15' },
    ]);
  });

  it('switches to weeks past 14 days', () => {
    const at = (days: number) =>
      trendPeriods({
        from: new Date('2026-06-01T00:00:00Z'),
        to: new Date(Date.parse('2026-06-01T00:00:00Z') + days * 86_400_000),
      }).bucket;
    expect(at(14)).toBe('day');
    expect(at(15)).toBe('week');
    expect(
      trendPeriods({
        from: new Date('2025-06-15T12:00:00Z'),
        to: new Date('2026-06-15T12:00:00Z'),
      }).periods,
    ).toHaveLength(54);
  });
});
