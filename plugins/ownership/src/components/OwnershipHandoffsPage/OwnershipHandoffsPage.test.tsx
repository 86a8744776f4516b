import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps } from '../../__testUtils__/a11y';
import {
  completedHandoff,
  handoff,
  handoffMetrics,
  PAYMENTS_TEAM,
} from '../../__testUtils__/handoffFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { OwnershipHandoffsPage } from './OwnershipHandoffsPage';

function makeApi() {
  const overdue = {
    ...handoff({
      id: 'handoff-7',
      entityRef: 'component:default/legacy',
      stateDueAt: DateTime.now().minus({ days: 1 }).toUTC().toISO()!,
    }),
    fromTeam: 'group:default/legacy-team',
  };
  return new FakeOwnershipApi({
    handoffs: {
      handoffs: [handoff(), completedHandoff(), overdue],
      metrics: handoffMetrics,
    },
  });
}

const rowIds = () =>
  screen.getAllByTestId('handoff-row').map(r => r.getAttribute('data-id'));

describe('OwnershipHandoffsPage', () => {
  jest.setTimeout(20_000);

  it('lists open handoffs, filters by state, team and overdue, and pages', async () => {
    const api = makeApi();
    const list = jest.spyOn(api, 'listHandoffs');
    const { container } = await renderWithOwnershipApi(
      <OwnershipHandoffsPage />,
      {
        api,
      },
    );
    await screen.findByTestId('handoffs-list');
    expect(list).toHaveBeenLastCalledWith({
      state: 'open',
      offset: 0,
      limit: 20,
    });
    expect(rowIds().sort()).toEqual(['handoff-1', 'handoff-7']);

    await userEvent.selectOptions(screen.getByLabelText('State'), '');
    await waitFor(() => expect(rowIds()).toHaveLength(3));

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Overdue only' }),
    );
    await waitFor(() => expect(rowIds()).toEqual(['handoff-7']));
    expect(screen.getByTestId('handoff-row-state')).toHaveTextContent(
      'Initiated: overdue',
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Overdue only' }),
    );

    await userEvent.type(screen.getByLabelText('Team'), PAYMENTS_TEAM);
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith({
        team: PAYMENTS_TEAM,
        offset: 0,
        limit: 20,
      }),
    );
    await waitFor(() =>
      expect(rowIds().sort()).toEqual(['handoff-0', 'handoff-1']),
    );
    expect(screen.getByText('1-2 of 2')).toBeInTheDocument();
    expect(headingJumps(container)).toEqual([]);
  });

  it('summarises per team and shows the success metrics', async () => {
    await renderWithOwnershipApi(<OwnershipHandoffsPage />, { api: makeApi() });
    await screen.findByTestId('handoffs-list');

    const summary = screen.getAllByTestId('handoff-summary-team');
    const legacy = summary.find(
      r => r.getAttribute('data-team') === 'group:default/legacy-team',
    )!;
    // Open out, open in, overdue, completed, rolled back.
    expect(
      within(legacy)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['legacy-team', '1', '0', '1', '0', '0']);

    expect(
      await screen.findByTestId('handoff-metrics-overall'),
    ).toHaveTextContent(
      '75% succeeded (3 completed, 1 rolled back), median duration 21.5 days',
    );
    const teams = screen.getAllByTestId('handoff-metrics-team');
    expect(teams[1]).toHaveTextContent('legacy-team50%30 days11');
  });
});
