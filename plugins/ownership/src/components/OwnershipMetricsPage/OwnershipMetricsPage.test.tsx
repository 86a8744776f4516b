import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { getContrastRatio } from '@material-ui/core/styles';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps, headingOutline } from '../../__testUtils__/a11y';
import {
  healthReport,
  metricsResponse,
} from '../../__testUtils__/metricsFixtures';
import { mockElementSize } from '../../__testUtils__/layout';
import { incidentTrends } from '../../__testUtils__/trendFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { OwnershipMetricsPage } from './OwnershipMetricsPage';

describe('OwnershipMetricsPage', () => {
  jest.setTimeout(20_000);
  beforeAll(() => configure({ asyncUtilTimeout: 5_000 }));
  beforeEach(() => mockElementSize(600, 260));
  afterEach(() => jest.restoreAllMocks());

  function makeApi() {
    const api = new FakeOwnershipApi({});
    api.metrics = metricsResponse();
    api.report = healthReport();
    return api;
  }

  it('shows each team with its figures against the targets, in words as well as colour', async () => {
    const api = makeApi();
    const { container } = await renderWithOwnershipApi(
      <OwnershipMetricsPage />,
      { api },
    );
    const table = await screen.findByRole('table', {
      name: 'Metrics per team',
    });
    const rows = within(table).getAllByTestId('team-metrics-row');
    expect(rows.map(r => r.getAttribute('data-team'))).toEqual([
      'group:default/payments-team',
      'group:default/data',
    ]);
    const cell = (row: HTMLElement, figure: string) =>
      row.querySelector<HTMLElement>(`[data-figure="${figure}"]`)!;

    expect(cell(rows[0], 'incidents')).toHaveTextContent(
      '12 (P0 1, P1 3, P2 5, P3 3)',
    );
    expect(cell(rows[0], 'mtta')).toHaveTextContent(
      '4.5 min (p50 4 min, p90 9 min)',
    );
    expect(cell(rows[0], 'mttr')).toHaveTextContent('22.3 min');
    expect(cell(rows[0], 'mttr')).toHaveTextContent('met');
    expect(cell(rows[1], 'mttr')).toHaveTextContent(
      '2 h 5 min (p50 1 h 30 min, p90 4 h)',
    );
    expect(cell(rows[1], 'mttr')).toHaveTextContent('missed');
    expect(cell(rows[1], 'escalation-rate')).toHaveTextContent('40%missed');
    expect(cell(rows[0], 'response-sla')).toHaveTextContent('100%met');
    expect(cell(rows[0], 'handoff-success')).toHaveTextContent(
      '100% (1 of 1, median 15.5 days)',
    );
    expect(cell(rows[1], 'handoff-success')).toHaveTextContent('–no data');
    expect(cell(rows[1], 'coverage')).toHaveTextContent('50% (1 of 2)missed');
    expect(cell(rows[1], 'review-freshness')).toHaveTextContent(
      'never reviewed (2 never reviewed)',
    );
    // the targets are written in the column headers
    expect(table).toHaveTextContent('target: mean under 30 min');
    expect(table).toHaveTextContent('target: over 95%');

    for (const chip of screen.getAllByTestId('target')) {
      if (chip.getAttribute('data-meets') === 'none') continue;
      expect(
        getContrastRatio(chip.style.color, chip.style.backgroundColor),
      ).toBeGreaterThanOrEqual(4.5);
    }
    expect(screen.getByTestId('metrics-overall')).toHaveTextContent(
      'Response SLA88.2% target missed: over 95%',
    );
    expect(screen.getByTestId('figure-definitions')).toHaveTextContent(
      'acknowledged within the level-1 escalateAfter of the escalation policy in force when the incident was created (15 min where that is unknown)',
    );
    expect(screen.getByTestId('coverage-trend-summary')).toHaveTextContent(
      'Coverage of all services: 90.9% on 2026-11-01, 90.9% on 2026-11-29 (10 of 11 services owned).',
    );
    expect(container.querySelector(`.${SUITE_ROOT_CLASS}`)).not.toBeNull();
    expect(headingJumps(container)).toEqual([]);
    expect(headingOutline(container)).toEqual(
      expect.arrayContaining([
        'h2 All teams',
        'h2 Teams',
        'h2 Recommendations',
        'h2 Trends',
        'h3 Coverage',
        'h3 Incidents',
      ]),
    );
  });

  it('shows the recommendations and the chosen team coverage trend', async () => {
    const api = makeApi();
    await renderWithOwnershipApi(<OwnershipMetricsPage />, { api });
    const list = await screen.findByTestId('recommendations');
    const items = within(list).getAllByTestId('recommendation');
    expect(items.map(i => i.getAttribute('data-kind'))).toEqual([
      'mttr',
      'coverage',
    ]);
    expect(items[0]).toHaveTextContent('high · MTTR');
    expect(items[0]).toHaveTextContent('MTTR of 125 min');
    expect(
      within(items[1]).getByRole('link', { name: 'cron-runner' }),
    ).toHaveAttribute('href', '/catalog/default/component/cron-runner');

    await userEvent.selectOptions(
      screen.getByLabelText('Team'),
      'group:default/data'.replace('group:default/', ''),
    );
    expect(screen.getByTestId('coverage-trend-summary')).toHaveTextContent(
      'Coverage of group:default/data: 100% on 2026-11-01, 50% on 2026-11-29',
    );
  });

  it('shows the incident trends of all teams and of the chosen team against the targets, gaps as no data', async () => {
    const api = makeApi();
    api.incidentTrends = incidentTrends();
    await renderWithOwnershipApi(<OwnershipMetricsPage />, { api });
    expect(
      await screen.findByTestId('incident-trend-summary'),
    ).toHaveTextContent(
      '17 incidents of all teams from 2026-10-31 to 2026-11-15, per week (Monday to Sunday, UTC)',
    );
    expect(api.trendQueries.at(-1)).toEqual({ days: 30 });
    for (const name of [
      'Incidents per week of all teams',
      'Mean time to acknowledge and to resolve per week of all teams',
      'Escalation rate per week of all teams',
      'Response-SLA compliance per week of all teams',
    ]) {
      expect(screen.getByRole('img', { name })).toBeInTheDocument();
    }
    // the targets of the metrics response, named with each chart's figures
    expect(
      screen.getByRole('table', {
        name: 'Mean time to acknowledge and to resolve per week of all teams (target: MTTR under 30 min)',
      }),
    ).toHaveTextContent('2026-11-0212.5 min1 h 15 min');
    expect(
      screen.getByRole('table', {
        name: 'Escalation rate per week of all teams (target: under 20%)',
      }),
    ).toHaveTextContent('2026-11-0228.6%');
    screen.getByRole('table', {
      name: 'Response-SLA compliance per week of all teams (target: over 95%)',
    });

    await userEvent.selectOptions(
      screen.getByLabelText('Team'),
      'payments-team',
    );
    await waitFor(() =>
      expect(api.trendQueries.at(-1)).toEqual({
        days: 30,
        team: 'group:default/payments-team',
      }),
    );
    const escalation = await screen.findByRole('table', {
      name: 'Escalation rate per week of group:default/payments-team (target: under 20%)',
    });
    // the quiet week: no incidents, and no rate rather than 0 %
    expect(
      within(escalation)
        .getAllByRole('row')
        .map(r => r.textContent),
    ).toEqual([
      'Week fromEscalation rate',
      '2026-10-3150%',
      '2026-11-02no data',
      '2026-11-090%',
    ]);
    expect(
      screen.getByRole('table', {
        name: 'Incidents per week of group:default/payments-team',
      }),
    ).toHaveTextContent('2026-11-020');

    await userEvent.selectOptions(screen.getByLabelText('Window'), '7');
    await waitFor(() =>
      expect(api.trendQueries.at(-1)).toEqual({
        days: 7,
        team: 'group:default/payments-team',
      }),
    );
  });

  it('says so when the backend serves no incident trends', async () => {
    await renderWithOwnershipApi(<OwnershipMetricsPage />, { api: makeApi() });
    expect(
      await within(
        await screen.findByTestId('metrics-incident-trends'),
      ).findByText('This backend does not serve incident trends.'),
    ).toBeInTheDocument();
  });

  it('asks again for another window, and for a from/to range', async () => {
    const api = makeApi();
    await renderWithOwnershipApi(<OwnershipMetricsPage />, { api });
    await screen.findByTestId('team-metrics');
    expect(api.metricsQueries.at(-1)).toMatchObject({ days: 30 });

    await userEvent.selectOptions(screen.getByLabelText('Window'), '90');
    await waitFor(() =>
      expect(api.metricsQueries.at(-1)).toMatchObject({ days: 90 }),
    );
    expect(api.reportQueries.at(-1)).toEqual({ days: 90 });

    await userEvent.selectOptions(screen.getByLabelText('Window'), 'custom');
    await userEvent.type(screen.getByLabelText('From (UTC day)'), '2026-09-01');
    await userEvent.type(
      screen.getByLabelText('To (UTC day, included)'),
      '2026-09-30',
    );
    await waitFor(() =>
      expect(api.metricsQueries.at(-1)).toMatchObject({
        from: '2026-09-01T00:00:00.000Z',
        to: '2026-10-01T00:00:00.000Z',
      }),
    );
  });

  it('downloads the health report of the window as CSV', async () => {
    const api = makeApi();
    const created: Blob[] = [];
    const url = URL as unknown as {
      createObjectURL: (b: Blob) => string;
      revokeObjectURL: (u: string) => void;
    };
    url.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:report';
    };
    url.revokeObjectURL = () => {};
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderWithOwnershipApi(<OwnershipMetricsPage />, { api });
    await screen.findByTestId('team-metrics');
    await userEvent.click(screen.getByTestId('report-csv'));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(api.reportQueries.at(-1)).toEqual({ days: 30 });
    expect(await created[0].text()).toBe('team,incidents\n');
  });

  it('says so when no team had incidents', async () => {
    const api = makeApi();
    api.metrics = { ...metricsResponse(), teams: [], teamOwnership: [] };
    await renderWithOwnershipApi(<OwnershipMetricsPage />, { api });
    expect(await screen.findByTestId('team-metrics-empty')).toHaveTextContent(
      'No incidents in this window.',
    );
  });
});
