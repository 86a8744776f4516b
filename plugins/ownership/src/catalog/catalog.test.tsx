import { render, screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityOwnershipTierFilter } from './EntityOwnershipTierFilter';
import { createOwnershipTierColumn } from './ownershipTierColumn';
import { getContrastRatio } from '@material-ui/core/styles';
import { SUITE_ROOT_CLASS } from '../utils/suiteRoot';

const withTier = (tier?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: tier ?? 'none' },
  spec: tier ? { ownership: { tier } } : {},
});

describe('EntityOwnershipTierFilter', () => {
  it('filters on spec.ownership.tier in the query and in the browser', () => {
    const filter = new EntityOwnershipTierFilter(['tier-1']);
    expect(filter.getCatalogQuery()).toEqual({
      'spec.ownership.tier': { $in: ['tier-1'] },
    });
    expect(filter.filterEntity(withTier('tier-1'))).toBe(true);
    expect(filter.filterEntity(withTier('tier-2'))).toBe(false);
    expect(filter.filterEntity(withTier())).toBe(false);
    // Only kinds with an ownership block have a tier.
    expect(filter.filterEntity({ ...withTier('tier-1'), kind: 'Group' })).toBe(
      false,
    );
    expect(filter.toQueryValue()).toEqual(['tier-1']);
  });

  it('does not constrain anything without values', () => {
    const filter = new EntityOwnershipTierFilter([]);
    expect(filter.getCatalogQuery()).toBeUndefined();
    expect(filter.filterEntity(withTier())).toBe(true);
  });
});

describe('createOwnershipTierColumn', () => {
  it('renders and sorts by tier', () => {
    const column = createOwnershipTierColumn<{ entity: Entity }>();
    render(<>{column.render!({ entity: withTier('tier-1') }, 'row')}</>);
    const chip = screen.getByTestId('catalog-tier');
    expect(chip).toHaveTextContent('tier-1');
    // The critical tier is highlighted in colours that read (WCAG AA), and
    // marked as the suite's for the browser journeys' accessibility check.
    expect(chip).toHaveClass(SUITE_ROOT_CLASS);
    expect(
      getContrastRatio(chip.style.color, chip.style.backgroundColor),
    ).toBeGreaterThanOrEqual(4.5);
    const rows = [
      withTier('tier-3'),
      withTier(),
      withTier('gold'),
      withTier('tier-1'),
      withTier('tier-2'),
    ].map(entity => ({ entity }));
    rows.sort((a, b) => column.customSort!(a, b, 'row'));
    expect(rows.map(r => r.entity.metadata.name)).toEqual([
      'tier-1',
      'tier-2',
      'tier-3',
      'gold',
      'none',
    ]);
  });
});
