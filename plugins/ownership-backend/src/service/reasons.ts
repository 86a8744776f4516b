import {
  OrphanedService,
  OrphanReason,
  OrphanReasonCode,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { IndexedEntityRecord } from '../database/OwnershipStore';

/** Reason codes, most serious first. */
export const ORPHAN_REASON_CODES: OrphanReasonCode[] = [
  'no-owner',
  'owner-not-found',
  'owner-no-members',
  'tier1-no-escalation',
  'ownership-expired',
  'owner-single-member',
  'not-verified',
];

function day(date: Date | undefined): string {
  return date ? DateTime.fromJSDate(date).toUTC().toISODate()! : 'unknown';
}

/** The message and fix of one reason, from what the index knows. */
export function describeReason(
  code: OrphanReasonCode,
  record: IndexedEntityRecord,
  periodDays: number,
): OrphanReason {
  const owner = record.owner ?? '';
  switch (code) {
    case 'no-owner':
      return {
        code,
        severity: 'error',
        message: 'No owner: spec.owner is empty',
        fix: 'Set spec.owner to the team that runs the service, e.g. group:default/payments.',
      };
    case 'owner-not-found':
      return {
        code,
        severity: 'error',
        message: `The owner ${owner} matches no User or Group in the catalog`,
        fix: 'Correct spec.owner, or add the group to the organisation data.',
      };
    case 'owner-no-members':
      return {
        code,
        severity: 'error',
        message: `The owner ${owner} has no members, directly or through child groups`,
        fix: `Add members to ${owner}, or move the service to a team with people in it.`,
      };
    case 'owner-single-member':
      return {
        code,
        severity: 'warning',
        message: `The owner ${owner} has a single member (bus factor 1)`,
        fix: `Add a second member to ${owner}, or hand the service to a larger team.`,
      };
    case 'tier1-no-escalation':
      return {
        code,
        severity: 'error',
        message: record.escalationPolicy
          ? `Tier-1 service whose escalation policy ${record.escalationPolicy} does not exist`
          : 'Tier-1 service without an escalation policy',
        fix: 'Set spec.ownership.escalationPolicy to an existing EscalationPolicy, e.g. escalationpolicy:default/payments-tier-1.',
      };
    case 'ownership-expired':
      return {
        code,
        severity: 'error',
        message: `Feature ownership expired on ${day(record.expiresAt)}`,
        fix: 'Renew spec.ownership.expires, or remove the feature-level ownership so the service owner takes over.',
      };
    case 'not-verified':
    default:
      return {
        code: 'not-verified',
        severity: 'warning',
        message: record.verifiedAt
          ? `Ownership last verified on ${day(
              record.verifiedAt,
            )}, more than ${periodDays} days ago`
          : `Ownership never verified since the service appeared on ${day(
              record.firstSeenAt,
            )} (due every ${periodDays} days)`,
        fix: 'A member of the owning team confirms the ownership on the service page ("This is still ours").',
      };
  }
}

/** An index record as an orphaned service, reasons most serious first. */
export function toOrphanedService(
  record: IndexedEntityRecord,
  periodDays: number,
): OrphanedService {
  const reasons = [...record.reasons]
    .sort(
      (a, b) =>
        ORPHAN_REASON_CODES.indexOf(a.code) -
        ORPHAN_REASON_CODES.indexOf(b.code),
    )
    .map(r => describeReason(r.code, record, periodDays));
  return {
    entityRef: record.entityRef,
    kind: record.kind,
    type: record.type,
    title: record.title,
    owner: record.owner,
    system: record.system,
    tier: record.tier,
    lifecycle: record.lifecycle,
    reasons,
  };
}
