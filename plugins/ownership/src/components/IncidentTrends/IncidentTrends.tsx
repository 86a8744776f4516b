import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import {
  IncidentMetricsTargets,
  IncidentTrendResponse,
} from '@service-ownership/plugin-ownership-common';
import { MetricsWindow, useIncidentTrend } from '../../hooks';
import { isNotFoundError } from '../../utils/errors';
import { formatMinutes, formatShare } from '../OwnershipMetricsPage/figures';
import { TrendChart, TrendChartProps, TrendDatum } from '../TrendChart';

/** @internal */
export type IncidentTrendsProps = {
  window: MetricsWindow;
  /** One team's incidents; all incidents without it. */
  team?: string;
  /** Whose incidents, in words, e.g. "all teams" or "Payments". */
  whose: string;
  /** The targets of the metrics response, drawn as lines. */
  targets?: IncidentMetricsTargets;
  height?: number;
};

const percent = (v: number) => `${v}%`;
const count = (v: number) => String(v);
const toPercent = (share: number | null) =>
  share === null ? null : Math.round(share * 1000) / 10;

type Chart = Omit<TrendChartProps, 'data' | 'xLabel' | 'height'> & {
  id: string;
};

function charts(
  per: string,
  whose: string,
  targets?: IncidentMetricsTargets,
): Chart[] {
  return [
    {
      id: 'incidents',
      title: `Incidents per ${per} of ${whose}`,
      series: [
        { key: 'incidents', label: 'Incidents', format: count, kind: 'bar' },
      ],
    },
    {
      id: 'response-times',
      title: `Mean time to acknowledge and to resolve per ${per} of ${whose}`,
      series: [
        { key: 'mtta', label: 'MTTA', format: formatMinutes },
        { key: 'mttr', label: 'MTTR', format: formatMinutes },
      ],
      yTickFormat: (v: number) => `${v} min`,
      target: targets && {
        value: targets.mttrMinutes,
        label: `target: MTTR under ${targets.mttrMinutes} min`,
      },
    },
    {
      id: 'escalation-rate',
      title: `Escalation rate per ${per} of ${whose}`,
      series: [
        { key: 'escalation', label: 'Escalation rate', format: percent },
      ],
      yDomain: [0, 100],
      yTickFormat: percent,
      target: targets && {
        value: targets.escalationRate * 100,
        label: `target: under ${formatShare(targets.escalationRate)}`,
      },
    },
    {
      id: 'response-sla',
      title: `Response-SLA compliance per ${per} of ${whose}`,
      series: [{ key: 'sla', label: 'Response SLA', format: percent }],
      yDomain: [0, 100],
      yTickFormat: percent,
      target: targets && {
        value: targets.responseSlaCompliance * 100,
        label: `target: over ${formatShare(targets.responseSlaCompliance)}`,
      },
    },
  ];
}

function toData(trend: IncidentTrendResponse): TrendDatum[] {
  return trend.points.map(p => ({
    x: p.from,
    incidents: p.incidents,
    mtta: p.mttaMinutes,
    mttr: p.mttrMinutes,
    escalation: toPercent(p.escalationRate),
    sla: toPercent(p.responseSlaCompliance),
  }));
}

/**
 * Incidents, mean MTTA and MTTR, escalation rate and response-SLA
 * compliance per day or week of the window, against their targets; a
 * period without incidents is a gap in the means and rates.
 */
export const IncidentTrends = (props: IncidentTrendsProps) => {
  const { window, team, whose, targets, height = 200 } = props;
  const { value, loading, error } = useIncidentTrend(window, team);
  if (error) {
    return isNotFoundError(error) ? (
      <Typography variant="body2" color="textSecondary">
        This backend does not serve incident trends.
      </Typography>
    ) : (
      <ResponseErrorPanel error={error} />
    );
  }
  if (loading || !value) {
    return <Progress />;
  }
  const first = value.points[0];
  const last = value.points[value.points.length - 1];
  const total = value.points.reduce((sum, p) => sum + p.incidents, 0);
  const per = value.bucket;
  if (!first || !last || !total) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="incident-trend-summary"
      >
        No incidents of {whose} in this window.
      </Typography>
    );
  }
  const data = toData(value);
  return (
    <>
      <Typography
        variant="body2"
        paragraph
        data-testid="incident-trend-summary"
      >
        {total} incidents of {whose} from {first.from} to {last.to}, per{' '}
        {per === 'week' ? 'week (Monday to Sunday, UTC)' : 'UTC day'}; a {per}{' '}
        without incidents has no mean or rate.
      </Typography>
      <Grid container spacing={2}>
        {charts(per, whose, targets).map(({ id, ...chart }) => (
          <Grid
            item
            xs={12}
            md={6}
            key={id}
            data-testid={`incident-trend-${id}`}
          >
            <Typography variant="subtitle2" component="p">
              {chart.title}
            </Typography>
            <TrendChart
              {...chart}
              data={data}
              xLabel={per === 'week' ? 'Week from' : 'Day'}
              height={height}
            />
          </Grid>
        ))}
      </Grid>
    </>
  );
};
