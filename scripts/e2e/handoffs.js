/* eslint-disable no-console */ // a command-line script: it reports on the console
// The handoff journeys of scripts/e2e.js (issue 11): the guest, a member of
// the payments team, hands a payments service over to the platform team
// through every state (the e2e portal runs zero-day shadow periods), rolls
// back another, and finds both on the handoffs, team, audit and
// notifications pages. Last, a reorganisation from the team page hands two
// payments services over to identity at once.

const path = require('node:path');

// invoice-renderer has no docs link and no dependencies: two of its gated
// items need a justification. currency-rates is rolled back. Entity links
// show the name until the catalog's title loads: patterns allow both.
const COMPLETED = { name: 'invoice-renderer', title: 'Invoice renderer' };
const ROLLED_BACK = { name: 'currency-rates', title: 'Currency rates' };
const FROM = 'group:default/payments';
const TO = 'group:default/platform';
const ROLLBACK_REASON = 'The rates feed is being retired: payments keeps it';
// The reorganisation hands two payments services no other journey uses over
// to identity in one go; a third is already in a handoff of its own.
const REORGANISED = [
  { name: 'fraud-scoring', title: 'Fraud scoring' },
  { name: 'payment-gateway-adapter', title: 'Payment gateway adapter' },
];
const ALREADY_OPEN = { name: 'payments-sdk-js', title: 'Payments SDK' };
const REORGANISATION_REASON = 'Identity takes over fraud and card acquiring';

async function write(ctx, method, pathname, body) {
  const res = await fetch(`${ctx.BACKEND}${pathname}`, {
    method,
    headers: {
      authorization: `Bearer ${ctx.token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`${method} ${pathname}: ${res.status} ${await res.text()}`);
  }
  return res.json();
}

function handoffScenarios(helpers) {
  const { TIMEOUT, expectText, openEntity, shot, reasonsFromApi } = helpers;

  const card = page => page.getByTestId('handoff-card');
  const action = (page, name) =>
    card(page).locator(
      `[data-testid="handoff-action"][data-action="${name}"] button`,
    );

  async function waitForState(page, state) {
    await card(page)
      .locator(`[data-testid="handoff-state"][data-state="${state}"]`)
      .waitFor({ timeout: TIMEOUT });
  }

  /** Starts a handoff from the entity page, picking the team in the dialog. */
  async function startHandoff(ctx, entity, teamTitle, reason) {
    const { page } = ctx;
    await openEntity(ctx, 'component', entity.name);
    const start = card(page).getByTestId('handoff-start');
    await start.waitFor({ timeout: TIMEOUT });
    await start.click();
    const dialog = page.getByTestId('start-handoff-dialog');
    await dialog.waitFor({ timeout: TIMEOUT });
    const team = dialog.getByRole('textbox', { name: /Receiving team/ });
    await team.click();
    await team.fill(teamTitle);
    // the picker's options come from the catalog's groups
    await page
      .getByRole('option', { name: new RegExp(`^${teamTitle} \\(group:`) })
      .click();
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(reason);
    return dialog;
  }

  /**
   * Checks an item through its dialog; a justification is given when the
   * dialog asks for one. Returns whether it asked.
   */
  async function checkItem(page, itemId, justification) {
    const item = card(page).locator(
      `[data-testid="handoff-item"][data-item="${itemId}"]`,
    );
    const box = item.locator('input[type="checkbox"]');
    await item.locator('input[type="checkbox"]:enabled').waitFor({
      timeout: TIMEOUT,
    });
    await box.click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor({ timeout: TIMEOUT });
    const field = dialog.getByRole('textbox', { name: /Justification/ });
    const asked = (await field.count()) > 0;
    if (asked) await field.fill(justification);
    await dialog.getByRole('button', { name: 'Check item' }).click();
    await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
    await item
      .locator('input[type="checkbox"]:checked')
      .waitFor({ timeout: TIMEOUT });
    return asked;
  }

  async function advanceTo(page, state) {
    const button = action(page, 'advance');
    await button.and(page.locator(':enabled')).waitFor({ timeout: TIMEOUT });
    await button.click();
    await waitForState(page, state);
  }

  return [
    {
      name: 'handoff: the guest starts one from a payments service page, picking the team from the catalog',
      async run(ctx) {
        const { page } = ctx;
        const dialog = await startHandoff(
          ctx,
          COMPLETED,
          'Platform',
          'Platform runs the document rendering services from now on',
        );
        await ctx.checkA11y('service page: start handoff dialog');
        await dialog.getByRole('button', { name: 'Start handoff' }).click();
        await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
        await waitForState(page, 'initiated');
        await expectText(
          card(page).getByTestId('handoff-open'),
          /From\s+payments[\s\S]*to\s+platform[\s\S]*guest/i,
          'the open handoff names both teams and who started it',
        );
        const steps = await card(page).getByTestId('handoff-step').count();
        if (steps !== 6) throw new Error(`expected 6 steps, got ${steps}`);
        await card(page)
          .getByTestId('handoff-step-due')
          .first()
          .waitFor({ timeout: TIMEOUT });
        // the owner card says so, naming the receiving team, once it loads
        // again (it does not follow the handoff card's writes)
        await page.reload();
        await waitForState(page, 'initiated');
        await expectText(
          page.getByTestId('ownership-handoff'),
          /Handoff in progress to\s+platform/i,
          'owner card banner',
        );
        await ctx.checkA11y('service page: handoff initiated');
      },
    },
    {
      name: 'handoff: a guard refuses the shadow period until the documentation is updated; the gated item asks for a justification',
      async run(ctx) {
        const { page } = ctx;
        await openEntity(ctx, 'component', COMPLETED.name);
        await waitForState(page, 'initiated');
        await advanceTo(page, 'documentation-review');
        const next = action(page, 'advance');
        await expectText(next, /Move to shadow period/i, 'advance label');
        if (await next.isEnabled()) {
          throw new Error('the shadow period can start without documentation');
        }
        const guard = await expectText(
          card(page).locator(
            '[data-action="advance"] [data-testid="handoff-action-unmet"]',
          ),
          /cannot start before "Documentation updated" is done/,
          'the unmet guard beside the button',
        );
        console.log(`    guard: ${guard.trim()}`);

        // the documentation item is gated: no docs link, so the dialog
        // refuses a check without a written justification
        const item = card(page).locator(
          '[data-testid="handoff-item"][data-item="documentation-updated"]',
        );
        await expectText(
          item.getByTestId('handoff-evidence'),
          /Evidence missing/,
          'missing documentation evidence',
        );
        await item.locator('input[type="checkbox"]').click();
        const dialog = page.getByRole('dialog');
        await expectText(
          dialog,
          /no evidence[\s\S]*justification/i,
          'the check dialog explains the justification',
        );
        await ctx.checkA11y(
          'service page: check dialog asking a justification',
        );
        await dialog.getByRole('button', { name: 'Check item' }).click();
        await expectText(
          dialog,
          /Justification is required/,
          'a blank justification is refused',
        );
        await dialog
          .getByRole('textbox', { name: /Justification/ })
          .fill('The README in the repository was rewritten for Platform');
        await dialog.getByRole('button', { name: 'Check item' }).click();
        await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
        await expectText(
          item.getByTestId('handoff-item-justification'),
          /Checked without evidence: The README/,
          'the justification on the item',
        );
        await expectText(
          item.getByTestId('handoff-item-who'),
          /Checked by\s+guest/i,
          'who checked the item',
        );

        // someone unchecks it elsewhere while this page shows it checked:
        // the stale write is refused, the card shows the current version
        // and the guard again
        const { current } = await ctx.api(
          `/api/ownership/entities/component/default/${COMPLETED.name}/handoffs`,
          ctx.token,
        );
        await write(
          ctx,
          'PUT',
          `/api/ownership/handoffs/${current.id}/checklist/documentation-updated`,
          {
            version: current.version,
            done: false,
          },
        );
        await action(page, 'advance').click();
        await expectText(
          card(page).getByTestId('handoff-problem'),
          /Someone else changed this handoff/,
          'the stale write refused',
        );
        await waitForState(page, 'documentation-review');
        await item
          .locator('input[type="checkbox"]:not(:checked)')
          .waitFor({ timeout: TIMEOUT });
        await expectText(
          card(page).locator(
            '[data-action="advance"] [data-testid="handoff-action-unmet"]',
          ),
          /cannot start before "Documentation updated" is done/,
          'the guard shown again',
        );
        await checkItem(page, 'documentation-updated', 'README rewritten');
        await advanceTo(page, 'shadow-period');
        await ctx.checkA11y('service page: handoff in the shadow period');
      },
    },
    {
      name: 'handoff: through the zero-day shadow periods to validation; completion refused with items missing, then completed with the patch',
      async run(ctx) {
        const { page } = ctx;
        await openEntity(ctx, 'component', COMPLETED.name);
        await waitForState(page, 'shadow-period');
        await advanceTo(page, 'reverse-shadow');
        await advanceTo(page, 'validation');
        const complete = action(page, 'complete');
        await complete.waitFor({ timeout: TIMEOUT });
        if (await complete.isEnabled()) {
          throw new Error('completion offered with checklist items missing');
        }
        await expectText(
          card(page).locator(
            '[data-action="complete"] [data-testid="handoff-action-unmet"]',
          ),
          /Checklist items not done: Runbooks reviewed/,
          'the unmet completion guard',
        );
        const ids = await card(page)
          .locator('[data-testid="handoff-item"]')
          .evaluateAll(nodes =>
            nodes
              .filter(n => !n.querySelector('input:checked'))
              .map(n => n.getAttribute('data-item')),
          );
        const justified = [];
        for (const id of ids) {
          if (await checkItem(page, id, `Done with Platform in the handoff`)) {
            justified.push(id);
          }
        }
        console.log(
          `    checked ${ids.length} items; a justification was asked for ${
            justified.join(', ') || 'none'
          }`,
        );
        await page.setViewportSize({ width: 1440, height: 2600 });
        await card(page).screenshot({
          path: path.join(ctx.screenshotDir, 'handoff-card.png'),
        });
        await page.setViewportSize({ width: 1440, height: 1000 });
        await complete
          .and(page.locator(':enabled'))
          .waitFor({ timeout: TIMEOUT });
        await complete.click();
        const patch = card(page).getByTestId('handoff-patch');
        await patch.waitFor({ timeout: TIMEOUT });
        await expectText(
          patch.getByTestId('handoff-patch-status'),
          /Not applied yet/,
          'patch status',
        );
        await expectText(
          patch,
          new RegExp(
            `-\\s*owner: ${FROM}[\\s\\S]*\\+\\s*owner: ${TO}|owner: ${TO}`,
          ),
          'the patch names the new owner',
        );
        const diff = await patch.locator('pre, code').first().innerText();
        console.log(
          `    patch:\n${diff
            .split('\n')
            .map(l => `      ${l}`)
            .join('\n')}`,
        );
        await card(page)
          .locator(
            '[data-testid="handoff-history-item"][data-state="completed"]',
          )
          .waitFor({ timeout: TIMEOUT });
        await ctx.checkA11y('service page: completed handoff with its patch');
        await patch.screenshot({
          path: path.join(ctx.screenshotDir, 'handoff-patch.png'),
        });
      },
    },
    {
      name: 'handoff: "handoff not applied" on the owner card and the coverage page, the same reasons in both',
      async run(ctx) {
        const { page } = ctx;
        await openEntity(ctx, 'component', COMPLETED.name);
        const finding = page.locator(
          '[data-testid="finding"][data-rule="handoff-not-applied"]',
        );
        await expectText(
          finding,
          /Platform|group:default\/platform/,
          'the finding names the receiving team',
        );
        const api = await reasonsFromApi(ctx, COMPLETED.name);
        if (!api.coverage.some(r => r.startsWith('handoff-not-applied/'))) {
          throw new Error(
            `coverage reasons lack handoff-not-applied: ${api.coverage.join(
              ', ',
            )}`,
          );
        }
        helpers.sameList(
          api.card,
          api.coverage,
          `${COMPLETED.name}: API reasons`,
        );
        const shown = await helpers.reasonsInBrowser(
          ctx,
          COMPLETED.name,
          'handoff-not-applied',
        );
        helpers.sameList(
          shown.card,
          shown.coverage,
          `${COMPLETED.name}: rendered reasons`,
        );
        console.log(`    ${COMPLETED.name}: ${shown.card.join(', ')}`);
        await ctx.checkA11y('coverage page with a handoff not applied');
      },
    },
    {
      name: 'handoff: the guest rolls back another one with a reason',
      async run(ctx) {
        const { page } = ctx;
        const dialog = await startHandoff(
          ctx,
          ROLLED_BACK,
          'Data',
          'Data takes the reference data feeds',
        );
        await dialog.getByRole('button', { name: 'Start handoff' }).click();
        await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
        await waitForState(page, 'initiated');
        await action(page, 'roll-back').click();
        const rollBack = page.getByRole('dialog');
        await expectText(rollBack, /Roll back the handoff/, 'dialog title');
        await ctx.checkA11y('service page: roll back dialog');
        await rollBack.getByRole('button', { name: 'Roll back' }).click();
        await expectText(
          rollBack,
          /Reason is required/,
          'a roll back without a reason is refused',
        );
        await rollBack
          .getByRole('textbox', { name: /Reason/ })
          .fill(ROLLBACK_REASON);
        await rollBack.getByRole('button', { name: 'Roll back' }).click();
        await rollBack.waitFor({ state: 'detached', timeout: TIMEOUT });
        await card(page)
          .getByTestId('handoff-none')
          .waitFor({ timeout: TIMEOUT });
        await expectText(
          card(page).locator(
            '[data-testid="handoff-history-item"][data-state="rolled-back"]',
          ),
          new RegExp(`Rolled back[\\s\\S]*${ROLLBACK_REASON}`),
          'the rolled back handoff in the history, with its reason',
        );
        if (await page.getByTestId('ownership-handoff').count()) {
          throw new Error('the owner card still says a handoff is in progress');
        }
      },
    },
    {
      name: 'handoffs page: both listed with their states, filters and the per-team summary',
      async run(ctx) {
        const { page } = ctx;
        await page.goto(`${ctx.APP}/ownership-handoffs`);
        const list = page.getByTestId('handoffs-list');
        await list.waitFor({ timeout: TIMEOUT });
        // the default filter is "open": both are closed now
        await expectText(list, /No handoffs match/, 'no open handoffs');
        await page.locator('#handoffs-state').selectOption('');
        const row = entity =>
          list
            .locator('[data-testid="handoff-row"]')
            .filter({ hasText: entity.title });
        await expectText(row(COMPLETED), /Completed/, 'completed row');
        await expectText(row(ROLLED_BACK), /Rolled back/, 'rolled back row');
        await expectText(
          row(COMPLETED),
          // names show until the catalog's titles load
          /payments[\s\S]*platform[\s\S]*\b(\d+) of \1\b/i,
          'teams and checklist of the completed row',
        );
        await page.locator('#handoffs-state').selectOption('rolled-back');
        await row(COMPLETED).waitFor({ state: 'detached', timeout: TIMEOUT });
        await row(ROLLED_BACK).waitFor({ timeout: TIMEOUT });
        await page.locator('#handoffs-state').selectOption('');
        await page.getByTestId('handoffs-team').fill(TO);
        await row(ROLLED_BACK).waitFor({
          state: 'detached',
          timeout: TIMEOUT,
        });
        await row(COMPLETED).waitFor({ timeout: TIMEOUT });
        await page.getByTestId('handoffs-team').fill('');
        await row(ROLLED_BACK).waitFor({ timeout: TIMEOUT });
        // per team: open out, open in, overdue, completed, rolled back
        const summary = page
          .getByTestId('handoff-summary-team')
          .filter({ hasText: /payments/i });
        await summary.waitFor({ timeout: TIMEOUT });
        const counts = await summary
          .locator('td')
          .evaluateAll(cells => cells.map(c => c.textContent.trim()));
        if (counts.join(' ') !== '0 0 0 1 1') {
          throw new Error(`payments summary: ${counts.join(' ')}`);
        }
        await ctx.checkA11y('handoffs page');
        await shot(ctx, 'handoffs');
      },
    },
    {
      name: 'team pages: outgoing handoffs of payments, incoming of platform',
      async run(ctx) {
        const { page } = ctx;
        await openEntity(ctx, 'group', 'payments');
        const outgoing = page.getByTestId('team-handoffs-outgoing');
        await expectText(
          outgoing,
          new RegExp(
            `${COMPLETED.title}[\\s\\S]*Completed|${ROLLED_BACK.title}[\\s\\S]*Rolled back`,
          ),
          'payments outgoing',
        );
        await expectText(outgoing, /Invoice renderer/, 'payments outgoing');
        await expectText(outgoing, /Currency rates/, 'payments outgoing');
        await expectText(
          page.getByTestId('team-handoffs-incoming'),
          /No handoffs to this team/,
          'payments incoming',
        );
        await ctx.checkA11y('team page with handoffs');
        await openEntity(ctx, 'group', 'platform');
        await expectText(
          page.getByTestId('team-handoffs-incoming'),
          /Invoice renderer[\s\S]*Completed/,
          'platform incoming',
        );
      },
    },
    {
      name: 'audit page: both handoffs with filters, the hash chain intact',
      async run(ctx) {
        const { page } = ctx;
        await page.goto(`${ctx.APP}/ownership-audit`);
        await expectText(
          page.getByTestId('audit-integrity'),
          /Hash chain intact/,
          'integrity indicator',
        );
        const intact = await page
          .getByTestId('audit-integrity')
          .getAttribute('data-intact');
        if (intact !== 'true') throw new Error(`data-intact=${intact}`);
        await page.getByTestId('audit-list').waitFor({ timeout: TIMEOUT });
        const rows = page.getByTestId('audit-row');
        const actionsShown = () =>
          rows.evaluateAll(nodes =>
            nodes.map(n => n.querySelectorAll('td')[2].textContent),
          );

        await page
          .getByRole('textbox', { name: 'Entity' })
          .fill(`component:default/${COMPLETED.name}`);
        await page.getByRole('button', { name: 'Apply' }).click();
        await rows
          .filter({ hasText: 'handoff-complete' })
          .waitFor({ timeout: TIMEOUT });
        const completedActions = new Set(await actionsShown());
        for (const expected of [
          'handoff-start',
          'handoff-checklist',
          'handoff-advance',
          'handoff-complete',
        ]) {
          if (!completedActions.has(expected)) {
            throw new Error(
              `audit of ${COMPLETED.name} lacks ${expected}: ${[
                ...completedActions,
              ].join(', ')}`,
            );
          }
        }
        // the entity column shows the name until the catalog title loads
        const entities = new Set(
          await rows.evaluateAll(nodes =>
            nodes.map(n =>
              n
                .querySelectorAll('td')[3]
                .textContent.toLowerCase()
                .replace(/-/g, ' '),
            ),
          ),
        );
        if (entities.size !== 1) {
          throw new Error(
            `the entity filter let through ${[...entities].join(', ')}`,
          );
        }
        await expectText(
          rows.filter({ hasText: 'The README in the repository' }),
          /"item":"documentation-updated"[\s\S]*"justification":"The README in the repository was rewritten[\s\S]*"evidence":\{"satisfied":false/,
          'the audit keeps the justification',
        );

        await page.getByRole('button', { name: 'Clear' }).click();
        await page.getByRole('textbox', { name: 'Team' }).fill(FROM);
        await page
          .getByRole('textbox', { name: 'Action' })
          .fill('handoff-roll-back');
        await page.getByRole('button', { name: 'Apply' }).click();
        await expectText(
          rows.filter({ hasText: /currency[- ]rates/i }),
          new RegExp(`"reason":"${ROLLBACK_REASON}"`),
          'the roll back with its reason',
        );
        const rolledBackActions = new Set(await actionsShown());
        if (
          rolledBackActions.size !== 1 ||
          !rolledBackActions.has('handoff-roll-back')
        ) {
          throw new Error(
            `the action filter let through ${[...rolledBackActions].join(
              ', ',
            )}`,
          );
        }
        await ctx.checkA11y('audit page');
        await shot(ctx, 'audit');
      },
    },
    {
      name: 'notifications page: the guest (payments) is told of both',
      async run(ctx) {
        const { page } = ctx;
        await page.goto(`${ctx.APP}/notifications`);
        const main = page.locator('main');
        await main
          .getByText(
            new RegExp(
              `Handoff of ${COMPLETED.title} \\(component:default/${COMPLETED.name}\\): Completed`,
            ),
          )
          .first()
          .waitFor({ timeout: TIMEOUT });
        await main
          .getByText(
            new RegExp(
              `Handoff of ${ROLLED_BACK.title} \\(component:default/${ROLLED_BACK.name}\\): Rolled back`,
            ),
          )
          .first()
          .waitFor({ timeout: TIMEOUT });
        // the description, with the reason, unfolds under "Show more"
        const rolledBack = main.locator('tr', {
          hasText: `Handoff of ${ROLLED_BACK.title}`,
          has: page.getByText(/: Rolled back$/),
        });
        await rolledBack.getByText(/^show more$/i).click();
        await expectText(
          rolledBack,
          new RegExp(
            `from ${FROM} to group:default/data moved Initiated → Rolled back by user:default/guest\\.[\\s\\S]*Reason: ${ROLLBACK_REASON}`,
          ),
          'the roll back notification with its reason',
        );
        await shot(ctx, 'notifications');
      },
    },
    {
      name: 'reorganisation: the guest hands two payments services over to identity at once from the team page',
      async run(ctx) {
        const { page } = ctx;
        // a service in a handoff of its own cannot join the reorganisation
        await write(
          ctx,
          'POST',
          `/api/ownership/entities/component/default/${ALREADY_OPEN.name}/handoffs`,
          { toTeam: TO, reason: 'The SDK goes with the developer portal' },
        );
        await openEntity(ctx, 'group', 'payments');
        const open = page.getByRole('button', { name: 'Hand over services…' });
        await open.waitFor({ timeout: TIMEOUT });
        await open.click();
        const dialog = page.getByRole('dialog', { name: 'Hand over services' });
        await dialog.waitFor({ timeout: TIMEOUT });
        const box = title => dialog.getByRole('checkbox', { name: title });
        await box(REORGANISED[0].title).waitFor({ timeout: TIMEOUT });
        const busy = box(new RegExp(`^${ALREADY_OPEN.title}`));
        await busy.and(page.locator(':disabled')).waitFor({ timeout: TIMEOUT });
        await expectText(
          dialog.locator(
            `[data-testid="reorganisation-service"][data-ref="component:default/${ALREADY_OPEN.name}"]`,
          ),
          /Already in an open handoff to platform \(Initiated\)/,
          'the service in a handoff of its own is disabled with a note',
        );
        const submit = dialog.getByRole('button', { name: 'Start handoffs' });
        if (await submit.isEnabled()) {
          throw new Error('Start handoffs is enabled with nothing selected');
        }
        // by keyboard: space ticks a box
        for (const service of REORGANISED) {
          await box(service.title).focus();
          await page.keyboard.press('Space');
        }
        await expectText(
          dialog.getByTestId('reorganisation-count'),
          /^2 of \d+ selected$/,
          'two services selected',
        );
        const team = dialog.getByRole('textbox', { name: /Receiving team/ });
        await team.click();
        await team.fill('Identity');
        await page
          .getByRole('option', {
            name: /^Identity \(group:default\/identity\)/,
          })
          .click();
        await dialog
          .getByRole('textbox', { name: /Reason/ })
          .fill(REORGANISATION_REASON);
        await ctx.checkA11y('team page: reorganisation dialog');
        await submit.click();
        const done = dialog.getByTestId('reorganisation-done');
        await expectText(
          done,
          /^2 handoffs started to identity/i,
          'the dialog says how many started',
        );
        for (const service of REORGANISED) {
          await expectText(
            dialog
              .getByTestId('reorganisation-handoff')
              .filter({ hasText: new RegExp(service.title, 'i') }),
            /: Initiated/,
            `${service.name} started`,
          );
        }
        await ctx.checkA11y('team page: reorganisation started');
        await dialog.getByRole('button', { name: 'Close' }).click();
        await dialog.waitFor({ state: 'detached', timeout: TIMEOUT });
        // the card's list has them without a reload
        const outgoing = page.getByTestId('team-handoffs-outgoing');
        for (const service of REORGANISED) {
          await expectText(
            outgoing
              .locator('[data-testid="handoff-row"]')
              .filter({ hasText: service.title }),
            /identity[\s\S]*Initiated/i,
            `${service.name} in the outgoing handoffs`,
          );
        }

        // the API has one handoff each, from payments, with one
        // reorganisation id and the reason
        const started = [];
        for (const service of REORGANISED) {
          const { current } = await ctx.api(
            `/api/ownership/entities/component/default/${service.name}/handoffs`,
            ctx.token,
          );
          if (!current) throw new Error(`no open handoff of ${service.name}`);
          started.push(current);
        }
        const ids = new Set(started.map(h => h.reorganisationId));
        if (ids.size !== 1 || !started[0].reorganisationId) {
          throw new Error(
            `expected one reorganisation id, got ${[...ids].join(', ')}`,
          );
        }
        for (const h of started) {
          if (
            h.fromTeam !== FROM ||
            h.toTeam !== 'group:default/identity' ||
            h.state !== 'initiated' ||
            h.reason !== REORGANISATION_REASON
          ) {
            throw new Error(`unexpected handoff: ${JSON.stringify(h)}`);
          }
        }
        console.log(
          `    reorganisation ${started[0].reorganisationId}: ${started
            .map(h => h.entityRef)
            .join(', ')}`,
        );
      },
    },
  ];
}

module.exports = { handoffScenarios };
