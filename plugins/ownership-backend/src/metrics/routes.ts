import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  INCIDENT_REQUEST_LIMITS,
  IncidentMetricsQuery,
  IncidentTrendQuery,
  IncidentTrendResponse,
  OwnershipReportQuery,
  OwnershipReportTeamRow,
} from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { sendCsv } from '../lib/csv';
import { int, isoTime, parse, requestSchema } from '../lib/validation';
import { IncidentTrendStore } from './IncidentTrendStore';
import { OwnershipMetricsService } from './OwnershipMetricsService';
import { trendPeriods } from './trendPeriods';

const DAY_MS = 24 * 3600 * 1000;
const MAX_WINDOW_DAYS = 366;

const ref = z
  .string()
  .min(1)
  .max(255)
  .transform(v => v.toLocaleLowerCase('en-US'))
  .optional();

const windowFields = {
  days: z.coerce
    .number()
    .refine(
      v =>
        (INCIDENT_REQUEST_LIMITS.metricsDays as readonly number[]).includes(v),
      `must be one of ${INCIDENT_REQUEST_LIMITS.metricsDays.join(', ')}`,
    )
    .optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
};

const reportQuerySchema = requestSchema<OwnershipReportQuery>()(
  z.object(windowFields),
);

const metricsQuerySchema = requestSchema<IncidentMetricsQuery>()(
  z.object({
    ...windowFields,
    team: ref,
    entityRef: ref,
    entityLimit: int(
      1,
      INCIDENT_REQUEST_LIMITS.entityLimit.max,
      INCIDENT_REQUEST_LIMITS.entityLimit.default,
    ),
  }),
);

const trendQuerySchema = requestSchema<IncidentTrendQuery>()(
  z.object({ ...windowFields, team: ref }),
);

function windowOf(
  q: { days?: number; from?: Date; to?: Date },
  now: Date,
): { from: Date; to: Date } {
  if (q.days && (q.from || q.to)) {
    throw new InputError(
      "Invalid query parameter 'days': give either days or from/to",
    );
  }
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - Number(q.days ?? 30) * DAY_MS);
  if (from >= to) {
    throw new InputError("Invalid query parameter 'from': must be before to");
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw new InputError(
      `Invalid query parameter 'from': the window may span at most ${MAX_WINDOW_DAYS} days`,
    );
  }
  return { from, to };
}

const REPORT_CSV_COLUMNS: Array<keyof OwnershipReportTeamRow> = [
  'teamRef',
  'incidents',
  'mttrMinutes',
  'escalationRate',
  'responseSlaCompliance',
  'coverage',
  'handoffSuccessRate',
  'daysSinceLastReview',
  'members',
  'onCallLoad',
];

/**
 * GET /metrics?days=7|30|90 (or from[&to]) [&team][&entityRef][&entityLimit];
 * GET /metrics/recommendations, /metrics/report and /metrics/report.csv
 * for a window of days or from/to.
 */
export function createMetricsRoutes(options: {
  httpAuth: HttpAuthService;
  catalog: Pick<CatalogService, 'getEntityByRef'>;
  metrics: OwnershipMetricsService;
}): express.Router {
  const { httpAuth, catalog, metrics } = options;
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const q = parse(metricsQuerySchema, req.query, 'query parameter');
    // one entity's figures only for callers who may read it (404 otherwise,
    // as the catalog answers); team and org-wide figures are org-wide, like
    // coverage
    if (
      q.entityRef &&
      !(await catalog.getEntityByRef(q.entityRef, { credentials }))
    ) {
      throw new NotFoundError(`Entity ${q.entityRef} not found`);
    }
    res.json(
      await metrics.getMetrics({
        ...windowOf(q, metrics.now()),
        team: q.team,
        entityRef: q.entityRef,
        entityLimit: q.entityLimit,
      }),
    );
  });
  const reportWindow = async (req: express.Request) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    return windowOf(
      parse(reportQuerySchema, req.query, 'query parameter'),
      metrics.now(),
    );
  };
  router.get('/metrics/recommendations', async (req, res) => {
    res.json(await metrics.getRecommendations(await reportWindow(req)));
  });
  router.get('/metrics/report', async (req, res) => {
    res.json(await metrics.getReport(await reportWindow(req)));
  });
  router.get('/metrics/report.csv', async (req, res) => {
    const report = await metrics.getReport(await reportWindow(req));
    async function* rows() {
      yield report.teams;
    }
    await sendCsv(
      res,
      `ownership-report-${report.window.to.slice(0, 10)}.csv`,
      [...REPORT_CSV_COLUMNS, 'meetsAllTargets'],
      rows(),
      row => ({
        ...row,
        // csv-stringify writes false as an empty cell
        meetsAllTargets: Object.values(row.meetsTargets).every(v => v !== false)
          ? 'yes'
          : 'no',
      }),
    );
  });
  return router;
}

/**
 * GET /metrics/trends?days=7|30|90 (or from[&to]) [&team]: incidents, mean
 * MTTA and MTTR, escalation rate and response-SLA compliance per day (up to
 * 14 days) or ISO week of the window, from the daily rollup. Org-wide or
 * per team, like the team figures of GET /metrics.
 */
export function createIncidentTrendRoutes(options: {
  httpAuth: HttpAuthService;
  trends: IncidentTrendStore;
  clock?: () => Date;
}): express.Router {
  const { httpAuth, trends, clock = () => new Date() } = options;
  const router = Router();
  router.get('/metrics/trends', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const q = parse(trendQuerySchema, req.query, 'query parameter');
    const { window, bucket, periods } = trendPeriods(windowOf(q, clock()));
    const body: IncidentTrendResponse = {
      window: { from: window.from.toISOString(), to: window.to.toISOString() },
      bucket,
      team: q.team ?? null,
      points: await trends.incidentTrend({ periods, team: q.team }),
    };
    res.json(body);
  });
  return router;
}
