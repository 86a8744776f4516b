import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { OwnershipClient } from './OwnershipClient';
import { HandoffConflictError } from './OwnershipApi';

const baseUrl = 'http://localhost:7007/api/ownership';

describe('OwnershipClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new OwnershipClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi(),
  });

  it('fetches the ownership of an entity by its ref', async () => {
    server.use(
      rest.get(
        `${baseUrl}/entities/component/default/payments/ownership`,
        (_req, res, ctx) =>
          res(
            ctx.json({
              entityRef: 'component:default/payments',
              hasOwnershipBlock: false,
            }),
          ),
      ),
    );

    await expect(
      client.getEntityOwnership('Component:default/payments'),
    ).resolves.toMatchObject({ entityRef: 'component:default/payments' });
  });

  it('encodes the parts of compound refs', async () => {
    let path = '';
    server.use(
      rest.get(`${baseUrl}/entities/*`, (req, res, ctx) => {
        path = req.url.pathname;
        return res(ctx.json({}));
      }),
    );

    await client.getEntityOwnership({
      kind: 'API',
      namespace: 'team a',
      name: 'pay/ments',
    });
    expect(path).toBe(
      '/api/ownership/entities/api/team%20a/pay%2Fments/ownership',
    );
  });

  it('turns error responses into ResponseErrors', async () => {
    server.use(
      rest.get(`${baseUrl}/entities/*`, (_req, res, ctx) =>
        res(
          ctx.status(404),
          ctx.json({
            error: { name: 'NotFoundError', message: 'No such entity' },
            request: { method: 'GET', url: '/entities' },
            response: { statusCode: 404 },
          }),
        ),
      ),
    );

    const error = await client
      .getEntityOwnership('component:default/missing')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('No such entity');
  });

  it('posts a verification with and without a comment', async () => {
    const bodies: unknown[] = [];
    server.use(
      rest.post(
        `${baseUrl}/entities/component/default/payments/verification`,
        async (req, res, ctx) => {
          bodies.push(await req.json());
          return res(
            ctx.json({
              status: 'verified',
              verifiedAt: '2025-01-01T00:00:00Z',
              periodDays: 90,
            }),
          );
        },
      ),
    );

    await expect(
      client.verifyOwnership('component:default/payments'),
    ).resolves.toMatchObject({ status: 'verified' });
    await client.verifyOwnership('component:default/payments', {
      comment: 'Still ours',
    });
    expect(bodies).toEqual([{}, { comment: 'Still ours' }]);
  });

  it('asks whether the caller may verify, with a GET on the verification', async () => {
    const methods: string[] = [];
    server.use(
      rest.get(
        `${baseUrl}/entities/component/default/payments/verification`,
        (req, res, ctx) => {
          methods.push(req.method);
          return res(
            ctx.json({ status: 'never', periodDays: 90, canVerify: true }),
          );
        },
      ),
    );

    await expect(
      client.getVerification({
        kind: 'Component',
        namespace: 'default',
        name: 'payments',
      }),
    ).resolves.toEqual({ status: 'never', periodDays: 90, canVerify: true });
    expect(methods).toEqual(['GET']);
  });

  it('surfaces a 403 on verification', async () => {
    server.use(
      rest.post(`${baseUrl}/entities/*`, (_req, res, ctx) =>
        res(
          ctx.status(403),
          ctx.json({
            error: { name: 'NotAllowedError', message: 'Not allowed' },
            request: { method: 'POST', url: '/entities' },
            response: { statusCode: 403 },
          }),
        ),
      ),
    );

    await expect(
      client.verifyOwnership('component:default/payments'),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('fetches team ownership, defaulting the kind to group', async () => {
    server.use(
      rest.get(
        `${baseUrl}/groups/default/payments/ownership`,
        (_req, res, ctx) =>
          res(ctx.json({ entityRef: 'group:default/payments', owned: [] })),
      ),
    );

    await expect(client.getTeamOwnership('payments')).resolves.toMatchObject({
      entityRef: 'group:default/payments',
    });
  });

  it('passes the team view limit', async () => {
    const seen: string[] = [];
    server.use(
      rest.get(
        `${baseUrl}/groups/default/payments/ownership`,
        (req, res, ctx) => {
          seen.push(req.url.search);
          return res(ctx.json({ entityRef: 'group:default/payments' }));
        },
      ),
    );

    await client.getTeamOwnership('group:default/payments', { limit: 20 });
    await client.getTeamOwnership('group:default/payments');
    expect(seen).toEqual(['?limit=20', '']);
  });

  it('passes asOf and days to the coverage endpoints', async () => {
    const seen: string[] = [];
    server.use(
      rest.get(`${baseUrl}/coverage`, (req, res, ctx) => {
        seen.push(req.url.search);
        return res(ctx.json({ total: 1, owned: 1, coverage: 100 }));
      }),
      rest.get(`${baseUrl}/coverage/trend`, (req, res, ctx) => {
        seen.push(req.url.search);
        return res(ctx.json({ points: [] }));
      }),
    );

    await client.getCoverage();
    await client.getCoverage({ asOf: '2025-03-01' });
    await client.getCoverageTrend({ days: 90 });
    expect(seen).toEqual(['', '?asOf=2025-03-01', '?days=90']);
  });

  it('sends paging, sorting and filters of orphans, skipping empty ones', async () => {
    let params: Record<string, string> = {};
    server.use(
      rest.get(`${baseUrl}/orphans`, (req, res, ctx) => {
        params = Object.fromEntries(req.url.searchParams.entries());
        return res(
          ctx.json({ items: [], totalCount: 0, offset: 20, limit: 10 }),
        );
      }),
    );

    await client.getOrphans({
      offset: 20,
      limit: 10,
      orderBy: 'owner',
      order: 'desc',
      reason: 'no-owner',
      severity: 'error',
      owner: 'group:default/payments',
      tier: 'tier-1',
      kind: '',
      q: 'pay',
    });
    expect(params).toEqual({
      offset: '20',
      limit: '10',
      orderBy: 'owner',
      order: 'desc',
      reason: 'no-owner',
      severity: 'error',
      owner: 'group:default/payments',
      tier: 'tier-1',
      q: 'pay',
    });
  });

  it('downloads the CSV export with the same filters', async () => {
    let search = '';
    server.use(
      rest.get(`${baseUrl}/orphans/export.csv`, (req, res, ctx) => {
        search = req.url.search;
        return res(
          ctx.set('Content-Type', 'text/csv'),
          ctx.body('entityRef,owner\ncomponent:default/a,\n'),
        );
      }),
    );

    const blob = await client.exportOrphansCsv({ tier: 'tier-1', q: 'a b' });
    expect(search).toBe('?tier=tier-1&q=a+b');
    expect(await blob.text()).toContain('component:default/a');
  });

  describe('handoffs', () => {
    const details = { id: 'h 1', state: 'initiated', version: 3 };

    it('calls every handoff route with its method, path and body', async () => {
      const seen: string[] = [];
      const record = async (req: any, res: any, ctx: any) => {
        const body =
          req.method === 'GET' ? '' : JSON.stringify(await req.json());
        seen.push(`${req.method} ${req.url.pathname}${req.url.search} ${body}`);
        return res(ctx.json(details));
      };
      server.use(
        rest.get(`${baseUrl}/*`, record),
        rest.post(`${baseUrl}/*`, record),
        rest.put(`${baseUrl}/*`, record),
      );

      await client.getEntityHandoffs('component:default/payments');
      await client.startHandoff('component:default/payments', {
        toTeam: 'group:default/search',
        shadowDays: 0,
      });
      await client.startReorganisation({
        entityRefs: ['component:default/a'],
        toTeam: 'group:default/b',
      });
      await client.getHandoff('h 1');
      await client.transitionHandoff('h 1', { version: 3, action: 'advance' });
      await client.updateHandoffChecklistItem('h 1', 'runbooks-reviewed', {
        version: 4,
        done: true,
        comment: 'read',
      });
      await client.listHandoffs({
        team: 'group:default/payments',
        state: 'open',
        overdue: true,
        offset: 0,
        limit: 20,
      });
      await client.getHandoffMetrics({ days: 90 });

      expect(seen).toEqual([
        'GET /api/ownership/entities/component/default/payments/handoffs ',
        'POST /api/ownership/entities/component/default/payments/handoffs {"toTeam":"group:default/search","shadowDays":0}',
        'POST /api/ownership/handoffs/reorganisations {"entityRefs":["component:default/a"],"toTeam":"group:default/b"}',
        'GET /api/ownership/handoffs/h%201 ',
        'POST /api/ownership/handoffs/h%201/transitions {"version":3,"action":"advance"}',
        'PUT /api/ownership/handoffs/h%201/checklist/runbooks-reviewed {"version":4,"done":true,"comment":"read"}',
        'GET /api/ownership/handoffs?team=group%3Adefault%2Fpayments&state=open&overdue=true&offset=0&limit=20 ',
        'GET /api/ownership/handoffs/metrics?days=90 ',
      ]);
    });

    it('turns a 409 with the current handoff into a HandoffConflictError', async () => {
      const guards = [
        {
          code: 'checklist-incomplete',
          message: 'Checklist items not done: Runbooks reviewed',
          items: ['runbooks-reviewed'],
        },
      ];
      server.use(
        rest.post(`${baseUrl}/handoffs/h1/transitions`, (_req, res, ctx) =>
          res(
            ctx.status(409),
            ctx.json({
              error: { name: 'ConflictError', message: 'Guards not met' },
              handoff: { ...details, version: 5 },
              guards,
            }),
          ),
        ),
      );

      const error = await client
        .transitionHandoff('h1', { version: 3, action: 'complete' })
        .catch(e => e);
      expect(HandoffConflictError.is(error)).toBe(true);
      expect(error.statusCode).toBe(409);
      expect(error.message).toBe('Guards not met');
      expect(error.handoff.version).toBe(5);
      expect(error.guards).toEqual(guards);
    });

    it('keeps a 409 without a handoff a ResponseError', async () => {
      server.use(
        rest.put(`${baseUrl}/handoffs/h1/checklist/x`, (_req, res, ctx) =>
          res(
            ctx.status(409),
            ctx.json({
              error: { name: 'ConflictError', message: 'Locked' },
              request: { method: 'PUT', url: '/handoffs' },
              response: { statusCode: 409 },
            }),
          ),
        ),
      );

      const error = await client
        .updateHandoffChecklistItem('h1', 'x', { version: 1, done: true })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(HandoffConflictError.is(error)).toBe(false);
      expect(error.cause.message).toBe('Locked');
    });
  });

  describe('audit', () => {
    it('sends the audit filters, team included, to the list and the export', async () => {
      const seen: string[] = [];
      server.use(
        rest.get(`${baseUrl}/audit`, (req, res, ctx) => {
          seen.push(req.url.search);
          return res(
            ctx.json({ items: [], totalCount: 0, offset: 0, limit: 50 }),
          );
        }),
        rest.get(`${baseUrl}/audit/export.csv`, (req, res, ctx) => {
          seen.push(req.url.search);
          return res(ctx.set('Content-Type', 'text/csv'), ctx.body('id\n1\n'));
        }),
        rest.get(`${baseUrl}/audit/integrity`, (_req, res, ctx) =>
          res(
            ctx.json({
              intact: true,
              checked: 12,
              checkedAt: '2025-03-01T00:00:00Z',
            }),
          ),
        ),
      );

      await client.getAudit({
        entityRef: 'component:default/payments',
        team: 'group:default/payments',
        actor: 'user:default/jane',
        action: 'handoff-advance',
        from: '2025-01-01',
        to: '2025-02-01',
        offset: 50,
        limit: 25,
      });
      const blob = await client.exportAuditCsv({
        team: 'group:default/payments',
        actor: '',
      });
      expect(await blob.text()).toBe('id\n1\n');
      await expect(client.getAuditIntegrity()).resolves.toMatchObject({
        intact: true,
        checked: 12,
      });
      expect(seen).toEqual([
        '?entityRef=component%3Adefault%2Fpayments&team=group%3Adefault%2Fpayments&actor=user%3Adefault%2Fjane&action=handoff-advance&from=2025-01-01&to=2025-02-01&offset=50&limit=25',
        '?team=group%3Adefault%2Fpayments',
      ]);
    });
  });

  describe('metrics', () => {
    it('calls the metrics, history and report routes with their queries', async () => {
      const seen: string[] = [];
      server.use(
        rest.get(`${baseUrl}/metrics/report.csv`, (req, res, ctx) => {
          seen.push(`${req.url.pathname}${req.url.search}`);
          return res(
            ctx.set('Content-Type', 'text/csv'),
            ctx.body('team,incidents\ngroup:default/payments,3\n'),
          );
        }),
        rest.get(`${baseUrl}/*`, (req, res, ctx) => {
          seen.push(`${req.url.pathname}${req.url.search}`);
          return res(ctx.json({ path: req.url.pathname }));
        }),
      );

      await client.getOwnershipMetrics({
        days: 30,
        team: 'group:default/payments',
        entityRef: '',
        entityLimit: 1,
      });
      await client.getOwnershipMetrics({
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
      });
      await expect(
        client.getOwnershipHistory('component:default/payments-api'),
      ).resolves.toEqual({
        path: '/api/ownership/entities/component/default/payments-api/ownership-history',
      });
      await client.getIncidentTrend({
        days: 90,
        team: 'group:default/payments',
      });
      await client.getIncidentTrend({ from: '2026-01-01', to: '2026-01-08' });
      await client.getOwnershipRecommendations({ days: 90 });
      await client.getOwnershipReport({ days: 7 });
      const blob = await client.exportOwnershipReportCsv({ days: 7 });

      expect(await blob.text()).toBe(
        'team,incidents\ngroup:default/payments,3\n',
      );
      expect(seen).toEqual([
        '/api/ownership/metrics?days=30&team=group%3Adefault%2Fpayments&entityLimit=1',
        '/api/ownership/metrics?from=2026-01-01T00%3A00%3A00.000Z&to=2026-02-01T00%3A00%3A00.000Z',
        '/api/ownership/entities/component/default/payments-api/ownership-history',
        '/api/ownership/metrics/trends?days=90&team=group%3Adefault%2Fpayments',
        '/api/ownership/metrics/trends?from=2026-01-01&to=2026-01-08',
        '/api/ownership/metrics/recommendations?days=90',
        '/api/ownership/metrics/report?days=7',
        '/api/ownership/metrics/report.csv?days=7',
      ]);
    });

    it('rejects a refused metrics query with the server message', async () => {
      server.use(
        rest.get(`${baseUrl}/metrics`, (_req, res, ctx) =>
          res(
            ctx.status(400),
            ctx.json({
              error: {
                name: 'InputError',
                message:
                  "Invalid query parameter 'days': must be one of 7, 30, 90",
              },
              request: { method: 'GET', url: '/metrics' },
              response: { statusCode: 400 },
            }),
          ),
        ),
      );
      const error = await client
        .getOwnershipMetrics({ days: 12 })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.cause.message).toContain("Invalid query parameter 'days'");
    });
  });
});
