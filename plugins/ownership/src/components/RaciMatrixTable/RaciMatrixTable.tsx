import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { lighten, makeStyles } from '@material-ui/core/styles';
import {
  OwnershipFinding,
  RACI_ROLES,
  RaciRole,
} from '@service-ownership/plugin-ownership-common';
import { memo, useMemo } from 'react';
import { FindingsList } from '../FindingsList';
import { RefLink } from '../RefLink';
import { raciRoleColors } from './raciColors';
import { buildRaciModel, raciRoleLabel, RaciRow } from './raciModel';

const useStyles = makeStyles(theme => {
  const paper = theme.palette.background.paper;
  const highlight =
    theme.palette.type === 'dark'
      ? '#4a2323'
      : lighten(theme.palette.error.main, 0.88);
  const border = `1px solid ${theme.palette.divider}`;
  const colors = raciRoleColors(theme);
  return {
    scroller: {
      overflow: 'auto',
      border,
      borderRadius: theme.shape.borderRadius,
      '&:focus-visible': {
        outline: `2px solid ${theme.palette.primary.main}`,
      },
    },
    table: {
      borderCollapse: 'separate',
      borderSpacing: 0,
      minWidth: '100%',
      fontSize: theme.typography.body2.fontSize,
    },
    th: {
      position: 'sticky',
      top: 0,
      zIndex: 2,
      background: paper,
      borderBottom: border,
      padding: theme.spacing(1),
      textAlign: 'center',
      verticalAlign: 'bottom',
      fontWeight: theme.typography.fontWeightMedium as number,
      whiteSpace: 'nowrap',
    },
    corner: {
      left: 0,
      zIndex: 3,
      textAlign: 'left',
      minWidth: 220,
      borderRight: border,
    },
    rowHeader: {
      position: 'sticky',
      left: 0,
      zIndex: 1,
      background: paper,
      borderRight: border,
      borderBottom: border,
      padding: theme.spacing(1),
      textAlign: 'left',
      fontWeight: 'normal',
      minWidth: 220,
      maxWidth: 360,
      verticalAlign: 'top',
    },
    cell: {
      borderBottom: border,
      padding: theme.spacing(0.5, 1),
      textAlign: 'center',
      whiteSpace: 'nowrap',
    },
    violation: {
      '& > td, & > th': { background: highlight },
    },
    violationText: {
      color: theme.palette.error.dark,
      display: 'block',
      marginTop: theme.spacing(0.5),
    },
    role: {
      display: 'inline-block',
      minWidth: 22,
      lineHeight: '22px',
      borderRadius: 11,
      margin: 1,
      fontWeight: theme.typography.fontWeightBold as number,
      fontSize: theme.typography.caption.fontSize,
      textAlign: 'center',
      textDecoration: 'none',
      cursor: 'help',
    },
    R: colors.R,
    A: colors.A,
    C: colors.C,
    I: colors.I,
    E: colors.E,
    legend: {
      display: 'flex',
      flexWrap: 'wrap',
      gap: theme.spacing(2),
      margin: theme.spacing(1, 0),
      alignItems: 'center',
    },
  };
});

type Classes = ReturnType<typeof useStyles>;

type RowProps = {
  index: number;
  row: RaciRow;
  participants: string[];
  roles: Map<string, RaciRole[]>;
  violations: OwnershipFinding[];
  classes: Classes;
};

// Rows are memoized and cells are plain elements: a matrix of 50 x 20 must
// not mount a thousand MUI components.
const MatrixRow = memo((props: RowProps) => {
  const { index, row, participants, roles, violations, classes } = props;
  const violated = violations.length > 0;
  return (
    <tr
      className={violated ? classes.violation : undefined}
      data-testid="raci-row"
      data-activity={row.name}
      data-violation={violated ? 'true' : 'false'}
      data-index={index}
    >
      <th scope="row" className={classes.rowHeader}>
        <div>{row.name}</div>
        {row.description && (
          <Typography variant="caption" color="textSecondary">
            {row.description}
          </Typography>
        )}
        {violations.map((finding, i) => (
          <Typography
            key={`${finding.rule}-${i}`}
            variant="caption"
            className={classes.violationText}
            data-testid="raci-violation"
          >
            {finding.message}. {finding.fix}
          </Typography>
        ))}
      </th>
      {participants.map(participant => (
        <td key={participant} className={classes.cell}>
          {roles.get(participant)?.map(role => (
            <abbr
              key={role}
              title={raciRoleLabel(role)}
              className={`${classes.role} ${classes[role]}`}
            >
              {role}
            </abbr>
          ))}
        </td>
      ))}
    </tr>
  );
});

/** @internal */
export type RaciMatrixTableProps = {
  rows: RaciRow[];
  findings: OwnershipFinding[];
  /** Accessible name of the table. */
  title: string;
  /** Namespace for short participant refs. */
  defaultNamespace?: string;
  maxHeight?: number | string;
};

/**
 * Activities × participants with R/A/C/I and E (escalation path), rule violations highlighted,
 * sticky header row and first column.
 */
export const RaciMatrixTable = (props: RaciMatrixTableProps) => {
  const { rows, findings, title, defaultNamespace, maxHeight = 600 } = props;
  const classes = useStyles();
  const model = useMemo(
    () => buildRaciModel(rows, findings, defaultNamespace),
    [rows, findings, defaultNamespace],
  );

  return (
    <Box>
      {model.general.length > 0 && <FindingsList findings={model.general} />}
      <div className={classes.legend} aria-hidden="true">
        {RACI_ROLES.map(({ letter, label }) => (
          <span key={letter}>
            <span className={`${classes.role} ${classes[letter]}`}>
              {letter}
            </span>{' '}
            {label}
          </span>
        ))}
      </div>
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          This matrix has no activities.
        </Typography>
      ) : (
        <div
          className={classes.scroller}
          style={{ maxHeight }}
          role="region"
          aria-label={`${title} (scrollable)`}
          // A scrolling region must be reachable by keyboard to be scrolled.
          // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
          tabIndex={0}
        >
          <table
            className={classes.table}
            aria-label={title}
            data-testid="raci-matrix"
          >
            <thead>
              <tr>
                <th scope="col" className={`${classes.th} ${classes.corner}`}>
                  Activity
                </th>
                {model.participants.map(participant => (
                  <th
                    key={participant}
                    scope="col"
                    className={classes.th}
                    data-testid="raci-participant"
                  >
                    <RefLink
                      entityRef={participant}
                      defaultKind="group"
                      defaultNamespace={defaultNamespace}
                      plain
                    />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => (
                <MatrixRow
                  key={`${index}-${row.name}`}
                  index={index}
                  row={row}
                  participants={model.participants}
                  roles={model.cells[index]}
                  violations={model.violations[index]}
                  classes={classes}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Box>
  );
};
