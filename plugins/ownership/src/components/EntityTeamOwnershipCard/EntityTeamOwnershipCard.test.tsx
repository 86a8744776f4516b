import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { paymentsTeam, teamOwnership } from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import {
  EntityTeamOwnershipCard,
  ownedSummary,
} from './EntityTeamOwnershipCard';

function owning(direct: number, children: string[]) {
  const team = teamOwnership();
  team.owned = [
    ...Array.from({ length: direct }, (_, i) => ({
      ...team.owned[0],
      entityRef: `component:default/direct-${i}`,
    })),
    ...children.map((owner, i) => ({
      ...team.owned[1],
      entityRef: `component:default/child-${i}`,
      owner,
    })),
  ];
  return team;
}

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
    expect(raci[2]).toHaveTextContent('Roll back a release');
    expect(raci[2]).toHaveTextContent('Escalation path (E)');

    expect(screen.getByTestId('team-policy')).toHaveTextContent('(owner)');

    const collaborations = within(
      screen.getByTestId('team-collaborations'),
    ).getAllByTestId('team-collaboration-row');
    expect(collaborations).toHaveLength(1);
    expect(
      within(collaborations[0]).getByRole('link', { name: 'Checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(collaborations[0]).toHaveTextContent('checkout-team');
    expect(screen.getByTestId('team-collaborations')).toHaveTextContent(
      'it does not own them',
    );
    expect(within(owned).queryByText('Checkout')).toBeNull();

    const gap = screen.getByTestId('team-gap');
    expect(gap).toHaveTextContent('The owner team has a single member');
    expect(
      screen.getByRole('link', { name: /See the team's gaps/ }),
    ).toHaveAttribute(
      'href',
      '/ownership?owner=group%3Adefault%2Fpayments-team',
    );
  });

  it('says only what is there about direct and child-team ownership', () => {
    expect(ownedSummary(owning(14, []))).toBe(
      'Owns 14 entities, all directly.',
    );
    expect(ownedSummary(owning(1, []))).toBe('Owns 1 entity, all directly.');
    expect(
      ownedSummary(
        owning(14, ['group:default/a', 'group:default/a', 'group:default/b']),
      ),
    ).toBe('Owns 17 entities: 14 directly and 3 through 2 child teams.');
    expect(ownedSummary(owning(0, ['group:default/a']))).toBe(
      'Owns 1 entity, all through 1 child team.',
    );
    expect(ownedSummary(owning(0, []))).toBe('Owns nothing in the catalog.');
    expect(ownedSummary({ ...owning(2, []), ownedTotalCount: 40 })).toBe(
      'Owns 40 entities.',
    );
  });

  it('does not mention child teams when the team owns everything directly', async () => {
    const team = owning(14, []);
    delete team.collaborations;
    const api = new FakeOwnershipApi({ teams: [team] });
    await renderWithOwnershipApi(<EntityTeamOwnershipCard />, {
      api,
      entity: paymentsTeam,
    });

    const summary = await screen.findByTestId('team-summary');
    expect(summary).toHaveTextContent(
      'Owns 14 entities, all directly. 2 members.',
    );
    expect(summary).not.toHaveTextContent(/child|through/);
    expect(screen.queryByTestId('team-collaborations')).toBeNull();
  });

  it('says the index has not been built yet before the first refresh', async () => {
    const api = new FakeOwnershipApi({
      teams: [teamOwnership()],
      indexed: false,
    });
    await renderWithOwnershipApi(<EntityTeamOwnershipCard />, {
      api,
      entity: paymentsTeam,
    });

    expect(await screen.findByTestId('index-not-built')).toHaveTextContent(
      'The ownership index has not been built yet',
    );
    expect(screen.queryByRole('heading', { name: /503|Service/ })).toBeNull();
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
