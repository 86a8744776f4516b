import ErrorIcon from '@material-ui/icons/Error';
import WarningIcon from '@material-ui/icons/Warning';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  error: { color: theme.palette.error.main },
  warning: { color: theme.palette.warning.main },
}));

/**
 * The icon of a finding's or an orphan reason's severity.
 */
export const SeverityIcon = ({
  severity,
}: {
  severity: 'error' | 'warning';
}) => {
  const classes = useStyles();
  return severity === 'error' ? (
    <ErrorIcon fontSize="small" className={classes.error} titleAccess="Error" />
  ) : (
    <WarningIcon
      fontSize="small"
      className={classes.warning}
      titleAccess="Warning"
    />
  );
};
