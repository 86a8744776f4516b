export { RaciMatrixTable } from './RaciMatrixTable';
export type { RaciMatrixTableProps } from './RaciMatrixTable';
export { countParticipants, rowsFromActivities } from './raciModel';
export type { RaciRow } from './raciModel';
