import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { InfoCard, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { HandoffMetrics } from '@service-ownership/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../../api';
import { formatDate } from '../../utils/format';
import { CARD_TITLE_PROPS } from '../../utils/suiteRoot';
import { RefLink } from '../RefLink';

const rate = (m: HandoffMetrics) =>
  m.successRate === undefined ? '–' : `${Math.round(m.successRate * 100)}%`;
const median = (m: HandoffMetrics) =>
  m.medianDurationDays === undefined
    ? '–'
    : `${Math.round(m.medianDurationDays * 10) / 10} days`;

/**
 * Handoff success rate (completed against rolled back) and median duration,
 * overall and per handing-over team.
 */
export const HandoffMetricsCard = () => {
  const api = useApi(ownershipApiRef);
  const { value, error } = useAsync(
    () => api.getHandoffMetrics({ days: 90 }),
    [api],
  );
  return (
    <InfoCard title="Handoff success" titleTypographyProps={CARD_TITLE_PROPS}>
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <>
          <Typography
            variant="body2"
            paragraph
            data-testid="handoff-metrics-overall"
          >
            From {formatDate(value.from)} to {formatDate(value.to)}:{' '}
            {rate(value.overall)} succeeded ({value.overall.completed}{' '}
            completed, {value.overall.rolledBack} rolled back), median duration{' '}
            {median(value.overall)}. Per team below, each handoff counts for the
            team that handed the service over; the metrics page counts a team's
            handoffs given and received.
          </Typography>
          <Table
            size="small"
            aria-label="Handoff success per handing-over team"
          >
            <TableHead>
              <TableRow>
                <TableCell>Handing-over team</TableCell>
                <TableCell align="right">Success rate</TableCell>
                <TableCell align="right">Median duration</TableCell>
                <TableCell align="right">Completed</TableCell>
                <TableCell align="right">Rolled back</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.teams.map(team => (
                <TableRow key={team.team} data-testid="handoff-metrics-team">
                  <TableCell component="th" scope="row">
                    <RefLink entityRef={team.team} defaultKind="group" plain />
                  </TableCell>
                  <TableCell align="right">{rate(team)}</TableCell>
                  <TableCell align="right">{median(team)}</TableCell>
                  <TableCell align="right">{team.completed}</TableCell>
                  <TableCell align="right">{team.rolledBack}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </InfoCard>
  );
};
