import { mockCredentials } from '@backstage/backend-test-utils';
import {
  HandoffConflictBody,
  HandoffDetails,
} from '@service-ownership/plugin-ownership-common';
import createKnex, { Knex } from 'knex';
import { Server } from 'node:http';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { api } from '../__testUtils__/testBackend';
import {
  header,
  startHandoffsBackend,
  users,
} from './__testUtils__/handoffsBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

const ENTITY = 'component:default/payments-api';
const entityPath = (ref: string) => {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return api(`/entities/${kind}/${namespace}/${name}/handoffs`);
};

describe.each(databases.eachSupportedId())('handoff routes on %p', id => {
  let knex: Knex;
  let server: Server;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    knex = await databases.init(id);
    ({ server, stop } = await startHandoffsBackend(knex));
  });
  afterAll(async () => {
    await stop?.();
  });

  const as = (user: string) => ({
    get: (path: string) =>
      request(server).get(path).set('Authorization', header(user)),
    post: (path: string, body: object) =>
      request(server).post(path).set('Authorization', header(user)).send(body),
    put: (path: string, body: object) =>
      request(server).put(path).set('Authorization', header(user)).send(body),
  });
  const admin = as(users.admin);

  async function current(
    entityRef: string,
  ): Promise<HandoffDetails | undefined> {
    const res = await admin.get(entityPath(entityRef));
    expect(res.status).toBe(200);
    return res.body.current;
  }

  /** Closes any open handoff of the entity, then starts one as admin. */
  async function fresh(
    entityRef = ENTITY,
    body: object = { toTeam: 'group:default/checkout' },
  ): Promise<HandoffDetails> {
    const open = await current(entityRef);
    if (open) {
      const closed = await admin.post(api(`/handoffs/${open.id}/transitions`), {
        version: open.version,
        action: 'force-close',
        reason: 'test reset',
      });
      expect(closed.status).toBe(200);
    }
    const res = await admin.post(entityPath(entityRef), body);
    expect(res.status).toBe(201);
    return res.body;
  }

  async function transition(
    h: HandoffDetails,
    action: string,
    user: string = users.admin,
    extra: object = {},
  ) {
    return as(user).post(api(`/handoffs/${h.id}/transitions`), {
      version: h.version,
      action,
      ...extra,
    });
  }

  async function check(
    h: HandoffDetails,
    item: string,
    user: string = users.admin,
    extra: object = { done: true },
  ) {
    return as(user).put(api(`/handoffs/${h.id}/checklist/${item}`), {
      version: h.version,
      ...extra,
    });
  }

  /** A fresh handoff moved to validation with every item done (as admin). */
  async function atValidation(entityRef = ENTITY): Promise<HandoffDetails> {
    let h = await fresh(entityRef);
    for (const item of h.checklist) {
      const res = await check(h, item.id, users.admin, {
        done: true,
        justification: 'checked by hand in the test',
      });
      expect(res.status).toBe(200);
      h = res.body;
    }
    for (let i = 0; i < 4; i++) {
      const res = await transition(h, 'advance');
      expect(res.status).toBe(200);
      h = res.body;
    }
    expect(h.state).toBe('validation');
    return h;
  }

  async function auditRows(action: string, handoffId?: string) {
    const rows = await knex('ownership_audit_log')
      .where({ action })
      .orderBy('id');
    return rows.filter(
      r => !handoffId || JSON.parse(r.details).handoffId === handoffId,
    );
  }

  describe('starting', () => {
    it('starts a handoff, audits it and refuses a second open one', async () => {
      const open = await current(ENTITY);
      if (open) {
        await transition(open, 'force-close', users.admin, { reason: 'reset' });
      }
      const res = await as(users.owner)
        .post(entityPath(ENTITY), {
          toTeam: 'checkout',
          reason: 'Checkout takes over payments',
        })
        .set('x-request-id', 'client-request-1');
      expect(res.status).toBe(201);
      const h: HandoffDetails = res.body;
      expect(h).toMatchObject({
        entityRef: ENTITY,
        fromTeam: 'group:default/payments',
        toTeam: 'group:default/checkout',
        state: 'initiated',
        version: 1,
        shadowDays: 0,
        initiatedBy: users.owner,
      });
      expect(h.checklist.map(i => i.id)).toContain('security-review');
      expect(h.checklist).toHaveLength(10);
      expect(h.schedule[0]).toMatchObject({ state: 'initiated' });
      expect(h.evidence['documentation-updated']).toMatchObject({
        satisfied: false,
      });
      expect(h.actions.find(a => a.action === 'advance')).toMatchObject({
        allowed: true,
        guards: [],
      });
      expect(h.actions.find(a => a.action === 'force-close')).toMatchObject({
        allowed: false,
        denied: expect.stringContaining('ownership admins'),
      });

      const [row] = await auditRows('handoff-start', h.id);
      expect(row).toMatchObject({ actor: users.owner, entity_ref: ENTITY });
      expect(row.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.correlation_id).not.toBe('client-request-1');
      expect(JSON.parse(row.details)).toMatchObject({
        handoffId: h.id,
        toState: 'initiated',
        reason: 'Checkout takes over payments',
        via: 'permission',
      });

      const again = await as(users.owner).post(entityPath(ENTITY), {
        toTeam: 'group:default/sre',
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toContain(h.id);

      const entity = await as(users.owner).get(entityPath(ENTITY));
      expect(entity.body).toMatchObject({
        entityRef: ENTITY,
        current: { id: h.id },
        canStart: false,
        startDenied: expect.stringContaining('already has an open handoff'),
      });
      expect(entity.body.history.map((x: { id: string }) => x.id)).toContain(
        h.id,
      );
    });

    it('lets exactly one of two concurrent starts succeed', async () => {
      const open = await current('component:default/payments-batch');
      if (open) {
        await transition(open, 'force-close', users.admin, { reason: 'reset' });
      }
      const results = await Promise.all(
        ['group:default/checkout', 'group:default/sre'].map(toTeam =>
          as(users.owner).post(entityPath('component:default/payments-batch'), {
            toTeam,
          }),
        ),
      );
      expect(results.map(r => r.status).sort()).toEqual([201, 409]);
      const rows = await knex('ownership_handoffs').where({
        open_entity_ref: 'component:default/payments-batch',
      });
      expect(rows).toHaveLength(1);
    });

    it('lets the transfer target of an expired feature ownership start one', async () => {
      const res = await as(users.transferTarget).post(
        entityPath('component:default/feature-y'),
        { toTeam: 'group:default/identity' },
      );
      expect(res.status).toBe(201);
      const [row] = await auditRows('handoff-start', res.body.id);
      expect(JSON.parse(row.details).via).toBe('transfer-target');
      // not before the ownership expires, and only to the transfer target
      const early = await as(users.transferTarget).post(
        entityPath('component:default/feature-z'),
        { toTeam: 'group:default/identity' },
      );
      expect(early.status).toBe(403);
    });

    it('validates the body', async () => {
      const cases: Array<[object, number, RegExp]> = [
        [{ toTeam: 'checkout', owner: 'x' }, 400, /'owner'|Unrecognized/],
        [{}, 400, /'toTeam'/],
        [{ toTeam: 'checkout', shadowDays: 999 }, 400, /shadowDays/],
        [
          { toTeam: 'checkout', reverseShadowDays: 1.5 },
          400,
          /reverseShadowDays/,
        ],
        [{ toTeam: 'group:default/nope' }, 400, /toTeam.*not found/],
        [{ toTeam: 'user:default/ann' }, 400, /toTeam/],
        [{ toTeam: 'payments' }, 400, /already owns/],
      ];
      for (const [body, status, message] of cases) {
        const res = await as(users.owner).post(
          entityPath('component:default/payments-web'),
          body,
        );
        expect({ body, status: res.status }).toEqual({ body, status });
        expect(res.body.error.message).toMatch(message);
      }
      const missing = await as(users.owner).post(
        entityPath('component:default/nope'),
        { toTeam: 'checkout' },
      );
      expect(missing.status).toBe(404);
    });

    it.each([
      ['owner', users.owner, 201],
      ['child-team member', users.child, 201],
      ['receiving-team member', users.receiving, 403],
      ['RACI accountable', users.accountable, 403],
      ['admin', users.admin, 201],
      ['unrelated user', users.unrelated, 403],
    ])('answers start by the %s with %p', async (_role, user, status) => {
      const open = await current(ENTITY);
      if (open) {
        await transition(open, 'force-close', users.admin, { reason: 'reset' });
      }
      const denied = (await auditRows('handoff-denied')).length;
      const res = await as(user).post(entityPath(ENTITY), {
        toTeam: 'group:default/checkout',
      });
      const deniedAfter = (await auditRows('handoff-denied')).length;
      const namesOwners = expect.stringContaining(
        'Only members of group:default/payments or its child teams',
      );
      expect({
        status: res.status,
        message: res.body.error?.message,
        audited: deniedAfter - denied,
      }).toEqual({
        status,
        message: status === 403 ? namesOwners : undefined,
        audited: status === 403 ? 1 : 0,
      });
    });

    it('answers anonymous writes with 401 and hides entities the caller may not read', async () => {
      const none = mockCredentials.none.header();
      for (const [method, path] of [
        ['post', entityPath(ENTITY)],
        ['post', api('/handoffs/reorganisations')],
        ['post', api('/handoffs/x/transitions')],
        ['put', api('/handoffs/x/checklist/y')],
        ['get', api('/handoffs')],
        ['get', entityPath(ENTITY)],
      ] as const) {
        const res = await request(server)
          [method](path)
          .set('Authorization', none)
          .send({});
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
      const secret = await fresh('component:default/payments-secret');
      const hidden = await as(users.unrelated).get(
        api(`/handoffs/${secret.id}`),
      );
      expect(hidden.status).toBe(404);
      const shown = await as(users.owner).get(api(`/handoffs/${secret.id}`));
      expect(shown.status).toBe(200);
    });
  });

  describe('permission matrix', () => {
    const roles = [
      ['owner', users.owner],
      ['child-team member', users.child],
      ['receiving-team member', users.receiving],
      ['RACI accountable', users.accountable],
      ['admin', users.admin],
      ['unrelated user', users.unrelated],
    ] as const;
    const expected: Record<string, Record<string, number>> = {
      'check-items': {
        owner: 200,
        'child-team member': 200,
        'receiving-team member': 200,
        'RACI accountable': 403,
        admin: 200,
        'unrelated user': 403,
      },
      advance: {
        owner: 200,
        'child-team member': 200,
        'receiving-team member': 200,
        'RACI accountable': 403,
        admin: 200,
        'unrelated user': 403,
      },
      'report-issues': {
        owner: 200,
        'child-team member': 200,
        'receiving-team member': 200,
        'RACI accountable': 403,
        admin: 200,
        'unrelated user': 403,
      },
      complete: {
        owner: 200,
        'child-team member': 200,
        'receiving-team member': 403,
        'RACI accountable': 200,
        admin: 200,
        'unrelated user': 403,
      },
      'roll-back': {
        owner: 200,
        'child-team member': 200,
        'receiving-team member': 403,
        'RACI accountable': 200,
        admin: 200,
        'unrelated user': 403,
      },
      'force-close': {
        owner: 403,
        'child-team member': 403,
        'receiving-team member': 403,
        'RACI accountable': 403,
        admin: 200,
        'unrelated user': 403,
      },
    };
    const cases = Object.entries(expected).flatMap(([action, byRole]) =>
      roles.map(([role, user]) => [action, role, user, byRole[role]] as const),
    );

    it.each(cases)('%s by the %s', async (action, _role, user, status) => {
      const needsValidation =
        action === 'complete' || action === 'report-issues';
      const h = needsValidation ? await atValidation() : await fresh();
      const res =
        action === 'check-items'
          ? await check(h, 'runbooks-reviewed', user)
          : await transition(h, action, user, {
              reason: 'because',
              issues: 'paging did not reach the new team',
            });
      const denied = await auditRows('handoff-denied', h.id);
      const onlyMessage = expect.stringMatching(/^Only /);
      expect({
        status: res.status,
        message: res.body.error?.message,
        version: res.body.version,
        deniedActor: denied[denied.length - 1]?.actor,
      }).toEqual(
        status === 403
          ? {
              status,
              message: onlyMessage,
              version: undefined,
              deniedActor: user,
            }
          : { status, message: undefined, version: h.version + 1 },
      );
    });

    it('names both teams when an update is denied', async () => {
      const h = await fresh();
      const res = await check(h, 'runbooks-reviewed', users.unrelated);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'Only members of group:default/payments or group:default/checkout or their child teams',
      );
      const decide = await transition(h, 'roll-back', users.receiving, {
        reason: 'x',
      });
      expect(decide.body.error.message).toContain('group:default/sre');
    });
  });

  describe('guards', () => {
    it('refuses illegal transitions with 409 naming the guard', async () => {
      let h = await fresh(ENTITY, {
        toTeam: 'group:default/checkout',
        shadowDays: 14,
      });
      const complete = await transition(h, 'complete');
      expect(complete.status).toBe(409);
      expect((complete.body as HandoffConflictBody).guards[0].code).toBe(
        'state',
      );
      h = (await transition(h, 'advance')).body;
      expect(h.state).toBe('documentation-review');
      const blocked = await transition(h, 'advance');
      expect(blocked.status).toBe(409);
      const body = blocked.body as HandoffConflictBody;
      expect(body.error.name).toBe('ConflictError');
      expect(body.guards).toEqual([
        expect.objectContaining({
          code: 'documentation-not-updated',
          message: expect.stringContaining('Documentation updated'),
        }),
      ]);
      expect(body.handoff).toMatchObject({ id: h.id, version: h.version });

      // a gated item without evidence needs a justification
      const gated = await check(h, 'documentation-updated');
      expect(gated.status).toBe(409);
      expect(gated.body.guards[0]).toMatchObject({
        code: 'evidence-missing',
        items: ['documentation-updated'],
      });
      const justified = await check(h, 'documentation-updated', users.owner, {
        done: true,
        justification: 'The docs live in the wiki',
        link: 'https://wiki.example/payments',
      });
      expect(justified.status).toBe(200);
      h = justified.body;
      const [row] = (await auditRows('handoff-checklist', h.id)).slice(-1);
      expect(JSON.parse(row.details)).toMatchObject({
        item: 'documentation-updated',
        done: true,
        justification: 'The docs live in the wiki',
        link: 'https://wiki.example/payments',
        evidence: { satisfied: false },
      });

      h = (await transition(h, 'advance')).body;
      expect(h.state).toBe('shadow-period');
      const running = await transition(h, 'advance');
      expect(running.status).toBe(409);
      expect(running.body.guards[0]).toMatchObject({
        code: 'shadow-period-running',
        message: expect.stringMatching(/runs 1[34] days/),
      });
      expect(running.body.error.message).toMatch(/shadow period runs/);
      const advance = h.actions.find(a => a.action === 'advance')!;
      expect(advance.allowed).toBe(false);
      expect(advance.guards[0].code).toBe('shadow-period-running');
    });

    it('names the missing items when completion is refused', async () => {
      let h = await fresh();
      const doc = await check(h, 'documentation-updated', users.admin, {
        done: true,
        justification: 'wiki',
      });
      h = doc.body;
      for (let i = 0; i < 4; i++) {
        h = (await transition(h, 'advance')).body;
      }
      expect(h.state).toBe('validation');
      const res = await transition(h, 'complete');
      expect(res.status).toBe(409);
      expect(res.body.guards[0]).toMatchObject({
        code: 'checklist-incomplete',
        items: expect.arrayContaining(['runbooks-reviewed', 'security-review']),
      });
      expect(res.body.error.message).toContain('Runbooks reviewed');
      const noReason = await transition(h, 'roll-back', users.admin, {});
      expect(noReason.status).toBe(409);
      expect(noReason.body.guards[0].code).toBe('reason-required');
    });

    it('answers a stale version with 409 and the current handoff', async () => {
      const h = await fresh();
      const first = await check(h, 'runbooks-reviewed');
      expect(first.status).toBe(200);
      const stale = await check(h, 'architecture-walkthrough');
      expect(stale.status).toBe(409);
      expect(stale.body.handoff.version).toBe(h.version + 1);
      expect(stale.body.guards).toEqual([]);
      expect(stale.body.error.message).toMatch(/changed since version 1/);
    });

    it('validates transition and checklist bodies', async () => {
      const h = await fresh();
      const cases: Array<[string, object, RegExp]> = [
        ['transitions', { version: 1, action: 'explode' }, /'action'/],
        ['transitions', { action: 'advance' }, /'version'/],
        ['transitions', { version: 1, action: 'advance', by: 'x' }, /by/],
        ['checklist/runbooks-reviewed', { version: 1, done: 'yes' }, /'done'/],
        [
          'checklist/runbooks-reviewed',
          { version: 1, done: true, link: 'ftp://files.example/runbook' },
          /'link'/,
        ],
        [
          'checklist/runbooks-reviewed',
          { version: 1, done: true, comment: 'x'.repeat(2001) },
          /'comment'/,
        ],
      ];
      for (const [path, body, message] of cases) {
        const res = await (path === 'transitions'
          ? admin.post(api(`/handoffs/${h.id}/${path}`), body)
          : admin.put(api(`/handoffs/${h.id}/${path}`), body));
        expect({ path, body, status: res.status }).toEqual({
          path,
          body,
          status: 400,
        });
        expect(res.body.error.message).toMatch(message);
      }
      const unknownItem = await check(h, 'no-such-item');
      expect(unknownItem.status).toBe(404);
      const unknown = await admin.get(api('/handoffs/no-such-id'));
      expect(unknown.status).toBe(404);
    });
  });

  describe('completion', () => {
    it('completes with a patch for catalog-info.yaml', async () => {
      let h = await atValidation('component:default/payments-docs');
      const res = await transition(h, 'complete', users.owner);
      expect(res.status).toBe(200);
      h = res.body;
      expect(h.state).toBe('completed');
      expect(h.actions).toEqual([]);
      expect(h.patch).toMatchObject({
        applied: false,
        editUrl:
          'https://git.example/payments/docs/edit/main/catalog-info.yaml',
      });
      expect(h.patch!.diff).toContain('-  owner: group:default/payments');
      expect(h.patch!.diff).toContain('+  owner: group:default/checkout');
      expect(h.patch!.diff).toContain('+    primary: group:default/checkout');
      expect(h.evidence['documentation-updated']).toMatchObject({
        satisfied: true,
        detail: expect.stringContaining('dir:.'),
      });
      expect(h.evidence['dependencies-documented'].satisfied).toBe(true);
      const entity = await admin.get(
        entityPath('component:default/payments-docs'),
      );
      expect(entity.body.canStart).toBe(true);
      expect(entity.body.lastCompleted).toMatchObject({ id: h.id });
      const row = await knex('ownership_handoffs').where({ id: h.id }).first();
      expect(row.open_entity_ref).toBeNull();
    });

    it('reports issues back to the shadow period', async () => {
      const h = await atValidation();
      const res = await transition(h, 'report-issues', users.receiving, {
        issues: 'Alerts still page the old team',
      });
      expect(res.status).toBe(200);
      expect(res.body.state).toBe('shadow-period');
      expect(res.body.issues).toEqual([
        expect.objectContaining({
          by: users.receiving,
          description: 'Alerts still page the old team',
        }),
      ]);
      const empty = await transition(res.body, 'report-issues', users.admin, {
        issues: '',
      });
      expect(empty.status).toBe(409);
    });
  });

  describe('reorganisations', () => {
    const refs = [
      'component:default/payments-web',
      'component:default/payments-jobs',
    ];

    it('starts all or nothing', async () => {
      for (const ref of [...refs, 'component:default/payments-batch']) {
        const open = await current(ref);
        if (open) {
          await transition(open, 'force-close', users.admin, { reason: 'r' });
        }
      }
      const before = await knex('ownership_handoffs').count({ n: '*' });
      const mixed = await as(users.owner).post(
        api('/handoffs/reorganisations'),
        {
          entityRefs: [...refs, 'component:default/payments-ledger'],
          toTeam: 'checkout',
        },
      );
      expect(mixed.status).toBe(400);
      expect(mixed.body.error.message).toContain(
        'component:default/payments-ledger',
      );
      const missing = await as(users.owner).post(
        api('/handoffs/reorganisations'),
        { entityRefs: [...refs, 'component:default/nope'], toTeam: 'checkout' },
      );
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('component:default/nope');
      const after = await knex('ownership_handoffs').count({ n: '*' });
      expect(Number(after[0].n)).toBe(Number(before[0].n));

      const res = await as(users.owner).post(api('/handoffs/reorganisations'), {
        entityRefs: refs,
        toTeam: 'group:default/checkout',
        reason: 'Team split',
      });
      expect(res.status).toBe(201);
      expect(res.body.handoffs).toHaveLength(2);
      for (const h of res.body.handoffs) {
        expect(h.reorganisationId).toBe(res.body.reorganisationId);
      }

      // one of them already open: nothing is started
      await fresh('component:default/payments-batch');
      const conflict = await as(users.owner).post(
        api('/handoffs/reorganisations'),
        {
          entityRefs: [
            'component:default/payments-batch',
            'component:default/payments-public'.replace('component', 'api'),
          ],
          toTeam: 'checkout',
        },
      );
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.message).toContain(
        'component:default/payments-batch',
      );
      expect(await current('api:default/payments-public')).toBeUndefined();
      const dup = await as(users.owner).post(api('/handoffs/reorganisations'), {
        entityRefs: [refs[0], refs[0]],
        toTeam: 'checkout',
      });
      expect(dup.status).toBe(400);
      expect(dup.body.error.message).toContain("'entityRefs'");
    });
  });

  describe('lists and metrics', () => {
    it('lists handoffs with filters and a per-team summary', async () => {
      const all = await admin.get(api('/handoffs?limit=200'));
      expect(all.status).toBe(200);
      expect(all.body.totalCount).toBeGreaterThan(3);
      const open = await admin.get(
        api('/handoffs?state=open&team=group:default/checkout&limit=200'),
      );
      for (const item of open.body.items) {
        expect(item.closedAt).toBeUndefined();
        expect([item.fromTeam, item.toTeam]).toContain(
          'group:default/checkout',
        );
      }
      const checkout = open.body.teams.find(
        (t: { team: string }) => t.team === 'group:default/checkout',
      );
      expect(checkout.openIncoming).toBe(open.body.totalCount);
      const payments = all.body.teams.find(
        (t: { team: string }) => t.team === 'group:default/payments',
      );
      expect(payments).toMatchObject({ teamTitle: 'Payments' });
      expect(payments.completed).toBeGreaterThanOrEqual(1);
      const item = all.body.items.find(
        (i: { entityRef: string }) => i.entityRef === ENTITY,
      );
      expect(item).toMatchObject({ checklistTotal: 10 });
      const bad = await admin.get(api('/handoffs?state=done'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'state'");
      const unknown = await admin.get(api('/handoffs?colour=red'));
      expect(unknown.status).toBe(400);
      const overdue = await admin.get(api('/handoffs?overdue=true'));
      expect(overdue.status).toBe(200);
    });

    it('serves success rate and median duration', async () => {
      const res = await admin.get(api('/handoffs/metrics?days=30'));
      expect(res.status).toBe(200);
      expect(res.body.overall.completed).toBeGreaterThanOrEqual(1);
      expect(res.body.overall.rolledBack).toBeGreaterThanOrEqual(1);
      expect(res.body.overall.successRate).toBeGreaterThan(0);
      expect(res.body.overall.medianDurationDays).toBeGreaterThanOrEqual(0);
      const payments = res.body.teams.find(
        (t: { team: string }) => t.team === 'group:default/payments',
      );
      expect(payments.completed).toBeGreaterThanOrEqual(1);
      const bad = await admin.get(api('/handoffs/metrics?days=0'));
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain("'days'");
    });
  });

  describe('reliability', () => {
    it('keeps every accepted write of 50 concurrent writers, refusing the rest', async () => {
      const h = await fresh('component:default/payments-web');
      const items = h.checklist.map(i => i.id);
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const read = await admin.get(api(`/handoffs/${h.id}`));
          const res = await check(
            read.body,
            items[i % items.length],
            users.admin,
            {
              done: true,
              justification: `writer ${i}`,
              comment: `writer ${i}`,
            },
          );
          return { i, res };
        }),
      );
      const accepted = results.filter(r => r.res.status === 200);
      const refused = results.filter(r => r.res.status === 409);
      expect(accepted.length + refused.length).toBe(50);
      expect(accepted.length).toBeGreaterThanOrEqual(1);
      const versions = accepted
        .map(r => r.res.body.version)
        .sort((a, b) => a - b);
      expect(versions).toEqual(
        Array.from({ length: accepted.length }, (_, k) => h.version + 1 + k),
      );
      const final = (await admin.get(api(`/handoffs/${h.id}`))).body;
      expect(final.version).toBe(h.version + accepted.length);
      expect(await auditRows('handoff-checklist', h.id)).toHaveLength(
        accepted.length,
      );
      // the last accepted write to each item is what the item holds
      for (const item of items) {
        const last = accepted
          .filter(r => items[r.i % items.length] === item)
          .sort((a, b) => b.res.body.version - a.res.body.version)[0];
        const stored = final.checklist.find(
          (c: { id: string }) => c.id === item,
        );
        expect(stored.comment).toBe(last ? `writer ${last.i}` : undefined);
      }
    });

    it('loses nothing when the backend restarts mid-handoff', async () => {
      let h = await fresh('component:default/payments-jobs');
      h = (await check(h, 'runbooks-reviewed')).body;
      h = (await transition(h, 'advance')).body;
      await stop();
      ({ server, stop } = await startHandoffsBackend(knex, { refresh: false }));
      const after = await admin.get(api(`/handoffs/${h.id}`));
      expect(after.status).toBe(200);
      expect(after.body).toMatchObject({
        state: 'documentation-review',
        version: h.version,
      });
      expect(
        after.body.checklist.find(
          (c: { id: string }) => c.id === 'runbooks-reviewed',
        ),
      ).toMatchObject({ done: true, doneBy: users.admin });
      const next = await transition(after.body, 'roll-back', users.owner, {
        reason: 'restart test done',
      });
      expect(next.status).toBe(200);
      expect(next.body.version).toBe(h.version + 1);
    });
  });
});

describe.each(databases.eachSupportedId())(
  'two replicas on one %p database',
  id => {
    const backends: Array<Awaited<ReturnType<typeof startHandoffsBackend>>> =
      [];
    let primary: Knex;
    let second: Knex;

    beforeAll(async () => {
      primary = await databases.init(id);
      // PostgreSQL: a second connection pool to the same database, as a
      // second replica has; an in-memory SQLite database has one connection
      second = id.startsWith('POSTGRES')
        ? createKnex({
            client: 'pg',
            connection: primary.client.config.connection,
          })
        : primary;
      backends.push(await startHandoffsBackend(primary));
      backends.push(await startHandoffsBackend(second, { refresh: false }));
    });
    afterAll(async () => {
      for (const b of backends) {
        await b.stop();
      }
      if (second && second !== primary) {
        await second.destroy();
      }
    });

    const replica = (i: number) => backends[i % backends.length].server;

    it('keeps the guarantees with writes spread over both replicas', async () => {
      const starts = await Promise.all(
        [0, 1].map(i =>
          request(replica(i))
            .post(entityPath('component:default/payments-web'))
            .set('Authorization', header(users.owner))
            .send({ toTeam: 'group:default/checkout' }),
        ),
      );
      expect(starts.map(r => r.status).sort()).toEqual([201, 409]);
      const h: HandoffDetails = starts.find(r => r.status === 201)!.body;
      const items = h.checklist.map(i => i.id);
      const results = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const read = await request(replica(i))
            .get(api(`/handoffs/${h.id}`))
            .set('Authorization', header(users.owner));
          return request(replica(i + 1))
            .put(api(`/handoffs/${h.id}/checklist/${items[i % items.length]}`))
            .set('Authorization', header(users.owner))
            .send({
              version: read.body.version,
              done: true,
              justification: `replica writer ${i}`,
            });
        }),
      );
      const accepted = results.filter(r => r.status === 200);
      expect(
        accepted.length + results.filter(r => r.status === 409).length,
      ).toBe(50);
      const versions = accepted.map(r => r.body.version).sort((a, b) => a - b);
      expect(versions).toEqual(
        Array.from({ length: accepted.length }, (_, k) => h.version + 1 + k),
      );
      const final = await request(replica(0))
        .get(api(`/handoffs/${h.id}`))
        .set('Authorization', header(users.owner));
      expect(final.body.version).toBe(h.version + accepted.length);
      const audit = await primary('ownership_audit_log').where({
        action: 'handoff-checklist',
      });
      expect(
        audit.filter(r => JSON.parse(r.details).handoffId === h.id),
      ).toHaveLength(accepted.length);
    });
  },
);
