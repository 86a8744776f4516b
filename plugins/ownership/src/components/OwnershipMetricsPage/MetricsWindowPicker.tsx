import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { DateTime } from 'luxon';
import { useId, useState } from 'react';
import { MetricsWindow } from '../../hooks';

const DAYS = [7, 30, 90] as const;

/** @internal */
export type MetricsWindowPickerProps = {
  value: MetricsWindow;
  onChange: (window: MetricsWindow) => void;
};

// The picker sits on the page background, where the theme's secondary
// text colour is just under 4.5:1: its labels take the primary colour.
const useStyles = makeStyles(theme => ({
  label: { color: theme.palette.text.primary },
}));

const day = (iso: string) => DateTime.fromISO(iso).toUTC().toISODate() ?? '';

/**
 * The last 7, 30 or 90 days, or a range of whole UTC days.
 */
export const MetricsWindowPicker = ({
  value,
  onChange,
}: MetricsWindowPickerProps) => {
  const id = useId();
  const classes = useStyles();
  const custom = 'from' in value;
  const [from, setFrom] = useState(custom ? day(value.from) : '');
  const [to, setTo] = useState(custom ? day(value.to) : '');
  const [choice, setChoice] = useState(custom ? 'custom' : String(value.days));

  const apply = (nextFrom: string, nextTo: string) => {
    const start = DateTime.fromISO(nextFrom, { zone: 'utc' });
    const end = DateTime.fromISO(nextTo, { zone: 'utc' }).plus({ days: 1 });
    if (start.isValid && end.isValid && start < end) {
      onChange({ from: start.toISO()!, to: end.toISO()! });
    }
  };

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="center"
      style={{ gap: 16 }}
      data-testid="metrics-window"
    >
      <TextField
        select
        id={`${id}-window`}
        label="Window"
        InputLabelProps={{ className: classes.label }}
        value={choice}
        size="small"
        SelectProps={{ native: true }}
        onChange={event => {
          const next = event.target.value;
          setChoice(next);
          if (next !== 'custom') {
            onChange({ days: Number(next) as 7 | 30 | 90 });
          } else {
            apply(from, to);
          }
        }}
      >
        {DAYS.map(d => (
          <option key={d} value={String(d)}>
            Last {d} days
          </option>
        ))}
        <option value="custom">From … to …</option>
      </TextField>
      {choice === 'custom' && (
        <>
          <TextField
            id={`${id}-from`}
            label="From (UTC day)"
            type="date"
            size="small"
            value={from}
            InputLabelProps={{ shrink: true, className: classes.label }}
            onChange={event => {
              setFrom(event.target.value);
              apply(event.target.value, to);
            }}
          />
          <TextField
            id={`${id}-to`}
            label="To (UTC day, included)"
            type="date"
            size="small"
            value={to}
            InputLabelProps={{ shrink: true, className: classes.label }}
            onChange={event => {
              setTo(event.target.value);
              apply(from, event.target.value);
            }}
          />
        </>
      )}
    </Box>
  );
};
