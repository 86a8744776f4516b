import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { OnCallStatus } from '@service-ownership/plugin-ownership-common';
import { formatDateTime, formatRelative } from '../../utils/format';
import { PersonLink } from '../PersonLink';

/** @internal */
export type OnCallListProps = {
  onCall: OnCallStatus[];
};

/**
 * Who is on call now for each schedule and until when, in the viewer's
 * time zone, and who is next.
 */
export const OnCallList = ({ onCall }: OnCallListProps) => {
  if (onCall.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No on-call schedule is known for this entity.
      </Typography>
    );
  }
  return (
    <Box
      component="ul"
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
      aria-label="On call now"
    >
      {onCall.map(status => (
        <Box
          component="li"
          key={`${status.provider}:${status.schedule}`}
          mb={1.5}
          data-testid="oncall-schedule"
        >
          <Typography variant="caption" color="textSecondary">
            {status.schedule}
            {status.provider ? ` (${status.provider})` : ''}
          </Typography>
          {status.current ? (
            <>
              <PersonLink person={status.current.person} showEmail={false} />
              <Typography
                variant="body2"
                data-testid="oncall-until"
                title={status.current.until}
              >
                On call until {formatDateTime(status.current.until)} (
                {formatRelative(status.current.until)})
              </Typography>
            </>
          ) : (
            <Typography variant="body2" color="error">
              Nobody is on call right now.
            </Typography>
          )}
          {status.next && (
            <Typography variant="body2" color="textSecondary">
              Next:{' '}
              {status.next.person.displayName ?? status.next.person.entityRef}{' '}
              from {formatDateTime(status.next.from)}
            </Typography>
          )}
        </Box>
      ))}
    </Box>
  );
};
