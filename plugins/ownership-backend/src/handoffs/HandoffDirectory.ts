import { DatabaseService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { subtreeSql } from '../catalogIndex/graphSql';
import { getMigratedClient } from '../database/client';
import { clientOf, rawRows } from '../database/sql';
import { DbIndexLinkRow, LINKS } from '../database/tables';

/**
 * What handoffs read from the ownership index: the group tree, members and
 * RACI Accountables, so that a permission check needs no catalog walk.
 */
export interface HandoffDirectory {
  /** The group and every group below it (refs, lower case). */
  teamTree(groupRef: string): Promise<string[]>;
  /** The groups the index lists the user as a direct member of. */
  groupsOf(userRef: string): Promise<string[]>;
  /** Users who are members of the group or a group below it. */
  membersOf(groupRef: string): Promise<string[]>;
  /**
   * Who decides handoffs for each matrix (see {@link handoffAccountables}),
   * across the matrices.
   */
  raciAccountable(matrixRefs: string[]): Promise<string[]>;
}

/**
 * Activities about ownership itself: handing a service over, ownership
 * changes, or (as in the RACI seed's "Governance docs (this file)") the
 * governance of the ownership matrix.
 */
export const HANDOFF_RACI_ACTIVITY = /\b(hand-?offs?|ownership|governance)\b/i;

/**
 * The parties of one matrix who may decide its entities' handoffs: the
 * Accountable of its ownership activity (named as HANDOFF_RACI_ACTIVITY
 * says), or else the matrix's Accountable when every activity has the same
 * one; nobody otherwise. Accountable for deployments is not accountable
 * for who owns the service.
 */
export function handoffAccountables(
  accountables: Array<{ activity: string; party: string }>,
): string[] {
  const ownership = accountables.filter(a =>
    HANDOFF_RACI_ACTIVITY.test(a.activity),
  );
  const parties = new Set(
    (ownership.length ? ownership : accountables).map(a => a.party),
  );
  return ownership.length || parties.size === 1 ? [...parties].sort() : [];
}

/** HandoffDirectory on the index tables (PostgreSQL or SQLite). */
export class DatabaseHandoffDirectory implements HandoffDirectory {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
  }): Promise<DatabaseHandoffDirectory> {
    return new DatabaseHandoffDirectory(
      await getMigratedClient(options.database),
    );
  }

  constructor(private readonly db: Knex) {}

  async teamTree(groupRef: string): Promise<string[]> {
    const rows = rawRows<{ group_ref: string }>(
      await this.db.raw(subtreeSql(clientOf(this.db)), [groupRef]),
    );
    // a group the index has not seen yet is still its own tree
    return [...new Set([groupRef, ...rows.map(r => r.group_ref)])];
  }

  async groupsOf(userRef: string): Promise<string[]> {
    const rows = await this.db<DbIndexLinkRow>(LINKS)
      .where({ link_type: 'member', target_ref: userRef })
      .select('source_ref');
    return rows.map(r => r.source_ref);
  }

  async membersOf(groupRef: string): Promise<string[]> {
    const tree = await this.teamTree(groupRef);
    const rows = await this.db<DbIndexLinkRow>(LINKS)
      .where({ link_type: 'member' })
      .whereIn('source_ref', tree)
      .distinct('target_ref');
    return rows.map(r => r.target_ref);
  }

  async raciAccountable(matrixRefs: string[]): Promise<string[]> {
    if (!matrixRefs.length) {
      return [];
    }
    const rows = await this.db<DbIndexLinkRow>(LINKS)
      .where({ link_type: 'raci' })
      .whereIn('source_ref', matrixRefs)
      .select('source_ref', 'target_ref', 'detail');
    const byMatrix = new Map<
      string,
      Array<{ activity: string; party: string }>
    >();
    for (const row of rows) {
      let detail: unknown;
      try {
        detail = JSON.parse(row.detail);
      } catch {
        continue; // a malformed detail names no role
      }
      const [activity, role] = Array.isArray(detail) ? detail : [];
      if (role === 'A') {
        const list = byMatrix.get(row.source_ref) ?? [];
        list.push({ activity: String(activity ?? ''), party: row.target_ref });
        byMatrix.set(row.source_ref, list);
      }
    }
    return [
      ...new Set([...byMatrix.values()].flatMap(handoffAccountables)),
    ].sort();
  }
}
