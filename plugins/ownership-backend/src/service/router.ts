import { HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  normalizeOwnershipRef,
  OrphanReasonCode,
} from '@service-ownership/plugin-ownership-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { AuditService } from './AuditService';
import { sendCsv } from './csv';
import { EntityOwnershipResolver } from '../resolver/EntityOwnershipResolver';
import { OwnershipReports } from './OwnershipReports';
import { ORPHAN_REASON_CODES } from './reasons';
import { VerificationService } from './VerificationService';

/** What the router needs; plugin.ts builds them. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  resolver: EntityOwnershipResolver;
  verification: VerificationService;
  reports: OwnershipReports;
  audit: AuditService;
}

/** Parses with zod and turns the first problem into an InputError naming the field. */
function parse<T extends z.ZodTypeAny>(
  schema: T,
  value: unknown,
  where: 'query parameter' | 'body field' | 'path parameter',
): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const name = issue.path.join('.') || '(root)';
    throw new InputError(`Invalid ${where} '${name}': ${issue.message}`);
  }
  return result.data;
}

const name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, ".", "_" or "-"');
const entityPathSchema = z.object({
  kind: name,
  namespace: name,
  name,
});

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date, YYYY-MM-DD')
  .refine(v => DateTime.fromISO(v).isValid, 'is not a valid date');
const isoTime = z
  .string()
  .max(64)
  .refine(v => DateTime.fromISO(v, { zone: 'utc' }).isValid, {
    message: 'must be an ISO date or timestamp',
  })
  .transform(v => DateTime.fromISO(v, { zone: 'utc' }).toJSDate());
const int = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);
const optionalText = (max: number) => z.string().min(1).max(max).optional();

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
          ORPHAN_REASON_CODES as [OrphanReasonCode, ...OrphanReasonCode[]],
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

const auditFilterSchema = z.object({
  entityRef: optionalText(255),
  actor: optionalText(255),
  action: optionalText(64),
  from: isoTime.optional(),
  to: isoTime.optional(),
});
const auditPageSchema = auditFilterSchema.extend({
  offset: int(0, 10_000_000, 0),
  limit: int(1, 500, 50),
});

const verificationBodySchema = z
  .object({ comment: z.string().max(1000).optional() })
  .strict();

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
  return {
    ...query,
    reasons: query.reason,
    owner: normalizeOwner(query.owner),
  };
}

/** The HTTP API of the ownership backend. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, resolver, verification, reports, audit } = options;
  const router = Router();
  router.use(express.json({ limit: '16kb' }));

  const readCredentials = (req: Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const entityRefFromPath = (req: Request) =>
    stringifyEntityRef(parse(entityPathSchema, req.params, 'path parameter'));

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/entities/:kind/:namespace/:name/ownership', async (req, res) => {
    const credentials = await readCredentials(req);
    res.json(
      await resolver.getEntityOwnership(entityRefFromPath(req), credentials),
    );
  });

  router.post(
    '/entities/:kind/:namespace/:name/verification',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, { allow: ['user'] });
      const entityRef = entityRefFromPath(req);
      const body = parse(verificationBodySchema, req.body ?? {}, 'body field');
      res.json(
        await verification.verify({
          entityRef,
          comment: body.comment?.trim() || undefined,
          credentials,
          request: req,
          correlationId: req.get('x-request-id')?.slice(0, 255) || randomUUID(),
        }),
      );
    },
  );

  router.get('/coverage', async (req, res) => {
    await readCredentials(req);
    const query = parse(
      z.object({ asOf: isoDate.optional() }),
      req.query,
      'query parameter',
    );
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

  router.get('/audit', async (req, res) => {
    const credentials = await readCredentials(req);
    const { offset, limit, ...filter } = parse(
      auditPageSchema,
      req.query,
      'query parameter',
    );
    res.json(await audit.list(filter, { offset, limit }, credentials));
  });

  router.get('/audit/export.csv', async (req, res) => {
    const credentials = await readCredentials(req);
    const filter = parse(auditFilterSchema, req.query, 'query parameter');
    const entries = await audit.export(filter, credentials, req);
    await sendCsv(
      res,
      'ownership-audit.csv',
      [
        { key: 'id', header: 'id' },
        { key: 'occurredAt', header: 'occurredAt' },
        { key: 'actor', header: 'actor' },
        { key: 'action', header: 'action' },
        { key: 'entityRef', header: 'entityRef' },
        { key: 'correlationId', header: 'correlationId' },
        { key: 'details', header: 'details' },
      ],
      entries,
      entry => ({ ...entry, details: JSON.stringify(entry.details) }),
    );
  });

  return router;
}
