import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { InfoCard } from '@backstage/core-components';
import { HandoffTeamSummary } from '@service-ownership/plugin-ownership-common';
import { CARD_TITLE_PROPS } from '../../utils/suiteRoot';
import { RefLink } from '../RefLink';

/** Per team: open handoffs out and in, overdue, completed, rolled back. */
export const HandoffTeamSummaryTable = ({
  teams,
}: {
  teams: HandoffTeamSummary[];
}) => (
  <InfoCard title="By team" titleTypographyProps={CARD_TITLE_PROPS}>
    <Table size="small" aria-label="Handoffs by team">
      <TableHead>
        <TableRow>
          <TableCell>Team</TableCell>
          <TableCell align="right">Open out</TableCell>
          <TableCell align="right">Open in</TableCell>
          <TableCell align="right">Overdue</TableCell>
          <TableCell align="right">Completed</TableCell>
          <TableCell align="right">Rolled back</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {teams.map(team => (
          <TableRow
            key={team.team}
            data-testid="handoff-summary-team"
            data-team={team.team}
          >
            <TableCell component="th" scope="row">
              <RefLink
                entityRef={team.team}
                title={team.teamTitle}
                defaultKind="group"
                plain
              />
            </TableCell>
            <TableCell align="right">{team.openOutgoing}</TableCell>
            <TableCell align="right">{team.openIncoming}</TableCell>
            <TableCell align="right">{team.overdue}</TableCell>
            <TableCell align="right">{team.completed}</TableCell>
            <TableCell align="right">{team.rolledBack}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </InfoCard>
);
