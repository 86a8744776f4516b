import {
  configure,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { coverage, orphans, trend } from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { OwnershipCoveragePage } from './OwnershipCoveragePage';

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
    const byTier = screen.getByTestId('coverage-by-tier');
    const tierRows = within(byTier).getAllByTestId('coverage-bucket');
    expect(tierRows[0]).toHaveTextContent('tier-2');
    expect(tierRows[0]).toHaveTextContent('71.9%');
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
      await screen.findByRole('link', { name: /billing/ }),
    ).toHaveAttribute('href', '/catalog/default/component/billing');
    expect(screen.getByText('Orphaned services (2)')).toBeInTheDocument();
    const reasons = screen.getAllByTestId('orphan-reason');
    expect(reasons[0]).toHaveAttribute('data-reason', 'no-owner');
    expect(reasons[0]).toHaveTextContent(
      'Fix: Set spec.owner to the accountable team.',
    );
    expect(screen.getByTestId('orphans-help')).toHaveTextContent(
      'backstage.io/orphan',
    );
  });

  it('sends paging and filters to the backend', async () => {
    const api = makeApi();
    const getOrphans = jest.spyOn(api, 'getOrphans');
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });
    await screen.findByRole('link', { name: /billing/ });
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
        screen.queryByRole('link', { name: /billing/ }),
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
    expect(await screen.findByRole('link', { name: /billing/ })).toBeVisible();
  });

  it('sorts on the backend', async () => {
    const api = makeApi();
    const getOrphans = jest.spyOn(api, 'getOrphans');
    await renderWithOwnershipApi(<OwnershipCoveragePage />, { api });
    await screen.findByRole('link', { name: /billing/ });

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
    await screen.findByRole('link', { name: /billing/ });

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
    expect(await screen.findByRole('link', { name: /billing/ })).toBeVisible();
    expect(getOrphans).toHaveBeenCalledTimes(2);
    expect(screen.queryByTestId('orphans-error')).not.toBeInTheDocument();
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
