import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  getOwnershipRule,
  ORPHAN_REASON_CODES,
} from '@service-ownership/plugin-ownership-common';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { coverage, orphans, trend } from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { OwnershipCoveragePage } from './OwnershipCoveragePage';
import { headingJumps, headingOutline } from '../../__testUtils__/a11y';

describe('OwnershipCoveragePage', () => {
  // The page is large for jsdom on a small CI machine.
  jest.setTimeout(20_000);
  beforeAll(() => configure({ asyncUtilTimeout: 5_000 }));

  beforeEach(() => {
    // jsdom lays nothing out; give the trend chart a size.
    jest.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({
      width: 600,
      height: 260,
      top: 0,
      left: 0,
      bottom: 260,
      right: 600,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    });
  });
  afterEach(() => jest.restoreAllMocks());

  function makeApi() {
    return new FakeOwnershipApi({ coverage, trend, orphans });
  }

  it('shows the headline, breakdowns and trend', async () => {
    const api = makeApi();
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });

    expect(await screen.findByTestId('coverage-percent')).toHaveTextContent(
      '77.5%',
    );
    expect(screen.getByTestId('coverage-counts')).toHaveTextContent('31 of 40');
    // The server sends (none), tier-3, tier-1, tier-2: rows go by tier.
    const byTier = screen.getByTestId('coverage-by-tier');
    const tierRows = within(byTier).getAllByTestId('coverage-bucket');
    expect(tierRows.map(row => row.querySelector('th')?.textContent)).toEqual([
      'tier-1',
      'tier-2',
      'tier-3',
      '(none)',
    ]);
    expect(tierRows[1]).toHaveTextContent('77.3%');
    // The other breakdowns stay least covered first.
    const kindRows = within(
      screen.getByTestId('coverage-by-kind'),
    ).getAllByTestId('coverage-bucket');
    expect(kindRows.map(row => row.querySelector('th')?.textContent)).toEqual([
      'API',
      'Component',
    ]);
    expect(
      within(screen.getByTestId('coverage-by-team')).getByRole('link', {
        name: /payments-team/,
      }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');
    expect(screen.getByTestId('coverage-by-kind')).toHaveTextContent('API');
    expect(screen.getByTestId('coverage-by-system')).toHaveTextContent(
      'checkout',
    );
    expect(
      await screen.findByTestId('coverage-trend-summary'),
    ).toHaveTextContent('From 73.7% on 2025-02-27 to 77.5% on 2025-03-01');
    expect(
      screen.getByRole('img', { name: 'Coverage trend chart' }),
    ).toBeInTheDocument();
  });

  it('names its controls and keeps its headings in order', async () => {
    const api = makeApi();
    const { container } = await renderWithOwnershipApi(
      <OwnershipCoveragePage />,
      { api },
    );
    await screen.findByTestId('coverage-trend-summary');

    // axe's select-name: the period select is named by its label.
    const period = screen.getByRole('combobox', { name: 'Period' });
    expect(period).toHaveValue('90');
    expect(headingJumps(container)).toEqual([]);
    expect(headingOutline(container)).toEqual(
      expect.arrayContaining(['h1 Ownership coverage', 'h2 Coverage trend']),
    );
  });

  it('refetches coverage for the "as of" date', async () => {
    const api = makeApi();
    const getCoverage = jest.spyOn(api, 'getCoverage');
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });
    await screen.findByTestId('coverage-percent');

    fireEvent.change(screen.getByLabelText('As of'), {
      target: { value: '2025-02-28' },
    });

    await waitFor(() =>
      expect(getCoverage).toHaveBeenLastCalledWith({ asOf: '2025-02-28' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Today' }));
    await waitFor(() =>
      expect(getCoverage).toHaveBeenLastCalledWith(undefined),
    );
  });

  it('lists orphans with reasons, fixes and links, and explains the term', async () => {
    const api = makeApi();
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });

    expect(
      await screen.findByRole('link', { name: 'Billing' }),
    ).toHaveAttribute('href', '/catalog/default/component/billing');
    expect(screen.getByText('Orphaned services (2)')).toBeInTheDocument();
    const reasons = screen.getAllByTestId('orphan-reason');
    expect(reasons[0]).toHaveAttribute('data-reason', 'no-owner');
    expect(reasons[0]).toHaveTextContent('No owner: The service has no owner');
    expect(reasons[0]).toHaveTextContent(
      'Fix: Set spec.owner to the accountable team.',
    );
    const help = screen.getByTestId('orphans-help');
    expect(help).toHaveTextContent('backstage.io/orphan');
    expect(help).toHaveTextContent('catalog processing error');
    expect(help).toHaveTextContent('ownership not verified');
  });

  it('shows one Entity column: the title with the ref, or the ref alone', async () => {
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api: makeApi() });
    await screen.findByRole('link', { name: 'Billing' });

    const headers = screen
      .getAllByRole('columnheader')
      .map(h => h.textContent?.trim());
    expect(headers).toContain('Entity');
    expect(headers).not.toContain('Title');
    const [billing, search] = screen.getAllByTestId('orphan-entity');
    expect(within(billing).getByRole('link')).toHaveTextContent('Billing');
    expect(within(billing).getByTestId('orphan-entity-ref')).toHaveTextContent(
      /^billing$/,
    );
    expect(within(search).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/search',
    );
    expect(within(search).queryByTestId('orphan-entity-ref')).toBeNull();
  });

  it('offers every orphan reason of the rulebook by its label, and keeps the search placeholder', async () => {
    const api = makeApi();
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });
    await screen.findByRole('link', { name: 'Billing' });

    const options = within(screen.getByLabelText('Reason'))
      .getAllByRole('option')
      .map(o => [o.getAttribute('value'), o.textContent]);
    expect(options).toEqual([
      ['', 'All'],
      ...ORPHAN_REASON_CODES.map(code => [code, getOwnershipRule(code).label]),
    ]);
    expect(options).toContainEqual([
      'catalog-processing-error',
      'Catalog processing error',
    ]);
    expect(screen.getByLabelText('Search')).toHaveAttribute(
      'placeholder',
      'Name, title or owner',
    );
  });

  it('sends paging and filters to the backend', async () => {
    const api = makeApi();
    const getOrphans = jest.spyOn(api, 'getOrphans');
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });
    await screen.findByRole('link', { name: 'Billing' });
    expect(getOrphans).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 0, limit: 50 }),
    );

    await userEvent.selectOptions(screen.getByLabelText('Tier'), 'tier-2');
    await waitFor(() =>
      expect(getOrphans).toHaveBeenLastCalledWith(
        expect.objectContaining({ tier: 'tier-2', offset: 0 }),
      ),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('link', { name: 'Billing' }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByText('Orphaned services (1)')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Search'));
    await userEvent.paste('sea');
    await waitFor(() =>
      expect(getOrphans).toHaveBeenLastCalledWith(
        expect.objectContaining({ tier: 'tier-2', q: 'sea' }),
      ),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(await screen.findByRole('link', { name: 'Billing' })).toBeVisible();
  });

  it('sorts on the backend', async () => {
    const api = makeApi();
    const getOrphans = jest.spyOn(api, 'getOrphans');
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });
    await screen.findByRole('link', { name: 'Billing' });

    await userEvent.click(screen.getByRole('button', { name: 'Owner' }));
    await waitFor(() =>
      expect(getOrphans).toHaveBeenLastCalledWith(
        expect.objectContaining({ orderBy: 'owner', order: 'asc' }),
      ),
    );
  });

  it('exports CSV with the same filters', async () => {
    const api = makeApi();
    const exportCsv = jest.spyOn(api, 'exportOrphansCsv');
    const createObjectURL = jest.fn(() => 'blob:orphans');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });
    await screen.findByRole('link', { name: 'Billing' });

    await userEvent.selectOptions(screen.getByLabelText('Severity'), 'error');
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));

    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(exportCsv).toHaveBeenCalledWith({ severity: 'error' });
    expect(createObjectURL).toHaveBeenCalled();
  });

  it('shows why the orphans could not be loaded, and recovers', async () => {
    const api = makeApi();
    const getOrphans = jest
      .spyOn(api, 'getOrphans')
      .mockRejectedValueOnce(new Error('Orphan index unavailable'));
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });

    const error = await screen.findByTestId('orphans-error');
    expect(
      within(error).getByRole('heading', {
        name: /Could not load the orphaned services: Orphan index unavailable/,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The orphaned services could not be loaded.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/No orphaned services match/)).toBeNull();

    await userEvent.selectOptions(screen.getByLabelText('Tier'), 'tier-1');
    expect(await screen.findByRole('link', { name: 'Billing' })).toBeVisible();
    expect(getOrphans).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('orphans-error')).not.toBeInTheDocument();
  });

  it('says the index has not been built yet instead of showing zeros', async () => {
    const api = new FakeOwnershipApi({
      coverage,
      trend,
      orphans,
      indexed: false,
    });
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });

    expect(await screen.findByTestId('index-not-built')).toHaveTextContent(
      'The ownership index has not been built yet',
    );
    expect(screen.queryByTestId('coverage-percent')).not.toBeInTheDocument();
    expect(screen.queryByText(/0 of 0/)).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /503/ })).toBeNull();
    expect(screen.queryByTestId('orphans')).not.toBeInTheDocument();
  });

  it('shows errors and empty states', async () => {
    const api = new FakeOwnershipApi({});
    jest
      .spyOn(api, 'getCoverage')
      .mockRejectedValue(new Error('Coverage unavailable'));
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });

    expect(
      await screen.findByRole('heading', { name: /Coverage unavailable/ }),
    ).toBeInTheDocument();
    expect(await screen.findByText(/No history yet/)).toBeInTheDocument();
    expect(
      await screen.findByText(/No orphaned services match/),
    ).toBeInTheDocument();
  });
});
