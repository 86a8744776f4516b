import { compareTiers } from './OwnershipReports';

describe('compareTiers', () => {
  it('sorts tier-1, tier-2, tier-3, other values A–Z, none last', () => {
    expect(
      ['', 'gold', 'tier-3', 'bronze', 'tier-1', 'tier-2'].sort(compareTiers),
    ).toEqual(['tier-1', 'tier-2', 'tier-3', 'bronze', 'gold', '']);
  });
});
