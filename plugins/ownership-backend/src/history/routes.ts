import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { OwnershipHistoryResponse } from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import { entityRefFromPath } from '../lib/validation';
import { HistoryStore } from './HistoryStore';

/**
 * GET /entities/:kind/:namespace/:name/ownership-history: past and current
 * owners, for callers who may read the entity (404 otherwise, as the
 * catalog answers).
 */
export function createHistoryRoutes(options: {
  httpAuth: HttpAuthService;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  history: Pick<HistoryStore, 'historyOf'>;
}): express.Router {
  const { httpAuth, catalog, history } = options;
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/ownership-history',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = entityRefFromPath(req).toLocaleLowerCase('en-US');
      if (!(await catalog.getEntityByRef(entityRef, { credentials }))) {
        throw new NotFoundError(`Entity ${entityRef} not found`);
      }
      const body: OwnershipHistoryResponse = {
        entityRef,
        entries: await history.historyOf(entityRef),
      };
      res.json(body);
    },
  );
  return router;
}
