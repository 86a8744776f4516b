import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import { FormEvent, useEffect, useState } from 'react';
import { OwnershipAuditFilters } from '../../api';

const FIELDS: Array<{
  key: keyof OwnershipAuditFilters;
  label: string;
  placeholder?: string;
  type?: string;
}> = [
  { key: 'entityRef', label: 'Entity', placeholder: 'component:default/name' },
  { key: 'team', label: 'Team', placeholder: 'group:default/team' },
  { key: 'actor', label: 'Actor', placeholder: 'user:default/name' },
  { key: 'action', label: 'Action', placeholder: 'handoff-advance' },
  { key: 'from', label: 'From', type: 'date' },
  { key: 'to', label: 'To', type: 'date' },
];

/** @internal */
export type AuditFiltersBarProps = {
  filters: OwnershipAuditFilters;
  onChange: (filters: OwnershipAuditFilters) => void;
};

/** The audit filters, applied together with "Apply". */
export const AuditFiltersBar = ({
  filters,
  onChange,
}: AuditFiltersBarProps) => {
  const [draft, setDraft] = useState<OwnershipAuditFilters>(filters);
  useEffect(() => setDraft(filters), [filters]);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    onChange(
      Object.fromEntries(
        Object.entries(draft)
          .map(([k, v]) => [k, v?.trim()])
          .filter(([, v]) => v),
      ),
    );
  };
  return (
    <Box
      component="form"
      onSubmit={apply}
      display="flex"
      flexWrap="wrap"
      alignItems="flex-end"
      gridGap={16}
      mb={2}
      role="search"
      aria-label="Filter the audit trail"
    >
      {FIELDS.map(field => (
        <TextField
          key={field.key}
          id={`audit-${field.key}`}
          label={field.label}
          placeholder={field.placeholder}
          type={field.type ?? 'text'}
          value={draft[field.key] ?? ''}
          onChange={event =>
            setDraft(d => ({ ...d, [field.key]: event.target.value }))
          }
          InputLabelProps={{ shrink: true }}
        />
      ))}
      <Button type="submit" variant="outlined" color="primary">
        Apply
      </Button>
      <Button onClick={() => onChange({})}>Clear</Button>
    </Box>
  );
};
