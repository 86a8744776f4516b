import { ConfigReader } from '@backstage/config';
import { readOwnershipConfig } from '../config';
import { NO_VALUE_KEY, OwnershipReports } from './OwnershipReports';
import { ReportsStore } from './ReportsStore';

function reportsOver(store: Partial<ReportsStore>) {
  const full: ReportsStore = {
    readSnapshot: fn => fn(full),
    getIndexedAt: async () => new Date('2026-01-01T00:00:00Z'),
    getCoverageSnapshot: async () => undefined,
    getCoverageTrend: async () => [],
    listOrphans: async () => ({ items: [], totalCount: 0 }),
    streamOrphans: async function* stream() {},
    getTeam: async () => undefined,
    ...store,
  };
  return new OwnershipReports({
    store: full,
    config: readOwnershipConfig(new ConfigReader({})),
  });
}

describe('OwnershipReports', () => {
  it('sorts the tier buckets tier-1, tier-2, tier-3, others A–Z, none last', async () => {
    const bucket = (key: string) => ({ key, total: 1, owned: 0 });
    const reports = reportsOver({
      getCoverageSnapshot: async () => ({
        date: '2026-01-01',
        takenAt: new Date('2026-01-01T00:00:00Z'),
        total: 6,
        owned: 0,
        buckets: {
          kind: [],
          type: [],
          lifecycle: [],
          owner: [],
          system: [],
          tier: ['', 'gold', 'tier-3', 'bronze', 'tier-1', 'tier-2'].map(
            bucket,
          ),
        },
      }),
    });
    const coverage = await reports.getCoverage();
    expect(coverage.byTier.map(b => b.key)).toEqual([
      'tier-1',
      'tier-2',
      'tier-3',
      'bronze',
      'gold',
      NO_VALUE_KEY,
    ]);
  });
});
