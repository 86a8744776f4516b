import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  INCIDENT_REQUEST_LIMITS,
  IncidentBatchRequest,
} from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { parse, requestSchema } from '../lib/validation';
import { IncidentService } from './IncidentService';

const batchSchema = requestSchema<IncidentBatchRequest>()(
  z
    .object({
      incidents: z
        .array(z.unknown())
        .max(
          INCIDENT_REQUEST_LIMITS.batch.max,
          `at most ${INCIDENT_REQUEST_LIMITS.batch.max} incidents per batch`,
        ),
    })
    .strict(),
);

/**
 * POST /incidents/batch: users with `ownership.incidents.write` and service
 * principals (Backstage external access tokens). A body over the byte limit
 * gets 413, more incidents than the batch limit 400; otherwise each
 * incident is kept or rejected on its own.
 */
export function createIncidentRoutes(options: {
  httpAuth: HttpAuthService;
  incidents: IncidentService;
}): express.Router {
  const { httpAuth, incidents } = options;
  const router = Router();
  router.post(
    '/incidents/batch',
    express.json({ limit: '2mb' }),
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      await incidents.authorizeWrite(credentials);
      const body = parse(batchSchema, req.body ?? {}, 'body field');
      res.json(await incidents.ingest(body.incidents));
    },
  );
  return router;
}
