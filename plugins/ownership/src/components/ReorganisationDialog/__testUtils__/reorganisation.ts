import { TeamOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import { FakeOwnershipApi } from '../../../__testUtils__/FakeOwnershipApi';
import { FakeHandoffsOptions } from '../../../__testUtils__/FakeHandoffs';
import { teamOwnership } from '../../../__testUtils__/fixtures';
import {
  handoff,
  PAYMENTS,
  PAYMENTS_TEAM,
} from '../../../__testUtils__/handoffFixtures';

export const CHECKOUT = 'component:default/checkout';
export const LEDGER = 'component:default/ledger';
export const REFUNDS = 'component:default/refunds';

type Owned = TeamOwnershipResponse['owned'][number];

const component = (name: string, title: string, type: string): Owned => ({
  entityRef: `component:default/${name}`,
  kind: 'Component',
  type,
  title,
  owner: PAYMENTS_TEAM,
  direct: true,
});

/**
 * The payments team owning four components itself (payments, in an open
 * handoff to the search team, and three free ones), an API, and a
 * component through a child team.
 */
export function reorganisationTeam(): TeamOwnershipResponse {
  return {
    ...teamOwnership(),
    owned: [
      component('payments', 'Payments', 'service'),
      component('checkout', 'Checkout', 'website'),
      component('ledger', 'Ledger', 'service'),
      component('refunds', 'Refunds', 'service'),
      { ...component('payments-api', 'Payments API', 'openapi'), kind: 'API' },
      {
        ...component('gateway', 'Gateway', 'service'),
        owner: 'group:default/payments-api',
        direct: false,
      },
    ],
  };
}

/** The services a reorganisation of the payments team offers. */
export function reorganisationServices(): Owned[] {
  return reorganisationTeam().owned.slice(0, 4);
}

/** A fake API knowing the team, its owners and the open payments handoff. */
export function reorganisationApi(options: FakeHandoffsOptions = {}) {
  return new FakeOwnershipApi({
    teams: [reorganisationTeam()],
    handoffs: {
      handoffs: [handoff()],
      owners: Object.fromEntries(
        [PAYMENTS, CHECKOUT, LEDGER, REFUNDS].map(ref => [ref, PAYMENTS_TEAM]),
      ),
      ...options,
    },
  });
}
