export { RaciMatrixTable } from './RaciMatrixTable';
export type { RaciMatrixTableProps } from './RaciMatrixTable';
export { countParticipants, RACI_ROLE_LABELS } from './raciModel';
export type { RaciRow } from './raciModel';
