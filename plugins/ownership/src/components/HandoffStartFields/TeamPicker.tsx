import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { useMemo } from 'react';
import useAsync from 'react-use/esm/useAsync';

type TeamOption = { ref: string; title: string };

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

/** @internal */
export type TeamPickerProps = {
  label: string;
  /** The picked group's ref. */
  value?: string;
  onChange: (ref?: string) => void;
  /** A group left out of the choices (the current owner). */
  exclude?: string;
  /** Shown as an error when set. */
  error?: string;
  /** Shown below the field when there is no error. */
  hint?: string;
};

/** A required choice among the catalog's groups, by title or ref. */
export const TeamPicker = (props: TeamPickerProps) => {
  const { label, value, onChange, exclude, error, hint } = props;
  const groups = useGroups();
  const options = useMemo(
    () => (groups.value ?? []).filter(g => g.ref !== exclude),
    [groups.value, exclude],
  );
  const team: TeamOption | null = value
    ? options.find(o => o.ref === value) ?? { ref: value, title: value }
    : null;

  return (
    <Autocomplete
      options={options}
      value={team}
      onChange={(_event, option) => onChange(option?.ref)}
      getOptionLabel={option =>
        option.title === option.ref
          ? option.ref
          : `${option.title} (${option.ref})`
      }
      getOptionSelected={(option, selected) => option.ref === selected.ref}
      loading={groups.loading}
      renderInput={params => (
        <TextField
          {...params}
          label={label}
          required
          margin="normal"
          variant="outlined"
          error={!!error}
          helperText={
            error ||
            (groups.error &&
              `The catalog's teams could not be loaded: ${groups.error.message}`) ||
            hint
          }
        />
      )}
    />
  );
};
