import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { AuditService } from './audit/AuditService';
import { createAuditRoutes } from './audit/routes';
import { OwnershipReports } from './reports/OwnershipReports';
import { createReportsRoutes } from './reports/routes';
import { EntityOwnershipResolver } from './resolver/EntityOwnershipResolver';
import { createResolverRoutes } from './resolver/router';
import { createVerificationRoutes } from './verification/routes';
import { VerificationService } from './verification/VerificationService';

/** What the router needs; plugin.ts builds them. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  resolver: EntityOwnershipResolver;
  verification: VerificationService;
  reports: OwnershipReports;
  audit: AuditService;
}

/** The HTTP API of the ownership backend: the feature routers, composed. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, resolver, verification, reports, audit } = options;
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(createResolverRoutes({ httpAuth, resolver }));
  router.use(createVerificationRoutes({ httpAuth, verification }));
  router.use(createReportsRoutes({ httpAuth, reports }));
  router.use(createAuditRoutes({ httpAuth, audit }));
  return router;
}
