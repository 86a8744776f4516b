import TextField from '@material-ui/core/TextField';
import { HANDOFF_REQUEST_LIMITS } from '@service-ownership/plugin-ownership-common';
import { Fragment, useId } from 'react';
import {
  dayHint,
  durationProblems,
  HandoffDurations,
  HandoffStartValues,
} from './handoffStartValues';
import { TeamPicker } from './TeamPicker';

const PERIODS = [
  {
    key: 'shadow',
    label: 'Shadow period (days)',
    bounds: (durations?: HandoffDurations) => durations?.shadowDays,
  },
  {
    key: 'reverse',
    label: 'Reverse shadow (days)',
    bounds: (durations?: HandoffDurations) => durations?.reverseShadowDays,
  },
] as const;

/** @internal */
export type HandoffStartFieldsProps = {
  values: HandoffStartValues;
  onChange: (values: HandoffStartValues) => void;
  durations?: HandoffDurations;
  /** The current owner, left out of the receiving teams. */
  owner?: string;
  /** Shown as the team's error when set. */
  teamError?: string;
  /** Shown below the team when there is no error. */
  teamHint?: string;
};

/**
 * What starting a handoff asks, for one entity or a reorganisation: the
 * receiving team from the catalog's groups, a reason, and optionally shadow
 * and reverse-shadow periods other than the configured ones.
 */
export const HandoffStartFields = (props: HandoffStartFieldsProps) => {
  const { values, onChange, durations, owner, teamError, teamHint } = props;
  const id = useId();
  const problems = durationProblems(values, durations);
  const set = (change: Partial<HandoffStartValues>) =>
    onChange({ ...values, ...change });

  return (
    <>
      <TeamPicker
        label="Receiving team"
        value={values.teamRef}
        onChange={teamRef => set({ teamRef })}
        exclude={owner}
        error={teamError}
        hint={teamHint}
      />
      <TextField
        id={`${id}-reason`}
        label="Reason"
        value={values.reason}
        onChange={event => set({ reason: event.target.value })}
        multiline
        minRows={2}
        fullWidth
        margin="normal"
        variant="outlined"
        inputProps={{ maxLength: HANDOFF_REQUEST_LIMITS.text.max }}
      />
      {PERIODS.map(({ key, label, bounds }, index) => (
        <Fragment key={key}>
          {index > 0 && ' '}
          <TextField
            id={`${id}-${key}`}
            label={label}
            value={values[key]}
            onChange={event => set({ [key]: event.target.value })}
            type="number"
            margin="normal"
            variant="outlined"
            error={!!problems[key]}
            helperText={problems[key] ?? dayHint(bounds(durations))}
            inputProps={{
              min: bounds(durations)?.min ?? 0,
              max: bounds(durations)?.max,
            }}
          />
        </Fragment>
      ))}
    </>
  );
};
