import {
  OPEN_HANDOFF_STATES,
  OpenHandoffState,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import { DbHandoffRow, HANDOFFS, toDate } from '../database/tables';
import { EntityHandoffFacts } from '../resolver/ResolverIndex';

/**
 * When the handoff-not-applied reason applies to a service `e` of the
 * index: its latest completed handoff names a receiving team other than
 * the owner the catalog names, and no handoff was opened after it.
 */
export const HANDOFF_NOT_APPLIED_SQL = `EXISTS (
  SELECT 1 FROM ${HANDOFFS} h
  WHERE h.entity_ref = e.entity_ref AND h.state = 'completed'
    AND (e.owner_ref IS NULL OR h.to_team <> e.owner_ref)
    AND NOT EXISTS (
      SELECT 1 FROM ${HANDOFFS} l
      WHERE l.entity_ref = h.entity_ref AND l.id <> h.id
        AND ((l.initiated_at > h.completed_at AND l.state <> 'rolled-back')
          OR (l.state = 'completed' AND l.completed_at > h.completed_at))))`;

type FactRow = Pick<
  DbHandoffRow,
  | 'id'
  | 'state'
  | 'from_team'
  | 'to_team'
  | 'state_due_at'
  | 'initiated_at'
  | 'completed_at'
>;

const millis = (value: FactRow['initiated_at'] | null) =>
  toDate(value)?.getTime() ?? -Infinity;

/**
 * The latest completed handoff per entity, unless another one completed
 * after it or is open now (a later handoff that was rolled back leaves it
 * standing).
 */
function lastCompleted(rows: FactRow[]): FactRow | undefined {
  const completed = rows
    .filter(r => r.state === 'completed')
    .sort((a, b) => millis(b.completed_at) - millis(a.completed_at))[0];
  if (!completed) {
    return undefined;
  }
  const since = millis(completed.completed_at);
  const later = rows.some(
    r =>
      r.id !== completed.id &&
      ((millis(r.initiated_at) > since && r.state !== 'rolled-back') ||
        (r.state === 'completed' && millis(r.completed_at) > since)),
  );
  return later ? undefined : completed;
}

const FACT_COLUMNS = [
  'id',
  'entity_ref',
  'state',
  'from_team',
  'to_team',
  'state_due_at',
  'initiated_at',
  'completed_at',
];

/** The open handoff and the unapplied completed one of an entity. */
export async function readEntityHandoffFacts(
  db: Knex,
  entityRef: string,
): Promise<EntityHandoffFacts> {
  const rows: FactRow[] = await db(HANDOFFS)
    .where('entity_ref', entityRef)
    .select(FACT_COLUMNS);
  const open = rows.find(r =>
    (OPEN_HANDOFF_STATES as readonly string[]).includes(r.state),
  );
  const completed = lastCompleted(rows);
  return {
    ...(open
      ? {
          open: {
            id: open.id,
            state: open.state as OpenHandoffState,
            fromTeam: open.from_team,
            toTeam: open.to_team,
            ...(open.state_due_at
              ? { stateDueAt: toDate(open.state_due_at).toISOString() }
              : {}),
          },
        }
      : {}),
    ...(completed ? { completedHandoffTo: completed.to_team } : {}),
  };
}

/**
 * The receiving team of each entity's unapplied completed handoff, for the
 * entities among `refs` that have one.
 */
export async function readCompletedHandoffTeams(
  db: Knex,
  refs: string[],
): Promise<Map<string, string>> {
  const teams = new Map<string, string>();
  if (!refs.length) {
    return teams;
  }
  const rows: Array<FactRow & { entity_ref: string }> = await db(HANDOFFS)
    .whereIn('entity_ref', refs)
    .select(FACT_COLUMNS);
  const byRef = new Map<string, FactRow[]>();
  for (const row of rows) {
    byRef.set(row.entity_ref, [...(byRef.get(row.entity_ref) ?? []), row]);
  }
  for (const [ref, list] of byRef) {
    const completed = lastCompleted(list);
    if (completed) {
      teams.set(ref, completed.to_team);
    }
  }
  return teams;
}
