import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { mockElementSize } from '../../__testUtils__/layout';
import { TrendChart } from './TrendChart';

describe('TrendChart', () => {
  beforeEach(() => mockElementSize(600, 220));
  afterEach(() => jest.restoreAllMocks());

  const data = [
    { x: '2026-06-01', rate: 10, mean: 5 },
    { x: '2026-06-08', rate: null, mean: null },
    { x: '2026-06-15', rate: 30, mean: 8 },
    { x: '2026-06-22', rate: 20, mean: null },
  ];
  const percent = (v: number) => `${v}%`;

  it('names the picture and gives its figures as a table, a missing value as "no data"', async () => {
    await renderInTestApp(
      <TrendChart
        title="Escalation rate per week"
        xLabel="Week from"
        data={data}
        series={[{ key: 'rate', label: 'Escalation rate', format: percent }]}
        target={{ value: 20, label: 'target: under 20%' }}
        yDomain={[0, 100]}
      />,
    );
    expect(
      screen.getByRole('img', { name: 'Escalation rate per week' }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: 'Escalation rate per week (target: under 20%)',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['Week from', 'Escalation rate']);
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.textContent),
    ).toEqual([
      '2026-06-0110%',
      '2026-06-08no data',
      '2026-06-1530%',
      '2026-06-2220%',
    ]);
  });

  it('draws the target as a line and breaks the line where a value is missing', async () => {
    const { container } = await renderInTestApp(
      <TrendChart
        title="Rate"
        xLabel="Week from"
        data={data}
        series={[{ key: 'rate', label: 'Rate', format: percent }]}
        target={{ value: 20, label: 'target' }}
        yDomain={[0, 100]}
      />,
    );
    expect(container.querySelectorAll('.recharts-reference-line')).toHaveLength(
      1,
    );
    const path = container
      .querySelector('.recharts-line-curve')!
      .getAttribute('d')!;
    // two segments: one move before the gap, one after it
    expect(path.match(/M/g)).toHaveLength(2);
    // a value between two gaps still shows, as a dot
    expect(
      container.querySelectorAll('.recharts-line-dots circle'),
    ).toHaveLength(3);
  });

  it('draws several series, bars for counts, without a target when there is none', async () => {
    const { container } = await renderInTestApp(
      <TrendChart
        title="Times"
        xLabel="Day"
        data={data}
        series={[
          { key: 'rate', label: 'Incidents', format: String, kind: 'bar' },
          { key: 'mean', label: 'MTTR', format: v => `${v} min` },
        ]}
      />,
    );
    // no bar for the missing count
    expect(
      container.querySelectorAll('.recharts-bar-rectangle path'),
    ).toHaveLength(3);
    expect(container.querySelectorAll('.recharts-line')).toHaveLength(1);
    expect(container.querySelectorAll('.recharts-reference-line')).toHaveLength(
      0,
    );
    expect(
      screen.getByText('MTTR', { selector: '.recharts-legend-item-text' }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Times' });
    expect(
      within(table)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'DayIncidentsMTTR',
      '2026-06-01105 min',
      '2026-06-08no datano data',
      '2026-06-15308 min',
      '2026-06-2220no data',
    ]);
  });
});
