import { DateTime } from 'luxon';
import {
  compareCodes,
  getOwnershipRule,
  isOrphanReasonCode,
  OrphanReasonCode,
} from './rulebook';

/**
 * What the views know about a service when they describe its orphan
 * reasons. Dates are ISO strings or Dates.
 *
 * @public
 */
export interface OrphanReasonContext {
  owner?: string;
  escalationPolicy?: string;
  /** The moment the feature ownership ended. */
  expiresAt?: string | Date;
  verifiedAt?: string | Date;
  firstSeenAt?: string | Date;
  verificationPeriodDays: number;
  /** The catalog's processing error message, when known. */
  catalogError?: string;
  /** The receiving team of the completed handoff that is not applied yet. */
  handoffTo?: string;
}

/**
 * One orphan reason with its severity, message and fix.
 *
 * @public
 */
export interface OrphanReason {
  code: OrphanReasonCode;
  severity: 'error' | 'warning';
  message: string;
  fix: string;
}

function day(value: string | Date | undefined): string {
  if (!value) {
    return 'an unknown date';
  }
  const date =
    typeof value === 'string'
      ? DateTime.fromISO(value, { zone: 'utc' })
      : DateTime.fromJSDate(value, { zone: 'utc' });
  return date.isValid ? date.toISODate()! : 'an unknown date';
}

function message(code: OrphanReasonCode, c: OrphanReasonContext): string {
  const owner = c.owner ?? 'the owner';
  switch (code) {
    case 'no-owner':
      return 'No owner: spec.owner is empty';
    case 'owner-not-found':
      return `The owner ${owner} matches no User or Group in the catalog`;
    case 'owner-no-members':
      return `The owner ${owner} has no members, directly or through child groups`;
    case 'owner-single-member':
      return `The owner ${owner} has a single member (bus factor 1)`;
    case 'catalog-processing-error':
      return c.catalogError
        ? `The catalog could not process the latest version: ${c.catalogError.slice(
            0,
            500,
          )}`
        : 'The catalog could not process the latest version of this entity';
    case 'tier1-no-escalation':
      return c.escalationPolicy
        ? `Tier-1 service whose escalation policy ${c.escalationPolicy} does not exist`
        : 'Tier-1 service without an escalation policy';
    case 'ownership-expired':
      return `Feature ownership expired on ${day(c.expiresAt)}`;
    case 'handoff-not-applied':
      return c.handoffTo
        ? `The handoff to ${
            c.handoffTo
          } is complete, but spec.owner still names ${c.owner ?? 'no owner'}`
        : 'A handoff is complete, but spec.owner still names the previous owner';
    case 'not-verified':
    default:
      return c.verifiedAt
        ? `Ownership last verified on ${day(c.verifiedAt)}, more than ${
            c.verificationPeriodDays
          } days ago`
        : `Ownership never verified since the service appeared on ${day(
            c.firstSeenAt,
          )} (due every ${c.verificationPeriodDays} days)`;
  }
}

/**
 * Describes one orphan reason from the rulebook, with a message that names
 * what the views know (the owner, the policy, the dates).
 *
 * @public
 */
export function describeOrphanReason(
  code: OrphanReasonCode,
  context: OrphanReasonContext,
): OrphanReason {
  const entry = getOwnershipRule(code);
  let fix = entry.fix;
  if (context.owner && code === 'owner-no-members') {
    fix = `Add members to ${context.owner}, or move the service to a team with people in it.`;
  } else if (context.owner && code === 'owner-single-member') {
    fix = `Add a second member to ${context.owner}, or hand the service to a larger team.`;
  } else if (context.handoffTo && code === 'handoff-not-applied') {
    fix = `Apply the handoff's patch to catalog-info.yaml so that spec.owner names ${context.handoffTo}.`;
  }
  return {
    code,
    severity: entry.severity,
    message: message(code, context),
    fix,
  };
}

/**
 * Describes a set of reason codes, most serious first; codes that are not
 * orphan reasons are left out.
 *
 * @public
 */
export function describeOrphanReasons(
  codes: Iterable<string>,
  context: OrphanReasonContext,
): OrphanReason[] {
  return [...new Set(codes)]
    .filter(isOrphanReasonCode)
    .sort(compareCodes)
    .map(code => describeOrphanReason(code, context));
}
