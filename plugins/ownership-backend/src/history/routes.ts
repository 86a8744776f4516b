import { HttpAuthService } from '@backstage/backend-plugin-api';
import { OwnershipHistoryResponse } from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import { entityRefFromPath } from '../lib/validation';
import { HistoryStore } from './HistoryStore';

/** GET /entities/:kind/:namespace/:name/ownership-history: past and current owners. */
export function createHistoryRoutes(options: {
  httpAuth: HttpAuthService;
  history: Pick<HistoryStore, 'historyOf'>;
}): express.Router {
  const { httpAuth, history } = options;
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/ownership-history',
    async (req, res) => {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
      const entityRef = entityRefFromPath(req).toLocaleLowerCase('en-US');
      const body: OwnershipHistoryResponse = {
        entityRef,
        entries: await history.historyOf(entityRef),
      };
      res.json(body);
    },
  );
  return router;
}
