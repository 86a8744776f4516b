import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import {
  HandoffListItem,
  handoffStateLabel,
  TeamOwnershipResponse,
} from '@service-ownership/plugin-ownership-common';
import { useId } from 'react';

/** @internal */
export type ReorganisationService = TeamOwnershipResponse['owned'][number];

/** @internal */
export type ServiceChecklistProps = {
  services: ReorganisationService[];
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
  /** The open handoff of an entity, which keeps it out of a reorganisation. */
  openHandoff: (entityRef: string) => HandoffListItem | undefined;
  disabled?: boolean;
};

const serviceName = (service: ReorganisationService) =>
  service.title ?? service.entityRef.replace(/^[^:]+:(default\/)?/, '');

/**
 * The team's services as checkboxes, with select-all and the count
 * selected; one with an open handoff is shown disabled, saying why.
 */
export const ServiceChecklist = (props: ServiceChecklistProps) => {
  const { services, selected, onChange, openHandoff, disabled } = props;
  const id = useId();
  const selectable = services
    .filter(s => !openHandoff(s.entityRef))
    .map(s => s.entityRef);
  const count = selectable.filter(ref => selected.has(ref)).length;
  const all = selectable.length > 0 && count === selectable.length;

  const toggle = (ref: string, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(ref);
    else next.delete(ref);
    onChange(next);
  };

  return (
    <FormControl
      component="fieldset"
      margin="normal"
      fullWidth
      disabled={disabled}
      data-testid="reorganisation-services"
    >
      <Box display="flex" alignItems="baseline" justifyContent="space-between">
        <FormLabel component="legend">Services to hand over</FormLabel>
        <Typography
          variant="body2"
          color="textSecondary"
          id={`${id}-count`}
          aria-live="polite"
          data-testid="reorganisation-count"
        >
          {count} of {selectable.length} selected
        </Typography>
      </Box>
      <FormControlLabel
        control={
          <Checkbox
            checked={all}
            indeterminate={count > 0 && !all}
            disabled={disabled || selectable.length === 0}
            onChange={event =>
              onChange(new Set(event.target.checked ? selectable : []))
            }
            inputProps={{ 'aria-describedby': `${id}-count` }}
          />
        }
        label="Select all"
      />
      <Box
        maxHeight={280}
        overflow="auto"
        pl={2}
        component="ul"
        m={0}
        style={{ listStyle: 'none' }}
      >
        {services.map((service, index) => {
          const busy = openHandoff(service.entityRef);
          const noteId = `${id}-note-${index}`;
          return (
            <li
              key={service.entityRef}
              data-testid="reorganisation-service"
              data-ref={service.entityRef}
            >
              <FormControlLabel
                control={
                  <Checkbox
                    checked={!busy && selected.has(service.entityRef)}
                    disabled={disabled || !!busy}
                    onChange={event =>
                      toggle(service.entityRef, event.target.checked)
                    }
                    inputProps={
                      busy ? { 'aria-describedby': noteId } : undefined
                    }
                  />
                }
                label={
                  <>
                    {serviceName(service)}
                    {service.type && (
                      <Typography
                        component="span"
                        variant="body2"
                        color="textSecondary"
                      >
                        {' '}
                        ({service.type})
                      </Typography>
                    )}
                  </>
                }
              />
              {busy && (
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="p"
                  id={noteId}
                  data-testid="reorganisation-service-note"
                  style={{ marginTop: -8, marginLeft: 32 }}
                >
                  Already in an open handoff to{' '}
                  {busy.toTeam.replace(/^group:(default\/)?/, '')} (
                  {handoffStateLabel(busy.state)}): it cannot join this
                  reorganisation.
                </Typography>
              )}
            </li>
          );
        })}
      </Box>
    </FormControl>
  );
};
