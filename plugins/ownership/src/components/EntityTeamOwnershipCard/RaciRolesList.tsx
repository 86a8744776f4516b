import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { TeamOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import { raciRoleLabel } from '../RaciMatrixTable';
import { RefLink } from '../RefLink';

/**
 * The RACI roles the team, its child teams or its members hold.
 */
export const RaciRolesList = ({
  roles,
}: {
  roles: TeamOwnershipResponse['raciRoles'];
}) => {
  if (roles.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        The team has no role in any RACI matrix.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="RACI roles" data-testid="team-raci">
      <TableHead>
        <TableRow>
          <TableCell>Matrix</TableCell>
          <TableCell>Activity</TableCell>
          <TableCell>Role</TableCell>
          <TableCell>Held by</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {roles.map((role, index) => (
          <TableRow
            key={`${role.matrixRef}-${role.activity}-${role.role}-${role.participant}-${index}`}
            data-testid="team-raci-row"
          >
            <TableCell>
              <RefLink
                entityRef={role.matrixRef}
                defaultKind="racimatrix"
                plain
              />
            </TableCell>
            <TableCell>{role.activity}</TableCell>
            <TableCell>
              {raciRoleLabel(role.role)} ({role.role})
            </TableCell>
            <TableCell>
              <RefLink entityRef={role.participant} defaultKind="group" plain />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
