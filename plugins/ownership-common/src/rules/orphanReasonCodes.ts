import { DateTime } from 'luxon';
import { compareCodes, OrphanReasonCode } from './rulebook';

/**
 * What decides a service's orphan reasons.
 *
 * @public
 */
export interface OrphanReasonFacts {
  /** spec.owner as a full ref; undefined when empty. */
  owner?: string;
  /** Whether the owner is an existing User or Group. */
  ownerFound: boolean;
  /**
   * For a Group owner: its existing members, directly and through child
   * groups. Ignored for a User owner.
   */
  memberCount: number;
  tier?: string;
  /** spec.ownership.escalationPolicy as written (normalised when possible). */
  escalationPolicy?: string;
  escalationPolicyFound: boolean;
  /** The moment the feature ownership ends (ISO), if it does. */
  expiresAt?: string;
  /** Whether the last verification (or first appearance) is older than the period. */
  verificationOverdue: boolean;
  /** How many processing errors the catalog holds for the entity. */
  catalogErrorCount: number;
  /**
   * The receiving team (full lower-case group ref) of the entity's latest
   * completed handoff, unless a handoff was opened after it.
   */
  completedHandoffTo?: string;
  now: Date;
}

/**
 * The configuration switches of the coverage policy.
 *
 * @public
 */
export interface OrphanReasonSwitches {
  tier1RequiresEscalationPolicy: boolean;
  warnSingleMemberTeams: boolean;
}

/**
 * The orphan reasons of one service from its facts, most serious first.
 *
 * @remarks
 *
 * The ownership backend's index states the same conditions in SQL over its
 * own tables (the coverage policy of its catalog index), so that coverage
 * can be counted and filtered in the database; the resolved ownership of an
 * entity the index does not list yet uses this function. A test of the
 * backend holds the two together for every example service.
 *
 * @public
 */
export function orphanReasonCodes(
  facts: OrphanReasonFacts,
  switches: OrphanReasonSwitches,
): OrphanReasonCode[] {
  const codes: OrphanReasonCode[] = [];
  const isGroup = facts.owner?.startsWith('group:') ?? false;
  if (!facts.owner) {
    codes.push('no-owner');
  } else if (!facts.ownerFound) {
    codes.push('owner-not-found');
  } else if (isGroup && facts.memberCount === 0) {
    codes.push('owner-no-members');
  } else if (
    isGroup &&
    facts.memberCount === 1 &&
    switches.warnSingleMemberTeams
  ) {
    codes.push('owner-single-member');
  }
  if (facts.catalogErrorCount > 0) {
    codes.push('catalog-processing-error');
  }
  if (
    switches.tier1RequiresEscalationPolicy &&
    facts.tier === 'tier-1' &&
    (!facts.escalationPolicy || !facts.escalationPolicyFound)
  ) {
    codes.push('tier1-no-escalation');
  }
  if (
    facts.expiresAt &&
    DateTime.fromISO(facts.expiresAt).toMillis() < facts.now.getTime()
  ) {
    codes.push('ownership-expired');
  }
  if (
    facts.completedHandoffTo &&
    facts.completedHandoffTo !== facts.owner?.toLocaleLowerCase('en-US')
  ) {
    codes.push('handoff-not-applied');
  }
  if (facts.verificationOverdue) {
    codes.push('not-verified');
  }
  return codes.sort(compareCodes);
}
