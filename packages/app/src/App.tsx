import { Navigate, Route } from 'react-router-dom';
import { ApiExplorerPage } from '@backstage/plugin-api-docs';
import {
  CatalogEntityPage,
  CatalogIndexPage,
  catalogPlugin,
  CatalogTable,
  CatalogTableColumnsFunc,
} from '@backstage/plugin-catalog';
import { DefaultFilters } from '@backstage/plugin-catalog-react';
import {
  CatalogGraphPage,
  catalogGraphPlugin,
} from '@backstage/plugin-catalog-graph';
import { CatalogUnprocessedEntitiesPage } from '@backstage/plugin-catalog-unprocessed-entities';
import { orgPlugin } from '@backstage/plugin-org';
import { AlertDisplay, OAuthRequestDialog } from '@backstage/core-components';
import { createApp } from '@backstage/app-defaults';
import { AppRouter, FlatRoutes } from '@backstage/core-app-api';
import {
  createOwnershipTierColumn,
  EntityOwnershipTierPicker,
  OwnershipAuditPage,
  OwnershipCoveragePage,
  OwnershipHandoffsPage,
  OwnershipMetricsPage,
  ownershipPlugin,
} from '@service-ownership/plugin-ownership';
import {
  NotificationsPage,
  notificationsPlugin,
} from '@backstage/plugin-notifications';
import { SignalsDisplay, signalsPlugin } from '@backstage/plugin-signals';
import { OWNERSHIP_BLOCK_KINDS } from '@service-ownership/plugin-ownership-common';
import { apis, graphRelationPairs } from './apis';
import { entityPage } from './components/catalog/EntityPage';
import { Root } from './components/Root';
import { ConfiguredSignInPage, oidcAuthApiFactory } from './components/SignIn';

const app = createApp({
  apis: [...apis, oidcAuthApiFactory],
  // Signals carry live updates to the notifications page and sidebar item.
  plugins: [ownershipPlugin, notificationsPlugin, signalsPlugin],
  bindRoutes({ bind }) {
    bind(orgPlugin.externalRoutes, {
      catalogIndex: catalogPlugin.routes.catalogIndex,
    });
    bind(catalogGraphPlugin.externalRoutes, {
      catalogEntity: catalogPlugin.routes.catalogEntity,
    });
  },
  components: {
    // the providers app.signIn.providers lists (guest in development)
    SignInPage: ConfiguredSignInPage,
  },
});

const tierKinds = OWNERSHIP_BLOCK_KINDS.map(k => k.toLocaleLowerCase('en-US'));

// The default columns, with the ownership tier after the owner for the
// kinds that carry an ownership block.
const catalogColumns: CatalogTableColumnsFunc = context => {
  const columns = CatalogTable.defaultColumnsFunc(context);
  const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
  if (kind && !tierKinds.includes(kind)) {
    return columns;
  }
  const owner = columns.findIndex(
    c => c.field === 'resolved.ownedByRelationsTitle',
  );
  const at = owner >= 0 ? owner + 1 : columns.length;
  return [
    ...columns.slice(0, at),
    createOwnershipTierColumn(),
    ...columns.slice(at),
  ];
};

const routes = (
  <FlatRoutes>
    <Route path="/" element={<Navigate to="catalog" />} />
    <Route
      path="/catalog"
      element={
        <CatalogIndexPage
          columns={catalogColumns}
          filters={
            <>
              <DefaultFilters initialKind="component" />
              <EntityOwnershipTierPicker />
            </>
          }
        />
      }
    />
    <Route
      path="/catalog/:namespace/:kind/:name"
      element={<CatalogEntityPage />}
    >
      {entityPage}
    </Route>
    <Route path="/api-docs" element={<ApiExplorerPage />} />
    <Route
      path="/catalog-graph"
      element={<CatalogGraphPage relationPairs={graphRelationPairs} />}
    />
    <Route
      path="/catalog-unprocessed-entities"
      element={<CatalogUnprocessedEntitiesPage />}
    />
    <Route path="/ownership" element={<OwnershipCoveragePage />} />
    <Route path="/ownership-handoffs" element={<OwnershipHandoffsPage />} />
    <Route path="/ownership-audit" element={<OwnershipAuditPage />} />
    <Route path="/ownership-metrics" element={<OwnershipMetricsPage />} />
    <Route path="/notifications" element={<NotificationsPage />} />
  </FlatRoutes>
);

export default app.createRoot(
  <>
    <AlertDisplay />
    <OAuthRequestDialog />
    <SignalsDisplay />
    <AppRouter>
      <Root>{routes}</Root>
    </AppRouter>
  </>,
);
