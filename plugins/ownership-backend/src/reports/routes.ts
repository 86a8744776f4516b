import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  CoverageParams,
  CoverageTrendParams,
  normalizeOwnershipRef,
  ORPHAN_ORDER_BY,
  ORPHAN_REASON_CODES,
  OrphanFilters,
  OrphanQuery,
  OrphanReasonCode,
  OWNERSHIP_REQUEST_LIMITS,
  SORT_ORDERS,
  TeamOwnershipParams,
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
  pageSchema,
  parse,
  requestSchema,
} from '../lib/validation';
import { OwnershipReports } from './OwnershipReports';

const { trendDays, teamItems } = OWNERSHIP_REQUEST_LIMITS;

const orphanFilterSchema = requestSchema<OrphanFilters>()(
  z.object({
    reason: z
      .enum(
        ORPHAN_REASON_CODES as unknown as [
          OrphanReasonCode,
          ...OrphanReasonCode[],
        ],
      )
      .optional(),
    severity: z.enum(['error', 'warning']).optional(),
    owner: optionalText(255),
    tier: optionalText(32),
    kind: optionalText(64),
    q: optionalText(200),
  }),
);
const orphanSortSchema = z.object({
  orderBy: z.enum(ORPHAN_ORDER_BY).default('entityRef'),
  order: z.enum(SORT_ORDERS).default('asc'),
});
const orphanExportSchema = requestSchema<
  Omit<OrphanQuery, 'offset' | 'limit'>
>()(orphanFilterSchema.merge(orphanSortSchema));
const orphanPageSchema = requestSchema<OrphanQuery>()(
  orphanExportSchema.merge(pageSchema),
);

const coverageSchema = requestSchema<CoverageParams>()(
  z.object({
    asOf: isoDate
      .refine(
        v => v <= DateTime.utc().toISODate()!,
        'must not be in the future (coverage is known up to today, UTC)',
      )
      .optional(),
  }),
);

const trendSchema = requestSchema<CoverageTrendParams>()(
  z.object({ days: int(1, trendDays.max, trendDays.default) }),
);

const teamSchema = requestSchema<TeamOwnershipParams>()(
  z.object({ limit: int(1, teamItems.max, teamItems.default) }),
);

function normalizeOwner(owner: string | undefined): string | undefined {
  if (!owner) {
    return undefined;
  }
  return (
    normalizeOwnershipRef(owner, { defaultKind: 'group' }) ?? owner.trim()
  ).toLocaleLowerCase('en-US');
}

/** The store's orphan filter from the parsed query parameters. */
function orphanFilter<T extends z.output<typeof orphanFilterSchema>>(query: T) {
  const { reason, ...rest } = query;
  return {
    ...rest,
    reasons: reason ? [reason] : undefined,
    owner: normalizeOwner(query.owner),
  };
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
    const query = parse(trendSchema, req.query, 'query parameter');
    res.json(await reports.getCoverageTrend(query.days));
  });

  router.get('/orphans', async (req, res) => {
    await readCredentials(req);
    const query = parse(orphanPageSchema, req.query, 'query parameter');
    res.json(await reports.listOrphans(orphanFilter(query)));
  });

  router.get('/orphans/export.csv', async (req, res) => {
    await readCredentials(req);
    const query = parse(orphanExportSchema, req.query, 'query parameter');
    await sendCsv(
      res,
      'orphaned-services.csv',
      [
        'entityRef',
        'kind',
        'type',
        'title',
        'owner',
        'system',
        'tier',
        'lifecycle',
        'severity',
        'reasons',
        'messages',
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
    const query = parse(teamSchema, req.query, 'query parameter');
    res.json(
      await reports.getTeam(
        stringifyEntityRef({ kind: 'group', ...params }),
        query.limit,
      ),
    );
  });

  return router;
}
