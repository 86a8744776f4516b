export { RaciMatrixTable } from './RaciMatrixTable';
export type { RaciMatrixTableProps } from './RaciMatrixTable';
export { countParticipants, raciRoleLabel } from './raciModel';
export type { RaciRow } from './raciModel';
