import { Knex } from 'knex';
import { clientOf, rawRows, rowCount } from '../database/sql';
import { GROUPS, REASONS, STAGING } from '../database/tables';
import {
  desiredReasonsQuery,
  UPDATE_OWNER_STATUS_SQL,
  UPDATE_REASON_COUNTS_SQL,
} from './coveragePolicy';
import { DIRECT_MEMBER_COUNTS_SQL, memberCountsSql } from './graphSql';
import { IndexApplyOptions } from './IndexStore';

/** Recomputes the member counts of every group; returns the groups changed. */
export async function updateMemberCounts(
  trx: Knex.Transaction,
): Promise<number> {
  // One at a time: queries on a transaction share its connection.
  const total = await trx.raw(memberCountsSql(clientOf(trx)));
  const direct = await trx.raw(DIRECT_MEMBER_COUNTS_SQL);
  const groups = await trx(GROUPS).select(
    'entity_ref',
    'member_count',
    'direct_member_count',
  );
  const rowsOf = (result: unknown) =>
    rawRows<{ group_ref: string; member_count: number | string }>(result);
  const totals = new Map(
    rowsOf(total).map(r => [r.group_ref, Number(r.member_count)]),
  );
  const directs = new Map(
    rowsOf(direct).map(r => [r.group_ref, Number(r.member_count)]),
  );
  let changed = 0;
  for (const group of groups as Array<{
    entity_ref: string;
    member_count: number;
    direct_member_count: number;
  }>) {
    const memberCount = totals.get(group.entity_ref) ?? 0;
    const directCount = directs.get(group.entity_ref) ?? 0;
    if (
      Number(group.member_count) !== memberCount ||
      Number(group.direct_member_count) !== directCount
    ) {
      await trx(GROUPS).where({ entity_ref: group.entity_ref }).update({
        member_count: memberCount,
        direct_member_count: directCount,
      });
      changed += 1;
    }
  }
  return changed;
}

/** Recomputes the owner status of every entity; returns the rows changed. */
export function updateOwnerStatus(trx: Knex.Transaction): Promise<number> {
  return rowCount(trx.raw(UPDATE_OWNER_STATUS_SQL));
}

/** Recomputes the reason counts of every entity; returns the rows changed. */
export function updateReasonCounts(trx: Knex.Transaction): Promise<number> {
  return rowCount(trx.raw(UPDATE_REASON_COUNTS_SQL));
}

/**
 * Brings the reasons table to what the coverage policy wants now: removes
 * the reasons that no longer apply, adds the new ones.
 */
export async function updateReasons(
  trx: Knex.Transaction,
  options: IndexApplyOptions,
): Promise<{ added: number; removed: number }> {
  const desired = desiredReasonsQuery(options);
  // Materialise the wanted set under the staging table's primary key, so
  // that removing the stale reasons is an index lookup per row.
  await trx.raw(
    `INSERT INTO ${STAGING} (run_id, target, row_key, row_hash, payload, staged_at)
     SELECT ?, 'reasons', d.entity_ref || '|' || d.code, d.severity, '', CURRENT_TIMESTAMP
     FROM (${desired.sql}) d`,
    [options.runId, ...desired.bindings],
  );
  const removed = await trx(REASONS)
    .whereNotExists(
      trx(STAGING)
        .select(trx.raw('1'))
        .where(`${STAGING}.run_id`, options.runId)
        .where(`${STAGING}.target`, 'reasons')
        .whereRaw(
          `${STAGING}.row_key = ${REASONS}.entity_ref || '|' || ${REASONS}.code`,
        ),
    )
    .delete();
  const added = await rowCount(
    trx.raw(
      `INSERT INTO ${REASONS} (entity_ref, code, severity)
       SELECT d.entity_ref, d.code, d.severity FROM (${desired.sql}) d
       WHERE NOT EXISTS (
         SELECT 1 FROM ${REASONS} r
         WHERE r.entity_ref = d.entity_ref AND r.code = d.code)`,
      desired.bindings,
    ),
  );
  // A reason whose severity the rulebook changed since it was recorded
  await trx.raw(
    `UPDATE ${REASONS} SET severity = (
       SELECT s.row_hash FROM ${STAGING} s
       WHERE s.run_id = ? AND s.target = 'reasons'
         AND s.row_key = ${REASONS}.entity_ref || '|' || ${REASONS}.code)
     WHERE EXISTS (
       SELECT 1 FROM ${STAGING} s
       WHERE s.run_id = ? AND s.target = 'reasons'
         AND s.row_key = ${REASONS}.entity_ref || '|' || ${REASONS}.code
         AND s.row_hash <> ${REASONS}.severity)`,
    [options.runId, options.runId],
  );
  return { added, removed };
}
