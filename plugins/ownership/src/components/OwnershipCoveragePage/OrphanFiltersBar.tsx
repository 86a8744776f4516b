import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useState } from 'react';
import useDebounce from 'react-use/esm/useDebounce';
import {
  getOwnershipRule,
  ORPHAN_REASON_CODES,
  OWNERSHIP_BLOCK_KINDS,
} from '@service-ownership/plugin-ownership-common';
import { OrphanFilters } from '../../api';
import { OWNERSHIP_TIERS } from '@service-ownership/plugin-ownership-common';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(2),
    alignItems: 'flex-end',
    marginBottom: theme.spacing(2),
  },
  select: { minWidth: 160 },
  text: { minWidth: 220 },
}));

type SelectFilterProps = {
  id: string;
  label: string;
  value?: string;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string | undefined) => void;
};

const SelectFilter = (props: SelectFilterProps) => {
  const classes = useStyles();
  return (
    <TextField
      select
      id={props.id}
      label={props.label}
      value={props.value ?? ''}
      onChange={event => props.onChange(event.target.value || undefined)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      inputProps={{ 'data-testid': props.id }}
      className={classes.select}
    >
      <option value="">All</option>
      {props.options.map(option => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </TextField>
  );
};

/** @internal */
export type OrphanFiltersBarProps = {
  filters: OrphanFilters;
  onChange: (filters: OrphanFilters) => void;
};

/**
 * Filters of the orphaned-services table; the text fields apply after a
 * short pause in typing.
 */
export const OrphanFiltersBar = ({
  filters,
  onChange,
}: OrphanFiltersBarProps) => {
  const classes = useStyles();
  const [q, setQ] = useState(filters.q ?? '');
  const [owner, setOwner] = useState(filters.owner ?? '');

  // Follow outside changes (e.g. "Clear filters", browser navigation).
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  useEffect(() => setOwner(filters.owner ?? ''), [filters.owner]);

  useDebounce(
    () => {
      const nextQ = q.trim() || undefined;
      const nextOwner = owner.trim() || undefined;
      if (nextQ !== filters.q || nextOwner !== filters.owner) {
        onChange({ ...filters, q: nextQ, owner: nextOwner });
      }
    },
    400,
    [q, owner],
  );

  const set = (key: keyof OrphanFilters) => (value: string | undefined) =>
    onChange({ ...filters, [key]: value });
  const hasFilters = Object.values(filters).some(Boolean);

  return (
    <Box
      className={classes.bar}
      role="search"
      aria-label="Filter orphaned services"
    >
      <TextField
        id="orphans-search"
        label="Search"
        placeholder="Name, title or owner"
        value={q}
        onChange={event => setQ(event.target.value)}
        InputLabelProps={{ shrink: true }}
        inputProps={{ 'data-testid': 'orphans-search' }}
        className={classes.text}
        type="search"
      />
      <SelectFilter
        id="orphans-reason"
        label="Reason"
        value={filters.reason}
        options={ORPHAN_REASON_CODES.map(code => ({
          value: code,
          label: getOwnershipRule(code).label,
        }))}
        onChange={set('reason')}
      />
      <SelectFilter
        id="orphans-severity"
        label="Severity"
        value={filters.severity}
        options={[
          { value: 'error', label: 'Error' },
          { value: 'warning', label: 'Warning' },
        ]}
        onChange={set('severity')}
      />
      <SelectFilter
        id="orphans-tier"
        label="Tier"
        value={filters.tier}
        options={OWNERSHIP_TIERS.map(t => ({
          value: t,
          label: t,
        }))}
        onChange={set('tier')}
      />
      <SelectFilter
        id="orphans-kind"
        label="Kind"
        value={filters.kind}
        options={OWNERSHIP_BLOCK_KINDS.map(k => ({
          value: k,
          label: k,
        }))}
        onChange={set('kind')}
      />
      <TextField
        id="orphans-owner"
        label="Owner"
        placeholder="group:default/team"
        value={owner}
        onChange={event => setOwner(event.target.value)}
        InputLabelProps={{ shrink: true }}
        inputProps={{ 'data-testid': 'orphans-owner' }}
        className={classes.text}
      />
      {hasFilters && (
        <Button size="small" onClick={() => onChange({})}>
          Clear filters
        </Button>
      )}
    </Box>
  );
};
