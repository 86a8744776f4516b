import { screen, within } from '@testing-library/react';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import {
  legacyComponent,
  legacyOwnership,
  paymentsComponent,
  paymentsOwnership,
} from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { EntityRaciCard } from './EntityRaciCard';
import { headingOutline } from '../../__testUtils__/a11y';

describe('EntityRaciCard', () => {
  it('shows the matrices that apply, with violations highlighted', async () => {
    const api = new FakeOwnershipApi({ entities: [paymentsOwnership()] });
    const { container } = await renderWithOwnershipApi(<EntityRaciCard />, {
      api,
      entity: paymentsComponent,
    });

    const summary = await screen.findByTestId('raci-summary');
    expect(
      within(summary).getByRole('link', { name: 'Payments RACI' }),
    ).toHaveAttribute('href', '/catalog/default/racimatrix/payments-raci');

    const table = within(summary).getByRole('grid', {
      name: 'RACI matrix Payments RACI',
    });
    const rows = within(table).getAllByTestId('raci-row');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveAttribute('data-violation', 'false');
    expect(rows[1]).toHaveAttribute('data-violation', 'true');
    expect(within(rows[1]).getByTestId('raci-violation')).toHaveTextContent(
      'has 2 Accountables',
    );

    const deploy = within(table).getByRole('rowheader', {
      name: 'Deploy to production',
    });
    expect(deploy).toBeInTheDocument();
    expect(within(rows[0]).getByTitle('Accountable')).toHaveTextContent('A');
    // The escalation path is a role of its own, with its letter and name.
    expect(within(rows[0]).getByTitle('Escalation path')).toHaveTextContent(
      'E',
    );
    expect(summary).toHaveTextContent('E Escalation path');
    expect(within(table).getAllByTestId('raci-participant')).toHaveLength(5);
    // Card title h2, one h3 per matrix: no jump in the outline.
    expect(headingOutline(container)).toEqual(['h2 RACI', 'h3 Payments RACI']);
  });

  it('explains how to add a matrix when none applies', async () => {
    const api = new FakeOwnershipApi({ entities: [legacyOwnership()] });
    await renderWithOwnershipApi(<EntityRaciCard />, {
      api,
      entity: legacyComponent,
    });

    expect(await screen.findByTestId('raci-empty')).toHaveTextContent(
      'component:default/legacy',
    );
  });

  it('shows errors', async () => {
    const api = new FakeOwnershipApi({});
    jest
      .spyOn(api, 'getEntityOwnership')
      .mockRejectedValue(new Error('Backend exploded'));
    await renderWithOwnershipApi(<EntityRaciCard />, {
      api,
      entity: paymentsComponent,
    });

    expect(
      await screen.findByRole('heading', { name: /Backend exploded/ }),
    ).toBeInTheDocument();
  });
});
