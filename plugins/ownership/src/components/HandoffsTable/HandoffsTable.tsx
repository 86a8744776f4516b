import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  HandoffListItem,
  handoffStateLabel,
} from '@service-ownership/plugin-ownership-common';
import { formatDate, formatDateTime } from '../../utils/format';
import { RefLink } from '../RefLink';
import { ToneChip } from '../ToneChip';

/** @internal */
export type HandoffsTableProps = {
  items: HandoffListItem[];
  caption: string;
  emptyText: string;
};

/** Handoffs as rows: entity, teams, state (overdue marked), checklist, dates. */
export const HandoffsTable = ({
  items,
  caption,
  emptyText,
}: HandoffsTableProps) => {
  if (!items.length) {
    return (
      <Typography variant="body2" color="textSecondary">
        {emptyText}
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label={caption}>
      <TableHead>
        <TableRow>
          <TableCell>Entity</TableCell>
          <TableCell>From</TableCell>
          <TableCell>To</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Checklist</TableCell>
          <TableCell>Started</TableCell>
          <TableCell>Due or closed</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(item => (
          <TableRow key={item.id} data-testid="handoff-row" data-id={item.id}>
            <TableCell>
              <RefLink
                entityRef={item.entityRef}
                title={item.entityTitle}
                defaultKind="component"
                plain
              />
            </TableCell>
            <TableCell>
              <RefLink entityRef={item.fromTeam} defaultKind="group" plain />
            </TableCell>
            <TableCell>
              <RefLink entityRef={item.toTeam} defaultKind="group" plain />
            </TableCell>
            <TableCell>
              <ToneChip
                size="small"
                tone={item.overdue ? 'secondary' : 'default'}
                label={`${handoffStateLabel(item.state)}${
                  item.overdue ? ': overdue' : ''
                }`}
                data-testid="handoff-row-state"
              />
            </TableCell>
            <TableCell>
              {item.checklistDone} of {item.checklistTotal}
            </TableCell>
            <TableCell>{formatDate(item.initiatedAt)}</TableCell>
            <TableCell>
              {item.closedAt
                ? formatDate(item.closedAt)
                : item.stateDueAt && formatDateTime(item.stateDueAt)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
