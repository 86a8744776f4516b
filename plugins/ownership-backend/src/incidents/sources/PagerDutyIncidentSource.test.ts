import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { IncidentInput } from '@service-ownership/plugin-ownership-common';
import { AddressInfo } from 'node:net';
import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { component } from '../../__testUtils__/entities';
import {
  PagerDutyIncidentSource,
  pagerDutyServicesFromCatalog,
  pagerDutySeverity,
} from './PagerDutyIncidentSource';

// Shapes as documented for the REST API v2 (List incidents, List log
// entries for an incident), trimmed to the fields that matter here plus a
// few the source ignores.
const incident = (
  id: string,
  service: string,
  extra: Record<string, unknown> = {},
) => ({
  id,
  type: 'incident',
  summary: `[#${id}] Checkout errors`,
  incident_number: 1234,
  title: 'Checkout errors',
  status: 'resolved',
  urgency: 'high',
  created_at: '2026-06-01T10:00:00Z',
  last_status_change_at: '2026-06-01T10:30:00Z',
  service: { id: service, type: 'service_reference', summary: 'Checkout' },
  escalation_policy: { id: 'EP1', type: 'escalation_policy_reference' },
  priority: { id: 'PRI1', type: 'priority', summary: 'P1' },
  html_url: `https://acme.pagerduty.com/incidents/${id}`,
  ...extra,
});

const logEntry = (type: string, at: string, agent?: string) => ({
  id: `${type}-${at}`,
  type,
  summary: type,
  created_at: at,
  agent: agent
    ? { id: 'PUSER', type: 'user_reference', summary: agent }
    : { id: 'PSVC', type: 'service_reference', summary: 'Checkout' },
  channel: { type: 'api' },
});

const LOGS: Record<string, unknown[]> = {
  Q1: [
    logEntry('trigger_log_entry', '2026-06-01T10:00:00Z'),
    logEntry('escalate_log_entry', '2026-06-01T10:05:00Z'),
    logEntry('acknowledge_log_entry', '2026-06-01T10:07:00Z', 'Ann Example'),
    logEntry('resolve_log_entry', '2026-06-01T10:30:00Z', 'Bob Example'),
  ],
  Q2: [
    logEntry('trigger_log_entry', '2026-06-02T08:00:00Z'),
    logEntry('acknowledge_log_entry', '2026-06-02T08:02:00Z', 'Ann Example'),
  ],
  Q3: [logEntry('trigger_log_entry', '2026-06-03T08:00:00Z')],
};

/**
 * A local stand-in for api.pagerduty.com that answers with the recorded
 * shapes: real HTTP, one incident per page so that paging follows `more`.
 * (msw 1's interceptors crash Jest 30 workers through its soft globals
 * cleanup when another test file runs after them in the same worker.)
 */
function pagerDutyApi(requests: URL[]) {
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    if (req.headers.authorization !== 'Token token=pd-token') {
      send(res, 401, { error: { message: 'Unauthorized', code: 2006 } });
      return;
    }
    const logs = /^\/incidents\/([^/]+)\/log_entries$/.exec(url.pathname);
    if (logs) {
      send(res, 200, {
        log_entries: LOGS[logs[1]] ?? [],
        limit: 100,
        offset: 0,
        more: false,
      });
      return;
    }
    if (url.pathname !== '/incidents') {
      send(res, 404, { error: { message: 'Not Found' } });
      return;
    }
    const offset = Number(url.searchParams.get('offset'));
    const services = url.searchParams.getAll('service_ids[]');
    const all = [
      incident('Q1', 'PSVC1'),
      incident('Q2', 'PSVC1', {
        status: 'acknowledged',
        created_at: '2026-06-02T08:00:00Z',
        priority: null,
        urgency: 'low',
      }),
      incident('Q3', 'PSVC2', {
        status: 'triggered',
        created_at: '2026-06-03T08:00:00Z',
        priority: { summary: 'P4' },
      }),
    ].filter(i => services.includes(i.service.id));
    send(res, 200, {
      incidents: all.slice(offset, offset + 1),
      limit: 1,
      offset,
      more: offset + 1 < all.length,
      total: null,
    });
  });
}

describe('PagerDutyIncidentSource', () => {
  const requests: URL[] = [];
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = pagerDutyApi(requests);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
  });

  const source = (token = 'pd-token') =>
    new PagerDutyIncidentSource({
      token,
      baseUrl: base,
      services: async () =>
        new Map([
          ['PSVC1', 'component:default/checkout'],
          ['PSVC2', 'component:default/search'],
        ]),
      logger: mockServices.logger.mock(),
      clock: () => new Date('2026-06-10T00:00:00Z'),
    });

  async function pullAll(s: PagerDutyIncidentSource) {
    const batches: IncidentInput[][] = [];
    for await (const batch of s.pull({
      since: new Date('2026-05-01T00:00:00Z'),
      signal: new AbortController().signal,
    })) {
      batches.push(batch);
    }
    return batches;
  }

  it('reads incidents page by page with their log entries', async () => {
    const batches = await pullAll(source());
    expect(batches.flat()).toEqual([
      {
        source: 'pagerduty',
        id: 'Q1',
        entityRef: 'component:default/checkout',
        severity: 'P1',
        createdAt: '2026-06-01T10:00:00Z',
        acknowledgedAt: '2026-06-01T10:07:00Z',
        resolvedAt: '2026-06-01T10:30:00Z',
        escalated: true,
        levelsReached: 2,
        responders: ['Ann Example', 'Bob Example'],
      },
      {
        source: 'pagerduty',
        id: 'Q2',
        entityRef: 'component:default/checkout',
        severity: 'P3',
        createdAt: '2026-06-02T08:00:00Z',
        acknowledgedAt: '2026-06-02T08:02:00Z',
        escalated: false,
        levelsReached: 1,
        responders: ['Ann Example'],
      },
      expect.objectContaining({
        id: 'Q3',
        entityRef: 'component:default/search',
        severity: 'P3',
        escalated: false,
      }),
    ]);
    expect(batches.flat()[2]).not.toHaveProperty('acknowledgedAt');
    const listed = requests.filter(u => u.pathname === '/incidents');
    expect(listed.map(u => u.searchParams.get('offset'))).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(listed[0].searchParams.get('since')).toBe(
      '2026-05-01T00:00:00.000Z',
    );
    expect(listed[0].searchParams.get('until')).toBe(
      '2026-06-10T00:00:00.000Z',
    );
    expect(listed[0].searchParams.getAll('service_ids[]')).toEqual([
      'PSVC1',
      'PSVC2',
    ]);
  });

  it('fails the pull on an API error', async () => {
    await expect(pullAll(source('wrong'))).rejects.toThrow(/401/);
  });

  it('maps priorities and urgency to severities', () => {
    expect(pagerDutySeverity({ priority: { summary: 'P1' } })).toBe('P1');
    expect(pagerDutySeverity({ priority: { summary: 'P2' } })).toBe('P2');
    expect(pagerDutySeverity({ priority: { summary: 'P5' } })).toBe('P3');
    expect(pagerDutySeverity({ priority: null, urgency: 'high' })).toBe('P2');
    expect(pagerDutySeverity({ urgency: 'low' })).toBe('P3');
  });

  it('finds the services named by the pagerduty.com/service-id annotation', async () => {
    const catalog = catalogServiceMock({
      entities: [
        component(
          'checkout',
          {},
          {
            annotations: { 'pagerduty.com/service-id': 'PSVC1' },
          },
        ),
        component(
          'search',
          {},
          {
            annotations: { 'pagerduty.com/service-id': ' PSVC2 ' },
          },
        ),
        component('quiet', {}),
      ],
    });
    const services = await pagerDutyServicesFromCatalog({
      catalog,
      auth: mockServices.auth(),
    });
    expect([...services]).toEqual([
      ['PSVC1', 'component:default/checkout'],
      ['PSVC2', 'component:default/search'],
    ]);
  });
});
