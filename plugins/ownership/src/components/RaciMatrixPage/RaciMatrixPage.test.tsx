import { screen, within } from '@testing-library/react';
import { RaciMatrixEntityV1alpha1 } from '@service-ownership/plugin-ownership-common';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import {
  paymentsComponent,
  raciMatrixEntity,
} from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { RaciMatrixPage } from './RaciMatrixPage';

function bigMatrix(
  activities: number,
  participants: number,
): RaciMatrixEntityV1alpha1 {
  const people = Array.from(
    { length: participants },
    (_, i) => `group:default/team-${i}`,
  );
  return {
    ...raciMatrixEntity,
    spec: {
      owner: 'group:default/team-0',
      activities: Array.from({ length: activities }, (_, i) => ({
        name: `Activity ${i}`,
        responsible: [people[i % participants]],
        accountable: people[(i + 1) % participants],
        consulted: [people[(i + 2) % participants]],
        informed: people.filter((_ref, j) => j > 2 && (i + j) % 3 === 0),
      })),
    },
  };
}

describe('RaciMatrixPage', () => {
  const api = new FakeOwnershipApi({});

  it('renders the matrix with the rule violations found in the browser', async () => {
    await renderWithOwnershipApi(<RaciMatrixPage />, {
      api,
      entity: raciMatrixEntity,
    });

    expect(await screen.findByText('Payments RACI')).toBeInTheDocument();
    expect(
      screen.getByText('2 activities × 5 participants'),
    ).toBeInTheDocument();
    const summary = screen.getByTestId('raci-matrix-summary');
    expect(
      within(summary).getByRole('link', { name: /payments-team/i }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');
    // Two Accountables is an error; no Responsible only a warning.
    const ruleSummary = screen.getByTestId('raci-rule-summary');
    expect(ruleSummary).toHaveTextContent('1 rule violation');
    expect(ruleSummary).toHaveTextContent('1 warning');

    const table = screen.getByRole('grid', {
      name: 'RACI matrix Payments RACI',
    });
    const rows = within(table).getAllByTestId('raci-row');
    expect(rows[0]).toHaveAttribute('data-violation', 'false');
    expect(rows[1]).toHaveAttribute('data-violation', 'true');
    const messages = within(rows[1])
      .getAllByTestId('raci-violation')
      .map(m => m.textContent);
    expect(messages).toEqual([
      expect.stringContaining('has 2 Accountables'),
      expect.stringContaining('has no Responsible'),
    ]);
    // The grid's cells, not the scrolling region, are the tab stop.
    expect(
      screen.getByRole('region', { name: /RACI matrix Payments RACI/ }),
    ).not.toHaveAttribute('tabindex');
    // Readable chips: not MUI's secondary chip (white on #f50057).
    expect(
      within(ruleSummary)
        .getByText('1 rule violation')
        .closest('.MuiChip-root'),
    ).not.toHaveClass('MuiChip-colorSecondary');
  });

  it('says all rules pass for a clean matrix', async () => {
    await renderWithOwnershipApi(<RaciMatrixPage />, {
      api,
      entity: bigMatrix(3, 4),
    });
    expect(await screen.findByTestId('raci-rule-summary')).toHaveTextContent(
      'All RACI rules pass',
    );
  });

  it('reads short refs and single values through the model', async () => {
    const entity: RaciMatrixEntityV1alpha1 = {
      ...raciMatrixEntity,
      metadata: { name: 'ops-raci', namespace: 'ops', title: 'Ops RACI' },
      spec: {
        owner: 'ops-team',
        appliesTo: ['component:runner'],
        activities: [
          {
            name: 'Rotate secrets',
            responsible: ['user:jane-doe'],
            accountable: 'ops-team',
            escalationPath: ['group:default/sre'],
          },
        ],
      },
    };
    await renderWithOwnershipApi(<RaciMatrixPage />, { api, entity });

    const summary = await screen.findByTestId('raci-matrix-summary');
    expect(
      within(summary).getByRole('link', { name: /ops-team/ }),
    ).toHaveAttribute('href', '/catalog/ops/group/ops-team');
    expect(
      within(summary).getByRole('link', { name: /runner/ }),
    ).toHaveAttribute('href', '/catalog/ops/component/runner');
    const participants = screen
      .getAllByTestId('raci-participant')
      .map(p => p.querySelector('a')?.getAttribute('href'));
    // The escalation path is a role (E) of its own, with its column.
    expect(participants).toEqual([
      '/catalog/ops/user/jane-doe',
      '/catalog/ops/group/ops-team',
      '/catalog/default/group/sre',
    ]);
    expect(
      screen.getByText('1 activities × 3 participants'),
    ).toBeInTheDocument();
    const [row] = screen.getAllByTestId('raci-row');
    expect(within(row).getByTitle('Escalation path')).toHaveTextContent('E');
  });

  it('renders 50 activities by 20 participants', async () => {
    await renderWithOwnershipApi(<RaciMatrixPage />, {
      api,
      entity: bigMatrix(50, 20),
    });

    const table = await screen.findByRole('grid');
    expect(within(table).getAllByTestId('raci-row')).toHaveLength(50);
    expect(within(table).getAllByTestId('raci-participant')).toHaveLength(20);
    expect(within(table).getAllByRole('columnheader')).toHaveLength(21);
    expect(within(table).getAllByRole('gridcell')).toHaveLength(50 * 20);
    // One tab stop however large the matrix.
    expect(table.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
  });

  it('handles entities of other kinds', async () => {
    await renderWithOwnershipApi(<RaciMatrixPage />, {
      api,
      entity: paymentsComponent,
    });
    expect(await screen.findByText('Not a RACI matrix')).toBeInTheDocument();
  });
});
