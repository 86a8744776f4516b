import { mockServices } from '@backstage/backend-test-utils';
import { RotaOnCallProvider } from '@service-ownership/plugin-ownership-node';
import { DateTime } from 'luxon';
import { OnCallResolver } from './OnCallResolver';

const rota = () => ({
  members: ['user:default/ann', 'user:default/bob', 'user:default/cem'],
  rotation: '12h',
  handoverTime: '09:00',
  timeZone: 'America/New_York',
  start: '2026-03-06',
});

const request = (target: object, at: string) => ({
  schedule: 'primary',
  target: target as never,
  policyRef: 'escalationpolicy:default/payments',
  now: DateTime.fromISO(at, { setZone: true }),
});

describe('OnCallResolver', () => {
  const computed = jest.spyOn(RotaOnCallProvider.prototype, 'getOnCall');
  beforeEach(() => computed.mockClear());

  it('computes a rota once per shift of the same policy document, never past the hand-over', async () => {
    const resolver = new OnCallResolver({ logger: mockServices.logger.mock() });
    const uncached = new RotaOnCallProvider();
    const target = { type: 'schedule', id: 'primary', rota: rota() };
    // New York moves from -05:00 to -04:00 on 2026-03-08 at 02:00; a 12h
    // rota from 09:00 hands over at 09:00 and 21:00 local time
    const times = [
      '2026-03-07T21:00:00-05:00',
      '2026-03-08T01:00:00-05:00',
      '2026-03-08T08:59:59.999-04:00',
      '2026-03-08T09:00:00-04:00',
      '2026-03-08T20:59:00-04:00',
      '2026-03-08T21:00:00-04:00',
      '2026-03-09T03:00:00-04:00',
    ];
    for (const at of times) {
      expect({
        at,
        status: await resolver.getOnCall(request(target, at)),
      }).toEqual({
        at,
        status: await uncached.getOnCall(request(target, at)),
      });
    }
    // the uncached provider's calls are counted too: one each
    const own = computed.mock.calls.length - times.length;
    // three shifts: from 21:00 on the 7th, from 09:00 and from 21:00 on the 8th
    expect(own).toBe(3);
    const shifts = await Promise.all(
      ['2026-03-08T08:59:59.999-04:00', '2026-03-08T09:00:00-04:00'].map(at =>
        resolver.getOnCall(request(target, at)),
      ),
    );
    expect(shifts.map(s => s?.current?.person.entityRef)).toEqual([
      'user:default/ann',
      'user:default/bob',
    ]);
    expect(shifts[0]?.current?.until).toBe('2026-03-08T09:00:00.000-04:00');
  });

  it('computes again for a new generation of the document, and before the rota starts', async () => {
    const resolver = new OnCallResolver({ logger: mockServices.logger.mock() });
    const at = '2026-03-10T12:00:00Z';
    await resolver.getOnCall(
      request({ type: 'schedule', id: 'primary', rota: rota() }, at),
    );
    const changed = {
      type: 'schedule',
      id: 'primary',
      rota: { ...rota(), members: ['user:default/dan'] },
    };
    expect(
      (await resolver.getOnCall(request(changed, at)))?.current?.person
        .entityRef,
    ).toBe('user:default/dan');
    expect(computed).toHaveBeenCalledTimes(2);

    const later = {
      type: 'schedule',
      id: 'primary',
      rota: { ...rota(), start: '2026-04-01' },
    };
    const before = await resolver.getOnCall(
      request(later, '2026-03-31T12:00:00Z'),
    );
    expect(before?.current).toBeUndefined();
    expect(before?.next?.from).toBe('2026-04-01T09:00:00.000-04:00');
    const first = await resolver.getOnCall(
      request(later, '2026-04-01T13:00:00Z'),
    );
    expect(first?.current?.person.entityRef).toBe('user:default/ann');
    expect(computed).toHaveBeenCalledTimes(4);
  });

  it('asks an installed provider every time, and caches only the rota it falls back to', async () => {
    const provider = {
      getOnCall: jest.fn(async () => undefined),
    };
    const resolver = new OnCallResolver({
      provider,
      logger: mockServices.logger.mock(),
    });
    const target = { type: 'schedule', id: 'primary', rota: rota() };
    await resolver.getOnCall(request(target, '2026-03-10T12:00:00Z'));
    await resolver.getOnCall(request(target, '2026-03-10T12:01:00Z'));
    expect(provider.getOnCall).toHaveBeenCalledTimes(2);
    expect(computed).toHaveBeenCalledTimes(1);
  });
});
