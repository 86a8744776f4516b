// SQL fragments shared by the index refresh and its queries. They are plain
// SQL that runs unchanged on PostgreSQL and SQLite (3.35+): recursive CTEs,
// correlated subqueries in UPDATE, and no UPDATE aliases (SQLite's support for
// them is recent), hence the full table names.

export const ENTITIES = 'ownership_index_entities';
export const GROUPS = 'ownership_index_groups';
export const USERS = 'ownership_index_users';
export const POLICIES = 'ownership_index_policies';
export const LINKS = 'ownership_index_links';
export const REASONS = 'ownership_index_reasons';
export const STAGING = 'ownership_index_staging';
export const STATE = 'ownership_index_state';
export const SNAPSHOTS = 'ownership_coverage_snapshots';
export const VERIFICATIONS = 'ownership_verifications';
export const AUDIT = 'ownership_audit_log';

/** Owner states that count as owned. */
export const OWNED_STATUSES = ['ok', 'single-member'];

/**
 * The join that walks the recursive queue: SQLite's planner, without
 * statistics, otherwise scans the links table for every row of the queue;
 * CROSS JOIN is SQLite's documented way to fix the loop order.
 */
function queueJoin(client: string): string {
  return client.includes('sqlite') ? 'CROSS JOIN' : 'JOIN';
}

/**
 * A group and all groups below it; one binding: the group ref. (The start
 * row comes from the table rather than a bound value so that PostgreSQL sees
 * the same column type in both terms.)
 */
export function subtreeSql(client: string): string {
  return `
  WITH RECURSIVE subtree(group_ref) AS (
    SELECT entity_ref FROM ${GROUPS} WHERE entity_ref = ?
    UNION
    SELECT l.target_ref FROM subtree
    ${queueJoin(client)} ${LINKS} l
      ON l.link_type = 'child' AND l.source_ref = subtree.group_ref
  )
  SELECT group_ref FROM subtree`;
}

/**
 * Existing users directly and through child groups, per group. Walks up
 * from each membership to the group's ancestors, one index lookup per step;
 * UNION drops repeated (group, user) pairs, so COUNT(*) counts people once
 * and a cycle in the hierarchy ends the walk.
 */
export function memberCountsSql(client: string): string {
  return `
  WITH RECURSIVE up(group_ref, user_ref) AS (
    SELECT m.source_ref, m.target_ref
    FROM ${LINKS} m
    JOIN ${USERS} u ON u.entity_ref = m.target_ref
    WHERE m.link_type = 'member'
    UNION
    SELECT c.source_ref, up.user_ref FROM up
    ${queueJoin(client)} ${LINKS} c
      ON c.link_type = 'child' AND c.target_ref = up.group_ref
  )
  SELECT group_ref, COUNT(*) AS member_count FROM up GROUP BY group_ref`;
}

/** Existing users that are direct members, per group. */
export const DIRECT_MEMBER_COUNTS_SQL = `
  SELECT l.source_ref AS group_ref, COUNT(*) AS member_count
  FROM ${LINKS} l
  JOIN ${USERS} u ON u.entity_ref = l.target_ref
  WHERE l.link_type = 'member'
  GROUP BY l.source_ref`;

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
 * Owned = the owner is an existing User, or a Group with at least one
 * existing member directly or through child groups.
 */
export const UPDATE_OWNER_STATUS_SQL = `
  UPDATE ${ENTITIES} SET owner_status = ${OWNER_STATUS_EXPR}
  WHERE owner_status IS NULL OR owner_status <> ${OWNER_STATUS_EXPR}`;

const REASON_COUNT_EXPR = `(SELECT COUNT(*) FROM ${REASONS} r WHERE r.entity_ref = ${ENTITIES}.entity_ref)`;
const ERROR_COUNT_EXPR = `(SELECT COUNT(*) FROM ${REASONS} r WHERE r.entity_ref = ${ENTITIES}.entity_ref AND r.severity = 'error')`;

export const UPDATE_REASON_COUNTS_SQL = `
  UPDATE ${ENTITIES}
  SET reason_count = ${REASON_COUNT_EXPR}, error_count = ${ERROR_COUNT_EXPR}
  WHERE reason_count <> ${REASON_COUNT_EXPR} OR error_count <> ${ERROR_COUNT_EXPR}`;

export const UPDATE_ONE_REASON_COUNT_SQL = `
  UPDATE ${ENTITIES}
  SET reason_count = ${REASON_COUNT_EXPR}, error_count = ${ERROR_COUNT_EXPR}
  WHERE entity_ref = ?`;

/**
 * The reasons every service should have now, as (entity_ref, code,
 * severity). Bindings: see desiredReasonsBindings.
 */
export function desiredReasonsSql(options: {
  tier1RequiresEscalationPolicy: boolean;
  warnSingleMemberTeams: boolean;
}): string {
  const byStatus = (status: string, code: string, severity: string) =>
    `SELECT entity_ref, '${code}' AS code, '${severity}' AS severity
     FROM ${ENTITIES} WHERE is_service = ? AND owner_status = '${status}'`;
  const parts = [
    byStatus('none', 'no-owner', 'error'),
    byStatus('not-found', 'owner-not-found', 'error'),
    byStatus('no-members', 'owner-no-members', 'error'),
  ];
  if (options.warnSingleMemberTeams) {
    parts.push(byStatus('single-member', 'owner-single-member', 'warning'));
  }
  if (options.tier1RequiresEscalationPolicy) {
    parts.push(`SELECT e.entity_ref, 'tier1-no-escalation', 'error'
      FROM ${ENTITIES} e
      WHERE e.is_service = ? AND e.tier = 'tier-1' AND (
        e.escalation_policy_ref IS NULL OR NOT EXISTS (
          SELECT 1 FROM ${POLICIES} p WHERE p.entity_ref = e.escalation_policy_ref))`);
  }
  parts.push(`SELECT entity_ref, 'ownership-expired', 'error'
    FROM ${ENTITIES}
    WHERE is_service = ? AND expires_at IS NOT NULL AND expires_at < ?`);
  parts.push(`SELECT e.entity_ref, 'not-verified', 'warning'
    FROM ${ENTITIES} e LEFT JOIN ${VERIFICATIONS} v ON v.entity_ref = e.entity_ref
    WHERE e.is_service = ? AND COALESCE(v.verified_at, e.first_seen_at) < ?`);
  return parts.join('\nUNION ALL\n');
}

export function desiredReasonsBindings(options: {
  now: Date;
  verifiedSince: Date;
  tier1RequiresEscalationPolicy: boolean;
  warnSingleMemberTeams: boolean;
}): Array<boolean | Date> {
  const bindings: Array<boolean | Date> = [true, true, true];
  if (options.warnSingleMemberTeams) {
    bindings.push(true);
  }
  if (options.tier1RequiresEscalationPolicy) {
    bindings.push(true);
  }
  bindings.push(true, options.now);
  bindings.push(true, options.verifiedSince);
  return bindings;
}

/** Escapes a LIKE pattern for `ESCAPE '!'`. */
export function likePattern(text: string): string {
  return `%${text.replace(/[!%_]/g, c => `!${c}`)}%`;
}
