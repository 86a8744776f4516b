import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { randomUUID } from 'node:crypto';
import { VerificationRequest } from '@service-ownership/plugin-ownership-common';
import { z } from 'zod';
import { entityRefFromPath, parse, requestSchema } from '../lib/validation';
import { VerificationService } from './VerificationService';

const verificationBodySchema = requestSchema<VerificationRequest>()(
  z.object({ comment: z.string().max(1000).optional() }).strict(),
);

/** GET and POST /entities/:kind/:namespace/:name/verification. */
export function createVerificationRoutes(options: {
  httpAuth: HttpAuthService;
  verification: VerificationService;
}): express.Router {
  const { httpAuth, verification } = options;
  const router = Router();
  router.get(
    '/entities/:kind/:namespace/:name/verification',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(
        await verification.getStatusForCaller(
          entityRefFromPath(req),
          credentials,
        ),
      );
    },
  );
  router.post(
    '/entities/:kind/:namespace/:name/verification',
    express.json({ limit: '16kb' }),
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
          // the client's request id is kept, never trusted as the correlation id
          correlationId: randomUUID(),
          requestId: req.get('x-request-id')?.slice(0, 255) || undefined,
        }),
      );
    },
  );

  return router;
}
