import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { ownershipVerifyPermission } from '@service-ownership/plugin-ownership-common';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { recordDuplicateKeyWarnings } from '../../__testUtils__/duplicateKeys';
import {
  legacyComponent,
  legacyOwnership,
  mobileBffComponent,
  mobileBffOwnership,
  paymentsComponent,
  paymentsOwnership,
} from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { EntityOwnershipCard } from './EntityOwnershipCard';
import { getContrastRatio } from '@material-ui/core/styles';
import { headingJumps, headingOutline } from '../../__testUtils__/a11y';
import { SUITE_ROOT_CLASS } from '../../utils/suiteRoot';

describe('EntityOwnershipCard', () => {
  it('has a heading outline, readable avatars and tier chip', async () => {
    const api = new FakeOwnershipApi({ entities: [paymentsOwnership()] });
    const { container } = await renderWithOwnershipApi(
      <EntityOwnershipCard />,
      { api, entity: paymentsComponent },
    );
    await screen.findByTestId('ownership-owner');

    // The card title is the h2 its sections (h3) sit under.
    const outline = headingOutline(container);
    expect(outline[0]).toBe('h2 Ownership');
    expect(outline.slice(1).every(h => h.startsWith('h3 '))).toBe(true);
    expect(outline).toContain('h3 Contacts');
    expect(headingJumps(container)).toEqual([]);

    const avatars = container.querySelectorAll<HTMLElement>(
      '[class*="MuiAvatar-root"]',
    );
    expect(avatars.length).toBeGreaterThan(0);
    for (const avatar of Array.from(avatars)) {
      expect(
        getContrastRatio(avatar.style.color, avatar.style.backgroundColor),
      ).toBeGreaterThanOrEqual(4.5);
    }
    const tier = screen.getByTestId('ownership-tier');
    expect(
      getContrastRatio(tier.style.color, tier.style.backgroundColor),
    ).toBeGreaterThanOrEqual(4.5);
    expect(container.querySelector(`.${SUITE_ROOT_CLASS}`)).not.toBeNull();
  });

  it('shows owner, contacts, tier, escalation, on-call, verification and findings', async () => {
    const api = new FakeOwnershipApi({ entities: [paymentsOwnership()] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });

    const owner = await screen.findByTestId('ownership-owner');
    expect(
      within(owner).getByRole('link', { name: /payments-team/i }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');
    expect(within(owner).getByText(/2 members/)).toBeInTheDocument();

    expect(screen.getByTestId('ownership-tier')).toHaveTextContent('tier-1');
    expect(screen.getByTestId('ownership-level')).toHaveTextContent(
      'service ownership',
    );

    const contacts = screen.getByTestId('ownership-contacts');
    expect(within(contacts).getByText('Primary contact')).toBeInTheDocument();
    expect(
      within(contacts).getByRole('link', { name: 'Jane Doe' }),
    ).toHaveAttribute('href', '/catalog/default/user/jane-doe');
    expect(
      within(contacts).getByRole('link', { name: /jane@example.com/ }),
    ).toHaveAttribute('href', 'mailto:jane@example.com');
    expect(
      within(contacts).getByRole('link', { name: /#payments/ }),
    ).toHaveAttribute(
      'href',
      'https://slack.com/app_redirect?channel=payments',
    );

    const escalation = screen.getByTestId('ownership-escalation');
    const levels = within(escalation).getAllByTestId('escalation-level');
    expect(levels).toHaveLength(2);
    expect(levels[0]).toHaveTextContent('Primary on-call');
    expect(levels[0]).toHaveTextContent('15 minutes');
    expect(levels[1]).toHaveTextContent('Team lead');
    expect(levels[1]).toHaveTextContent('1 hour');

    const onCall = screen.getByTestId('ownership-oncall');
    expect(within(onCall).getByText('Jane Doe')).toBeInTheDocument();
    expect(within(onCall).getByTestId('oncall-until')).toHaveTextContent(
      /On call until .* \(in 2 days\)/,
    );

    expect(screen.getByTestId('verification-status')).toHaveTextContent(
      'Verified',
    );
    expect(
      within(screen.getByTestId('ownership-verification')).getByText(
        /3 days ago/,
      ),
    ).toBeInTheDocument();

    const findings = within(
      screen.getByTestId('ownership-findings'),
    ).getAllByTestId('finding');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toHaveAttribute('data-severity', 'warning');
    expect(within(findings[0]).getByTestId('finding-label')).toHaveTextContent(
      'Primary and secondary are the same person',
    );
    expect(findings[0]).toHaveTextContent('Name a different person');
    expect(screen.getByTestId('ownership-indexed-at')).toHaveTextContent(
      /^as of the index of .+/,
    );
    expect(screen.queryByTestId('ownership-checked-live')).toBeNull();

    expect(
      screen.queryByTestId('ownership-block-hint'),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByTestId('ownership-catalog-errors'),
    ).not.toBeInTheDocument();
    expect(screen.queryByTestId('ownership-transfer')).not.toBeInTheDocument();
  });

  it("shows collaborators apart from the owner, and the contacts' working hours", async () => {
    const api = new FakeOwnershipApi({ entities: [paymentsOwnership()] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });

    const collaborators = await screen.findByTestId('ownership-collaborators');
    expect(collaborators).toHaveTextContent('Collaborators');
    expect(collaborators).toHaveTextContent('beside the owner');
    expect(
      within(collaborators).getByRole('link', { name: 'SRE' }),
    ).toHaveAttribute('href', '/catalog/default/group/sre');
    expect(
      within(screen.getByTestId('ownership-owner')).queryByText(/SRE/),
    ).toBeNull();

    const hours = within(
      screen.getByTestId('ownership-contacts'),
    ).getAllByTestId('working-hours');
    expect(hours).toHaveLength(2);
    expect(hours[0]).toHaveTextContent(
      /^Primary works: Mon–Fri 09:00–17:00 Europe\/Berlin \((\d\d:\d\d–\d\d:\d\d your time, \S+|your time zone)\) · (within|outside) working hours now \(\d\d:\d\d there\)$/,
    );
    expect(hours[0]).toHaveAttribute(
      'data-working',
      expect.stringMatching(/^(true|false)$/),
    );
    expect(hours[1]).toHaveTextContent(
      /^Secondary works: Mon–Fri 08:00–16:00 America\/New_York/,
    );
  });

  it('says when the catalog could not process the entity, with every finding errors first', async () => {
    const api = new FakeOwnershipApi({ entities: [mobileBffOwnership()] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: mobileBffComponent,
    });

    const alert = await screen.findByTestId('ownership-catalog-errors');
    expect(alert).toHaveTextContent(
      'The catalog could not process the latest version of this entity',
    );
    expect(within(alert).getByTestId('catalog-error')).toHaveTextContent(
      'InputError: Policy check failed for component:default/mobile-bff',
    );
    expect(alert).toHaveTextContent(
      'the last version the catalog could process',
    );
    expect(screen.queryByTestId('findings-empty')).not.toBeInTheDocument();
    expect(screen.queryByText(/No problems found/)).toBeNull();

    // The response lists the warning first; the card sorts by the rulebook.
    const findings = within(
      screen.getByTestId('ownership-findings'),
    ).getAllByTestId('finding');
    expect(
      findings.map(f => [
        f.getAttribute('data-rule'),
        f.getAttribute('data-severity'),
        within(f).getByTestId('finding-label').textContent,
      ]),
    ).toEqual([
      ['owner-no-members', 'error', 'Owner team has no members'],
      ['catalog-processing-error', 'error', 'Catalog processing error'],
      ['not-verified', 'warning', 'Ownership not verified'],
    ]);
    expect(findings[0]).toHaveTextContent(
      'has no members, directly or through child groups',
    );
    expect(screen.getByTestId('ownership-indexed-at')).toHaveTextContent(
      'as of the index of',
    );

    expect(screen.getByTestId('ownership-transfer')).toHaveTextContent(
      'Hands over to Payments Team on Jun 30, 2099',
    );
    expect(
      within(screen.getByTestId('ownership-transfer')).getByRole('link', {
        name: 'Payments Team',
      }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');
    expect(screen.getByTestId('ownership-collaborator')).toHaveTextContent(
      'ghost (not in the catalog)',
    );
    // Its two members are dangling refs: no members, as the finding says.
    expect(screen.getByTestId('ownership-member-count')).toHaveTextContent(
      /^0 members \(2 more named but not found in the catalog\)$/,
    );
  });

  it('says when the orphan reasons were checked live rather than read from the index', async () => {
    const api = new FakeOwnershipApi({ entities: [legacyOwnership()] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: legacyComponent,
    });

    expect(
      await screen.findByTestId('ownership-checked-live'),
    ).toHaveTextContent('checked live: not on the coverage page (yet)');
    expect(screen.queryByTestId('ownership-indexed-at')).toBeNull();
  });

  it('renders values written twice without key collisions', async () => {
    const warnings = recordDuplicateKeyWarnings();
    const ownership = paymentsOwnership();
    ownership.collaborators = [
      ...ownership.collaborators,
      ...ownership.collaborators,
    ];
    const [level] = ownership.escalationPolicy!.levels;
    ownership.escalationPolicy!.levels = [
      { ...level, targets: [...level.targets, ...level.targets] },
      level,
    ];
    const api = new FakeOwnershipApi({ entities: [ownership] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });

    expect(await screen.findAllByTestId('ownership-collaborator')).toHaveLength(
      2,
    );
    expect(screen.getAllByTestId('escalation-level')).toHaveLength(2);
    expect(warnings()).toEqual([]);
  });

  it('never says "No problems found" while the catalog reports errors', async () => {
    const ownership = {
      ...legacyOwnership(),
      catalogErrors: [{ message: 'spec.ownership.tier: must be tier-1' }],
    };
    const api = new FakeOwnershipApi({ entities: [ownership] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: legacyComponent,
    });

    expect(
      await screen.findByTestId('ownership-catalog-errors'),
    ).toHaveTextContent('spec.ownership.tier: must be tier-1');
    expect(screen.queryByTestId('findings-empty')).not.toBeInTheDocument();
  });

  it('wraps long findings and the YAML hint instead of clipping them', async () => {
    const ownership = {
      ...mobileBffOwnership(),
      hasOwnershipBlock: false,
      catalogErrors: [],
    };
    const api = new FakeOwnershipApi({ entities: [ownership] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: mobileBffComponent,
    });

    const [finding] = await screen.findAllByTestId('finding');
    const text = finding.querySelector('[class*="MuiListItemText-root"]');
    expect(text).not.toBeNull();
    expect(getComputedStyle(text!).overflowWrap).toBe('anywhere');
    // Backstage's theme gives dense list texts nowrap and an ellipsis
    expect(getComputedStyle(text!).whiteSpace).not.toBe('nowrap');
    expect(getComputedStyle(text!).overflow).not.toBe('hidden');
    const hint = screen.getByTestId('ownership-block-hint');
    expect(hint).toHaveStyle({ overflowWrap: 'anywhere' });
    const pre = await waitFor(() => {
      const element = hint.querySelector('pre');
      expect(element).not.toBeNull();
      return element!;
    });
    expect(pre.style.overflowWrap).toBe('anywhere');
    expect(pre.querySelector('code')?.style.whiteSpace).toBe('pre-wrap');
  });

  it('verifies ownership and reloads', async () => {
    const ownership = paymentsOwnership();
    ownership.verification = { status: 'due', periodDays: 90 };
    const api = new FakeOwnershipApi({ entities: [ownership] });
    const verify = jest.spyOn(api, 'verifyOwnership');
    const load = jest.spyOn(api, 'getEntityOwnership');
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });

    expect(await screen.findByTestId('verification-status')).toHaveTextContent(
      'Verification due',
    );
    const loadsBefore = load.mock.calls.length;
    await userEvent.click(
      await screen.findByRole('button', { name: 'Verify ownership' }),
    );

    await waitFor(() =>
      expect(screen.getByTestId('verification-status')).toHaveTextContent(
        'Verified',
      ),
    );
    expect(verify).toHaveBeenCalledWith('component:default/payments');
    expect(load).toHaveBeenCalledTimes(loadsBefore + 1);
  });

  it('explains a refused verification', async () => {
    const api = new FakeOwnershipApi({ entities: [paymentsOwnership()] });
    jest.spyOn(api, 'verifyOwnership').mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'Nope' },
            request: { method: 'POST', url: '/' },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      ),
    );
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Verify ownership' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You are not allowed to verify',
    );
  });

  describe('the verify button', () => {
    // usePermission caches answers per entity across tests, so each test
    // uses an entity of its own.
    function renderWith(
      name: string,
      options: {
        /** As a backend of an earlier release set it on the card. */
        onCard?: boolean;
        /** What GET .../verification answers; 'no route': 404. */
        asked?: boolean | 'no route';
        policy: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
      },
    ) {
      const ref = `component:default/${name}`;
      const ownership = {
        ...paymentsOwnership(),
        entityRef: ref,
        verification: {
          status: 'due' as const,
          periodDays: 90,
          ...(options.onCard === undefined
            ? {}
            : { canVerify: options.onCard }),
        },
      };
      const api = new FakeOwnershipApi({ entities: [ownership] });
      if (options.asked === 'no route') {
        api.verificationRoute = false;
      } else if (options.asked !== undefined) {
        api.canVerify[ref] = options.asked;
      }
      const getVerification = jest.spyOn(api, 'getVerification');
      const permissionApi = mockApis.permission.mock({
        authorize: jest.fn(async () => ({ result: options.policy })),
      });
      return {
        permissionApi,
        getVerification,
        rendered: renderWithOwnershipApi(<EntityOwnershipCard />, {
          api,
          entity: {
            ...paymentsComponent,
            metadata: { name, namespace: 'default' },
          },
          permissionApi,
        }),
      };
    }

    it('asks the backend apart from the card, and shows for an ownership admin the policy denies', async () => {
      const { permissionApi, getVerification, rendered } = renderWith(
        'admin-only',
        { asked: true, policy: AuthorizeResult.DENY },
      );
      await rendered;

      expect(
        await screen.findByRole('button', { name: 'Verify ownership' }),
      ).toBeEnabled();
      expect(getVerification).toHaveBeenCalledTimes(1);
      expect(getVerification).toHaveBeenCalledWith(
        'component:default/admin-only',
      );
      expect(permissionApi.authorize).not.toHaveBeenCalled();
    });

    it('stays hidden when the backend says no, whatever the policy', async () => {
      const { permissionApi, getVerification, rendered } = renderWith(
        'refused',
        { asked: false, policy: AuthorizeResult.ALLOW },
      );
      await rendered;

      expect(
        await screen.findByTestId('verification-status'),
      ).toHaveTextContent('Verification due');
      await waitFor(() => expect(getVerification).toHaveBeenCalled());
      // the answer is in, and rendered: still no button
      await act(async () => {
        await expect(
          getVerification.mock.results[0].value,
        ).resolves.toMatchObject({ canVerify: false });
      });
      expect(
        screen.queryByRole('button', { name: 'Verify ownership' }),
      ).not.toBeInTheDocument();
      expect(permissionApi.authorize).not.toHaveBeenCalled();
    });

    it("takes an earlier backend's answer on the card without asking again", async () => {
      const allowed = renderWith('earlier-allowed', {
        onCard: true,
        asked: false,
        policy: AuthorizeResult.DENY,
      });
      await allowed.rendered;
      expect(
        await screen.findByRole('button', { name: 'Verify ownership' }),
      ).toBeEnabled();
      expect(allowed.getVerification).not.toHaveBeenCalled();
      expect(allowed.permissionApi.authorize).not.toHaveBeenCalled();
    });

    it("hides the button on an earlier backend's no on the card", async () => {
      const refused = renderWith('earlier-refused', {
        onCard: false,
        asked: true,
        policy: AuthorizeResult.ALLOW,
      });
      await refused.rendered;
      expect(
        await screen.findByTestId('verification-status'),
      ).toHaveTextContent('Verification due');
      expect(
        screen.queryByRole('button', { name: 'Verify ownership' }),
      ).not.toBeInTheDocument();
      expect(refused.getVerification).not.toHaveBeenCalled();
      expect(refused.permissionApi.authorize).not.toHaveBeenCalled();
    });

    it('asks the permission policy when the backend cannot say', async () => {
      const { permissionApi, rendered } = renderWith('old-backend-allowed', {
        asked: 'no route',
        policy: AuthorizeResult.ALLOW,
      });
      await rendered;

      expect(
        await screen.findByRole('button', { name: 'Verify ownership' }),
      ).toBeInTheDocument();
      expect(permissionApi.authorize).toHaveBeenCalledWith({
        permission: ownershipVerifyPermission,
        resourceRef: 'component:default/old-backend-allowed',
      });
    });

    it('stays hidden when the backend cannot say and the policy denies', async () => {
      const { permissionApi, rendered } = renderWith('old-backend-denied', {
        asked: 'no route',
        policy: AuthorizeResult.DENY,
      });
      await rendered;

      expect(
        await screen.findByTestId('verification-status'),
      ).toBeInTheDocument();
      await waitFor(() => expect(permissionApi.authorize).toHaveBeenCalled());
      expect(
        screen.queryByRole('button', { name: 'Verify ownership' }),
      ).not.toBeInTheDocument();
    });
  });

  it('makes a useful card from spec.owner alone, with a hint', async () => {
    const api = new FakeOwnershipApi({ entities: [legacyOwnership()] });
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: legacyComponent,
    });

    const owner = await screen.findByTestId('ownership-owner');
    expect(
      within(owner).getByRole('link', { name: /legacy-team/i }),
    ).toBeInTheDocument();
    expect(
      within(owner).getByRole('list', { name: 'Team members' }),
    ).toHaveTextContent('John Smith');
    expect(screen.getByTestId('verification-status')).toHaveTextContent(
      'Never verified',
    );
    expect(screen.getByTestId('findings-empty')).toBeInTheDocument();
    const hint = screen.getByTestId('ownership-block-hint');
    expect(hint).toHaveTextContent('spec.ownership');
    expect(hint).toHaveTextContent('escalationPolicy:');
    expect(
      screen.queryByTestId('ownership-escalation'),
    ).not.toBeInTheDocument();
  });

  it('falls back to spec.owner when the backend does not find the entity', async () => {
    const api = new FakeOwnershipApi({});
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: legacyComponent,
    });

    // The resolver reads the catalog live: a 404 is not a lagging index.
    const notFound = await screen.findByTestId('ownership-not-found');
    expect(notFound).toHaveTextContent(
      'cannot find this entity in the catalog: it is no longer there, or you may not read it',
    );
    expect(notFound).not.toHaveTextContent(/yet/);
    expect(
      within(screen.getByTestId('ownership-owner')).getByRole('link', {
        name: /legacy-team/i,
      }),
    ).toHaveAttribute('href', '/catalog/default/group/legacy-team');
    expect(screen.getByTestId('ownership-block-hint')).toBeInTheDocument();
  });

  it('reads the ownership block from the entity through the model', async () => {
    const api = new FakeOwnershipApi({});
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });
    expect(
      await screen.findByTestId('ownership-not-found'),
    ).toBeInTheDocument();
    // payments has a block: no hint to add one.
    expect(screen.queryByTestId('ownership-block-hint')).toBeNull();
    expect(
      within(screen.getByTestId('ownership-owner')).getByRole('link', {
        name: /payments-team/i,
      }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');
  });

  it('says so when there is no owner at all', async () => {
    const ownership = legacyOwnership();
    delete ownership.owner;
    const api = new FakeOwnershipApi({ entities: [ownership] });
    const { spec, ...rest } = legacyComponent;
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: { ...rest, spec: { type: 'service' } },
    });

    expect(await screen.findByTestId('ownership-no-owner')).toBeInTheDocument();
  });

  it('shows errors', async () => {
    const api = new FakeOwnershipApi({});
    jest
      .spyOn(api, 'getEntityOwnership')
      .mockRejectedValue(new Error('Backend exploded'));
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });

    expect(
      await screen.findByRole('heading', { name: /Backend exploded/ }),
    ).toBeInTheDocument();
  });

  it('says a handoff is in progress, to which team and in which state', async () => {
    const ownership = {
      ...paymentsOwnership(),
      handoff: {
        id: 'handoff-1',
        state: 'shadow-period' as const,
        fromTeam: 'group:default/payments-team',
        toTeam: 'group:default/search-team',
        stateDueAt: '2099-03-01T00:00:00Z',
      },
    };
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api: new FakeOwnershipApi({ entities: [ownership] }),
      entity: paymentsComponent,
    });

    const banner = await screen.findByTestId('ownership-handoff');
    expect(banner).toHaveTextContent(
      'Handoff in progress to search-team (shadow period, due Mar 1, 2099)',
    );
    expect(within(banner).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/group/search-team',
    );
  });

  it('shows no handoff banner without an open handoff', async () => {
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api: new FakeOwnershipApi({ entities: [paymentsOwnership()] }),
      entity: paymentsComponent,
    });
    await screen.findByTestId('ownership-owner');
    expect(screen.queryByTestId('ownership-handoff')).toBeNull();
  });
});
