import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import { FormEvent, ReactNode, useId } from 'react';

/** @internal */
export type HandoffFormDialogProps = {
  open: boolean;
  title: string;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  /** The buttons. */
  actions: ReactNode;
  children: ReactNode;
  busy?: boolean;
  className?: string;
  'data-testid'?: string;
};

/** The frame of the dialogs starting handoffs: a titled form. */
export const HandoffFormDialog = (props: HandoffFormDialogProps) => {
  const titleId = useId();
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      className={props.className}
    >
      <form
        onSubmit={props.onSubmit}
        noValidate
        aria-busy={props.busy}
        data-testid={props['data-testid']}
      >
        <DialogTitle id={titleId}>{props.title}</DialogTitle>
        <DialogContent>{props.children}</DialogContent>
        <DialogActions>{props.actions}</DialogActions>
      </form>
    </Dialog>
  );
};
