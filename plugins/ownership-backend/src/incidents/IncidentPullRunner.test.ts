import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { IncidentInput } from '@service-ownership/plugin-ownership-common';
import {
  IncidentSource,
  IncidentSourcePullOptions,
} from '@service-ownership/plugin-ownership-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { setIndexedEntities } from '../history/__testUtils__/indexRows';
import { INCIDENTS } from '../database/tables';
import { DatabaseIncidentStore } from './DatabaseIncidentStore';
import { IncidentRereadConfig } from './config';
import { IncidentPullRunner, incidentPullTaskId } from './IncidentPullRunner';
import { IncidentService } from './IncidentService';
import { FileIncidentSource } from './sources/FileIncidentSource';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 24 * 3600 * 1000;

const CSV = [
  'id,entityRef,severity,createdAt,acknowledgedAt,resolvedAt,escalated,levelsReached,responders',
  'F-1,component:default/checkout,P1,2026-06-01T10:00:00Z,2026-06-01T10:03:00Z,2026-06-01T10:20:00Z,no,1,user:default/ann',
  '"F-2",component:default/checkout,P2,2026-06-02T10:00:00Z,,2026-06-02T11:00:00Z,yes,2,"user:default/ann; user:default/bob"',
  'F-3,component:default/checkout,P2,2026-06-03T10:00:00Z,,2026-06-02T11:00:00Z,,,',
  'F-4,component:default/checkout,P9,2026-06-03T10:00:00Z,,,maybe,,',
  '',
].join('\r\n');

describe.each(databases.eachSupportedId())('incident pulls on %p', id => {
  const mockDir = createMockDirectory();
  // a test run leaves no folder behind in the system's temp directory
  afterAll(() => mockDir.remove());

  async function setup() {
    const knex = await databases.init(id);
    const database = mockServices.database({ knex });
    const store = await DatabaseIncidentStore.create({ database });
    await setIndexedEntities(
      knex,
      [
        {
          entityRef: 'component:default/checkout',
          ownerRef: 'group:default/red',
        },
      ],
      NOW,
    );
    let now = NOW;
    const incidents = new IncidentService({
      store,
      permissions: mockServices.permissions.mock({
        authorize: async () => [{ result: AuthorizeResult.ALLOW }],
      }),
      clock: () => now,
    });
    const logger = mockServices.logger.mock();
    const runner = (sources: IncidentSource[], reread?: IncidentRereadConfig) =>
      new IncidentPullRunner({
        sources,
        incidents,
        store,
        logger,
        config: {
          frequency: { minutes: 10 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 0 },
          lookback: { days: 7 },
          initialWindow: { days: 90 },
          ...(reread ? { reread } : {}),
        },
        clock: () => now,
      });
    return {
      knex,
      store,
      runner,
      logger,
      later: (days: number) => {
        now = new Date(NOW.getTime() + days * DAY);
      },
    };
  }

  it('imports a CSV file, rejecting bad rows, and re-imports without changes', async () => {
    const { knex, store, runner, later } = await setup();
    mockDir.setContent({ 'incidents.csv': CSV });
    const source = new FileIncidentSource({
      path: mockDir.resolve('incidents.csv'),
    });
    const first = await runner([source]).pull(source);
    expect(first).toMatchObject({
      ok: true,
      created: 2,
      rejected: 2,
      since: new Date(NOW.getTime() - 90 * DAY),
    });
    const rows = await knex(INCIDENTS).orderBy('external_id');
    expect(rows.map(r => [r.source, r.external_id, r.owner_ref])).toEqual([
      ['file', 'F-1', 'group:default/red'],
      ['file', 'F-2', 'group:default/red'],
    ]);
    expect(JSON.parse(rows[1].responders)).toEqual([
      'user:default/ann',
      'user:default/bob',
    ]);
    expect(Boolean(rows[1].escalated)).toBe(true);
    expect(rows[1].levels_reached).toBe(2);
    expect(await store.getSourceState('file')).toEqual({
      lastStartedAt: NOW,
      lastSuccessAt: NOW,
      lastRejected: 2,
    });

    later(1);
    const second = await runner([source]).pull(source);
    expect(second).toMatchObject({
      ok: true,
      created: 0,
      unchanged: 2,
      since: new Date(NOW.getTime() - 7 * DAY),
    });
  });

  it('skips incidents not yet due quietly and takes them once they are', async () => {
    const { knex, runner, later } = await setup();
    const base = {
      entityRef: 'component:default/checkout',
      severity: 'P2',
    };
    mockDir.setContent({
      'ahead.json': JSON.stringify([
        { ...base, id: 'A-1', createdAt: '2026-06-10T10:00:00Z' },
        // created before the pull, resolved after it: still open then
        {
          ...base,
          id: 'A-2',
          createdAt: '2026-06-15T11:00:00Z',
          acknowledgedAt: '2026-06-15T11:05:00Z',
          resolvedAt: '2026-06-16T09:00:00Z',
        },
        { ...base, id: 'A-3', createdAt: '2026-06-20T10:00:00Z' },
        { ...base, id: 'A-4', createdAt: '2028-01-01T00:00:00Z' },
      ]),
    });
    let clock = NOW;
    const source = new FileIncidentSource({
      path: mockDir.resolve('ahead.json'),
      clock: () => clock,
    });
    expect(await runner([source]).pull(source)).toMatchObject({
      ok: true,
      created: 2,
      rejected: 0,
    });
    const open = await knex(INCIDENTS).where('external_id', 'A-2').first();
    expect(open.acknowledged_at).not.toBeNull();
    expect(open.resolved_at).toBeNull();

    later(10);
    clock = new Date(NOW.getTime() + 10 * DAY);
    expect(await runner([source]).pull(source)).toMatchObject({
      ok: true,
      created: 1,
      updated: 1,
      rejected: 0,
    });
    expect(
      (await knex(INCIDENTS).orderBy('external_id')).map(r => r.external_id),
    ).toEqual(['A-1', 'A-2', 'A-3']);
  });

  it('imports JSON, either an array or { incidents }', async () => {
    const { knex, runner } = await setup();
    const item = {
      id: 'J-1',
      entityRef: 'component:default/checkout',
      severity: 'P3',
      createdAt: '2026-06-01T10:00:00Z',
    };
    mockDir.setContent({
      'a.json': JSON.stringify([item]),
      'b.json': JSON.stringify({ incidents: [{ ...item, id: 'J-2' }] }),
      'bad.json': JSON.stringify({ nope: true }),
    });
    for (const file of ['a.json', 'b.json']) {
      const source = new FileIncidentSource({
        path: mockDir.resolve(file),
        id: `file-${file}`,
      });
      expect(await runner([source]).pull(source)).toMatchObject({ created: 1 });
    }
    expect(
      (await knex(INCIDENTS).orderBy('external_id')).map(r => r.source),
    ).toEqual(['file-a.json', 'file-b.json']);
    const bad = new FileIncidentSource({ path: mockDir.resolve('bad.json') });
    expect(await runner([bad]).pull(bad)).toMatchObject({
      ok: false,
      error: expect.stringContaining('neither an array'),
    });
  });

  it('records a failed pull and pulls again from the last success', async () => {
    const { store, runner, later } = await setup();
    let fail = false;
    const sinces: Date[] = [];
    const source: IncidentSource = {
      id: 'flaky',
      async *pull({ since }) {
        sinces.push(since);
        yield [
          {
            source: 'ignored: the source id wins',
            id: 'X-1',
            entityRef: 'component:default/checkout',
            severity: 'P2',
            createdAt: '2026-06-01T10:00:00Z',
          },
        ];
        if (fail) {
          throw new Error('incident tool unavailable');
        }
      },
    };
    await runner([source]).pull(source);
    fail = true;
    later(2);
    expect(await runner([source]).pull(source)).toMatchObject({
      ok: false,
      unchanged: 1,
      error: expect.stringContaining('incident tool unavailable'),
    });
    expect(await store.getSourceState('flaky')).toMatchObject({
      lastSuccessAt: NOW,
      lastError: expect.stringContaining('incident tool unavailable'),
    });
    later(3);
    await runner([source]).pull(source);
    // both later pulls start a week before the first, the last success
    expect(sinces.map(s => s.toISOString())).toEqual([
      new Date(NOW.getTime() - 90 * DAY).toISOString(),
      new Date(NOW.getTime() - 7 * DAY).toISOString(),
      new Date(NOW.getTime() - 7 * DAY).toISOString(),
    ]);
  });

  it('hands a source its oldest open incidents from before the window to re-read, and stores their updates', async () => {
    const { knex, runner, later, logger } = await setup();
    const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
    const unresolved = (externalId: string, d: number): IncidentInput => ({
      source: 'tool',
      id: externalId,
      entityRef: 'component:default/checkout',
      severity: 'P2',
      createdAt: daysAgo(d).toISOString(),
      acknowledgedAt: new Date(daysAgo(d).getTime() + 60_000).toISOString(),
    });
    const first = [
      unresolved('O-1', 40),
      unresolved('O-2', 30),
      unresolved('O-3', 20),
      { ...unresolved('R-1', 35), resolvedAt: daysAgo(34).toISOString() },
      unresolved('X-1', 80), // older than the re-read age
      unresolved('N-1', 2), // inside the pull window: the window re-reads it
    ];
    const calls: IncidentSourcePullOptions[] = [];
    const source: IncidentSource = {
      id: 'tool',
      async *pull(options) {
        calls.push(options);
        if (calls.length === 1) {
          yield first;
          return;
        }
        // the tool now says they were resolved yesterday
        yield (options.openIncidents ?? []).map(o => ({
          ...first.find(i => i.id === o.id)!,
          resolvedAt: daysAgo(1).toISOString(),
        }));
      },
    };
    // another source's open incident is never handed to this one
    const other: IncidentSource = {
      id: 'other',
      async *pull() {
        yield [{ ...unresolved('O-9', 45), source: 'other' }];
      },
    };
    const reread = { maxIncidents: 2, maxAge: { days: 60 } };
    await runner([other], reread).pull(other);
    expect(await runner([source], reread).pull(source)).toMatchObject({
      created: 6,
      reread: 0,
    });
    // the first pull's window (90 days) reaches further than the re-read age
    expect(calls[0].openIncidents).toBeUndefined();

    later(1);
    expect(await runner([source], reread).pull(source)).toMatchObject({
      ok: true,
      reread: 2,
      updated: 2,
    });
    expect(calls[1].since).toEqual(daysAgo(7));
    expect(calls[1].openIncidents).toEqual([
      {
        id: 'O-1',
        entityRef: 'component:default/checkout',
        createdAt: daysAgo(40),
      },
      {
        id: 'O-2',
        entityRef: 'component:default/checkout',
        createdAt: daysAgo(30),
      },
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'more than 2 open incidents older than the pull window',
      ),
    );
    const resolved = await knex(INCIDENTS)
      .whereNotNull('resolved_at')
      .orderBy('external_id')
      .pluck('external_id');
    expect(resolved).toEqual(['O-1', 'O-2', 'R-1']);

    later(2);
    await runner([source], reread).pull(source);
    expect(calls[2].openIncidents?.map(o => o.id)).toEqual(['O-3']);
    later(3);
    await runner([source], { ...reread, maxIncidents: 0 }).pull(source);
    expect(calls[3]).not.toHaveProperty('openIncidents');
  });

  it('re-reads more open incidents than fit in one pull in turn, going on after the last pull, round to the oldest', async () => {
    const { runner, later, store } = await setup();
    const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
    // five long-running incidents; C-3 and C-3b were created at the same time
    const open: IncidentInput[] = [
      ['C-1', 50],
      ['C-2', 40],
      ['C-3', 30],
      ['C-3b', 30],
      ['C-5', 20],
    ].map(([externalId, d]) => ({
      source: 'tool',
      id: String(externalId),
      entityRef: 'component:default/checkout',
      severity: 'P3',
      createdAt: daysAgo(Number(d)).toISOString(),
    }));
    const handed: string[][] = [];
    let failNext = false;
    const source: IncidentSource = {
      id: 'tool',
      async *pull(options) {
        if (!options.openIncidents) {
          yield open;
          return;
        }
        handed.push(options.openIncidents.map(o => o.id));
        if (failNext) {
          failNext = false;
          throw new Error('tool unavailable');
        }
        // still open in the tool: sent back unchanged
        yield open.filter(i => options.openIncidents!.some(o => o.id === i.id));
      },
    };
    const reread = { maxIncidents: 2, maxAge: { days: 60 } };
    await runner([source], reread).pull(source);
    for (let day = 1; day <= 4; day++) {
      later(day);
      await runner([source], reread).pull(source);
    }
    expect(handed).toEqual([
      ['C-1', 'C-2'],
      ['C-3', 'C-3b'],
      ['C-5', 'C-1'],
      ['C-2', 'C-3'],
    ]);
    // a failed pull is taken again from the same place
    failNext = true;
    later(5);
    expect(await runner([source], reread).pull(source)).toMatchObject({
      ok: false,
      reread: 2,
    });
    later(6);
    await runner([source], reread).pull(source);
    expect(handed.slice(4)).toEqual([
      ['C-3b', 'C-5'],
      ['C-3b', 'C-5'],
    ]);
    expect((await store.getSourceState('tool'))?.rereadAfter).toEqual({
      createdAt: daysAgo(20),
      id: 'C-5',
    });
    // once they all fit in one pull, every pull re-reads them all
    later(7);
    await runner([source], { ...reread, maxIncidents: 5 }).pull(source);
    later(8);
    await runner([source], { ...reread, maxIncidents: 5 }).pull(source);
    expect(handed.slice(6)).toEqual([
      ['C-1', 'C-2', 'C-3', 'C-3b', 'C-5'],
      ['C-1', 'C-2', 'C-3', 'C-3b', 'C-5'],
    ]);
    expect((await store.getSourceState('tool'))?.rereadAfter).toBeUndefined();
  });

  it('schedules one global task per source and refuses duplicate ids', async () => {
    const { runner } = await setup();
    const scheduler = mockServices.scheduler.mock();
    const a = new FileIncidentSource({ path: '/nowhere.csv', id: 'a' });
    const b = new FileIncidentSource({ path: '/nowhere.csv', id: 'b' });
    await runner([a, b]).schedule(scheduler);
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(2);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({ id: incidentPullTaskId('a'), scope: 'global' }),
    );
    expect(() => runner([a, a])).toThrow(/Two incident sources have the id a/);
  });
});
