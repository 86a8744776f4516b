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
import { ownershipApiRef, OwnershipClient } from './api';
import { rootRouteRef } from './routes';

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
    filter: { kind: { $in: ['component', 'system', 'api', 'resource'] } },
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
    filter: { kind: { $in: ['component', 'system', 'api', 'resource'] } },
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
 * The service ownership plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ownership',
  title: 'Ownership',
  icon: <AssignmentIndIcon fontSize="inherit" />,
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [
    ownershipApi,
    entityOwnershipCard,
    entityRaciCard,
    entityTeamOwnershipCard,
    entityEscalationPolicyCard,
    entityRaciMatrixContent,
    ownershipCoveragePage,
  ],
});
