import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { rest } from 'msw';
import { setupServer } from 'msw/node';
import { OwnershipClient } from './OwnershipClient';

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
});
