import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { decomposeColor, getContrastRatio } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps, headingOutline } from '../../__testUtils__/a11y';
import { paymentsComponent } from '../../__testUtils__/fixtures';
import {
  completedHandoff,
  handoff,
  PATCH_DIFF,
  PAYMENTS,
  PAYMENTS_TEAM,
  validationHandoff,
} from '../../__testUtils__/handoffFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { AA_CONTRAST } from '../../utils/contrast';
import { formatDateTime } from '../../utils/format';
import { EntityHandoffCard } from './EntityHandoffCard';
import { FakeHandoffsOptions } from '../../__testUtils__/FakeHandoffs';

function makeApi(handoffs: FakeHandoffsOptions = {}) {
  return new FakeOwnershipApi({
    handoffs: { owners: { [PAYMENTS]: PAYMENTS_TEAM }, ...handoffs },
  });
}

async function renderCard(
  api: FakeOwnershipApi,
  entity: Entity = paymentsComponent,
) {
  const result = await renderWithOwnershipApi(<EntityHandoffCard />, {
    api,
    entity,
  });
  await waitFor(() =>
    expect(screen.getByTestId('handoff-card')).toHaveAttribute(
      'aria-busy',
      'false',
    ),
  );
  return result;
}

function action(name: string) {
  return screen
    .getAllByTestId('handoff-action')
    .find(a => a.getAttribute('data-action') === name)!;
}

describe('EntityHandoffCard', () => {
  jest.setTimeout(20_000);

  it('starts a handoff to a team picked from the catalog', async () => {
    const api = makeApi();
    const start = jest.spyOn(api, 'startHandoff');
    await renderCard(api);

    expect(screen.getByTestId('handoff-none')).toHaveTextContent(
      'No handoff is in progress.',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Start handoff' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Start a handoff',
    });
    // Submitting without a team names what is missing.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start handoff' }),
    );
    expect(dialog).toHaveTextContent('Pick the receiving team');
    expect(start).not.toHaveBeenCalled();

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Receiving team/ }),
      'sear',
    );
    // The current owner is not offered.
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Search Team (group:default/search-team)',
    ]);
    await userEvent.click(options[0]);
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'Team split');
    // The configured durations and their bounds are said and checked.
    expect(dialog).toHaveTextContent('Empty: the configured 14 days (0 to 90)');
    expect(dialog).toHaveTextContent('Empty: the configured 7 days (0 to 60)');
    const shadowField = within(dialog).getByLabelText('Shadow period (days)');
    await userEvent.type(shadowField, '91');
    expect(dialog).toHaveTextContent('At most 90 days');
    await userEvent.clear(shadowField);
    await userEvent.type(shadowField, '0');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Start handoff' }),
    );

    await waitFor(() =>
      expect(start).toHaveBeenCalledWith(PAYMENTS, {
        toTeam: 'group:default/search-team',
        reason: 'Team split',
        shadowDays: 0,
      }),
    );
    expect(await screen.findByTestId('handoff-state')).toHaveTextContent(
      'Initiated',
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("proposes an expired feature ownership's transfer target", async () => {
    const expired: Entity = {
      ...paymentsComponent,
      spec: {
        ...paymentsComponent.spec,
        owner: 'group:default/search-team',
        ownership: {
          level: 'feature',
          feature: 'checkout',
          expires: '2024-01-31',
          transferTo: 'group:default/payments-team',
        },
      },
    };
    await renderCard(makeApi(), expired);

    expect(screen.getByTestId('handoff-transfer-due')).toHaveTextContent(
      'to be handed over to payments-team',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Start handoff' }),
    );
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(
        within(dialog).getByRole('textbox', { name: /Receiving team/ }),
      ).toHaveValue('payments-team (group:default/payments-team)'),
    );
    expect(dialog).toHaveTextContent("the feature ownership's transfer target");
  });

  it('says why the viewer may not start a handoff', async () => {
    await renderCard(
      makeApi({
        startDenied:
          'Only members of the owner team may start a handoff (ownership.handoff.start)',
      }),
    );
    expect(screen.queryByRole('button', { name: 'Start handoff' })).toBeNull();
    expect(screen.getByTestId('handoff-start-denied')).toHaveTextContent(
      'Only members of the owner team may start a handoff',
    );
  });

  it('shows the states with due dates in the viewer zone and highlights an overdue one', async () => {
    const due = DateTime.now().minus({ hours: 2 }).toUTC().toISO()!;
    const { container } = await renderCard(
      makeApi({ handoffs: [handoff({ stateDueAt: due })] }),
    );

    expect(screen.getByTestId('handoff-state')).toHaveTextContent(
      'Initiated: overdue',
    );
    const steps = screen.getAllByTestId('handoff-step');
    expect(steps.map(s => s.getAttribute('data-state'))).toEqual([
      'initiated',
      'documentation-review',
      'shadow-period',
      'reverse-shadow',
      'validation',
      'completed',
    ]);
    expect(steps[0]).toHaveAttribute('aria-current', 'step');
    expect(steps[0]).toHaveTextContent(`Overdue since ${formatDateTime(due)}`);
    expect(within(steps[1]).getByTestId('handoff-step-due')).toHaveTextContent(
      /^Due /,
    );
    expect(screen.getByTestId('handoff-open')).toHaveTextContent(
      'From payments-team to search-team',
    );

    expect(headingOutline(container)[0]).toBe('h2 Ownership handoff');
    expect(headingJumps(container)).toEqual([]);
  });

  it('writes missing evidence and overdue dates in red at AA contrast', async () => {
    const due = DateTime.now().minus({ hours: 2 }).toUTC().toISO()!;
    await renderCard(makeApi({ handoffs: [handoff({ stateDueAt: due })] }));

    const missing = screen.getAllByText(/^Evidence missing: /)[0];
    const overdue = screen.getByText(/^Overdue since /);
    // the overdue step's own label, which StepLabel colours as an error
    const label = within(screen.getAllByTestId('handoff-step')[0]).getByText(
      'Initiated',
    );
    expect(label.closest('.Mui-error')).not.toBeNull();
    for (const element of [missing, overdue, label]) {
      const color = getComputedStyle(element).color;
      // red, not MUI's #f44336 (3.7:1 on white) nor the plain text colour
      expect(decomposeColor(color).values[0]).toBeGreaterThan(
        decomposeColor(color).values[1] + 60,
      );
      expect(getContrastRatio(color, '#fff')).toBeGreaterThanOrEqual(
        AA_CONTRAST,
      );
    }
  });

  it('asks for a justification to check an item whose evidence is missing', async () => {
    const api = makeApi({
      handoffs: [handoff()],
      evidence: {
        dependencies: {
          kind: 'dependencies',
          satisfied: true,
          detail: '2 dependsOn relations',
        },
      },
    });
    const update = jest.spyOn(api, 'updateHandoffChecklistItem');
    await renderCard(api);

    const items = screen.getAllByTestId('handoff-item');
    const docs = items.find(
      i => i.getAttribute('data-item') === 'documentation-updated',
    )!;
    const deps = items.find(
      i => i.getAttribute('data-item') === 'dependencies-documented',
    )!;
    expect(within(docs).getByTestId('handoff-evidence')).toHaveTextContent(
      'Evidence missing: No documentation evidence found',
    );
    expect(within(deps).getByTestId('handoff-evidence')).toHaveTextContent(
      'Evidence: 2 dependsOn relations',
    );

    await userEvent.click(
      within(docs).getByRole('checkbox', { name: 'Documentation updated' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('needs a written justification');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Check item' }),
    );
    expect(dialog).toHaveTextContent('Justification is required');
    expect(update).not.toHaveBeenCalled();

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Justification/ }),
      'The wiki page is current',
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Link/ }),
      'https://wiki.example.com/payments',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Check item' }),
    );
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith(
        'handoff-1',
        'documentation-updated',
        {
          version: 1,
          done: true,
          link: 'https://wiki.example.com/payments',
          justification: 'The wiki page is current',
        },
      ),
    );
    const checked = (await screen.findAllByTestId('handoff-item')).find(
      i => i.getAttribute('data-item') === 'documentation-updated',
    )!;
    await waitFor(() =>
      expect(within(checked).getByRole('checkbox')).toBeChecked(),
    );
    expect(
      within(checked).getByTestId('handoff-item-justification'),
    ).toHaveTextContent('Checked without evidence: The wiki page is current');
    expect(within(checked).getByTestId('handoff-item-who')).toHaveTextContent(
      'Checked by guest on',
    );
  });

  it('disables actions whose guards are unmet and spells the guards out', async () => {
    const current = validationHandoff();
    await renderCard(makeApi({ handoffs: [current] }));

    const complete = action('complete');
    const button = within(complete).getByRole('button', {
      name: 'Complete handoff',
    });
    expect(button).toBeDisabled();
    const unmet = within(complete).getByTestId('handoff-action-unmet');
    expect(button).toHaveAttribute('aria-describedby', unmet.id);
    expect(unmet).toHaveTextContent(
      'Checklist items not done: Runbooks reviewed',
    );
    expect(unmet).toHaveTextContent(
      `The shadow period runs 3 days more, until ${formatDateTime(
        current.shadowEndsAt,
      )}`,
    );
    expect(
      within(action('roll-back')).getByRole('button', { name: 'Roll back' }),
    ).toBeEnabled();
  });

  it('shows the permission a denied action needs', async () => {
    await renderCard(
      makeApi({
        handoffs: [handoff()],
        denied: {
          'roll-back': 'Missing permission ownership.handoff.decide',
          'check-items': 'Only members of either team may check items',
        },
      }),
    );
    expect(
      within(action('roll-back')).getByRole('button', { name: 'Roll back' }),
    ).toBeDisabled();
    expect(action('roll-back')).toHaveTextContent(
      'Missing permission ownership.handoff.decide',
    );
    expect(screen.getByTestId('handoff-check-denied')).toHaveTextContent(
      'Only members of either team may check items',
    );
    for (const box of screen.getAllByRole('checkbox')) {
      expect(box).toBeDisabled();
    }
  });

  it('on 409 says someone else changed the handoff and shows the current version', async () => {
    const api = makeApi({ handoffs: [handoff()] });
    const transition = jest.spyOn(api, 'transitionHandoff');
    await renderCard(api);
    expect(screen.getByTestId('handoff-state')).toHaveTextContent('Initiated');

    // Someone else moves the handoff on after the card loaded it.
    api.handoffs.transition('handoff-1', { version: 1, action: 'advance' });
    await userEvent.click(
      within(action('advance')).getByRole('button', {
        name: 'Move to documentation review',
      }),
    );

    expect(transition).toHaveBeenCalledWith('handoff-1', {
      action: 'advance',
      version: 1,
    });
    expect(await screen.findByTestId('handoff-problem')).toHaveTextContent(
      'Someone else changed this handoff',
    );
    await waitFor(() =>
      expect(screen.getByTestId('handoff-state')).toHaveTextContent(
        'Documentation review',
      ),
    );
    // The shadow period waits for the documentation.
    expect(action('advance')).toHaveTextContent(
      'The shadow period cannot start before "Documentation updated" is done',
    );
    // The next write sends the version now shown.
    const update = jest.spyOn(api, 'updateHandoffChecklistItem');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Runbooks reviewed' }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Check item',
      }),
    );
    await waitFor(() =>
      expect(update).toHaveBeenCalledWith('handoff-1', 'runbooks-reviewed', {
        done: true,
        version: 2,
      }),
    );
  });

  it('on 409 with guards lists them', async () => {
    const api = makeApi({ handoffs: [validationHandoff()] });
    // The card was loaded while the handoff looked complete.
    const loaded = api.handoffs.details(validationHandoff());
    loaded.actions = loaded.actions.map(a => ({
      ...a,
      allowed: true,
      guards: [],
    }));
    jest.spyOn(api, 'getEntityHandoffs').mockResolvedValueOnce({
      entityRef: PAYMENTS,
      current: loaded,
      history: [loaded],
      canStart: false,
    });
    await renderCard(api);

    await userEvent.click(
      within(action('complete')).getByRole('button', {
        name: 'Complete handoff',
      }),
    );
    const problem = await screen.findByTestId('handoff-problem');
    const guards = within(problem).getAllByTestId('handoff-problem-guard');
    expect(guards.map(g => g.textContent)).toEqual([
      'Checklist items not done: Runbooks reviewed',
      expect.stringContaining('The shadow period runs 3 days more, until'),
    ]);
    await waitFor(() =>
      expect(
        within(action('complete')).getByRole('button', {
          name: 'Complete handoff',
        }),
      ).toBeDisabled(),
    );
  });

  it('rolls back only with a reason', async () => {
    const api = makeApi({ handoffs: [handoff()] });
    const transition = jest.spyOn(api, 'transitionHandoff');
    await renderCard(api);

    await userEvent.click(screen.getByRole('button', { name: 'Roll back' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Roll back the handoff',
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    expect(dialog).toHaveTextContent('Reason is required');
    expect(transition).not.toHaveBeenCalled();

    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Search team reorganised',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Roll back' }),
    );
    await waitFor(() =>
      expect(transition).toHaveBeenCalledWith('handoff-1', {
        action: 'roll-back',
        reason: 'Search team reorganised',
        version: 1,
      }),
    );
    const history = await screen.findByTestId('handoff-history');
    expect(history).toHaveTextContent('Rolled back');
    expect(history).toHaveTextContent('Search team reorganised');
    expect(screen.getByTestId('handoff-none')).toBeInTheDocument();
  });

  it('reports issues found in validation', async () => {
    const api = makeApi({ handoffs: [validationHandoff()] });
    const transition = jest.spyOn(api, 'transitionHandoff');
    await renderCard(api);

    await userEvent.click(
      screen.getByRole('button', { name: 'Report issues' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /What was found/ }),
      'Alerts go to the old team',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Report issues' }),
    );
    await waitFor(() =>
      expect(transition).toHaveBeenCalledWith('handoff-1', {
        action: 'report-issues',
        issues: 'Alerts go to the old team',
        version: 7,
      }),
    );
    expect(await screen.findByTestId('handoff-issues')).toHaveTextContent(
      'Alerts go to the old team',
    );
    expect(screen.getByTestId('handoff-state')).toHaveTextContent(
      'Shadow period',
    );
  });

  it('after completion shows the patch to copy, the edit link and that it is not applied', async () => {
    const done = completedHandoff();
    await renderCard(
      makeApi({
        handoffs: [done],
        patches: {
          [done.id]: {
            diff: PATCH_DIFF,
            editUrl:
              'https://github.com/acme/payments/edit/main/catalog-info.yaml',
            applied: false,
          },
        },
      }),
    );

    const patch = screen.getByTestId('handoff-patch');
    expect(
      within(patch).getByLabelText('Change to catalog-info.yaml'),
    ).toHaveTextContent('+ owner: group:default/search-team');
    expect(
      within(patch).getByRole('button', { name: 'Copy the YAML' }),
    ).toBeInTheDocument();
    expect(within(patch).getByTestId('handoff-patch-edit')).toHaveAttribute(
      'href',
      'https://github.com/acme/payments/edit/main/catalog-info.yaml',
    );
    expect(screen.getByTestId('handoff-patch-status')).toHaveTextContent(
      'Not applied yet',
    );
    expect(screen.getByTestId('handoff-history')).toHaveTextContent(
      'payments-team → search-team: Completed',
    );
  });
});
