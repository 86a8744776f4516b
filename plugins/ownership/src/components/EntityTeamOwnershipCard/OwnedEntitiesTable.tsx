import Box from '@material-ui/core/Box';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Switch from '@material-ui/core/Switch';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { TeamOwnershipResponse } from '@service-ownership/plugin-ownership-common';
import { useState } from 'react';
import { RefLink } from '../RefLink';

/** @internal */
export type OwnedEntitiesTableProps = {
  owned: TeamOwnershipResponse['owned'];
  hasChildGroups: boolean;
};

/**
 * What the team owns, directly or through a child team.
 */
export const OwnedEntitiesTable = ({
  owned,
  hasChildGroups,
}: OwnedEntitiesTableProps) => {
  const [includeChildren, setIncludeChildren] = useState(true);
  const shown = includeChildren ? owned : owned.filter(o => o.direct);

  return (
    <Box>
      {hasChildGroups && (
        <FormControlLabel
          control={
            <Switch
              size="small"
              color="primary"
              checked={includeChildren}
              onChange={event => setIncludeChildren(event.target.checked)}
            />
          }
          label="Include child teams"
        />
      )}
      {shown.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          The team owns nothing in the catalog.
        </Typography>
      ) : (
        <Box maxHeight={320} overflow="auto">
          <Table
            size="small"
            stickyHeader
            aria-label="Owned entities"
            data-testid="team-owned"
          >
            <TableHead>
              <TableRow>
                <TableCell>Entity</TableCell>
                <TableCell>Kind</TableCell>
                <TableCell>Tier</TableCell>
                <TableCell>Owned by</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {shown.map(item => (
                <TableRow
                  key={item.entityRef}
                  data-testid="team-owned-row"
                  data-direct={item.direct ? 'true' : 'false'}
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
                    {item.type ? `${item.kind} (${item.type})` : item.kind}
                  </TableCell>
                  <TableCell>{item.tier ?? '—'}</TableCell>
                  <TableCell>
                    {item.direct ? (
                      'this team'
                    ) : (
                      <RefLink
                        entityRef={item.owner}
                        defaultKind="group"
                        plain
                      />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Box>
  );
};
