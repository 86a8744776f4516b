import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import {
  ann,
  api,
  mallory,
  root,
  useTestBackend,
} from '../__testUtils__/testBackend';
import { mockCredentials } from '@backstage/backend-test-utils';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('verification routes on %p', id => {
  const env = useTestBackend(databases, id);

  describe('GET /entities/:kind/:namespace/:name/verification', () => {
    const get = (name: string, authorization: string) =>
      request(env.server)
        .get(api(`/entities/component/default/${name}/verification`))
        .set('Authorization', authorization);

    it('tells the caller whether they may verify, which the owner card leaves out', async () => {
      const canVerify = async (name: string, authorization: string) => {
        const res = await get(name, authorization);
        expect(res.status).toBe(200);
        return res.body.canVerify;
      };
      // through the permission policy
      expect(await canVerify('payments-api', ann)).toBe(true);
      expect(await canVerify('identity-web', ann)).toBe(false);
      // as an ownership admin
      expect(await canVerify('identity-web', root)).toBe(true);
      expect(await canVerify('payments-api', mallory)).toBe(false);
      // services never verify
      expect(
        await canVerify('payments-api', mockCredentials.service.header()),
      ).toBe(false);
      const card = await request(env.server)
        .get(api('/entities/component/default/payments-api/ownership'))
        .set('Authorization', ann);
      expect(card.status).toBe(200);
      expect(card.body.verification).not.toHaveProperty('canVerify');
    });

    it('answers the status the card shows, and a verification at once', async () => {
      const card = async () =>
        (
          await request(env.server)
            .get(api('/entities/component/default/payments-api/ownership'))
            .set('Authorization', ann)
        ).body.verification;
      const before = await get('payments-api', ann);
      expect(before.body).toEqual({ ...(await card()), canVerify: true });
      expect(before.body.status).toBe('never');
      await request(env.server)
        .post(api('/entities/component/default/payments-api/verification'))
        .set('Authorization', ann)
        .send({})
        .expect(200);
      const after = await get('payments-api', ann);
      expect(after.body).toMatchObject({
        status: 'verified',
        verifiedBy: 'user:default/ann',
        canVerify: true,
      });
      expect(after.body).toEqual({ ...(await card()), canVerify: true });
    });

    it('answers 404 for an entity the caller may not read or that does not exist, 401 anonymously', async () => {
      expect((await get('secret-service', mallory)).status).toBe(404);
      expect((await get('secret-service', ann)).status).toBe(200);
      const missing = await get('nope', ann);
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('component:default/nope');
      expect(
        (await get('payments-api', mockCredentials.none.header())).status,
      ).toBe(401);
    });
  });

  describe('POST /entities/:kind/:namespace/:name/verification', () => {
    const path = api('/entities/component/default/payments-api/verification');

    it('lets a member of the owning team verify, and audits it', async () => {
      env.success.mockClear();
      const res = await request(env.server)
        .post(path)
        .set('Authorization', ann)
        .set('x-request-id', 'req-123')
        .send({ comment: 'Still ours after the re-org' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'verified',
        verifiedBy: 'user:default/ann',
        periodDays: 90,
      });
      expect(Date.parse(res.body.dueAt) - Date.parse(res.body.verifiedAt)).toBe(
        90 * 24 * 3600 * 1000,
      );

      // the client's request id is kept apart; the correlation id is the server's
      const rows = await env.knex('ownership_audit_log').where({
        request_id: 'req-123',
      });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        actor: 'user:default/ann',
        action: 'verify',
        entity_ref: 'component:default/payments-api',
        teams: ' group:default/payments ',
      });
      expect(rows[0].correlation_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(rows[0].details)).toMatchObject({
        via: 'permission',
        comment: 'Still ours after the re-org',
        periodDays: 90,
      });
      expect(env.auditor.createEvent).toHaveBeenCalledWith(
        expect.objectContaining({
          eventId: 'verify',
          severityLevel: 'medium',
          meta: expect.objectContaining({
            entityRef: 'component:default/payments-api',
          }),
        }),
      );
      expect(env.success).toHaveBeenCalled();

      const ownership = await request(env.server)
        .get(api('/entities/component/default/payments-api/ownership'))
        .set('Authorization', ann);
      expect(ownership.body.verification).toMatchObject({
        status: 'verified',
        verifiedBy: 'user:default/ann',
      });
    });

    it('lets ownership admins verify anything', async () => {
      const res = await request(env.server)
        .post(api('/entities/component/default/ghost-service/verification'))
        .set('Authorization', root)
        .send({});
      expect(res.status).toBe(200);
      const [row] = await env.knex('ownership_audit_log').where({
        entity_ref: 'component:default/ghost-service',
      });
      expect(row.actor).toBe('user:default/root');
      expect(JSON.parse(row.details).via).toBe('admin');
      expect(row.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('denies others, without writing', async () => {
      env.fail.mockClear();
      const before = await env.knex('ownership_audit_log').count({ n: '*' });
      const res = await request(env.server)
        .post(path)
        .set('Authorization', mallory)
        .send({});
      expect(res.status).toBe(403);
      expect(env.fail).toHaveBeenCalled();
      const service = await request(env.server)
        .post(path)
        .set('Authorization', mockCredentials.service.header())
        .send({});
      expect(service.status).toBe(403);
      const after = await env.knex('ownership_audit_log').count({ n: '*' });
      expect(Number(after[0].n)).toBe(Number(before[0].n));
    });

    it('validates the body and the entity', async () => {
      const long = await request(env.server)
        .post(path)
        .set('Authorization', ann)
        .send({ comment: 'x'.repeat(1001) });
      expect(long.status).toBe(400);
      expect(long.body.error.message).toMatch(/body field 'comment'/);
      const extra = await request(env.server)
        .post(path)
        .set('Authorization', ann)
        .send({ comment: 'ok', verifiedBy: 'user:default/someone-else' });
      expect(extra.status).toBe(400);
      const missing = await request(env.server)
        .post(api('/entities/component/default/nope/verification'))
        .set('Authorization', ann)
        .send({});
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('component:default/nope');
    });

    it('keeps the audit trail append-only in the database', async () => {
      await env.knex('ownership_audit_log').insert({
        occurred_at: new Date(),
        actor: 'user:default/someone',
        action: 'test',
        details: '{}',
        correlation_id: 'append-only-test',
      });
      // Compared by message: with jest's module cache, better-sqlite3's
      // errors can come from another test file's realm and fail toThrow.
      const failure = (query: Promise<unknown>) =>
        query.then(
          () => 'no error',
          (error: Error) => error.message,
        );
      expect(
        await failure(
          env
            .knex('ownership_audit_log')
            .update({ actor: 'user:default/mallory' }),
        ),
      ).toMatch(/append-only/);
      expect(await failure(env.knex('ownership_audit_log').delete())).toMatch(
        /append-only/,
      );
    });
  });
});
