import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import { StartHandoffRequest } from '@service-ownership/plugin-ownership-common';
import { FormEvent, useEffect, useState } from 'react';
import {
  emptyStartValues,
  HandoffDurations,
  HandoffFormDialog,
  HandoffStartFields,
  startRequest,
} from '../HandoffStartFields';

/** @internal */
export type StartHandoffDialogProps = {
  open: boolean;
  /** The current owner, left out of the choices. */
  owner?: string;
  /** The receiving team to propose (an expired ownership's transferTo). */
  proposedTeam?: string;
  /** The configured durations and bounds, from the entity's handoffs. */
  durations?: HandoffDurations;
  busy: boolean;
  onStart: (request: StartHandoffRequest) => Promise<boolean>;
  onClose: () => void;
};

/**
 * Starts a handoff: the receiving team picked from the catalog's groups, a
 * reason, and optionally shadow and reverse-shadow periods other than the
 * configured ones.
 */
export const StartHandoffDialog = (props: StartHandoffDialogProps) => {
  const { open, owner, proposedTeam, durations, busy, onStart, onClose } =
    props;
  const [values, setValues] = useState(emptyStartValues);
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    if (open) {
      setValues(emptyStartValues(proposedTeam));
      setTouched(false);
    }
  }, [open, proposedTeam]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    const request = startRequest(values, durations);
    if (!request) return;
    await onStart(request);
    onClose();
  };

  return (
    <HandoffFormDialog
      open={open}
      title="Start a handoff"
      onSubmit={submit}
      onClose={onClose}
      data-testid="start-handoff-dialog"
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            Start handoff
          </Button>
        </>
      }
    >
      <DialogContentText>
        Hand the ownership of this entity over to another team. The handoff goes
        through documentation review, a shadow period and a reverse shadow
        before the receiving team is validated as owner.
      </DialogContentText>
      <HandoffStartFields
        values={values}
        onChange={setValues}
        durations={durations}
        owner={owner}
        teamError={
          touched && !values.teamRef ? 'Pick the receiving team' : undefined
        }
        teamHint={
          proposedTeam && values.teamRef === proposedTeam
            ? "Proposed: the feature ownership's transfer target"
            : undefined
        }
      />
    </HandoffFormDialog>
  );
};
