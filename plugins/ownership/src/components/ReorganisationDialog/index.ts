export { ReorganisationDialog } from './ReorganisationDialog';
export type { ReorganisationDialogProps } from './ReorganisationDialog';
export type { ReorganisationService } from './ServiceChecklist';
