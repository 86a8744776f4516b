import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { OrphanReason } from '@service-ownership/plugin-ownership-common';
import { SeverityIcon } from '../SeverityIcon';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    marginBottom: theme.spacing(0.5),
  },
}));

/**
 * Why a service counts as orphaned, each reason with its fix.
 */
export const OrphanReasons = ({ reasons }: { reasons: OrphanReason[] }) => {
  const classes = useStyles();
  return (
    <ul className={classes.list}>
      {reasons.map(reason => (
        <li
          key={reason.code}
          className={classes.item}
          data-testid="orphan-reason"
          data-reason={reason.code}
        >
          <SeverityIcon severity={reason.severity} />
          <Box>
            <Typography variant="body2">{reason.message}</Typography>
            <Typography variant="caption" color="textSecondary">
              Fix: {reason.fix}
            </Typography>
          </Box>
        </li>
      ))}
    </ul>
  );
};
