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
  rateLimitWaitMs,
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
  // created long before the pull window, resolved since
  OLD1: [
    logEntry('trigger_log_entry', '2026-04-01T08:00:00Z'),
    logEntry('acknowledge_log_entry', '2026-04-20T08:00:00Z', 'Ann Example'),
    logEntry('resolve_log_entry', '2026-06-05T08:00:00Z', 'Bob Example'),
  ],
};

// Incidents only GET /incidents/{id} finds: created before the window.
const OLD: Record<string, ReturnType<typeof incident>> = {
  OLD1: incident('OLD1', 'PSVC1', {
    created_at: '2026-04-01T08:00:00Z',
    last_status_change_at: '2026-06-05T08:00:00Z',
    priority: { summary: 'P2' },
  }),
  // its service lost the annotation since
  OLD2: incident('OLD2', 'PGONE', {
    status: 'acknowledged',
    created_at: '2026-04-02T08:00:00Z',
    priority: null,
  }),
};

/**
 * A local stand-in for api.pagerduty.com that answers with the recorded
 * shapes: real HTTP, one incident per page so that paging follows `more`.
 * (msw 1's interceptors crash Jest 30 workers through its soft globals
 * cleanup when another test file runs after them in the same worker.)
 */
type Refusals = Map<string, { times: number; retryAfter: string }>;

function pagerDutyApi(requests: URL[], limited: Refusals) {
  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    if (req.headers.authorization !== 'Token token=pd-token') {
      send(res, 401, { error: { message: 'Unauthorized', code: 2006 } });
      return;
    }
    // paths answered 429 a given number of times first
    const refusal = limited.get(url.pathname);
    if (refusal && refusal.times > 0) {
      refusal.times -= 1;
      send(
        res,
        429,
        { error: { message: 'Rate Limit Exceeded', code: 2020 } },
        { 'retry-after': refusal.retryAfter, 'ratelimit-reset': '30' },
      );
      return;
    }
    const one = /^\/incidents\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const found = OLD[one[1]] ?? undefined;
      if (found) {
        send(res, 200, { incident: found });
      } else {
        send(res, 404, {
          error: { message: 'Not Found', code: 2100, errors: [] },
        });
      }
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
  const limited: Refusals = new Map();
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = pagerDutyApi(requests, limited);
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
    limited.clear();
  });

  const logger = mockServices.logger.mock();
  const source = (
    token = 'pd-token',
    services: [string, string][] = [
      ['PSVC1', 'component:default/checkout'],
      ['PSVC2', 'component:default/search'],
    ],
  ) =>
    new PagerDutyIncidentSource({
      token,
      baseUrl: base,
      services: async () => new Map(services),
      logger,
      clock: () => new Date('2026-06-10T00:00:00Z'),
    });

  async function pullAll(
    s: PagerDutyIncidentSource,
    openIncidents?: string[],
    signal = new AbortController().signal,
  ) {
    const batches: IncidentInput[][] = [];
    for await (const batch of s.pull({
      since: new Date('2026-05-01T00:00:00Z'),
      signal,
      ...(openIncidents
        ? {
            openIncidents: openIncidents.map(id => ({
              id,
              entityRef: 'component:default/stored',
              createdAt: new Date('2026-04-01T08:00:00Z'),
            })),
          }
        : {}),
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

  it('re-reads open incidents from before the window by id, once each', async () => {
    const batches = await pullAll(source(), ['Q2', 'OLD1', 'OLD2', 'GONE']);
    const incidents = batches.flat();
    expect(incidents.map(i => i.id)).toEqual([
      'Q1',
      'Q2',
      'Q3',
      'OLD1',
      'OLD2',
    ]);
    expect(incidents[3]).toEqual({
      source: 'pagerduty',
      id: 'OLD1',
      entityRef: 'component:default/checkout',
      severity: 'P2',
      createdAt: '2026-04-01T08:00:00Z',
      acknowledgedAt: '2026-04-20T08:00:00Z',
      resolvedAt: '2026-06-05T08:00:00Z',
      escalated: false,
      levelsReached: 1,
      responders: ['Ann Example', 'Bob Example'],
    });
    // a service no longer annotated keeps the entity it was stored for
    expect(incidents[4]).toMatchObject({
      id: 'OLD2',
      entityRef: 'component:default/stored',
      severity: 'P2',
    });
    expect(incidents[4]).not.toHaveProperty('resolvedAt');
    const shown = requests
      .map(u => u.pathname)
      .filter(p => /^\/incidents\/[^/]+$/.test(p));
    // Q2 came with the window; an incident PagerDuty no longer has is skipped
    expect(shown).toEqual([
      '/incidents/OLD1',
      '/incidents/OLD2',
      '/incidents/GONE',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'no longer has 1 open incident(s) stored from it (e.g. GONE)',
      ),
    );
  });

  it('re-reads open incidents even when no entity is annotated any more', async () => {
    const batches = await pullAll(source('pd-token', []), ['OLD1']);
    expect(batches.flat()).toEqual([
      expect.objectContaining({
        id: 'OLD1',
        entityRef: 'component:default/stored',
        resolvedAt: '2026-06-05T08:00:00Z',
      }),
    ]);
    expect(requests.some(u => u.pathname === '/incidents')).toBe(false);
  });

  it('waits out a 429 and retries, as Retry-After says', async () => {
    limited.set('/incidents/OLD1', { times: 1, retryAfter: '1' });
    limited.set('/incidents/OLD1/log_entries', { times: 1, retryAfter: '1' });
    const started = Date.now();
    const batches = await pullAll(source('pd-token', []), ['OLD1']);
    expect(batches.flat().map(i => i.id)).toEqual(['OLD1']);
    expect(requests.map(u => u.pathname)).toEqual([
      '/incidents/OLD1',
      '/incidents/OLD1',
      '/incidents/OLD1/log_entries',
      '/incidents/OLD1/log_entries',
    ]);
    // Retry-After: 1 twice (not ratelimit-reset's 30 s)
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('gives up after five retries of a 429', async () => {
    limited.set('/incidents/OLD1', { times: 100, retryAfter: '0' });
    await expect(pullAll(source('pd-token', []), ['OLD1'])).rejects.toThrow(
      /429/,
    );
    expect(requests.map(u => u.pathname)).toEqual(
      Array(6).fill('/incidents/OLD1'),
    );
  });

  it('stops waiting out a 429 when the pull is aborted', async () => {
    limited.set('/incidents/OLD1', { times: 100, retryAfter: '1' });
    const controller = new AbortController();
    const pull = pullAll(source('pd-token', []), ['OLD1'], controller.signal);
    setTimeout(() => controller.abort(), 1500);
    await expect(pull).rejects.toThrow(/abort/i);
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('reads the wait from Retry-After (seconds or a date), else ratelimit-reset', () => {
    const now = new Date('2026-06-10T00:00:00Z');
    const wait = (headers: Record<string, string>) =>
      rateLimitWaitMs(new Headers(headers), now);
    expect(wait({ 'retry-after': '3' })).toBe(3000);
    expect(wait({ 'retry-after': 'Wed, 10 Jun 2026 00:00:05 GMT' })).toBe(5000);
    expect(wait({ 'retry-after': 'Tue, 09 Jun 2026 00:00:00 GMT' })).toBe(0);
    expect(wait({ 'ratelimit-reset': '7' })).toBe(7000);
    expect(wait({ 'retry-after': 'soon', 'ratelimit-reset': '2' })).toBe(2000);
    expect(wait({})).toBe(1000);
    expect(wait({ 'retry-after': '3600' })).toBe(60_000);
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
