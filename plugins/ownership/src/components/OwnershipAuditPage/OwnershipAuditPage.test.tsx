import { DateTime } from 'luxon';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps } from '../../__testUtils__/a11y';
import {
  auditEntries,
  brokenIntegrity,
  PAYMENTS_TEAM,
} from '../../__testUtils__/handoffFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { auditQuery, OwnershipAuditPage } from './OwnershipAuditPage';

const rowIds = () =>
  screen.getAllByTestId('audit-row').map(r => r.getAttribute('data-id'));

describe('OwnershipAuditPage', () => {
  jest.setTimeout(20_000);
  afterEach(() => jest.restoreAllMocks());

  it('filters the trail, exports the same filters and says the chain is intact', async () => {
    const api = new FakeOwnershipApi({ handoffs: { audit: auditEntries } });
    const getAudit = jest.spyOn(api, 'getAudit');
    const exportCsv = jest.spyOn(api, 'exportAuditCsv');
    URL.createObjectURL = jest.fn(() => 'blob:audit');
    URL.revokeObjectURL = jest.fn();
    const { container } = await renderWithOwnershipApi(<OwnershipAuditPage />, {
      api,
    });

    await screen.findByTestId('audit-list');
    expect(rowIds()).toEqual(['3', '2', '1']);
    expect(await screen.findByTestId('audit-integrity')).toHaveTextContent(
      'Hash chain intact, 3 rows checked',
    );

    await userEvent.type(screen.getByLabelText('Team'), PAYMENTS_TEAM);
    await userEvent.type(
      screen.getByLabelText('Actor'),
      'user:default/john-smith',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(rowIds()).toEqual(['2']));
    expect(getAudit).toHaveBeenLastCalledWith({
      team: PAYMENTS_TEAM,
      actor: 'user:default/john-smith',
      offset: 0,
      limit: 50,
    });

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await userEvent.type(screen.getByLabelText('From'), '2025-03-01');
    await userEvent.type(screen.getByLabelText('Action'), 'handoff-checklist');
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(rowIds()).toEqual(['3']));

    await userEvent.click(screen.getByTestId('audit-export'));
    await waitFor(() =>
      expect(exportCsv).toHaveBeenCalledWith({
        // the start of that day in the viewer's zone
        from: DateTime.fromISO('2025-03-01').startOf('day').toUTC().toISO(),
        action: 'handoff-checklist',
      }),
    );
    expect(URL.createObjectURL).toHaveBeenCalled();
    expect(headingJumps(container)).toEqual([]);
  });

  it('says where the hash chain is broken', async () => {
    await renderWithOwnershipApi(<OwnershipAuditPage />, {
      api: new FakeOwnershipApi({
        handoffs: { audit: auditEntries, integrity: brokenIntegrity },
      }),
    });
    const integrity = await screen.findByTestId('audit-integrity');
    expect(integrity).toHaveAttribute('data-intact', 'false');
    expect(integrity).toHaveTextContent('Hash chain broken at row 2');
  });

  it('tells a viewer without ownership.audit.read why there is nothing', async () => {
    await renderWithOwnershipApi(<OwnershipAuditPage />, {
      api: new FakeOwnershipApi({ handoffs: { auditDenied: true } }),
    });
    expect(await screen.findByTestId('audit-forbidden')).toHaveTextContent(
      'needs the ownership.audit.read permission',
    );
    expect(screen.queryByTestId('audit-export')).toBeNull();
  });
});

describe('auditQuery', () => {
  it('sends the From and To days as whole days of the viewer, To included', () => {
    const query = auditQuery({
      actor: 'user:default/ann',
      from: '2026-03-01',
      to: '2026-03-01',
    });
    expect(query.actor).toBe('user:default/ann');
    const from = DateTime.fromISO(query.from!);
    const to = DateTime.fromISO(query.to!);
    expect(from.toMillis()).toBe(
      DateTime.fromISO('2026-03-01').startOf('day').toMillis(),
    );
    // the whole of March 1st, not its first instant
    expect(to.diff(from).as('milliseconds')).toBe(24 * 3600 * 1000 - 1);
    expect(auditQuery({})).toEqual({});
  });
});
