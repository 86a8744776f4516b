import { screen, within } from '@testing-library/react';
import { FakeOwnershipApi } from '../../__testUtils__/FakeOwnershipApi';
import { headingJumps } from '../../__testUtils__/a11y';
import {
  paymentsComponent,
  paymentsOwnership,
} from '../../__testUtils__/fixtures';
import {
  dataIncidents,
  metricsResponse,
} from '../../__testUtils__/metricsFixtures';
import { renderWithOwnershipApi } from '../../__testUtils__/render';
import { EntityOwnershipCard } from '../EntityOwnershipCard';

describe('the owner card: recent incidents and past owners', () => {
  const ref = 'component:default/payments';

  function makeApi() {
    const api = new FakeOwnershipApi({ entities: [paymentsOwnership()] });
    api.metrics = metricsResponse();
    api.entityMetrics[ref] = dataIncidents;
    api.history[ref] = [
      {
        entityRef: ref,
        ownerRef: 'group:default/data',
        escalationPolicyRef: null,
        tier: 'tier-1',
        responseSlaMinutes: 10,
        validFrom: '2026-08-01T00:00:00.000Z',
        validTo: '2026-11-20T09:00:00.000Z',
        source: 'index',
      },
      {
        entityRef: ref,
        ownerRef: 'group:default/payments-team',
        escalationPolicyRef: null,
        tier: 'tier-1',
        responseSlaMinutes: 10,
        validFrom: '2026-11-20T09:00:00.000Z',
        source: 'handoff',
      },
    ];
    return api;
  }

  it("summarises the last 30 days' incidents and lists past owners, asked after the card's own data", async () => {
    const api = makeApi();
    const { container } = await renderWithOwnershipApi(
      <EntityOwnershipCard />,
      { api, entity: paymentsComponent },
    );
    const recent = await screen.findByTestId('recent-incidents');
    expect(recent).toHaveTextContent('Incidents, last 30 days');
    expect(recent).toHaveTextContent(
      '5 (P1 1, P2 2, P3 2) incidents; MTTR 2 h 5 min (target under 30 min).',
    );
    expect(api.metricsQueries).toEqual([
      { days: 30, entityRef: ref, entityLimit: 1 },
    ]);
    const past = await screen.findByTestId('past-owners');
    const items = within(past).getAllByTestId('past-owner');
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent('data from Aug 1, 2026 to Nov 20, 2026');
    expect(
      within(items[0]).getByRole('link', { name: 'data' }),
    ).toHaveAttribute('href', '/catalog/default/group/data');
    expect(headingJumps(container)).toEqual([]);
  });

  it('says "No incidents" and shows no past owners for an entity without either', async () => {
    const api = makeApi();
    delete api.entityMetrics[ref];
    api.history[ref] = [api.history[ref][1]];
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });
    expect(await screen.findByTestId('recent-incidents')).toHaveTextContent(
      'No incidents.',
    );
    expect(screen.queryByTestId('past-owners')).toBeNull();
  });

  it('leaves the summary out when the backend has no incident metrics', async () => {
    const api = makeApi();
    api.metrics = undefined;
    await renderWithOwnershipApi(<EntityOwnershipCard />, {
      api,
      entity: paymentsComponent,
    });
    await screen.findByTestId('past-owners');
    expect(screen.queryByTestId('recent-incidents')).toBeNull();
  });
});
