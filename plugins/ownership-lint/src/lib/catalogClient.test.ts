import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  FakeCatalogServer,
  startFakeCatalog,
} from '../__testUtils__/catalogServer';
import { byRefsUrl, findExistingRefs } from './catalogClient';
import { OwnershipLintError } from './errors';

describe('byRefsUrl', () => {
  it('accepts the backend base URL or the catalog API URL', () => {
    expect(byRefsUrl('https://backstage.example.com')).toBe(
      'https://backstage.example.com/api/catalog/entities/by-refs',
    );
    expect(byRefsUrl('https://backstage.example.com/')).toBe(
      'https://backstage.example.com/api/catalog/entities/by-refs',
    );
    expect(byRefsUrl('https://example.com/backstage/api/catalog/')).toBe(
      'https://example.com/backstage/api/catalog/entities/by-refs',
    );
  });

  it('rejects what is not an http URL', () => {
    expect(() => byRefsUrl('backstage.example.com')).toThrow(
      OwnershipLintError,
    );
    expect(() => byRefsUrl('file:///etc/passwd')).toThrow(/http/);
  });
});

describe('findExistingRefs', () => {
  let server: FakeCatalogServer;
  const existing = Array.from({ length: 150 }, (_, i) => `user:default/u${i}`);

  beforeAll(async () => {
    server = await startFakeCatalog({ entityRefs: existing, token: 's3cret' });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('asks in batches of 100 and returns the refs that exist', async () => {
    const refs = [
      ...Array.from({ length: 200 }, (_, i) => `user:default/u${i}`),
      'User:default/U1', // same as u1
      'group:default/nobody',
    ];
    const found = await findExistingRefs(refs, {
      baseUrl: server.url,
      token: 's3cret',
    });
    expect(found.size).toBe(150);
    expect(found.has('user:default/u149')).toBe(true);
    expect(found.has('user:default/u150')).toBe(false);
    expect(server.requests.map(r => r.entityRefs.length)).toEqual([
      100, 100, 1,
    ]);
    expect(server.requests[0].fields).toEqual([
      'kind',
      'metadata.namespace',
      'metadata.name',
    ]);
  });

  it('fails clearly on a wrong token', async () => {
    await expect(
      findExistingRefs(['user:default/u1'], {
        baseUrl: server.url,
        token: 'wrong',
      }),
    ).rejects.toThrow(
      /answered 401 Unauthorized: Missing credentials\. Check the token/,
    );
  });

  it('fails clearly when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise(r => closed.close(r));
    await expect(
      findExistingRefs(['user:default/u1'], {
        baseUrl: `http://127.0.0.1:${port}`,
      }),
    ).rejects.toThrow(/Could not reach the catalog .*ECONNREFUSED/);
  });

  it('fails clearly on a server error and on answers that are not the catalog', async () => {
    const failing = await startFakeCatalog({
      entityRefs: [],
      token: 't',
      failWith: 503,
    });
    try {
      await expect(
        findExistingRefs(['user:default/u1'], {
          baseUrl: failing.url,
          token: 't',
        }),
      ).rejects.toThrow(
        /503 Service Unavailable: The catalog is having a bad day/,
      );
    } finally {
      await failing.close();
    }

    const notCatalog = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<html>login</html>');
    });
    await new Promise<void>(r => notCatalog.listen(0, '127.0.0.1', r));
    const { port } = notCatalog.address() as AddressInfo;
    try {
      await expect(
        findExistingRefs(['user:default/u1'], {
          baseUrl: `http://127.0.0.1:${port}`,
        }),
      ).rejects.toThrow(/did not answer with JSON/);
    } finally {
      await new Promise(r => notCatalog.close(r));
    }
  });

  it('times out', async () => {
    const slow = http.createServer(() => {
      // never answers
    });
    await new Promise<void>(r => slow.listen(0, '127.0.0.1', r));
    const { port } = slow.address() as AddressInfo;
    try {
      await expect(
        findExistingRefs(['user:default/u1'], {
          baseUrl: `http://127.0.0.1:${port}`,
          timeoutMs: 200,
        }),
      ).rejects.toThrow(/timed out/);
    } finally {
      slow.closeAllConnections();
      await new Promise(r => slow.close(r));
    }
  });
});
