import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  EntityHandoffsResponse,
  HANDOFF_REQUEST_LIMITS,
  StartHandoffRequest,
} from '@service-ownership/plugin-ownership-common';
import { FormEvent, useEffect, useId, useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';

type TeamOption = { ref: string; title: string };

type DayBounds = { default: number; min: number; max: number };

function toOption(entity: Entity): TeamOption {
  const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
  const ref = stringifyEntityRef(entity);
  const title =
    profile.displayName ?? entity.metadata.title ?? entity.metadata.name;
  return { ref, title };
}

/** The catalog's groups, by title, for the team picker. */
function useGroups() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'Group' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items
      .map(toOption)
      .sort((a, b) => a.title.localeCompare(b.title, 'en'));
  }, [catalogApi]);
}

function days(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

/** @internal */
export type StartHandoffDialogProps = {
  open: boolean;
  /** The current owner, left out of the choices. */
  owner?: string;
  /** The receiving team to propose (an expired ownership's transferTo). */
  proposedTeam?: string;
  /** The configured durations and bounds, from the entity's handoffs. */
  durations?: EntityHandoffsResponse['durations'];
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
  const titleId = useId();
  const groups = useGroups();
  const options = useMemo(
    () => (groups.value ?? []).filter(g => g.ref !== owner),
    [groups.value, owner],
  );
  const [teamRef, setTeamRef] = useState<string>();
  const team: TeamOption | null = teamRef
    ? options.find(o => o.ref === teamRef) ?? { ref: teamRef, title: teamRef }
    : null;
  const [reason, setReason] = useState('');
  const [shadow, setShadow] = useState('');
  const [reverse, setReverse] = useState('');
  const [touched, setTouched] = useState(false);

  useEffect(() => {
    if (open) {
      setTeamRef(proposedTeam);
      setReason('');
      setShadow('');
      setReverse('');
      setTouched(false);
    }
  }, [open, proposedTeam]);

  // The configured bounds, when the server sent them; it checks them
  // anyway and names the field when a value is outside them.
  const dayProblem = (value: string, bounds?: DayBounds) => {
    const n = days(value);
    const min = bounds?.min ?? 0;
    if (n === undefined) return undefined;
    if (!Number.isInteger(n) || n < min) {
      return `A whole number of days, ${min} or more`;
    }
    return bounds && n > bounds.max ? `At most ${bounds.max} days` : undefined;
  };
  const shadowProblem = dayProblem(shadow, durations?.shadowDays);
  const reverseProblem = dayProblem(reverse, durations?.reverseShadowDays);
  const dayHint = (bounds?: DayBounds) =>
    bounds
      ? `Empty: the configured ${bounds.default} days (${bounds.min} to ${bounds.max})`
      : "Empty: the portal's configured default";

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!team || shadowProblem || reverseProblem) return;
    const request: StartHandoffRequest = {
      toTeam: team.ref,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(days(shadow) !== undefined ? { shadowDays: days(shadow) } : {}),
      ...(days(reverse) !== undefined
        ? { reverseShadowDays: days(reverse) }
        : {}),
    };
    await onStart(request);
    onClose();
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate data-testid="start-handoff-dialog">
        <DialogTitle id={titleId}>Start a handoff</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Hand the ownership of this entity over to another team. The handoff
            goes through documentation review, a shadow period and a reverse
            shadow before the receiving team is validated as owner.
          </DialogContentText>
          <Autocomplete
            options={options}
            value={team}
            onChange={(_event, value) => setTeamRef(value?.ref)}
            getOptionLabel={option =>
              option.title === option.ref
                ? option.ref
                : `${option.title} (${option.ref})`
            }
            getOptionSelected={(option, value) => option.ref === value.ref}
            loading={groups.loading}
            renderInput={params => (
              <TextField
                {...params}
                label="Receiving team"
                required
                margin="normal"
                variant="outlined"
                error={touched && !team}
                helperText={
                  (touched && !team && 'Pick the receiving team') ||
                  (groups.error &&
                    `The catalog's teams could not be loaded: ${groups.error.message}`) ||
                  (proposedTeam && team?.ref === proposedTeam
                    ? "Proposed: the feature ownership's transfer target"
                    : undefined)
                }
              />
            )}
          />
          <TextField
            id={`${titleId}-reason`}
            label="Reason"
            value={reason}
            onChange={event => setReason(event.target.value)}
            multiline
            minRows={2}
            fullWidth
            margin="normal"
            variant="outlined"
            inputProps={{ maxLength: HANDOFF_REQUEST_LIMITS.text.max }}
          />
          <TextField
            id={`${titleId}-shadow`}
            label="Shadow period (days)"
            value={shadow}
            onChange={event => setShadow(event.target.value)}
            type="number"
            margin="normal"
            variant="outlined"
            error={!!shadowProblem}
            helperText={shadowProblem ?? dayHint(durations?.shadowDays)}
            inputProps={{
              min: durations?.shadowDays.min ?? 0,
              max: durations?.shadowDays.max,
            }}
          />{' '}
          <TextField
            id={`${titleId}-reverse`}
            label="Reverse shadow (days)"
            value={reverse}
            onChange={event => setReverse(event.target.value)}
            type="number"
            margin="normal"
            variant="outlined"
            error={!!reverseProblem}
            helperText={reverseProblem ?? dayHint(durations?.reverseShadowDays)}
            inputProps={{
              min: durations?.reverseShadowDays.min ?? 0,
              max: durations?.reverseShadowDays.max,
            }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={busy}
          >
            Start handoff
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
