import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps } from '../../__testUtils__/a11y';
import { paymentsTeam } from '../../__testUtils__/fixtures';
import { completedHandoff, handoff } from '../../__testUtils__/handoffFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import {
  LEDGER,
  reorganisationApi,
  reorganisationTeam,
} from '../ReorganisationDialog/__testUtils__/reorganisation';
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

  it("hands several of the team's services over and lists the new handoffs", async () => {
    const api = reorganisationApi();
    await renderWithOwnershipApi(<EntityTeamHandoffsCard />, {
      api,
      entity: paymentsTeam,
    });
    const out = await screen.findByTestId('team-handoffs-outgoing');
    expect(within(out).getAllByTestId('handoff-row')).toHaveLength(1);
    const button = await screen.findByRole('button', {
      name: 'Hand over services…',
    });
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog', {
      name: 'Hand over services',
    });
    // The components the team owns itself: not the API, not the child
    // team's component.
    expect(
      (await within(dialog).findAllByTestId('reorganisation-service')).map(
        row => row.textContent,
      ),
    ).toEqual([
      expect.stringMatching(/^Payments \(service\)Already in an open handoff/),
      'Checkout (website)',
      'Ledger (service)',
      'Refunds (service)',
    ]);
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Ledger/ }),
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Receiving team/ }),
      'sre',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'SRE (group:default/sre)' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start handoffs' }),
    );
    await within(dialog).findByTestId('reorganisation-done');
    expect(api.reorganisations).toEqual([
      { entityRefs: [LEDGER], toTeam: 'group:default/sre' },
    ]);
    // The card lists the new handoff without a reload.
    await waitFor(() =>
      expect(
        within(screen.getByTestId('team-handoffs-outgoing'))
          .getAllByTestId('handoff-row')
          .map(r => r.getAttribute('data-id')),
      ).toEqual(['handoff-2', 'handoff-1']),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(button).toHaveFocus();
  });

  it('offers no reorganisation to a team that owns no services itself', async () => {
    const team = reorganisationTeam();
    const api = new FakeOwnershipApi({
      // An API of its own and a component of a child team.
      teams: [{ ...team, owned: team.owned.slice(4) }],
    });
    const ownership = jest.spyOn(api, 'getTeamOwnership');
    await renderWithOwnershipApi(<EntityTeamHandoffsCard />, {
      api,
      entity: paymentsTeam,
    });
    await screen.findByTestId('team-handoffs-outgoing');
    await waitFor(() => expect(ownership).toHaveBeenCalled());
    await act(async () => {
      await ownership.mock.results[0].value;
    });
    expect(
      screen.queryByRole('button', { name: 'Hand over services…' }),
    ).toBeNull();
  });
});
