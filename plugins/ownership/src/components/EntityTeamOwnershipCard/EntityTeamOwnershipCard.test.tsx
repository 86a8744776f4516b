import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { paymentsTeam, teamOwnership } from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { EntityTeamOwnershipCard } from './EntityTeamOwnershipCard';

describe('EntityTeamOwnershipCard', () => {
  it('shows what the team owns, its roles, policies and gaps', async () => {
    const api = new FakeOwnershipApi({ teams: [teamOwnership()] });
    await renderWithOwnershipApi(<EntityTeamOwnershipCard />, {
      api,
      entity: paymentsTeam,
    });

    expect(await screen.findByTestId('team-summary')).toHaveTextContent(
      'Owns 2 entities: 1 directly and 1 through 1 child team. 2 members.',
    );
    const owned = screen.getByRole('table', { name: 'Owned entities' });
    const rows = within(owned).getAllByTestId('team-owned-row');
    expect(rows).toHaveLength(2);
    expect(
      within(rows[0]).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/component/payments');
    expect(rows[1]).toHaveTextContent('payments-api');

    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Include child teams' }),
    );
    expect(within(owned).getAllByTestId('team-owned-row')).toHaveLength(1);

    const raci = within(screen.getByTestId('team-raci')).getAllByTestId(
      'team-raci-row',
    );
    expect(raci[0]).toHaveTextContent('Deploy to production');
    expect(raci[0]).toHaveTextContent('Responsible');

    expect(screen.getByTestId('team-policy')).toHaveTextContent('(owner)');

    const gap = screen.getByTestId('team-gap');
    expect(gap).toHaveTextContent('The owner team has a single member');
    expect(
      screen.getByRole('link', { name: /See the team's gaps/ }),
    ).toHaveAttribute(
      'href',
      '/ownership?owner=group%3Adefault%2Fpayments-team',
    );
  });

  it('shows empty sections for a team that owns nothing', async () => {
    const api = new FakeOwnershipApi({
      teams: [
        {
          entityRef: 'group:default/payments-team',
          memberCount: 0,
          childGroups: [],
          owned: [],
          raciRoles: [],
          escalationPolicies: [],
          gaps: [],
        },
      ],
    });
    await renderWithOwnershipApi(<EntityTeamOwnershipCard />, {
      api,
      entity: paymentsTeam,
    });

    expect(
      await screen.findByText('The team owns nothing in the catalog.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The team has no role in any RACI matrix.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The team is on no escalation policy.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('team-no-gaps')).toBeInTheDocument();
  });

  it('handles unknown teams and errors', async () => {
    const api = new FakeOwnershipApi({});
    const { unmount } = await renderWithOwnershipApi(
      <EntityTeamOwnershipCard />,
      {
        api,
        entity: paymentsTeam,
      },
    );
    expect(await screen.findByTestId('team-not-indexed')).toBeInTheDocument();
    unmount();

    jest.spyOn(api, 'getTeamOwnership').mockRejectedValue(new Error('Boom'));
    await renderWithOwnershipApi(<EntityTeamOwnershipCard />, {
      api,
      entity: paymentsTeam,
    });
    expect(
      await screen.findByRole('heading', { name: /Boom/ }),
    ).toBeInTheDocument();
  });
});
