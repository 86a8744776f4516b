import { RaciRole } from '@service-ownership/plugin-ownership-common';
import { raciRoleLabel } from './raciModel';

/** A cell of the grid: row 0 is the header row, column 0 the activity. */
export type GridPosition = { row: number; column: number };

/**
 * Where a key moves the focus in a grid of the given size (APG data grid:
 * arrows, Home/End within the row, Ctrl+Home/End to the corners, PageUp/
 * PageDown by ten rows); undefined for keys the grid does not handle.
 */
export function nextPosition(
  from: GridPosition,
  key: string,
  ctrlKey: boolean,
  size: { rows: number; columns: number },
): GridPosition | undefined {
  const clamp = (row: number, column: number) => ({
    row: Math.max(0, Math.min(size.rows - 1, row)),
    column: Math.max(0, Math.min(size.columns - 1, column)),
  });
  switch (key) {
    case 'ArrowRight':
      return clamp(from.row, from.column + 1);
    case 'ArrowLeft':
      return clamp(from.row, from.column - 1);
    case 'ArrowDown':
      return clamp(from.row + 1, from.column);
    case 'ArrowUp':
      return clamp(from.row - 1, from.column);
    case 'PageDown':
      return clamp(from.row + 10, from.column);
    case 'PageUp':
      return clamp(from.row - 10, from.column);
    case 'Home':
      return ctrlKey ? clamp(0, 0) : clamp(from.row, 0);
    case 'End':
      return ctrlKey
        ? clamp(size.rows - 1, size.columns - 1)
        : clamp(from.row, size.columns - 1);
    default:
      return undefined;
  }
}

/**
 * What a cell announces: activity, participant and role(s), e.g.
 * "Deploy to production — group:default/payments: Responsible".
 */
export function cellLabel(
  activity: string,
  participant: string,
  roles: RaciRole[] | undefined,
): string {
  const names = roles?.length ? roles.map(raciRoleLabel).join(', ') : 'no role';
  return `${activity} — ${participant}: ${names}`;
}
