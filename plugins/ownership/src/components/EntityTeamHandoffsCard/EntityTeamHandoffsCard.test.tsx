import { screen, within } from '@testing-library/react';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps } from '../../__testUtils__/a11y';
import { paymentsTeam } from '../../__testUtils__/fixtures';
import { completedHandoff, handoff } from '../../__testUtils__/handoffFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { EntityTeamHandoffsCard } from './EntityTeamHandoffsCard';

describe('EntityTeamHandoffsCard', () => {
  it('lists the handoffs into and out of the team', async () => {
    const incoming = {
      ...handoff({ id: 'handoff-9', entityRef: 'component:default/legacy' }),
      fromTeam: 'group:default/legacy-team',
      toTeam: 'group:default/payments-team',
    };
    const api = new FakeOwnershipApi({
      handoffs: { handoffs: [handoff(), completedHandoff(), incoming] },
    });
    const list = jest.spyOn(api, 'listHandoffs');
    const { container } = await renderWithOwnershipApi(
      <EntityTeamHandoffsCard />,
      { api, entity: paymentsTeam },
    );

    const out = await screen.findByTestId('team-handoffs-outgoing');
    expect(list).toHaveBeenCalledWith({
      team: 'group:default/payments-team',
      limit: 50,
    });
    expect(
      within(out)
        .getAllByTestId('handoff-row')
        .map(r => r.getAttribute('data-id')),
    ).toEqual(['handoff-1', 'handoff-0']);
    expect(
      within(out).getAllByTestId('handoff-row-state')[1],
    ).toHaveTextContent('Completed');
    const into = screen.getByTestId('team-handoffs-incoming');
    expect(within(into).getAllByTestId('handoff-row')).toHaveLength(1);
    expect(into).toHaveTextContent('legacy-team');
    expect(
      within(into).getByRole('table', { name: 'Incoming handoffs' }),
    ).toBeInTheDocument();
    expect(headingJumps(container)).toEqual([]);
  });

  it('says when the team has no handoffs', async () => {
    await renderWithOwnershipApi(<EntityTeamHandoffsCard />, {
      api: new FakeOwnershipApi({}),
      entity: paymentsTeam,
    });
    expect(
      await screen.findByText('No handoffs to this team.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No handoffs from this team.')).toBeInTheDocument();
  });
});
