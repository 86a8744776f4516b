import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { RaciMatrixTable } from './RaciMatrixTable';
import { RaciRow } from './raciModel';

const rows: RaciRow[] = [
  {
    name: 'Deploy to production',
    responsible: ['group:default/payments'],
    accountable: ['user:default/jane-doe'],
    consulted: [],
    informed: ['group:default/sre'],
    escalationPath: [],
  },
  {
    name: 'Rotate secrets',
    responsible: ['group:default/sre', 'group:default/payments'],
    accountable: ['user:default/jane-doe'],
    consulted: ['group:default/payments'],
    informed: [],
    escalationPath: [],
  },
];

async function renderMatrix() {
  await renderInTestApp(
    <>
      <button type="button">before</button>
      <RaciMatrixTable rows={rows} findings={[]} title="RACI matrix Ops" />
      <button type="button">after</button>
    </>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return screen.getByRole('grid', { name: 'RACI matrix Ops' });
}

describe('RaciMatrixTable', () => {
  it('is a grid of rows, header cells and cells that name activity, participant and role', async () => {
    const grid = await renderMatrix();

    const [header, ...body] = within(grid).getAllByRole('row');
    expect(body).toHaveLength(2);
    expect(within(header).getAllByRole('columnheader')).toHaveLength(4);
    expect(
      body.map(row => within(row).getByRole('rowheader').textContent),
    ).toEqual(['Deploy to production', 'Rotate secrets']);
    expect(
      within(body[0])
        .getAllByRole('gridcell')
        .map(cell => cell.querySelector('[data-cell-label]')?.textContent),
    ).toEqual([
      'Deploy to production — group:default/payments: Responsible',
      'Deploy to production — user:default/jane-doe: Accountable',
      'Deploy to production — group:default/sre: Informed',
    ]);
    // The visible letters are hidden from the name, which is the sentence.
    expect(
      within(grid).getByRole('gridcell', {
        name: 'Rotate secrets — group:default/payments: Responsible, Consulted',
      }),
    ).toBeInTheDocument();
    expect(grid.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    // The participant links are reached through their header cells.
    for (const link of within(grid).getAllByRole('link')) {
      expect(link).toHaveAttribute('tabindex', '-1');
    }
  });

  it('is one tab stop, with arrow keys, Home and End moving between cells', async () => {
    const user = userEvent.setup();
    await renderMatrix();
    const focused = () =>
      document.activeElement?.querySelector('[data-cell-label]')?.textContent ??
      document.activeElement?.textContent;

    screen.getByRole('button', { name: 'before' }).focus();
    await user.tab();
    expect(document.activeElement).toHaveAttribute('role', 'rowheader');
    expect(focused()).toBe('Deploy to production');

    await user.keyboard('{ArrowRight}');
    expect(focused()).toBe(
      'Deploy to production — group:default/payments: Responsible',
    );
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe(
      'Rotate secrets — group:default/payments: Responsible, Consulted',
    );
    await user.keyboard('{ArrowDown}');
    expect(focused()).toBe(
      'Rotate secrets — group:default/payments: Responsible, Consulted',
    );
    await user.keyboard('{End}');
    expect(focused()).toBe('Rotate secrets — group:default/sre: Responsible');
    await user.keyboard('{ArrowLeft}');
    expect(focused()).toBe(
      'Rotate secrets — user:default/jane-doe: Accountable',
    );
    await user.keyboard('{Home}');
    expect(focused()).toBe('Rotate secrets');
    await user.keyboard('{ArrowUp}{ArrowUp}');
    expect(document.activeElement).toHaveAttribute('role', 'columnheader');
    expect(focused()).toBe('Activity');

    // Leaving and coming back lands on the cell last focused.
    await user.tab();
    expect(screen.getByRole('button', { name: 'after' })).toHaveFocus();
    await user.tab({ shift: true });
    expect(focused()).toBe('Activity');
    await user.keyboard('{Control>}{End}{/Control}');
    expect(focused()).toBe('Rotate secrets — group:default/sre: Responsible');
  });
});
