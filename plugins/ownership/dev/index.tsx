import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Content, Header, Page } from '@backstage/core-components';
import {
  createPlugin,
  createRoutableExtension,
  useRouteRefParams,
} from '@backstage/core-plugin-api';
import { createDevApp, EntityGridItem } from '@backstage/dev-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { RaciMatrixEntityV1alpha1 } from '@service-ownership/plugin-ownership-common';
import {
  EntityEscalationPolicyCard,
  EntityOwnershipCard,
  EntityRaciCard,
  EntityRaciMatrixContent,
  EntityTeamOwnershipCard,
  ownershipApiRef,
  OwnershipCoveragePage,
  ownershipPlugin,
} from '../src';
import { FakeOwnershipApi } from '../src/__testUtils__/FakeOwnershipApi';
import {
  coverage,
  legacyComponent,
  legacyOwnership,
  mobileBffComponent,
  mobileBffOwnership,
  orphans,
  paymentsComponent,
  paymentsOwnership,
  paymentsTeam,
  raciMatrixEntity,
  teamOwnership,
  trend,
} from '../src/__testUtils__/fixtures';

const fakeApi = new FakeOwnershipApi({
  entities: [paymentsOwnership(), legacyOwnership(), mobileBffOwnership()],
  teams: [teamOwnership()],
  coverage,
  trend,
  orphans,
});

// Links to entities need the catalog's entity route; the dev app has no
// catalog, so a placeholder page takes its place.
const devCatalogPlugin = createPlugin({ id: 'catalog-dev' });
const EntityPlaceholderPage = devCatalogPlugin.provide(
  createRoutableExtension({
    name: 'EntityPlaceholderPage',
    mountPoint: entityRouteRef,
    component: async () => () => {
      const { kind, namespace, name } = useRouteRefParams(entityRouteRef);
      return (
        <Page themeId="tool">
          <Header title={`${kind}:${namespace}/${name}`} />
          <Content>
            <Typography>The catalog would show this entity here.</Typography>
          </Content>
        </Page>
      );
    },
  }),
);

// A matrix of the size the page must stay readable at: 50 x 20.
const people = Array.from({ length: 20 }, (_, i) =>
  i % 4 === 0 ? `user:default/person-${i}` : `group:default/team-${i}`,
);
const bigMatrixEntity: RaciMatrixEntityV1alpha1 = {
  ...raciMatrixEntity,
  metadata: {
    name: 'platform-raci',
    namespace: 'default',
    title: 'Platform RACI',
  },
  spec: {
    owner: 'group:default/team-1',
    appliesTo: ['system:default/platform'],
    activities: Array.from({ length: 50 }, (_, i) => ({
      name: `Activity ${i + 1}`,
      description: i % 7 === 0 ? 'An activity with a description' : undefined,
      responsible: [people[i % 20]],
      accountable:
        i % 13 === 5
          ? [people[(i + 1) % 20], people[(i + 2) % 20]]
          : people[(i + 1) % 20],
      consulted: [people[(i + 3) % 20], people[(i + 9) % 20]],
      informed: people.filter((_ref, j) => (i + j) % 5 === 0),
      escalationPath: i % 4 === 0 ? [people[(i + 5) % 20]] : undefined,
    })),
  },
};

const policyEntity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'EscalationPolicy',
  metadata: { name: 'payments', namespace: 'default' },
  spec: {
    owner: 'group:default/payments-team',
    levels: [
      {
        name: 'Primary on-call',
        escalateAfter: '15m',
        targets: [
          {
            type: 'schedule',
            id: 'payments-primary',
            rota: {
              members: ['user:default/jane-doe', 'user:default/john-smith'],
              rotation: '1w',
              start: '2025-01-06',
            },
          },
        ],
      },
      {
        name: 'Team lead',
        escalateAfter: '1h',
        targets: [{ type: 'user', id: 'user:default/john-smith' }],
      },
      {
        name: 'Head of payments',
        notifyStakeholders: true,
        targets: [{ type: 'group', id: 'group:default/finance' }],
      },
    ],
    stakeholders: ['group:default/support'],
  },
};

createDevApp()
  .registerPlugin(ownershipPlugin)
  .registerPlugin(devCatalogPlugin)
  .registerApi({
    api: ownershipApiRef,
    deps: {},
    factory: () => fakeApi,
  })
  .registerApi({
    api: permissionApiRef,
    deps: {},
    factory: () => ({
      authorize: async () => ({ result: AuthorizeResult.ALLOW }),
    }),
  })
  .addPage({
    path: '/ownership',
    title: 'Coverage',
    element: <OwnershipCoveragePage />,
  })
  .addPage({
    path: '/service',
    title: 'Service',
    element: (
      <Page themeId="service">
        <Header title="Service pages" />
        <Content>
          <Grid container spacing={3}>
            <EntityGridItem entity={paymentsComponent} xs={12} md={6}>
              <EntityOwnershipCard />
            </EntityGridItem>
            <EntityGridItem entity={paymentsComponent} xs={12} md={6}>
              <EntityRaciCard />
            </EntityGridItem>
            <EntityGridItem entity={legacyComponent} xs={12} md={6}>
              <EntityOwnershipCard title="Ownership (spec.owner only, checked live)" />
            </EntityGridItem>
            <EntityGridItem entity={mobileBffComponent} xs={12} md={4}>
              <EntityOwnershipCard title="Ownership (catalog error, feature)" />
            </EntityGridItem>
          </Grid>
        </Content>
      </Page>
    ),
  })
  .addPage({
    path: '/team',
    title: 'Team',
    element: (
      <Page themeId="home">
        <Header title="Group page" />
        <Content>
          <Grid container spacing={3}>
            <EntityGridItem entity={paymentsTeam} xs={12}>
              <EntityTeamOwnershipCard />
            </EntityGridItem>
          </Grid>
        </Content>
      </Page>
    ),
  })
  .addPage({
    path: '/raci',
    title: 'RACI matrix',
    element: (
      <Page themeId="home">
        <Header title="RaciMatrix entity" />
        <Content>
          <Grid container spacing={3}>
            <EntityGridItem entity={raciMatrixEntity} xs={12}>
              <EntityRaciMatrixContent />
            </EntityGridItem>
            <EntityGridItem entity={policyEntity} xs={12} md={6}>
              <EntityEscalationPolicyCard />
            </EntityGridItem>
          </Grid>
        </Content>
      </Page>
    ),
  })
  .addPage({
    path: '/raci-large',
    title: 'Large RACI',
    element: (
      <Page themeId="home">
        <Header title="RaciMatrix 50 x 20" />
        <Content>
          <Grid container spacing={3}>
            <EntityGridItem entity={bigMatrixEntity} xs={12}>
              <EntityRaciMatrixContent />
            </EntityGridItem>
          </Grid>
        </Content>
      </Page>
    ),
  })
  .addPage({
    path: '/catalog/:namespace/:kind/:name',
    element: <EntityPlaceholderPage />,
  })
  .render();
