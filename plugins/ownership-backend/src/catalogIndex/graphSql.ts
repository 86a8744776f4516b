import { GROUPS, LINKS, USERS } from '../database/tables';

// Walks of the group graph, in plain SQL that runs unchanged on PostgreSQL
// and SQLite (3.35+).

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
