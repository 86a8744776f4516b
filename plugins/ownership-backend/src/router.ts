import { HttpAuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { AuditService } from './audit/AuditService';
import { createAuditRoutes } from './audit/routes';
import { OwnershipReports } from './reports/OwnershipReports';
import { createReportsRoutes } from './reports/routes';
import { EntityOwnershipResolver } from './resolver/EntityOwnershipResolver';
import { createResolverRoutes } from './resolver/router';
import { HandoffService } from './handoffs/HandoffService';
import { createHandoffRoutes } from './handoffs/routes';
import { HistoryStore } from './history/HistoryStore';
import { createHistoryRoutes } from './history/routes';
import { IncidentService } from './incidents/IncidentService';
import { createIncidentRoutes } from './incidents/routes';
import { OwnershipMetricsService } from './metrics/OwnershipMetricsService';
import { IncidentTrendStore } from './metrics/IncidentTrendStore';
import {
  createIncidentTrendRoutes,
  createMetricsRoutes,
} from './metrics/routes';
import { createVerificationRoutes } from './verification/routes';
import { VerificationService } from './verification/VerificationService';

/** What the router needs; plugin.ts builds them. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  /** For the per-entity reads that check the caller may read the entity. */
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  resolver: EntityOwnershipResolver;
  verification: VerificationService;
  reports: OwnershipReports;
  audit: AuditService;
  handoffs: HandoffService;
  history: Pick<HistoryStore, 'historyOf'>;
  incidents: IncidentService;
  metrics: OwnershipMetricsService;
  incidentTrends: IncidentTrendStore;
}

/** The HTTP API of the ownership backend: the feature routers, composed. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, resolver, verification, reports, audit, handoffs } =
    options;
  const { catalog, history, incidents, metrics, incidentTrends } = options;
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.use(createResolverRoutes({ httpAuth, resolver }));
  router.use(createVerificationRoutes({ httpAuth, verification }));
  router.use(createReportsRoutes({ httpAuth, reports }));
  router.use(createAuditRoutes({ httpAuth, audit }));
  router.use(createHandoffRoutes({ httpAuth, handoffs }));
  router.use(createHistoryRoutes({ httpAuth, catalog, history }));
  router.use(createIncidentRoutes({ httpAuth, incidents }));
  router.use(createMetricsRoutes({ httpAuth, catalog, metrics }));
  router.use(createIncidentTrendRoutes({ httpAuth, trends: incidentTrends }));
  return router;
}
