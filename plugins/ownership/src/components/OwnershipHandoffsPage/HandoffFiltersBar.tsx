import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';
import {
  HANDOFF_STATES,
  HandoffFilters,
  handoffStateLabel,
} from '@service-ownership/plugin-ownership-common';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';

/** @internal */
export type HandoffFiltersBarProps = {
  filters: HandoffFilters;
  onChange: (filters: HandoffFilters) => void;
};

/** Team (after a pause in typing), state (or every open one) and overdue. */
export const HandoffFiltersBar = ({
  filters,
  onChange,
}: HandoffFiltersBarProps) => {
  const [team, setTeam] = useState(filters.team ?? '');
  useEffect(() => setTeam(filters.team ?? ''), [filters.team]);
  useDebounce(
    () => {
      const next = team.trim() || undefined;
      if (next !== filters.team) onChange({ ...filters, team: next });
    },
    400,
    [team],
  );

  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-end"
      gridGap={16}
      mb={2}
      role="search"
      aria-label="Filter handoffs"
    >
      <TextField
        id="handoffs-team"
        label="Team"
        placeholder="group:default/team"
        value={team}
        onChange={event => setTeam(event.target.value)}
        InputLabelProps={{ shrink: true }}
        inputProps={{ 'data-testid': 'handoffs-team' }}
      />
      <TextField
        select
        id="handoffs-state"
        label="State"
        value={filters.state ?? ''}
        onChange={event =>
          onChange({
            ...filters,
            state: (event.target.value || undefined) as HandoffFilters['state'],
          })
        }
        SelectProps={{ native: true }}
        InputLabelProps={{ shrink: true }}
        style={{ minWidth: 180 }}
      >
        <option value="">All</option>
        <option value="open">Open (any open state)</option>
        {HANDOFF_STATES.map(state => (
          <option key={state} value={state}>
            {handoffStateLabel(state)}
          </option>
        ))}
      </TextField>
      <FormControlLabel
        control={
          <Checkbox
            checked={!!filters.overdue}
            onChange={event =>
              onChange({
                ...filters,
                overdue: event.target.checked || undefined,
              })
            }
            color="primary"
          />
        }
        label="Overdue only"
      />
    </Box>
  );
};
