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
