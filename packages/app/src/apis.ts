import {
  ScmAuth,
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
} from '@backstage/integration-react';
import {
  AnyApiFactory,
  configApiRef,
  createApiFactory,
} from '@backstage/core-plugin-api';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import { OWNERSHIP_RELATION_PAIRS } from '@service-ownership/plugin-ownership-common';

/** The suite's relations, both directions. */
export const ownershipRelations = OWNERSHIP_RELATION_PAIRS.flat();

/** Built-in relation pairs plus the suite's, for the catalog graph. */
export const graphRelationPairs: [string, string][] = [
  ...ALL_RELATION_PAIRS,
  ...OWNERSHIP_RELATION_PAIRS,
];

/** Built-in relations plus the suite's. */
export const graphRelations = [...ALL_RELATIONS, ...ownershipRelations];

export const apis: AnyApiFactory[] = [
  createApiFactory({
    api: scmIntegrationsApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
  }),
  ScmAuth.createDefaultApiFactory(),
  // The graph page lists the suite's relations among its filters; RACI
  // relations are left out of the default selection since they are many.
  createApiFactory({
    api: catalogGraphApiRef,
    deps: {},
    factory: () =>
      new DefaultCatalogGraphApi({
        knownRelations: graphRelations,
        knownRelationPairs: graphRelationPairs,
        defaultRelationTypes: {
          exclude: [
            'hasResponsible',
            'responsibleFor',
            'hasAccountable',
            'accountableFor',
            'hasConsulted',
            'consultedOn',
            'hasInformed',
            'informedOf',
          ],
        },
      }),
  }),
];
