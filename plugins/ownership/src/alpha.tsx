import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import AssignmentIndIcon from '@material-ui/icons/AssignmentInd';
import HistoryIcon from '@material-ui/icons/History';
import SwapHorizIcon from '@material-ui/icons/SwapHoriz';
import TimelineIcon from '@material-ui/icons/Timeline';
import { ownershipApiRef, OwnershipClient } from './api';
import {
  auditRouteRef,
  handoffsRouteRef,
  metricsRouteRef,
  rootRouteRef,
} from './routes';

const OWNED_KINDS = {
  kind: { $in: ['component', 'system', 'api', 'resource'] },
};

/**
 * The ownership API, backed by the ownership backend.
 *
 * @alpha
 */
export const ownershipApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ownershipApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new OwnershipClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The ownership card on the overview of components, systems, APIs and
 * resources.
 *
 * @alpha
 */
export const entityOwnershipCard = EntityCardBlueprint.make({
  name: 'ownership',
  params: {
    filter: OWNED_KINDS,
    loader: () =>
      import('./components/EntityOwnershipCard').then(m => (
        <m.EntityOwnershipCard />
      )),
  },
});

/**
 * The RACI matrices that apply, on the same overviews.
 *
 * @alpha
 */
export const entityRaciCard = EntityCardBlueprint.make({
  name: 'raci',
  params: {
    filter: OWNED_KINDS,
    loader: () =>
      import('./components/EntityRaciCard').then(m => <m.EntityRaciCard />),
  },
});

/**
 * The team's ownership on Group pages.
 *
 * @alpha
 */
export const entityTeamOwnershipCard = EntityCardBlueprint.make({
  name: 'team-ownership',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/EntityTeamOwnershipCard').then(m => (
        <m.EntityTeamOwnershipCard />
      )),
  },
});

/**
 * The levels of EscalationPolicy entities.
 *
 * @alpha
 */
export const entityEscalationPolicyCard = EntityCardBlueprint.make({
  name: 'escalation-policy',
  params: {
    filter: { kind: 'escalationpolicy' },
    loader: () =>
      import('./components/EntityEscalationPolicyCard').then(m => (
        <m.EntityEscalationPolicyCard />
      )),
  },
});

/**
 * The entity's ownership handoff (start one, states, checklist, actions,
 * the catalog change after completion) on the same overviews.
 *
 * @alpha
 */
export const entityHandoffCard = EntityCardBlueprint.make({
  name: 'handoff',
  params: {
    filter: OWNED_KINDS,
    loader: () =>
      import('./components/EntityHandoffCard').then(m => (
        <m.EntityHandoffCard />
      )),
  },
});

/**
 * The handoffs into and out of the team, on Group pages.
 *
 * @alpha
 */
export const entityTeamHandoffsCard = EntityCardBlueprint.make({
  name: 'team-handoffs',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/EntityTeamHandoffsCard').then(m => (
        <m.EntityTeamHandoffsCard />
      )),
  },
});

/**
 * The team's incident metrics, trends and ownership figures against their
 * targets, on Group pages.
 *
 * @alpha
 */
export const entityTeamMetricsCard = EntityCardBlueprint.make({
  name: 'team-metrics',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/EntityTeamMetricsCard').then(m => (
        <m.EntityTeamMetricsCard />
      )),
  },
});

/**
 * The matrix of RaciMatrix entities, as an entity page tab.
 *
 * @alpha
 */
export const entityRaciMatrixContent = EntityContentBlueprint.make({
  name: 'raci-matrix',
  params: {
    path: '/raci',
    title: 'RACI matrix',
    filter: { kind: 'racimatrix' },
    loader: () =>
      import('./components/RaciMatrixPage').then(m => <m.RaciMatrixPage />),
  },
});

/**
 * The coverage page, with its navigation item.
 *
 * @alpha
 */
export const ownershipCoveragePage = PageBlueprint.make({
  params: {
    path: '/ownership',
    title: 'Ownership',
    icon: <AssignmentIndIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    // The page has its own header.
    noHeader: true,
    loader: () =>
      import('./components/OwnershipCoveragePage').then(m => (
        <m.OwnershipCoveragePage />
      )),
  },
});

/**
 * The handoffs page: open and recent handoffs across teams, a per-team
 * summary and the success figures.
 *
 * @alpha
 */
export const ownershipHandoffsPage = PageBlueprint.make({
  name: 'handoffs',
  params: {
    path: '/ownership-handoffs',
    title: 'Ownership handoffs',
    icon: <SwapHorizIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(handoffsRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/OwnershipHandoffsPage').then(m => (
        <m.OwnershipHandoffsPage />
      )),
  },
});

/**
 * The audit page: the ownership audit trail with filters, CSV export and
 * the hash chain check.
 *
 * @alpha
 */
export const ownershipAuditPage = PageBlueprint.make({
  name: 'audit',
  params: {
    path: '/ownership-audit',
    title: 'Ownership audit',
    icon: <HistoryIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(auditRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/OwnershipAuditPage').then(m => (
        <m.OwnershipAuditPage />
      )),
  },
});

/**
 * The metrics page: incident and ownership metrics per team against their
 * targets, trends, recommendations and the health report.
 *
 * @alpha
 */
export const ownershipMetricsPage = PageBlueprint.make({
  name: 'metrics',
  params: {
    path: '/ownership-metrics',
    title: 'Ownership metrics',
    icon: <TimelineIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(metricsRouteRef),
    noHeader: true,
    loader: () =>
      import('./components/OwnershipMetricsPage').then(m => (
        <m.OwnershipMetricsPage />
      )),
  },
});

/**
 * The service ownership plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ownership',
  title: 'Ownership',
  icon: <AssignmentIndIcon fontSize="inherit" />,
  routes: {
    root: convertLegacyRouteRef(rootRouteRef),
    handoffs: convertLegacyRouteRef(handoffsRouteRef),
    audit: convertLegacyRouteRef(auditRouteRef),
    metrics: convertLegacyRouteRef(metricsRouteRef),
  },
  extensions: [
    ownershipApi,
    entityOwnershipCard,
    entityRaciCard,
    entityTeamOwnershipCard,
    entityEscalationPolicyCard,
    entityHandoffCard,
    entityTeamHandoffsCard,
    entityTeamMetricsCard,
    entityRaciMatrixContent,
    ownershipCoveragePage,
    ownershipHandoffsPage,
    ownershipAuditPage,
    ownershipMetricsPage,
  ],
});
