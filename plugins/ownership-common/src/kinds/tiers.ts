import { OwnershipTier } from './types';

/**
 * The tiers of the ownership block's schema, most critical first.
 *
 * @public
 */
export const OWNERSHIP_TIERS: ReadonlyArray<OwnershipTier> = [
  'tier-1',
  'tier-2',
  'tier-3',
];

function tierRank(tier: string | undefined): number {
  // '' and '(none)' are what coverage buckets use for "no tier"
  if (tier === undefined || tier === '' || tier === '(none)') {
    return OWNERSHIP_TIERS.length + 1;
  }
  const index = OWNERSHIP_TIERS.indexOf(tier as OwnershipTier);
  return index >= 0 ? index : OWNERSHIP_TIERS.length;
}

/**
 * Orders tiers as people read them: tier-1, tier-2, tier-3, then any other
 * value by name, and no tier last.
 *
 * @public
 */
export function compareTiers(
  a: string | undefined,
  b: string | undefined,
): number {
  return tierRank(a) - tierRank(b) || (a ?? '').localeCompare(b ?? '');
}
