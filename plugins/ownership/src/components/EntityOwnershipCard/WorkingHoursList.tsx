import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { WorkingHours } from '@service-ownership/plugin-ownership-common';
import { workingHoursStatus } from '../../utils/workingHours';

const HoursLine = (props: { label: string; hours: WorkingHours }) => {
  const status = workingHoursStatus(props.hours);
  let now: string;
  if (!status.valid) {
    now = 'the time zone or times cannot be read';
  } else {
    now = `${status.working ? 'within' : 'outside'} working hours now (${
      status.localTime
    } there)`;
  }
  return (
    <Typography
      variant="body2"
      component="li"
      data-testid="working-hours"
      data-working={status.valid ? String(status.working) : undefined}
    >
      <Typography variant="caption" color="textSecondary" component="span">
        {props.label}:{' '}
      </Typography>
      {status.hours} {status.timeZone}
      {status.valid &&
        (status.sameZone
          ? ' (your time zone)'
          : ` (${status.viewerHours} your time, ${status.viewerZone})`)}
      {' · '}
      {now}
    </Typography>
  );
};

/**
 * The contacts' working hours in their time zone and the viewer's, and
 * whether they are working now.
 */
export const WorkingHoursList = (props: {
  workingHours: { primary?: WorkingHours; secondary?: WorkingHours };
}) => {
  const { primary, secondary } = props.workingHours;
  if (!primary && !secondary) {
    return null;
  }
  return (
    <Box
      component="ul"
      m={0}
      mt={1}
      p={0}
      style={{ listStyle: 'none' }}
      aria-label="Working hours"
    >
      {primary && <HoursLine label="Primary works" hours={primary} />}
      {secondary && <HoursLine label="Secondary works" hours={secondary} />}
    </Box>
  );
};
