import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  getOwnershipRule,
  OrphanReason,
} from '@service-ownership/plugin-ownership-common';
import { SeverityIcon } from '../SeverityIcon';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    marginBottom: theme.spacing(0.5),
  },
  text: { minWidth: 0, overflowWrap: 'anywhere', wordBreak: 'break-word' },
  label: { fontWeight: theme.typography.fontWeightMedium as number },
}));

/**
 * Why a service counts as orphaned, each reason with the rulebook's label,
 * the message and its fix: the same words as the owner card's findings.
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
          data-severity={reason.severity}
        >
          <SeverityIcon severity={reason.severity} />
          <Box className={classes.text}>
            <Typography variant="body2">
              <span className={classes.label}>
                {getOwnershipRule(reason.code).label}
              </span>
              {': '}
              {reason.message}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              Fix: {reason.fix}
            </Typography>
          </Box>
        </li>
      ))}
    </ul>
  );
};
