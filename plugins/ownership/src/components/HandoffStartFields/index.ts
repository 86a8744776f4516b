export { HandoffStartFields } from './HandoffStartFields';
export type { HandoffStartFieldsProps } from './HandoffStartFields';
export {
  emptyStartValues,
  startRequest,
  durationProblems,
} from './handoffStartValues';
export type {
  HandoffDurations,
  HandoffStartValues,
} from './handoffStartValues';
export { HandoffFormDialog } from './HandoffFormDialog';
export type { HandoffFormDialogProps } from './HandoffFormDialog';
