import {
  getOwnershipRule,
  ORPHAN_REASON_CODES,
  OrphanReasonCode,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import {
  ENTITIES,
  GROUPS,
  POLICIES,
  REASONS,
  USERS,
  VERIFICATIONS,
} from '../database/tables';
import { HANDOFF_NOT_APPLIED_SQL } from './handoffFacts';
import { CoveragePolicyOptions } from './IndexStore';

// What counts as owned and why a service is listed as orphaned or at risk,
// as SQL over the index tables. The codes, their order and severities come
// from the rulebook in ownership-common; this module only says when each
// one applies. Plain SQL that runs unchanged on PostgreSQL and SQLite, and
// no UPDATE aliases (SQLite's support for them is recent).

/** Owner states that count as owned (unless an error reason says otherwise). */
export const OWNED_STATUSES = ['ok', 'single-member'];

const OWNER_STATUS_EXPR = `(CASE
  WHEN ${ENTITIES}.owner_ref IS NULL THEN 'none'
  WHEN EXISTS (SELECT 1 FROM ${USERS} u WHERE u.entity_ref = ${ENTITIES}.owner_ref) THEN 'ok'
  ELSE COALESCE((
    SELECT CASE
      WHEN g.member_count = 0 THEN 'no-members'
      WHEN g.member_count = 1 THEN 'single-member'
      ELSE 'ok' END
    FROM ${GROUPS} g WHERE g.entity_ref = ${ENTITIES}.owner_ref), 'not-found')
  END)`;

/**
 * The owner's state: an existing User, or a Group with at least one
 * existing member directly or through child groups, is an owner.
 */
export const UPDATE_OWNER_STATUS_SQL = `
  UPDATE ${ENTITIES} SET owner_status = ${OWNER_STATUS_EXPR}
  WHERE owner_status IS NULL OR owner_status <> ${OWNER_STATUS_EXPR}`;

/**
 * The select expression of the owned count over ENTITIES: an owner in an
 * owned state and no error reason (tier-1 without escalation, expired
 * feature ownership, a catalog processing error count against coverage as
 * much as a missing or empty owner team).
 */
export function ownedCountSql(knex: Knex): Knex.Raw {
  return knex.raw(
    `SUM(CASE WHEN owner_status IN (${OWNED_STATUSES.map(() => '?').join(
      ', ',
    )}) AND error_count = 0 THEN 1 ELSE 0 END) AS owned`,
    OWNED_STATUSES,
  );
}

type Binding = boolean | Date | string;
type Condition = { where: string; bindings?: Binding[] } | undefined;

const byOwnerStatus = (status: string): Condition => ({
  where: `e.owner_status = '${status}'`,
});

/**
 * When each orphan reason applies to a service `e` of ENTITIES; undefined
 * when the configuration switches the reason off. Typed over every code,
 * so a reason added to the rulebook must be given a condition here.
 */
const REASON_CONDITIONS: Record<
  OrphanReasonCode,
  (c: CoveragePolicyOptions & { now: Date; verifiedSince: Date }) => Condition
> = {
  'no-owner': () => byOwnerStatus('none'),
  'owner-not-found': () => byOwnerStatus('not-found'),
  'owner-no-members': () => byOwnerStatus('no-members'),
  'catalog-processing-error': () => ({
    where: 'e.processing_error IS NOT NULL',
  }),
  'tier1-no-escalation': c =>
    c.tier1RequiresEscalationPolicy
      ? {
          where: `e.tier = 'tier-1' AND (e.escalation_policy_ref IS NULL OR NOT EXISTS (
            SELECT 1 FROM ${POLICIES} p WHERE p.entity_ref = e.escalation_policy_ref))`,
        }
      : undefined,
  'ownership-expired': c => ({
    where: 'e.expires_at IS NOT NULL AND e.expires_at < ?',
    bindings: [c.now],
  }),
  'owner-single-member': c =>
    c.warnSingleMemberTeams ? byOwnerStatus('single-member') : undefined,
  'handoff-not-applied': () => ({ where: HANDOFF_NOT_APPLIED_SQL }),
  'not-verified': c => ({
    where: `COALESCE((SELECT v.verified_at FROM ${VERIFICATIONS} v
      WHERE v.entity_ref = e.entity_ref), e.first_seen_at) < ?`,
    bindings: [c.verifiedSince],
  }),
};

/**
 * The reasons every service should have at `now`, as a query of
 * (entity_ref, code, severity) with its bindings.
 */
export function desiredReasonsQuery(
  options: CoveragePolicyOptions & { now: Date },
): { sql: string; bindings: Binding[] } {
  const verifiedSince = DateTime.fromJSDate(options.now)
    .minus({ days: options.verificationPeriodDays })
    .toJSDate();
  const parts: string[] = [];
  const bindings: Binding[] = [];
  for (const code of ORPHAN_REASON_CODES) {
    const condition = REASON_CONDITIONS[code]({ ...options, verifiedSince });
    if (!condition) {
      continue;
    }
    const { severity } = getOwnershipRule(code);
    parts.push(`SELECT e.entity_ref, '${code}' AS code, '${severity}' AS severity
      FROM ${ENTITIES} e WHERE e.is_service = ? AND (${condition.where})`);
    bindings.push(true, ...(condition.bindings ?? []));
  }
  return { sql: parts.join('\nUNION ALL\n'), bindings };
}

const REASON_COUNT_EXPR = `(SELECT COUNT(*) FROM ${REASONS} r WHERE r.entity_ref = ${ENTITIES}.entity_ref)`;
const ERROR_COUNT_EXPR = `(SELECT COUNT(*) FROM ${REASONS} r WHERE r.entity_ref = ${ENTITIES}.entity_ref AND r.severity = 'error')`;

export const UPDATE_REASON_COUNTS_SQL = `
  UPDATE ${ENTITIES}
  SET reason_count = ${REASON_COUNT_EXPR}, error_count = ${ERROR_COUNT_EXPR}
  WHERE reason_count <> ${REASON_COUNT_EXPR} OR error_count <> ${ERROR_COUNT_EXPR}`;

const UPDATE_ONE_REASON_COUNT_SQL = `
  UPDATE ${ENTITIES}
  SET reason_count = ${REASON_COUNT_EXPR}, error_count = ${ERROR_COUNT_EXPR}
  WHERE entity_ref = ?`;

/**
 * A verification takes the not-verified warning away at once, not at the
 * next refresh; runs in the verification's transaction.
 */
export async function applyVerification(
  trx: Knex.Transaction,
  entityRef: string,
): Promise<void> {
  await trx(REASONS)
    .where({ entity_ref: entityRef, code: 'not-verified' })
    .delete();
  await trx.raw(UPDATE_ONE_REASON_COUNT_SQL, [entityRef]);
}

/**
 * Recomputes the entity's handoff-not-applied reason at once, not at the
 * next refresh: call it in the transaction of a handoff write that starts,
 * completes or closes a handoff.
 */
export async function applyHandoffReason(
  trx: Knex.Transaction,
  entityRef: string,
): Promise<void> {
  await trx(REASONS)
    .where({ entity_ref: entityRef, code: 'handoff-not-applied' })
    .delete();
  const { severity } = getOwnershipRule('handoff-not-applied');
  await trx.raw(
    `INSERT INTO ${REASONS} (entity_ref, code, severity)
     SELECT e.entity_ref, 'handoff-not-applied', ? FROM ${ENTITIES} e
     WHERE e.entity_ref = ? AND e.is_service = ? AND ${HANDOFF_NOT_APPLIED_SQL}`,
    [severity, entityRef, true],
  );
  await trx.raw(UPDATE_ONE_REASON_COUNT_SQL, [entityRef]);
}
