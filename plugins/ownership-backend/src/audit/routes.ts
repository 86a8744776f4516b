import { HttpAuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
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

/** A group ref, or a group name in the default namespace, in lower case. */
const groupRef = z
  .string()
  .min(1)
  .max(255)
  .transform((value, ctx) => {
    try {
      const ref = parseEntityRef(value.trim(), {
        defaultKind: 'group',
        defaultNamespace: 'default',
      });
      if (ref.kind.toLocaleLowerCase('en-US') === 'group') {
        return stringifyEntityRef(ref).toLocaleLowerCase('en-US');
      }
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'must be a group ref' });
    return z.NEVER;
  });

const auditFilterSchema = requestSchema<AuditFilters>()(
  z.object({
    entityRef: optionalText(255),
    actor: optionalText(255),
    action: optionalText(64),
    team: groupRef.optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
  }),
);
const auditPageSchema = requestSchema<AuditQuery>()(
  auditFilterSchema.merge(pageSchema),
);

/**
 * GET /audit, /audit/export.csv and /audit/integrity: for users with
 * ownership.audit.read only. Service tokens (external access, other
 * plugins) are refused whatever their access restrictions say: Backstage
 * grants an unrestricted service token every permission.
 */
export function createAuditRoutes(options: {
  httpAuth: HttpAuthService;
  audit: AuditService;
}): express.Router {
  const { httpAuth, audit } = options;
  const router = Router();

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user'],
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
      allow: ['user'],
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
        'teams',
        'correlationId',
        'requestId',
        'details',
      ],
      entries,
      entry => ({
        ...entry,
        teams: entry.teams?.join(' '),
        details: JSON.stringify(entry.details),
      }),
    );
  });

  router.get('/audit/integrity', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user'],
    });
    res.json(await audit.integrity(credentials));
  });

  return router;
}
