import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import type { PermissionApi } from '@backstage/plugin-permission-react';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { OwnershipApi, ownershipApiRef } from '../api';
import { rootRouteRef } from '../routes';
import { catalogEntities } from './fixtures';

/**
 * Renders an element in a test app with the given OwnershipApi, a fake
 * catalog holding the fixture entities (plus `options.entity`), and a
 * permission API that allows everything unless one is passed; optionally
 * inside an entity page.
 */
export function renderWithOwnershipApi(
  element: ReactElement,
  options: {
    api: OwnershipApi;
    entity?: Entity;
    permissionApi?: PermissionApi;
    catalogEntities?: Entity[];
  },
) {
  const pageEntity = options.entity;
  const entities = (options.catalogEntities ?? catalogEntities()).filter(
    e =>
      !pageEntity || stringifyEntityRef(e) !== stringifyEntityRef(pageEntity),
  );
  if (pageEntity) {
    entities.push(pageEntity);
  }
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ownershipApiRef, options.api],
        [permissionApiRef, options.permissionApi ?? mockApis.permission()],
        [catalogApiRef, catalogApiMock({ entities })],
      ]}
    >
      {options.entity ? (
        <EntityProvider entity={options.entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/ownership': rootRouteRef,
      },
    },
  );
}
