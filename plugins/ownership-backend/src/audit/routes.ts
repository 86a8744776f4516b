import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  AuditFilters,
  AuditQuery,
} from '@service-ownership/plugin-ownership-common';
import { z } from 'zod';
import { sendCsv } from '../lib/csv';
import {
  isoTime,
  optionalText,
  pageSchema,
  parse,
  requestSchema,
} from '../lib/validation';
import { AuditService } from './AuditService';

const auditFilterSchema = requestSchema<AuditFilters>()(
  z.object({
    entityRef: optionalText(255),
    actor: optionalText(255),
    action: optionalText(64),
    from: isoTime.optional(),
    to: isoTime.optional(),
  }),
);
const auditPageSchema = requestSchema<AuditQuery>()(
  auditFilterSchema.merge(pageSchema),
);

/** GET /audit and /audit/export.csv. */
export function createAuditRoutes(options: {
  httpAuth: HttpAuthService;
  audit: AuditService;
}): express.Router {
  const { httpAuth, audit } = options;
  const router = Router();

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { offset, limit, ...filter } = parse(
      auditPageSchema,
      req.query,
      'query parameter',
    );
    res.json(await audit.list(filter, { offset, limit }, credentials));
  });

  router.get('/audit/export.csv', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const filter = parse(auditFilterSchema, req.query, 'query parameter');
    const entries = await audit.export(filter, credentials, req);
    await sendCsv(
      res,
      'ownership-audit.csv',
      [
        'id',
        'occurredAt',
        'actor',
        'action',
        'entityRef',
        'correlationId',
        'details',
      ],
      entries,
      entry => ({ ...entry, details: JSON.stringify(entry.details) }),
    );
  });

  return router;
}
