import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableContainer from '@material-ui/core/TableContainer';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { OwnershipMetricsResponse } from '@service-ownership/plugin-ownership-common';
import { RefLink } from '../RefLink';
import { FIGURES, FigureInput } from './figures';
import { TargetChip } from './TargetChip';

/** The figures of each team of a metrics response, with the teams' ownership figures. */
export function teamFigureInputs(
  metrics: OwnershipMetricsResponse,
): Array<FigureInput & { teamRef: string | null }> {
  // Older backends serve the incident metrics only.
  const ownership = new Map(
    (metrics.teamOwnership ?? []).map(t => [t.teamRef, t]),
  );
  const common = {
    targets: metrics.targets,
    ownershipTargets: metrics.ownershipTargets,
    defaultResponseSlaMinutes: metrics.defaultResponseSlaMinutes,
  };
  return metrics.teams.map(team => ({
    ...common,
    teamRef: team.teamRef,
    incidents: team,
    ownership: team.teamRef ? ownership.get(team.teamRef) : undefined,
  }));
}

/** @internal */
export type TeamMetricsTableProps = { metrics: OwnershipMetricsResponse };

/**
 * One row per team charged with incidents in the window: each figure with
 * whether it meets its target (the target is in the column header).
 */
export const TeamMetricsTable = ({ metrics }: TeamMetricsTableProps) => {
  const rows = teamFigureInputs(metrics);
  const sample = rows[0];
  if (!sample) {
    return (
      <Typography variant="body2" data-testid="team-metrics-empty">
        No incidents in this window.
      </Typography>
    );
  }
  return (
    <TableContainer>
      <Table
        size="small"
        aria-label="Metrics per team"
        data-testid="team-metrics"
      >
        <TableHead>
          <TableRow>
            <TableCell>Team</TableCell>
            {FIGURES.map(figure => {
              const target = figure.target?.(sample);
              return (
                <TableCell key={figure.id}>
                  {figure.label}
                  {target && (
                    <Typography
                      variant="caption"
                      display="block"
                      color="textSecondary"
                    >
                      target: {target}
                    </Typography>
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow
              key={row.teamRef ?? '(none)'}
              data-testid="team-metrics-row"
              data-team={row.teamRef ?? ''}
            >
              <TableCell component="th" scope="row">
                {row.teamRef ? (
                  <RefLink entityRef={row.teamRef} defaultKind="group" plain />
                ) : (
                  'No owner at the time'
                )}
              </TableCell>
              {FIGURES.map(figure => (
                <TableCell key={figure.id} data-figure={figure.id}>
                  <Box>{figure.value(row)}</Box>
                  <TargetChip
                    meets={figure.meets?.(row)}
                    target={figure.target?.(row)}
                    compact
                  />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
