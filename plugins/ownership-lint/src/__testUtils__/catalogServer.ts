import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeCatalogServer {
  url: string;
  /** The bodies of the by-refs requests received. */
  requests: Array<{ entityRefs: string[]; fields?: string[] }>;
  close(): Promise<void>;
}

/**
 * A real HTTP server answering `POST /api/catalog/entities/by-refs` like the
 * Backstage catalog does, for the entities given, and only for requests with
 * the expected bearer token.
 */
export async function startFakeCatalog(options: {
  entityRefs: string[];
  token: string;
  /** Answer every by-refs request with this status instead. */
  failWith?: number;
}): Promise<FakeCatalogServer> {
  const known = new Set(options.entityRefs.map(r => r.toLocaleLowerCase()));
  const requests: FakeCatalogServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (
        req.method !== 'POST' ||
        req.url !== '/api/catalog/entities/by-refs'
      ) {
        send(404, { error: { name: 'NotFoundError', message: 'Not found' } });
        return;
      }
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        send(401, {
          error: {
            name: 'AuthenticationError',
            message: 'Missing credentials',
          },
        });
        return;
      }
      if (options.failWith) {
        send(options.failWith, {
          error: { name: 'Error', message: 'The catalog is having a bad day' },
        });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      requests.push(body);
      send(200, {
        items: body.entityRefs.map((ref: string) => {
          if (!known.has(ref.toLocaleLowerCase())) {
            return null;
          }
          const [kind, rest] = ref.split(':');
          const [namespace, name] = rest.split('/');
          return { kind, metadata: { namespace, name } };
        }),
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close(error => (error ? reject(error) : resolve()));
      }),
  };
}
