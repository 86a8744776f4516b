import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { lighten, makeStyles } from '@material-ui/core/styles';
import {
  OwnershipFinding,
  RACI_ROLES,
  RaciRole,
} from '@service-ownership/plugin-ownership-common';
import { KeyboardEvent, memo, useCallback, useMemo, useState } from 'react';
import { readableOn } from '../../utils/contrast';
import { FindingsList } from '../FindingsList';
import { RefLink } from '../RefLink';
import { raciRoleColors } from './raciColors';
import { buildRaciModel, raciRoleLabel, RaciRow } from './raciModel';
import { cellLabel, GridPosition, nextPosition } from './gridNavigation';

const useStyles = makeStyles(theme => {
  const paper = theme.palette.background.paper;
  const highlight =
    theme.palette.type === 'dark'
      ? '#4a2323'
      : lighten(theme.palette.error.main, 0.88);
  const border = `1px solid ${theme.palette.divider}`;
  const colors = raciRoleColors(theme);
  const focus = {
    '&:focus': { outline: 'none' },
    '&:focus-visible': {
      outline: `2px solid ${theme.palette.primary.main}`,
      outlineOffset: -2,
    },
  };
  return {
    scroller: {
      overflow: 'auto',
      border,
      borderRadius: theme.shape.borderRadius,
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
      ...focus,
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
      ...focus,
    },
    // Readable on the highlight of a violated row as well as on paper.
    description: {
      color: readableOn(theme.palette.text.secondary, highlight),
    },
    cell: {
      borderBottom: border,
      padding: theme.spacing(0.5, 1),
      textAlign: 'center',
      whiteSpace: 'nowrap',
      ...focus,
    },
    violation: {
      '& > td, & > th': { background: highlight },
    },
    violationText: {
      color: readableOn(theme.palette.error.dark, highlight),
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
    visuallyHidden: {
      position: 'absolute',
      width: 1,
      height: 1,
      margin: -1,
      padding: 0,
      overflow: 'hidden',
      clip: 'rect(0 0 0 0)',
      whiteSpace: 'nowrap',
      border: 0,
    },
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
  /** The column of the grid's one tab stop when it is in this row. */
  focusColumn?: number;
};

// Rows are memoized and cells are plain elements: a matrix of 50 x 20 must
// not mount a thousand MUI components. Only the row holding the tab stop
// re-renders when it moves.
const MatrixRow = memo((props: RowProps) => {
  const { index, row, participants, roles, violations, classes } = props;
  const { focusColumn } = props;
  const violated = violations.length > 0;
  // Row 0 of the grid is the header row.
  const gridRow = index + 1;
  return (
    <tr
      role="row"
      className={violated ? classes.violation : undefined}
      data-testid="raci-row"
      data-activity={row.name}
      data-violation={violated ? 'true' : 'false'}
      data-index={index}
    >
      <th
        scope="row"
        role="rowheader"
        className={classes.rowHeader}
        tabIndex={focusColumn === 0 ? 0 : -1}
        data-row={gridRow}
        data-col={0}
      >
        <div>{row.name}</div>
        {row.description && (
          <Typography variant="caption" className={classes.description}>
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
      {participants.map((participant, column) => (
        <td
          key={participant}
          role="gridcell"
          className={classes.cell}
          tabIndex={focusColumn === column + 1 ? 0 : -1}
          data-row={gridRow}
          data-col={column + 1}
        >
          {/* The letters are for the eye; the cell's name is the sentence
              (an aria-label would not contain the visible letters). */}
          <span aria-hidden="true">
            {roles.get(participant)?.map(role => (
              <abbr
                key={role}
                title={raciRoleLabel(role)}
                className={`${classes.role} ${classes[role]}`}
              >
                {role}
              </abbr>
            ))}
          </span>
          <span className={classes.visuallyHidden} data-cell-label>
            {cellLabel(row.name, participant, roles.get(participant))}
          </span>
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
  const rowCount = rows.length + 1;
  const columnCount = model.participants.length + 1;
  const [stop, setStop] = useState<GridPosition>({ row: 1, column: 0 });
  // The tab stop stays inside the grid when rows or columns go away.
  const focus = {
    row: Math.min(stop.row, rowCount - 1),
    column: Math.min(stop.column, columnCount - 1),
  };

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLTableElement>) => {
      const cell = (event.target as HTMLElement).closest<HTMLElement>(
        '[data-row][data-col]',
      );
      if (!cell) return;
      const from = {
        row: Number(cell.dataset.row),
        column: Number(cell.dataset.col),
      };
      if (event.key === 'Enter' && event.target === cell) {
        cell.querySelector<HTMLElement>('a[href]')?.click();
        return;
      }
      const to = nextPosition(from, event.key, event.ctrlKey, {
        rows: rowCount,
        columns: columnCount,
      });
      if (!to) return;
      event.preventDefault();
      setStop(to);
      event.currentTarget
        .querySelector<HTMLElement>(
          `[data-row="${to.row}"][data-col="${to.column}"]`,
        )
        ?.focus();
    },
    [rowCount, columnCount],
  );
  const onFocus = useCallback((event: { target: EventTarget }) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>(
      '[data-row][data-col]',
    );
    if (cell) {
      setStop({
        row: Number(cell.dataset.row),
        column: Number(cell.dataset.col),
      });
    }
  }, []);

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
        >
          {/* The grid's cells are its one tab stop: arrow keys move between
              them and scroll the region (roving tabindex). */}
          <table
            role="grid"
            className={classes.table}
            aria-label={title}
            aria-rowcount={rowCount}
            aria-colcount={columnCount}
            data-testid="raci-matrix"
            onKeyDown={onKeyDown}
            onFocus={onFocus}
          >
            <thead>
              <tr role="row">
                <th
                  scope="col"
                  role="columnheader"
                  className={`${classes.th} ${classes.corner}`}
                  tabIndex={focus.row === 0 && focus.column === 0 ? 0 : -1}
                  data-row={0}
                  data-col={0}
                >
                  Activity
                </th>
                {model.participants.map((participant, column) => (
                  <th
                    key={participant}
                    scope="col"
                    role="columnheader"
                    className={classes.th}
                    tabIndex={
                      focus.row === 0 && focus.column === column + 1 ? 0 : -1
                    }
                    data-row={0}
                    data-col={column + 1}
                    data-testid="raci-participant"
                  >
                    {/* Reached through its cell (Enter follows it), not as a tab stop of its own. */}
                    <RefLink
                      entityRef={participant}
                      defaultKind="group"
                      defaultNamespace={defaultNamespace}
                      plain
                      tabIndex={-1}
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
                  focusColumn={
                    focus.row === index + 1 ? focus.column : undefined
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Box>
  );
};
