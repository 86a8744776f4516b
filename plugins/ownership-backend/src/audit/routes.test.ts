import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { ann, api, root, useTestBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('audit routes on %p', id => {
  const env = useTestBackend(databases, id);

  beforeAll(async () => {
    // verifications to read back
    await request(env.server)
      .post(api('/entities/component/default/ghost-service/verification'))
      .set('Authorization', root)
      .send({});
    await request(env.server)
      .post(api('/entities/component/default/payments-api/verification'))
      .set('Authorization', ann)
      .send({});
  });

  describe('GET /audit', () => {
    it('lists and filters the trail for those allowed', async () => {
      const res = await request(env.server)
        .get(api('/audit?actor=user:default/ann&limit=10'))
        .set('Authorization', root);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ offset: 0, limit: 10 });
      expect(res.body.totalCount).toBeGreaterThanOrEqual(1);
      expect(
        res.body.items.every(
          (i: { actor: string }) => i.actor === 'user:default/ann',
        ),
      ).toBe(true);
      expect(res.body.items[0]).toMatchObject({
        action: 'verify',
        entityRef: 'component:default/payments-api',
        details: expect.objectContaining({ via: 'permission' }),
      });
      const future = await request(env.server)
        .get(api('/audit?from=2999-01-01'))
        .set('Authorization', root);
      expect(future.body).toMatchObject({ items: [], totalCount: 0 });
    });

    it('refuses service tokens, whatever permissions they carry', async () => {
      // an unrestricted service token is granted every permission, so the
      // routes refuse the principal type itself
      for (const path of ['/audit', '/audit/export.csv', '/audit/integrity']) {
        const res = await request(env.server)
          .get(api(path))
          .set('Authorization', mockCredentials.service.header());
        expect(res.status).toBe(403);
      }
    });

    it('denies callers without ownership.audit.read', async () => {
      const res = await request(env.server)
        .get(api('/audit'))
        .set('Authorization', ann);
      expect(res.status).toBe(403);
      const csv = await request(env.server)
        .get(api('/audit/export.csv'))
        .set('Authorization', ann);
      expect(csv.status).toBe(403);
    });

    it.each([
      ['limit=501', 'limit'],
      ['offset=-1', 'offset'],
      ['from=yesterday', 'from'],
    ])('answers 400 for %s naming %s', async (query, param) => {
      const res = await request(env.server)
        .get(api(`/audit?${query}`))
        .set('Authorization', root);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(`'${param}'`);
    });

    it('exports CSV', async () => {
      const res = await request(env.server)
        .get(api('/audit/export.csv'))
        .set('Authorization', root);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const lines = res.text.trim().split('\n');
      expect(lines[0]).toBe(
        'id,occurredAt,actor,action,entityRef,teams,correlationId,requestId,details',
      );
      expect(lines.length).toBeGreaterThanOrEqual(3);
      const team = await request(env.server)
        .get(api('/audit/export.csv?team=payments'))
        .set('Authorization', root);
      expect(team.text.trim().split('\n').slice(1)).toEqual([
        expect.stringContaining(
          'component:default/payments-api,group:default/payments,',
        ),
      ]);
    });

    it('filters by team', async () => {
      const res = await request(env.server)
        .get(api('/audit?team=group:default/payments'))
        .set('Authorization', root);
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/payments-api',
          teams: ['group:default/payments'],
        }),
      ]);
      const ghosts = await request(env.server)
        .get(api('/audit?team=ghosts'))
        .set('Authorization', root);
      expect(ghosts.body.items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/ghost-service',
        }),
      ]);
      const bad = await request(env.server)
        .get(api('/audit?team=user:default/ann'))
        .set('Authorization', root);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'team'");
    });
  });

  describe('GET /audit/integrity', () => {
    it('says whether the hash chain is intact, for those allowed', async () => {
      const denied = await request(env.server)
        .get(api('/audit/integrity'))
        .set('Authorization', ann);
      expect(denied.status).toBe(403);

      const res = await request(env.server)
        .get(api('/audit/integrity'))
        .set('Authorization', root);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        intact: true,
        checked: 2,
        checkedAt: expect.any(String),
      });

      // a change behind the append-only trigger's back
      const [first] = await env
        .knex('ownership_audit_log')
        .orderBy('id')
        .pluck('id');
      if (id.startsWith('POSTGRES')) {
        await env.knex.raw(
          'ALTER TABLE ownership_audit_log DISABLE TRIGGER ownership_audit_log_append_only',
        );
      } else {
        await env.knex.raw('DROP TRIGGER ownership_audit_log_no_update');
      }
      await env
        .knex('ownership_audit_log')
        .where('id', first)
        .update({ actor: 'user:default/mallory' });
      const broken = await request(env.server)
        .get(api('/audit/integrity'))
        .set('Authorization', root);
      expect(broken.body).toMatchObject({
        intact: false,
        checked: 1,
        firstBrokenId: String(first),
      });
    });
  });
});
