import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createHandoff } from '@service-ownership/plugin-ownership-common';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import {
  PAYMENTS_TEAM,
  SEARCH_TEAM,
} from '../../__testUtils__/handoffFixtures';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { ReorganisationDialog } from './ReorganisationDialog';
import {
  CHECKOUT,
  LEDGER,
  REFUNDS,
  reorganisationApi,
  reorganisationServices,
} from './__testUtils__/reorganisation';

async function renderDialog(api: FakeOwnershipApi) {
  const onStarted = jest.fn();
  const onClose = jest.fn();
  await renderWithOwnershipApi(
    <ReorganisationDialog
      open
      team={PAYMENTS_TEAM}
      services={reorganisationServices()}
      onStarted={onStarted}
      onClose={onClose}
    />,
    { api },
  );
  const dialog = await screen.findByRole('dialog', {
    name: 'Hand over services',
  });
  await within(dialog).findByRole('checkbox', { name: /Checkout/ });
  return { dialog, onStarted, onClose };
}

const submitButton = (dialog: HTMLElement) =>
  within(dialog).getByRole('button', { name: /Start handoffs/ });

async function pickTeam(dialog: HTMLElement) {
  await userEvent.type(
    within(dialog).getByRole('textbox', { name: /Receiving team/ }),
    'sear',
  );
  await userEvent.click(
    await screen.findByRole('option', {
      name: 'Search Team (group:default/search-team)',
    }),
  );
}

describe('ReorganisationDialog', () => {
  it("lists the team's services, the one in an open handoff disabled, with select-all", async () => {
    const { dialog } = await renderDialog(reorganisationApi());
    const boxes = within(dialog)
      .getAllByTestId('reorganisation-service')
      .map(row => row.getAttribute('data-ref'));
    expect(boxes).toEqual([
      'component:default/payments',
      CHECKOUT,
      LEDGER,
      REFUNDS,
    ]);
    const payments = await within(dialog).findByRole('checkbox', {
      name: /Payments/,
    });
    await waitFor(() => expect(payments).toBeDisabled());
    expect(payments).toHaveAccessibleDescription(
      /open handoff to search-team \(Initiated\): it cannot join/,
    );
    const count = within(dialog).getByTestId('reorganisation-count');
    expect(count).toHaveTextContent('0 of 3 selected');
    expect(submitButton(dialog)).toBeDisabled();

    const all = within(dialog).getByRole('checkbox', { name: 'Select all' });
    await userEvent.click(all);
    expect(count).toHaveTextContent('3 of 3 selected');
    for (const name of [/Checkout/, /Ledger/, /Refunds/]) {
      expect(within(dialog).getByRole('checkbox', { name })).toBeChecked();
    }
    expect(payments).not.toBeChecked();
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Ledger/ }),
    );
    expect(count).toHaveTextContent('2 of 3 selected');
    expect(all).toHaveAttribute('data-indeterminate', 'true');
    await userEvent.click(all);
    await userEvent.click(all);
    expect(count).toHaveTextContent('0 of 3 selected');
    // The configured durations of the single handoff dialog.
    expect(dialog).toHaveTextContent('Empty: the configured 14 days (0 to 90)');
    expect(dialog).toHaveTextContent('Empty: the configured 7 days (0 to 60)');
  });

  it('sends one request with the services, team, reason and days, then shows the handoffs started', async () => {
    const api = reorganisationApi();
    const { dialog, onStarted } = await renderDialog(api);
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Checkout/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Refunds/ }),
    );
    // Services, but no receiving team yet.
    expect(submitButton(dialog)).toBeDisabled();
    await pickTeam(dialog);
    expect(submitButton(dialog)).toBeEnabled();
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Team split');
    const shadow = within(dialog).getByLabelText('Shadow period (days)');
    await userEvent.type(shadow, '91');
    expect(dialog).toHaveTextContent('At most 90 days');
    expect(submitButton(dialog)).toBeDisabled();
    await userEvent.clear(shadow);
    await userEvent.type(shadow, '3');
    await userEvent.type(
      within(dialog).getByLabelText('Reverse shadow (days)'),
      '2',
    );
    await userEvent.click(submitButton(dialog));

    const done = await within(dialog).findByTestId('reorganisation-done');
    expect(api.reorganisations).toEqual([
      {
        entityRefs: [CHECKOUT, REFUNDS],
        toTeam: SEARCH_TEAM,
        reason: 'Team split',
        shadowDays: 3,
        reverseShadowDays: 2,
      },
    ]);
    expect(done).toHaveTextContent(/^2 handoffs started to /);
    expect(done).toHaveFocus();
    const started = within(dialog).getAllByTestId('reorganisation-handoff');
    expect(started.map(s => s.textContent)).toEqual([
      expect.stringMatching(/checkout: Initiated/i),
      expect.stringMatching(/refunds: Initiated/i),
    ]);
    expect(
      within(started[0]).getByRole('link', { name: /checkout/i }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    const stored = api.handoffs.handoffs.filter(h =>
      [CHECKOUT, REFUNDS].includes(h.entityRef),
    );
    expect(stored.map(h => [h.reorganisationId, h.shadowDays])).toEqual([
      ['reorganisation-1', 3],
      ['reorganisation-1', 3],
    ]);
    expect(onStarted).toHaveBeenCalledWith(
      expect.objectContaining({ reorganisationId: 'reorganisation-1' }),
    );
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeEnabled();
  });

  it("shows the server's refusal of a handoff opened meanwhile, starts nothing and stays open", async () => {
    const api = reorganisationApi();
    const { dialog, onStarted, onClose } = await renderDialog(api);
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Checkout/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Ledger/ }),
    );
    await pickTeam(dialog);
    // Someone starts a handoff of checkout after the dialog loaded.
    api.handoffs.handoffs.push(
      createHandoff(
        {
          id: 'handoff-elsewhere',
          entityRef: CHECKOUT,
          fromTeam: PAYMENTS_TEAM,
          toTeam: 'group:default/sre',
          actor: 'user:default/jane-doe',
        },
        new Date(),
      ),
    );
    await userEvent.click(submitButton(dialog));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'No handoff was started: component:default/checkout already has an open handoff (handoff-elsewhere, initiated',
    );
    expect(api.handoffs.handoffs.map(h => h.id)).toEqual([
      'handoff-1',
      'handoff-elsewhere',
    ]);
    expect(onStarted).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
    expect(within(dialog).queryByTestId('reorganisation-done')).toBeNull();
    // The open handoffs are read again: checkout cannot be chosen now.
    await waitFor(() =>
      expect(
        within(dialog).getByRole('checkbox', { name: /Checkout/ }),
      ).toBeDisabled(),
    );
    expect(
      within(dialog).getByTestId('reorganisation-count'),
    ).toHaveTextContent('1 of 2 selected');
  });

  it('says when the viewer may not hand the services over', async () => {
    const api = reorganisationApi({
      startDenied: 'ownership.handoff.start on component:default/ledger',
    });
    const { dialog, onStarted } = await renderDialog(api);
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Ledger/ }),
    );
    await pickTeam(dialog);
    await userEvent.click(submitButton(dialog));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'No handoff was started: You are not allowed to do this: ownership.handoff.start on component:default/ledger',
    );
    expect(api.handoffs.handoffs).toHaveLength(1);
    expect(onStarted).not.toHaveBeenCalled();
    expect(submitButton(dialog)).toBeEnabled();
  });

  it('is disabled while sending', async () => {
    const api = reorganisationApi();
    const send = api.startReorganisation.bind(api);
    let release = () => {};
    jest.spyOn(api, 'startReorganisation').mockImplementation(
      request =>
        new Promise(resolve => {
          release = () => resolve(send(request));
        }),
    );
    const { dialog } = await renderDialog(api);
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Ledger/ }),
    );
    await pickTeam(dialog);
    await userEvent.click(submitButton(dialog));
    const sending = within(dialog).getByRole('button', {
      name: 'Starting handoffs…',
    });
    expect(sending).toBeDisabled();
    expect(
      within(dialog).getByRole('checkbox', { name: /Refunds/ }),
    ).toBeDisabled();
    // Enter in a field submits the form again: nothing more is sent.
    fireEvent.submit(within(dialog).getByTestId('reorganisation-dialog'));
    expect(api.startReorganisation).toHaveBeenCalledTimes(1);
    release();
    expect(
      await within(dialog).findByTestId('reorganisation-done'),
    ).toHaveTextContent(/^1 handoff started/);
  });
});
