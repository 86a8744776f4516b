import { Knex } from 'knex';
import { likePattern } from '../database/sql';
import { GROUPS, REASONS } from '../database/tables';
import { OrphanFilter, OrphanQuery } from './ReportsStore';

const ORDER_COLUMNS: Record<
  OrphanQuery['orderBy'],
  Array<{ column: string; nullable?: boolean }>
> = {
  entityRef: [],
  title: [{ column: 'e.title', nullable: true }],
  owner: [{ column: 'e.owner_ref', nullable: true }],
  tier: [{ column: 'e.tier', nullable: true }],
  kind: [{ column: 'e.kind' }],
  reasons: [{ column: 'e.error_count' }, { column: 'e.reason_count' }],
};

/** Restricts a query over the index's entities (as `e`) to the orphans. */
export function orphanFilter(
  db: Knex,
  query: Knex.QueryBuilder,
  filter: OrphanFilter,
): Knex.QueryBuilder {
  // A literal, not a binding: SQLite only uses the partial orphan indexes
  // when the query repeats their condition.
  query.where('e.is_service', true).whereRaw('e.reason_count > 0');
  if (filter.reasons?.length) {
    query.whereExists(
      db(`${REASONS} as r`)
        .select(db.raw('1'))
        .whereRaw('r.entity_ref = e.entity_ref')
        .whereIn('r.code', filter.reasons),
    );
  }
  if (filter.severity === 'error') {
    query.where('e.error_count', '>', 0);
  } else if (filter.severity === 'warning') {
    query.whereRaw('e.reason_count > e.error_count');
  }
  if (filter.owner) {
    query.where('e.owner_ref', filter.owner);
  }
  if (filter.tier) {
    query.where('e.tier', filter.tier);
  }
  if (filter.kind) {
    query.whereRaw('LOWER(e.kind) = ?', [
      filter.kind.toLocaleLowerCase('en-US'),
    ]);
  }
  if (filter.q) {
    // Titles are matched in their stored lower-case form: SQLite's LOWER()
    // folds ASCII only. Refs are lower case already.
    const pattern = likePattern(filter.q.toLocaleLowerCase('en-US'));
    query.where(q =>
      q
        .whereRaw(`e.entity_ref LIKE ? ESCAPE '!'`, [pattern])
        .orWhereRaw(`e.title_lower LIKE ? ESCAPE '!'`, [pattern])
        .orWhereRaw(`e.owner_ref LIKE ? ESCAPE '!'`, [pattern])
        .orWhereRaw(
          `EXISTS (SELECT 1 FROM ${GROUPS} g
             WHERE g.entity_ref = e.owner_ref AND g.title_lower LIKE ? ESCAPE '!')`,
          [pattern],
        ),
    );
  }
  return query;
}

/** Sorts the orphans: missing values last in both directions. */
export function orphanOrder(
  query: Knex.QueryBuilder,
  orderBy: OrphanQuery['orderBy'],
  order: 'asc' | 'desc',
): Knex.QueryBuilder {
  for (const { column, nullable } of ORDER_COLUMNS[orderBy]) {
    if (nullable) {
      query.orderByRaw(`CASE WHEN ${column} IS NULL THEN 1 ELSE 0 END`);
    }
    query.orderBy(column, order);
  }
  // The tie-break follows the direction, so that the partial indexes can
  // serve the page in order (see the migration).
  query.orderBy('e.entity_ref', order);
  return query;
}
