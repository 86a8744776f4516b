import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { ReactElement } from 'react';
import { OwnershipApi, ownershipApiRef } from '../api';
import { rootRouteRef } from '../routes';

/**
 * Renders an element in a test app with the given OwnershipApi, optionally
 * inside an entity page.
 */
export function renderWithOwnershipApi(
  element: ReactElement,
  options: {
    api: OwnershipApi;
    entity?: Entity;
    canVerify?: boolean;
  },
) {
  const permissionApi = mockApis.permission({
    authorize:
      options.canVerify === false
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
  });
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [ownershipApiRef, options.api],
        [permissionApiRef, permissionApi],
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
