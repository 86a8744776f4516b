import { OrphanReasonCode } from '@service-ownership/plugin-ownership-common';

/**
 * Short labels of the reasons a service counts as orphaned.
 */
export const ORPHAN_REASON_LABELS: Record<OrphanReasonCode, string> = {
  'no-owner': 'No owner',
  'owner-not-found': 'Owner not in the catalog',
  'owner-no-members': 'Owner team has no members',
  'owner-single-member': 'Owner team has a single member',
  'tier1-no-escalation': 'Tier-1 without escalation policy',
  'ownership-expired': 'Feature ownership expired',
  'not-verified': 'Ownership not verified',
};
