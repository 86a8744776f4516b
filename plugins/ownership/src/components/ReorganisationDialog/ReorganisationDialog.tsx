import Button from '@material-ui/core/Button';
import DialogContentText from '@material-ui/core/DialogContentText';
import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import {
  HANDOFF_REQUEST_LIMITS,
  ReorganisationResponse,
} from '@service-ownership/plugin-ownership-common';
import { FormEvent, useEffect, useState } from 'react';
import { SUITE_ROOT_CLASS } from '../../utils/suiteRoot';
import { useErrorText } from '../EntityHandoffCard/useErrorText';
import {
  emptyStartValues,
  HandoffFormDialog,
  HandoffStartFields,
  startRequest,
} from '../HandoffStartFields';
import { ReorganisationResult } from './ReorganisationResult';
import { ReorganisationService, ServiceChecklist } from './ServiceChecklist';
import {
  useReorganisationContext,
  useStartReorganisation,
} from './useReorganisation';

/** @internal */
export type ReorganisationDialogProps = {
  open: boolean;
  /** The team handing its services over (group ref). */
  team: string;
  /** The services the team owns directly (spec.owner). */
  services: ReorganisationService[];
  /** Whether the ownership index listed only part of what the team owns. */
  incomplete?: boolean;
  onStarted: (response: ReorganisationResponse) => void;
  onClose: () => void;
};

const MAX = HANDOFF_REQUEST_LIMITS.reorganisationEntities.max;

/**
 * Hands several of a team's services over to another team at once, as in a
 * reorganisation: one request, and the backend starts every handoff or
 * none.
 */
export const ReorganisationDialog = (props: ReorganisationDialogProps) => {
  const { open, team, services, incomplete, onStarted, onClose } = props;
  const classes = useErrorText();
  const context = useReorganisationContext(open, team, services[0]?.entityRef);
  const { start, busy, problem, result, reset } =
    useStartReorganisation(onStarted);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [values, setValues] = useState(emptyStartValues);

  useEffect(() => {
    if (open) {
      setSelected(new Set());
      setValues(emptyStartValues());
      reset();
    }
  }, [open, reset]);

  // A service whose handoff opened since it was ticked is left out.
  const chosen = services
    .map(s => s.entityRef)
    .filter(ref => selected.has(ref) && !context.openHandoff(ref));
  const request = startRequest(values, context.durations);
  const tooMany = chosen.length > MAX;
  const canSubmit =
    !busy && !context.loading && chosen.length > 0 && !tooMany && !!request;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!canSubmit || !request) return;
    if (!(await start({ ...request, entityRefs: chosen }))) {
      // the refusal may come from a handoff opened meanwhile
      context.retry();
    }
  };

  let content;
  if (result) {
    content = <ReorganisationResult result={result} />;
  } else if (context.loading && !context.value) {
    content = <Progress />;
  } else {
    content = (
      <>
        <DialogContentText>
          Hand the ownership of several of this team's services over to another
          team at once. Each gets its own handoff through documentation review,
          a shadow period and a reverse shadow; they start together or not at
          all.
        </DialogContentText>
        {context.error && (
          <Typography variant="body2" className={classes.errorText}>
            The team's open handoffs could not be loaded:{' '}
            {context.error.message}
          </Typography>
        )}
        <ServiceChecklist
          services={services}
          selected={selected}
          onChange={setSelected}
          openHandoff={context.openHandoff}
          disabled={busy}
        />
        {incomplete && (
          <Typography variant="caption" color="textSecondary" component="p">
            The team owns more than the ownership index lists at once: these are
            the first {services.length}.
          </Typography>
        )}
        {tooMany && (
          <Typography variant="body2" className={classes.errorText}>
            At most {MAX} services per reorganisation.
          </Typography>
        )}
        <HandoffStartFields
          values={values}
          onChange={setValues}
          durations={context.durations}
          owner={team}
        />
        {problem && (
          <Typography
            variant="body2"
            role="alert"
            className={classes.errorText}
            data-testid="reorganisation-problem"
          >
            No handoff was started: {problem}
          </Typography>
        )}
      </>
    );
  }

  return (
    <HandoffFormDialog
      open={open}
      title="Hand over services"
      onSubmit={submit}
      onClose={onClose}
      busy={busy}
      className={SUITE_ROOT_CLASS}
      data-testid="reorganisation-dialog"
      actions={
        result ? (
          <Button onClick={onClose} color="primary" variant="contained">
            Close
          </Button>
        ) : (
          <>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              type="submit"
              color="primary"
              variant="contained"
              disabled={!canSubmit}
            >
              {busy ? 'Starting handoffs…' : 'Start handoffs'}
            </Button>
          </>
        )
      }
    >
      {content}
    </HandoffFormDialog>
  );
};
