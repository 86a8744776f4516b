import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  HANDOFF_ACTIONS,
  HANDOFF_REQUEST_LIMITS,
  HANDOFF_STATES,
  HandoffChecklistRequest,
  HandoffConflictBody,
  HandoffFilters,
  HandoffMetricsQuery,
  HandoffTransitionRequest,
  ReorganisationRequest,
  StartHandoffRequest,
} from '@service-ownership/plugin-ownership-common';
import express from 'express';
import Router from 'express-promise-router';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { InputError } from '@backstage/errors';
import {
  entityRefFromPath,
  isoTime,
  optionalText,
  pageSchema,
  parse,
  requestSchema,
} from '../lib/validation';
import { HandoffConflictError, HandoffService } from './HandoffService';

const text = () => z.string().max(HANDOFF_REQUEST_LIMITS.text.max);
const days = z.number().int();

const startFields = {
  toTeam: z.string().min(1).max(255),
  reason: text().optional(),
  shadowDays: days.optional(),
  reverseShadowDays: days.optional(),
};

const startSchema = requestSchema<StartHandoffRequest>()(
  z.object(startFields).strict(),
);

const reorganisationSchema = requestSchema<ReorganisationRequest>()(
  z
    .object({
      ...startFields,
      entityRefs: z
        .array(z.string().min(1).max(255))
        .min(1)
        .max(HANDOFF_REQUEST_LIMITS.reorganisationEntities.max),
    })
    .strict(),
);

const version = z.number().int().min(1);

const transitionSchema = requestSchema<HandoffTransitionRequest>()(
  z
    .object({
      version,
      action: z.enum(HANDOFF_ACTIONS),
      reason: text().optional(),
      issues: text().optional(),
    })
    .strict(),
);

const checklistSchema = requestSchema<HandoffChecklistRequest>()(
  z
    .object({
      version,
      done: z.boolean(),
      link: z
        .string()
        .max(HANDOFF_REQUEST_LIMITS.link.max)
        .regex(/^https?:\/\/\S+$/, 'must be an http or https URL')
        .optional(),
      comment: text().optional(),
      justification: text().optional(),
    })
    .strict(),
);

const filtersSchema = requestSchema<HandoffFilters>()(
  z
    .object({
      team: optionalText(255),
      state: z.union([z.enum(HANDOFF_STATES), z.literal('open')]).optional(),
      overdue: z.boolean().optional(),
      entityRef: optionalText(255),
    })
    .strict(),
);

const metricsSchema = requestSchema<HandoffMetricsQuery>()(
  z
    .object({
      days: z.coerce.number().int().min(1).max(3650).optional(),
      from: isoTime.optional(),
      to: isoTime.optional(),
    })
    .strict(),
);

/** Query strings hold text: `overdue=true` becomes the boolean the schema checks. */
function withBooleans(query: Record<string, unknown>, keys: string[]) {
  const result = { ...query };
  for (const key of keys) {
    if (result[key] === 'true' || result[key] === 'false') {
      result[key] = result[key] === 'true';
    }
  }
  return result;
}

const idSchema = z.object({
  id: z.string().min(1).max(64),
  itemId: z.string().min(1).max(64).optional(),
});

/** The 409 body of a refused handoff write (HandoffConflictBody). */
function conflictHandler(): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    if (!(error instanceof HandoffConflictError)) {
      next(error);
      return;
    }
    const body: HandoffConflictBody & { response: { statusCode: number } } = {
      error: { name: 'ConflictError', message: error.message },
      handoff: error.handoff,
      guards: error.guards,
      response: { statusCode: 409 },
    };
    res.status(409).json(body);
  };
}

function requestIdOf(req: express.Request): string | undefined {
  return req.get('x-request-id')?.slice(0, 255) || undefined;
}

/** The handoff routes (see the HTTP contract in ownership-common). */
export function createHandoffRoutes(options: {
  httpAuth: HttpAuthService;
  handoffs: HandoffService;
}): express.Router {
  const { httpAuth, handoffs } = options;
  const router = Router();
  const json = express.json({ limit: '64kb' });

  router.get('/handoffs', async (req, res) => {
    await httpAuth.credentials(req);
    const { offset, limit } = parse(pageSchema, req.query, 'query parameter');
    const { offset: _o, limit: _l, ...rest } = req.query;
    const filters = parse(
      filtersSchema,
      withBooleans(rest, ['overdue']),
      'query parameter',
    );
    const lower = (v?: string) => v?.toLocaleLowerCase('en-US');
    res.json(
      await handoffs.listHandoffs(
        {
          ...filters,
          team: lower(filters.team),
          entityRef: lower(filters.entityRef),
        },
        { offset, limit },
      ),
    );
  });

  router.get('/handoffs/metrics', async (req, res) => {
    await httpAuth.credentials(req);
    const query = parse(metricsSchema, req.query, 'query parameter');
    if (query.days !== undefined && (query.from || query.to)) {
      throw new InputError(
        "Invalid query parameter 'days': give days or from/to, not both",
      );
    }
    const to = query.to ?? new Date();
    const from =
      query.from ??
      DateTime.fromJSDate(to)
        .minus({ days: query.days ?? 90 })
        .toJSDate();
    if (from > to) {
      throw new InputError("Invalid query parameter 'from': after 'to'");
    }
    res.json(await handoffs.metrics({ from, to }));
  });

  router.post('/handoffs/reorganisations', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const body = parse(reorganisationSchema, req.body ?? {}, 'body field');
    res.status(201).json(
      await handoffs.reorganise(body, {
        credentials,
        requestId: requestIdOf(req),
      }),
    );
  });

  router.get('/handoffs/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const { id } = parse(idSchema, req.params, 'path parameter');
    res.json(await handoffs.getHandoff(id, credentials));
  });

  router.post('/handoffs/:id/transitions', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id } = parse(idSchema, req.params, 'path parameter');
    const body = parse(transitionSchema, req.body ?? {}, 'body field');
    res.json(
      await handoffs.transition(id, body, {
        credentials,
        requestId: requestIdOf(req),
      }),
    );
  });

  router.put('/handoffs/:id/checklist/:itemId', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { id, itemId } = parse(idSchema, req.params, 'path parameter');
    const body = parse(checklistSchema, req.body ?? {}, 'body field');
    res.json(
      await handoffs.changeChecklistItem(id, itemId!, body, {
        credentials,
        requestId: requestIdOf(req),
      }),
    );
  });

  router.get('/entities/:kind/:namespace/:name/handoffs', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(
      await handoffs.entityHandoffs(entityRefFromPath(req), credentials),
    );
  });

  router.post(
    '/entities/:kind/:namespace/:name/handoffs',
    json,
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = entityRefFromPath(req);
      const body = parse(startSchema, req.body ?? {}, 'body field');
      res.status(201).json(
        await handoffs.start(entityRef, body, {
          credentials,
          requestId: requestIdOf(req),
        }),
      );
    },
  );

  router.use(conflictHandler());
  return router;
}
