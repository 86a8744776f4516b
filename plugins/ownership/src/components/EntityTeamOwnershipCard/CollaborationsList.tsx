import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { TeamOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import { RefLink } from '../RefLink';

/**
 * Entities the team (or a child team) collaborates on without owning them,
 * with their owner.
 */
export const CollaborationsList = ({
  collaborations,
}: {
  collaborations: NonNullable<TeamOwnershipResponse['collaborations']>;
}) => (
  <>
    <Typography variant="caption" color="textSecondary" component="p">
      The team works on these beside their owner; it does not own them.
    </Typography>
    <Table
      size="small"
      aria-label="Collaborations"
      data-testid="team-collaborations-table"
    >
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Collaborator</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {collaborations.map(item => (
          <TableRow
            key={`${item.entityRef}-${item.collaborator}`}
            data-testid="team-collaboration-row"
          >
            <TableCell component="th" scope="row">
              <RefLink
                entityRef={item.entityRef}
                title={item.title}
                defaultKind="component"
                plain
              />
            </TableCell>
            <TableCell>
              {item.owner ? (
                <RefLink entityRef={item.owner} defaultKind="group" plain />
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>
              <RefLink
                entityRef={item.collaborator}
                defaultKind="group"
                plain
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </>
);
