export { FieldsDialog } from './FieldsDialog';
export type { DialogField, FieldsDialogProps } from './FieldsDialog';
