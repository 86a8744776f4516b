import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ownershipApiRef, OwnershipClient } from './api';
import {
  auditRouteRef,
  handoffsRouteRef,
  metricsRouteRef,
  rootRouteRef,
} from './routes';

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
    handoffs: handoffsRouteRef,
    audit: auditRouteRef,
    metrics: metricsRouteRef,
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

/**
 * Card for the overview of a service: its ownership handoff (start one,
 * states, checklist with evidence, actions), the catalog change after
 * completion, and past handoffs.
 *
 * @public
 */
export const EntityHandoffCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityHandoffCard',
    component: {
      lazy: () =>
        import('./components/EntityHandoffCard').then(m => m.EntityHandoffCard),
    },
  }),
);

/**
 * Card for Group pages: the handoffs into and out of the team.
 *
 * @public
 */
export const EntityTeamHandoffsCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamHandoffsCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamHandoffsCard').then(
          m => m.EntityTeamHandoffsCard,
        ),
    },
  }),
);

/**
 * The handoffs page: open and recent handoffs across teams, a per-team
 * summary and the success metrics.
 *
 * @public
 */
export const OwnershipHandoffsPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'OwnershipHandoffsPage',
    component: () =>
      import('./components/OwnershipHandoffsPage').then(
        m => m.OwnershipHandoffsPage,
      ),
    mountPoint: handoffsRouteRef,
  }),
);

/**
 * The audit page: the ownership audit trail with filters, CSV export and
 * the hash chain check.
 *
 * @public
 */
export const OwnershipAuditPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'OwnershipAuditPage',
    component: () =>
      import('./components/OwnershipAuditPage').then(m => m.OwnershipAuditPage),
    mountPoint: auditRouteRef,
  }),
);

/**
 * The metrics page: incident and ownership metrics per team against their
 * targets over a window, the coverage trend, the recommendations and the
 * health report as CSV.
 *
 * @public
 */
export const OwnershipMetricsPage = ownershipPlugin.provide(
  createRoutableExtension({
    name: 'OwnershipMetricsPage',
    component: () =>
      import('./components/OwnershipMetricsPage').then(
        m => m.OwnershipMetricsPage,
      ),
    mountPoint: metricsRouteRef,
  }),
);

/**
 * Card for Group pages: the team's incident metrics and ownership figures
 * against their targets over a window.
 *
 * @public
 */
export const EntityTeamMetricsCard = ownershipPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamMetricsCard',
    component: {
      lazy: () =>
        import('./components/EntityTeamMetricsCard').then(
          m => m.EntityTeamMetricsCard,
        ),
    },
  }),
);
