import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps, headingOutline } from '../../__testUtils__/a11y';
import { paymentsTeam } from '../../__testUtils__/fixtures';
import {
  healthReport,
  metricsResponse,
} from '../../__testUtils__/metricsFixtures';
import { mockElementSize } from '../../__testUtils__/layout';
import { incidentTrends } from '../../__testUtils__/trendFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { EntityTeamMetricsCard } from './EntityTeamMetricsCard';

describe('EntityTeamMetricsCard', () => {
  beforeEach(() => mockElementSize(600, 180));
  afterEach(() => jest.restoreAllMocks());

  function makeApi() {
    const api = new FakeOwnershipApi({});
    api.metrics = metricsResponse();
    api.report = healthReport();
    return api;
  }

  const figure = (id: string) =>
    screen
      .getAllByTestId('figure')
      .find(f => f.getAttribute('data-figure') === id)!;

  it("shows the team's figures with their targets and what each measures", async () => {
    const api = makeApi();
    const { container } = await renderWithOwnershipApi(
      <EntityTeamMetricsCard />,
      { api, entity: paymentsTeam },
    );
    await screen.findAllByTestId('figure');
    expect(api.metricsQueries[0]).toMatchObject({
      days: 30,
      team: 'group:default/payments-team',
    });
    expect(figure('incidents')).toHaveTextContent(
      '12 (P0 1, P1 3, P2 5, P3 3)',
    );
    expect(figure('mttr')).toHaveTextContent(
      '22.3 min (p50 20 min, p90 41 min) target met: mean under 30 min',
    );
    expect(figure('response-sla')).toHaveTextContent(
      '100% target met: over 95%',
    );
    expect(figure('response-sla')).toHaveTextContent(
      'level-1 escalateAfter of the escalation policy in force when the incident was created',
    );
    expect(figure('coverage')).toHaveTextContent(
      '100% (9 of 9) target met: over 99%',
    );
    expect(figure('review-freshness')).toHaveTextContent(
      '12 days target met: at most 90 days',
    );
    expect(screen.getByTestId('coverage-trend-summary')).toHaveTextContent(
      '88.9% on 2026-11-01, 100% on 2026-11-29',
    );
    // the recommendations of other teams are not this team's
    expect(
      await screen.findByTestId('recommendations-empty'),
    ).toHaveTextContent('Nothing to recommend for this team');
    expect(headingOutline(container)[0]).toBe('h2 Team metrics');
    expect(headingJumps(container)).toEqual([]);
  });

  it('shows a team without incidents in the window as such, and follows the window', async () => {
    const api = makeApi();
    await renderWithOwnershipApi(<EntityTeamMetricsCard />, {
      api,
      entity: {
        ...paymentsTeam,
        metadata: { name: 'quiet', namespace: 'default' },
      },
    });
    await screen.findAllByTestId('figure');
    expect(figure('incidents')).toHaveTextContent('0');
    expect(figure('mttr')).toHaveTextContent('– no data');

    await userEvent.selectOptions(screen.getByLabelText('Window'), '7');
    await waitFor(() =>
      expect(api.metricsQueries.at(-1)).toMatchObject({
        days: 7,
        team: 'group:default/quiet',
      }),
    );
  });

  it("charts the team's incident trends against the targets, following the window", async () => {
    const api = makeApi();
    api.incidentTrends = incidentTrends();
    const { container } = await renderWithOwnershipApi(
      <EntityTeamMetricsCard />,
      { api, entity: paymentsTeam },
    );
    const section = await screen.findByTestId('team-incident-trends');
    expect(
      await within(section).findByTestId('incident-trend-summary'),
    ).toHaveTextContent('12 incidents of payments-team from 2026-10-31');
    expect(api.trendQueries).toEqual([
      { days: 30, team: 'group:default/payments-team' },
    ]);
    expect(
      within(section).getByRole('table', {
        name: 'Response-SLA compliance per week of payments-team (target: over 95%)',
      }),
    ).toHaveTextContent('2026-11-02no data');
    expect(
      within(section)
        .getAllByRole('img')
        .map(i => i.getAttribute('aria-label')),
    ).toEqual([
      'Incidents per week of payments-team',
      'Mean time to acknowledge and to resolve per week of payments-team',
      'Escalation rate per week of payments-team',
      'Response-SLA compliance per week of payments-team',
    ]);
    expect(headingJumps(container)).toEqual([]);

    await userEvent.selectOptions(screen.getByLabelText('Window'), '90');
    await waitFor(() =>
      expect(api.trendQueries.at(-1)).toEqual({
        days: 90,
        team: 'group:default/payments-team',
      }),
    );
  });

  it('says so when the team had no incidents in the window', async () => {
    const api = makeApi();
    api.incidentTrends = incidentTrends();
    await renderWithOwnershipApi(<EntityTeamMetricsCard />, {
      api,
      entity: {
        ...paymentsTeam,
        metadata: { name: 'quiet', namespace: 'default', title: 'Quiet' },
      },
    });
    expect(
      await within(
        await screen.findByTestId('team-incident-trends'),
      ).findByTestId('incident-trend-summary'),
    ).toHaveTextContent('No incidents of Quiet in this window.');
    expect(screen.queryByRole('img', { name: /of Quiet/ })).toBeNull();
  });

  it("lists the team's recommendations", async () => {
    const api = makeApi();
    await renderWithOwnershipApi(<EntityTeamMetricsCard />, {
      api,
      entity: {
        ...paymentsTeam,
        metadata: { name: 'data', namespace: 'default' },
      },
    });
    const list = await screen.findByTestId('recommendations');
    expect(within(list).getAllByTestId('recommendation')).toHaveLength(1);
    expect(list).toHaveTextContent('MTTR of 125 min');
    expect(figure('mttr')).toHaveTextContent(
      'target missed: mean under 30 min',
    );
  });
});
