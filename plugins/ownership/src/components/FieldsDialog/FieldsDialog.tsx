import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { HANDOFF_REQUEST_LIMITS } from '@service-ownership/plugin-ownership-common';
import { FormEvent, ReactNode, useEffect, useId, useState } from 'react';

/** @internal */
export type DialogField = {
  name: string;
  label: string;
  required?: boolean;
  multiline?: boolean;
  type?: 'text' | 'url';
  helperText?: string;
};

/** @internal */
export type FieldsDialogProps = {
  open: boolean;
  title: string;
  description?: ReactNode;
  fields: DialogField[];
  submitLabel: string;
  busy?: boolean;
  /** Resolves true when the dialog may close. */
  onSubmit: (values: Record<string, string>) => Promise<boolean>;
  onClose: () => void;
};

/**
 * A dialog asking for a few texts (a reason, a justification, a link),
 * refusing to submit while a required one is blank.
 */
export const FieldsDialog = (props: FieldsDialogProps) => {
  const { open, title, description, fields, submitLabel, busy } = props;
  const titleId = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    if (open) {
      setValues({});
      setTouched(false);
    }
  }, [open]);

  const missing = fields.filter(f => f.required && !values[f.name]?.trim());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (missing.length) return;
    const trimmed = Object.fromEntries(
      Object.entries(values)
        .map(([k, v]) => [k, v.trim()])
        .filter(([, v]) => v),
    );
    if (await props.onSubmit(trimmed)) props.onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>{title}</DialogTitle>
        <DialogContent>
          {description && <DialogContentText>{description}</DialogContentText>}
          {fields.map(field => {
            const error = touched && missing.includes(field);
            return (
              <TextField
                key={field.name}
                id={`${titleId}-${field.name}`}
                label={field.label}
                required={field.required}
                multiline={field.multiline}
                minRows={field.multiline ? 3 : undefined}
                type={field.type ?? 'text'}
                value={values[field.name] ?? ''}
                onChange={event =>
                  setValues(v => ({ ...v, [field.name]: event.target.value }))
                }
                error={error}
                helperText={
                  error ? `${field.label} is required` : field.helperText
                }
                inputProps={{ maxLength: HANDOFF_REQUEST_LIMITS.text.max }}
                fullWidth
                margin="normal"
                variant="outlined"
              />
            );
          })}
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            {submitLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
