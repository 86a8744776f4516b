import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import { makeStyles } from '@material-ui/core/styles';
import {
  getOwnershipRule,
  OwnershipFinding,
  sortFindings,
} from '@service-ownership/plugin-ownership-common';
import { useMemo } from 'react';
import { SeverityIcon } from '../SeverityIcon';

const useStyles = makeStyles(theme => ({
  ok: { color: theme.palette.success.main },
  icon: { minWidth: theme.spacing(4) },
  path: { fontFamily: 'monospace' },
  // Refs and field paths have no spaces to break at; a card is narrow.
  text: {
    minWidth: 0,
    margin: theme.spacing(0.25, 0),
    overflowWrap: 'anywhere',
    wordBreak: 'break-word',
  },
  item: { paddingTop: 0, paddingBottom: 0 },
  label: { fontWeight: theme.typography.fontWeightMedium as number },
}));

/** @internal */
export type FindingsListProps = {
  findings: OwnershipFinding[];
  /** Shown when there are no findings; nothing is rendered when omitted. */
  emptyText?: string;
  /** Whether to show the field path of each finding. */
  showPath?: boolean;
};

/**
 * Rule findings, errors first, each with a severity icon, the rulebook's
 * label, the message and how to fix it.
 */
export const FindingsList = (props: FindingsListProps) => {
  const { findings, emptyText, showPath = true } = props;
  const classes = useStyles();
  const sorted = useMemo(() => sortFindings(findings), [findings]);

  if (sorted.length === 0) {
    return emptyText ? (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="findings-empty"
        style={{ display: 'flex', alignItems: 'center', gap: 8 }}
      >
        <CheckCircleIcon fontSize="small" className={classes.ok} />
        {emptyText}
      </Typography>
    ) : null;
  }

  return (
    // Not `dense`: Backstage's theme cuts dense list texts with an ellipsis,
    // and a finding must be read whole.
    <List disablePadding aria-label="Findings" data-testid="findings-list">
      {sorted.map((finding, index) => (
        <ListItem
          key={`${finding.rule}-${finding.path}-${index}`}
          className={classes.item}
          disableGutters
          alignItems="flex-start"
          data-testid="finding"
          data-severity={finding.severity}
          data-rule={finding.rule}
        >
          <ListItemIcon className={classes.icon}>
            <SeverityIcon severity={finding.severity} />
          </ListItemIcon>
          <ListItemText
            className={classes.text}
            primaryTypographyProps={{ variant: 'body2' }}
            primary={
              <>
                <span className={classes.label} data-testid="finding-label">
                  {getOwnershipRule(finding.rule).label}
                </span>
                {': '}
                {finding.message}
              </>
            }
            secondary={
              <>
                {finding.fix}
                {showPath && finding.path && (
                  <>
                    {' '}
                    <span className={classes.path}>({finding.path})</span>
                  </>
                )}
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
};
