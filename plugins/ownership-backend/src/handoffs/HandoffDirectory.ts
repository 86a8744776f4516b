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
  /** Participants with role A in any activity of the matrices. */
  raciAccountable(matrixRefs: string[]): Promise<string[]>;
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
      .select('target_ref', 'detail');
    const accountable = new Set<string>();
    for (const row of rows) {
      try {
        const [, role] = JSON.parse(row.detail) as [string, string];
        if (role === 'A') {
          accountable.add(row.target_ref);
        }
      } catch {
        // a malformed detail names no role
      }
    }
    return [...accountable].sort();
  }
}
