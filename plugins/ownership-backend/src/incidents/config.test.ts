import { ConfigReader } from '@backstage/config';
import { readIncidentsConfig } from './config';

const read = (incidents: object) =>
  readIncidentsConfig(new ConfigReader({ ownership: { incidents } }));

describe('readIncidentsConfig', () => {
  it('re-reads up to 200 open incidents of the last 90 days by default', () => {
    expect(read({}).pull.reread).toEqual({
      maxIncidents: 200,
      maxAge: { days: 90 },
    });
  });

  it('reads the re-read limits from ownership.incidents.pull.reread', () => {
    expect(
      read({ pull: { reread: { maxIncidents: 0, maxAge: '2 weeks' } } }).pull
        .reread,
    ).toEqual({ maxIncidents: 0, maxAge: { weeks: 2 } });
  });

  it('names the key of a bad re-read limit', () => {
    expect(() => read({ pull: { reread: { maxIncidents: 1.5 } } })).toThrow(
      'Invalid config ownership.incidents.pull.reread.maxIncidents: must be a whole number, 0 or more, got 1.5',
    );
  });
});
