import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ownershipApiRef, OwnershipClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The service ownership plugin: owner cards, RACI matrices, team ownership
 * and the coverage page.
 *
 * @public
 */
export const ownershipPlugin = createPlugin({
  id: 'ownership',
  apis: [
    createApiFactory({
      api: ownershipApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OwnershipClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * Card for the overview of a Component, System, API or Resource: owner team,
 * contacts, tier, escalation path, who is on call, verification and
 * findings.
 *
 * @public
 */
export const EntityOwnershipCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityOwnershipCard',
    component: {
      lazy: () =>
        import('./components/EntityOwnershipCard').then(
          m => m.EntityOwnershipCard,
        ),
    },
  }),
);

/**
 * Card with the RACI matrices that apply to an entity.
 *
 * @public
 */
export const EntityRaciCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityRaciCard',
    component: {
      lazy: () =>
        import('./components/EntityRaciCard').then(m => m.EntityRaciCard),
    },
  }),
);

/**
 * The matrix of a RaciMatrix entity with its rule violations, for the
 * entity's overview.
 *
 * @public
 */
export const EntityRaciMatrixContent = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityRaciMatrixContent',
    component: {
      lazy: () =>
        import('./components/RaciMatrixPage').then(m => m.RaciMatrixPage),
    },
  }),
);

/**
 * Same as {@link EntityRaciMatrixContent}.
 *
 * @public
 */
export const RaciMatrixPage = EntityRaciMatrixContent;

/**
 * The levels of an EscalationPolicy entity, read from the entity itself.
 *
 * @public
 */
export const EntityEscalationPolicyCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityEscalationPolicyCard',
    component: {
      lazy: () =>
        import('./components/EntityEscalationPolicyCard').then(
          m => m.EntityEscalationPolicyCard,
        ),
    },
  }),
);

/**
 * Card for Group pages: what the team owns, its RACI roles, the escalation
 * policies it is on and its gaps.
 *
 * @public
 */
export const EntityTeamOwnershipCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamOwnershipCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamOwnershipCard').then(
          m => m.EntityTeamOwnershipCard,
        ),
    },
  }),
);

/**
 * The ownership coverage page: coverage, its trend and the orphaned
 * services.
 *
 * @public
 */
export const OwnershipCoveragePage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'OwnershipCoveragePage',
    component: () =>
      import('./components/OwnershipCoveragePage').then(
        m => m.OwnershipCoveragePage,
      ),
    mountPoint: rootRouteRef,
  }),
);
