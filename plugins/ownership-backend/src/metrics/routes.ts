import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  INCIDENT_REQUEST_LIMITS,
  IncidentMetricsQuery,
} from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { int, isoTime, parse, requestSchema } from '../lib/validation';
import { IncidentMetricsService } from './IncidentMetricsService';

const DAY_MS = 24 * 3600 * 1000;
const MAX_WINDOW_DAYS = 366;

const ref = z
  .string()
  .min(1)
  .max(255)
  .transform(v => v.toLocaleLowerCase('en-US'))
  .optional();

const metricsQuerySchema = requestSchema<IncidentMetricsQuery>()(
  z.object({
    days: z.coerce
      .number()
      .refine(
        v =>
          (INCIDENT_REQUEST_LIMITS.metricsDays as readonly number[]).includes(
            v,
          ),
        `must be one of ${INCIDENT_REQUEST_LIMITS.metricsDays.join(', ')}`,
      )
      .optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    team: ref,
    entityRef: ref,
    entityLimit: int(
      1,
      INCIDENT_REQUEST_LIMITS.entityLimit.max,
      INCIDENT_REQUEST_LIMITS.entityLimit.default,
    ),
  }),
);

/** GET /metrics?days=7|30|90 (or from[&to]) [&team][&entityRef][&entityLimit]. */
export function createMetricsRoutes(options: {
  httpAuth: HttpAuthService;
  metrics: IncidentMetricsService;
}): express.Router {
  const { httpAuth, metrics } = options;
  const router = Router();
  router.get('/metrics', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const q = parse(metricsQuerySchema, req.query, 'query parameter');
    if (q.days && (q.from || q.to)) {
      throw new InputError(
        "Invalid query parameter 'days': give either days or from/to",
      );
    }
    const to = q.to ?? metrics.now();
    const from =
      q.from ?? new Date(to.getTime() - Number(q.days ?? 30) * DAY_MS);
    if (from >= to) {
      throw new InputError("Invalid query parameter 'from': must be before to");
    }
    if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
      throw new InputError(
        `Invalid query parameter 'from': the window may span at most ${MAX_WINDOW_DAYS} days`,
      );
    }
    res.json(
      await metrics.getMetrics({
        from,
        to,
        team: q.team,
        entityRef: q.entityRef,
        entityLimit: q.entityLimit,
      }),
    );
  });
  return router;
}
