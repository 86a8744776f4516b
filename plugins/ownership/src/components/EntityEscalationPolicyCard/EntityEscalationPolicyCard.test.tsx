import { screen, within } from '@testing-library/react';
import { EscalationPolicyEntityV1alpha1 } from '@service-ownership/plugin-ownership-common';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { recordDuplicateKeyWarnings } from '../../__testUtils__/duplicateKeys';
import { paymentsComponent } from '../../__testUtils__/fixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { EntityEscalationPolicyCard } from './EntityEscalationPolicyCard';

const policy: EscalationPolicyEntityV1alpha1 = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'EscalationPolicy',
  metadata: { name: 'payments', namespace: 'default' },
  spec: {
    owner: 'payments-team',
    description: 'How payments incidents escalate',
    levels: [
      {
        name: 'On-call',
        escalateAfter: '15m',
        targets: [
          {
            type: 'schedule',
            id: 'payments-primary',
            rota: {
              members: ['jane-doe', 'john-smith'],
              rotation: '1w',
              start: '2025-01-06',
            },
          },
        ],
      },
      {
        name: 'Lead',
        escalateAfter: '10m',
        targets: [{ type: 'user', id: 'jane-doe' }],
      },
    ],
  },
};

describe('EntityEscalationPolicyCard', () => {
  const api = new FakeOwnershipApi({});

  it('shows levels, people and findings from the entity', async () => {
    await renderWithOwnershipApi(<EntityEscalationPolicyCard />, {
      api,
      entity: policy,
    });

    const levels = await screen.findAllByTestId('escalation-level');
    expect(levels).toHaveLength(2);
    expect(levels[0]).toHaveTextContent('On-call');
    expect(levels[0]).toHaveTextContent('15 minutes');
    expect(
      within(levels[0]).getByRole('link', { name: /john-smith/ }),
    ).toHaveAttribute('href', '/catalog/default/user/john-smith');
    expect(
      within(levels[1]).getByRole('link', { name: /jane-doe/ }),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /payments-team/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/payments-team',
    );
    const findings = within(
      screen.getByTestId('escalation-policy-findings'),
    ).getAllByTestId('finding');
    expect(findings[0]).toHaveAttribute('data-rule', 'escalation-sla-order');
  });

  it('shows a last level without escalateAfter and the stakeholders it notifies', async () => {
    const entity: EscalationPolicyEntityV1alpha1 = {
      ...policy,
      metadata: { name: 'checkout', namespace: 'default' },
      spec: {
        owner: 'payments-team',
        stakeholders: ['group:default/support', 'user:default/john-smith'],
        levels: [
          {
            name: 'On-call',
            escalateAfter: '15m',
            targets: [{ type: 'user', id: 'jane-doe' }],
          },
          {
            name: 'Management',
            notifyStakeholders: true,
            targets: [{ type: 'group', id: 'finance' }],
          },
        ],
      },
    };
    await renderWithOwnershipApi(<EntityEscalationPolicyCard />, {
      api,
      entity,
    });

    const slas = await screen.findAllByTestId('escalation-sla');
    expect(slas.map(s => s.textContent)).toEqual([
      'Escalates to level 2 after 15 minutes',
      'Last level: no further escalation',
    ]);
    const stakeholders = screen.getByTestId('escalation-policy-stakeholders');
    expect(
      within(stakeholders).getByRole('link', { name: /support/ }),
    ).toHaveAttribute('href', '/catalog/default/group/support');
    expect(
      within(stakeholders).getByRole('link', { name: /john-smith/ }),
    ).toHaveAttribute('href', '/catalog/default/user/john-smith');
    expect(stakeholders).toHaveTextContent(
      'Notified when level 2 (Management) is reached.',
    );
    expect(
      within(screen.getByTestId('escalation-policy-findings')).queryAllByTestId(
        'finding',
      ),
    ).toHaveLength(0);
  });

  it('handles other kinds', async () => {
    await renderWithOwnershipApi(<EntityEscalationPolicyCard />, {
      api,
      entity: paymentsComponent,
    });
    expect(
      await screen.findByText('Not an escalation policy'),
    ).toBeInTheDocument();
  });

  it('renders stakeholders and targets written twice without key collisions', async () => {
    const warnings = recordDuplicateKeyWarnings();
    await renderWithOwnershipApi(<EntityEscalationPolicyCard />, {
      api,
      entity: {
        ...policy,
        metadata: { name: 'twice', namespace: 'default' },
        spec: {
          owner: 'payments-team',
          stakeholders: ['group:default/support', 'group:default/support'],
          levels: [
            {
              name: 'Lead',
              targets: [
                { type: 'user', id: 'jane-doe' },
                { type: 'user', id: 'jane-doe' },
              ],
            },
          ],
        },
      },
    });

    expect(
      await screen.findByTestId('escalation-policy-stakeholders'),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('escalation-target')).toHaveLength(2);
    expect(warnings()).toEqual([]);
  });
});
