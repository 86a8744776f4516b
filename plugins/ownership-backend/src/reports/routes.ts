import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  normalizeOwnershipRef,
  ORPHAN_REASON_CODES,
  OrphanReasonCode,
} from '@service-ownership/plugin-ownership-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { sendCsv } from '../lib/csv';
import {
  entityPathSchema,
  int,
  isoDate,
  optionalText,
  parse,
} from '../lib/validation';
import { OwnershipReports } from './OwnershipReports';

const orphanFilterSchema = z.object({
  orderBy: z
    .enum(['entityRef', 'title', 'owner', 'tier', 'kind', 'reasons'])
    .default('entityRef'),
  order: z.enum(['asc', 'desc']).default('asc'),
  reason: z
    .string()
    .max(500)
    .transform(v =>
      v
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.enum(
          ORPHAN_REASON_CODES as unknown as [
            OrphanReasonCode,
            ...OrphanReasonCode[],
          ],
        ),
      ),
    )
    .optional(),
  severity: z.enum(['error', 'warning']).optional(),
  owner: optionalText(255),
  tier: optionalText(32),
  kind: optionalText(64),
  q: optionalText(200),
});
const orphanPageSchema = orphanFilterSchema.extend({
  offset: int(0, 10_000_000, 0),
  limit: int(1, 500, 50),
});

const coverageSchema = z.object({
  asOf: isoDate
    .refine(
      v => v <= DateTime.utc().toISODate()!,
      'must not be in the future (coverage is known up to today, UTC)',
    )
    .optional(),
});

function normalizeOwner(owner: string | undefined): string | undefined {
  if (!owner) {
    return undefined;
  }
  return (
    normalizeOwnershipRef(owner, { defaultKind: 'group' }) ?? owner.trim()
  ).toLocaleLowerCase('en-US');
}

/** The store's orphan filter from the parsed query parameters. */
function orphanFilter<T extends z.infer<typeof orphanFilterSchema>>(query: T) {
  const { reason, ...rest } = query;
  return { ...rest, reasons: reason, owner: normalizeOwner(query.owner) };
}

/**
 * GET /coverage, /coverage/trend, /orphans, /orphans/export.csv and
 * /groups/:namespace/:name/ownership (the team view).
 */
export function createReportsRoutes(options: {
  httpAuth: HttpAuthService;
  reports: OwnershipReports;
}): express.Router {
  const { httpAuth, reports } = options;
  const router = Router();
  const readCredentials = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  router.get('/coverage', async (req, res) => {
    await readCredentials(req);
    const query = parse(coverageSchema, req.query, 'query parameter');
    res.json(await reports.getCoverage(query.asOf));
  });

  router.get('/coverage/trend', async (req, res) => {
    await readCredentials(req);
    const query = parse(
      z.object({ days: int(1, 3650, 90) }),
      req.query,
      'query parameter',
    );
    res.json(await reports.getCoverageTrend(query.days));
  });

  router.get('/orphans', async (req, res) => {
    await readCredentials(req);
    const query = parse(orphanPageSchema, req.query, 'query parameter');
    res.json(await reports.listOrphans(orphanFilter(query)));
  });

  router.get('/orphans/export.csv', async (req, res) => {
    await readCredentials(req);
    const query = parse(orphanFilterSchema, req.query, 'query parameter');
    await sendCsv(
      res,
      'orphaned-services.csv',
      [
        { key: 'entityRef', header: 'entityRef' },
        { key: 'kind', header: 'kind' },
        { key: 'type', header: 'type' },
        { key: 'title', header: 'title' },
        { key: 'owner', header: 'owner' },
        { key: 'system', header: 'system' },
        { key: 'tier', header: 'tier' },
        { key: 'lifecycle', header: 'lifecycle' },
        { key: 'severity', header: 'severity' },
        { key: 'reasons', header: 'reasons' },
        { key: 'messages', header: 'messages' },
      ],
      reports.exportOrphans(orphanFilter(query)),
      item => ({
        ...item,
        severity: item.reasons.some(r => r.severity === 'error')
          ? 'error'
          : 'warning',
        reasons: item.reasons.map(r => r.code).join(';'),
        messages: item.reasons.map(r => r.message).join('; '),
      }),
    );
  });

  router.get('/groups/:namespace/:name/ownership', async (req, res) => {
    await readCredentials(req);
    const params = parse(
      entityPathSchema.omit({ kind: true }),
      req.params,
      'path parameter',
    );
    const query = parse(
      z.object({ limit: int(1, 2000, 500) }),
      req.query,
      'query parameter',
    );
    res.json(
      await reports.getTeam(
        stringifyEntityRef({ kind: 'group', ...params }),
        query.limit,
      ),
    );
  });

  return router;
}
