import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { entityRefFromPath } from '../lib/validation';
import { EntityOwnershipResolver } from './EntityOwnershipResolver';

/** What the resolved-ownership routes need; plugin.ts builds them. */
export interface ResolverRoutesOptions {
  httpAuth: HttpAuthService;
  resolver: Pick<EntityOwnershipResolver, 'getEntityOwnership'>;
}

/** The resolved ownership of one entity, read with the caller's credentials. */
export function createResolverRoutes(
  options: ResolverRoutesOptions,
): express.Router {
  const { httpAuth, resolver } = options;
  const router = Router();

  router.get('/entities/:kind/:namespace/:name/ownership', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await resolver.getEntityOwnership(entityRefFromPath(req), credentials),
    );
  });

  return router;
}
