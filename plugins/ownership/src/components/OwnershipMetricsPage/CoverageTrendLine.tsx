import Typography from '@material-ui/core/Typography';
import { TeamCoveragePoint } from '@service-ownership/plugin-ownership-common';
import { TrendChart } from '../TrendChart';
import { formatShare } from './figures';

/** @internal */
export type CoverageTrendLineProps = {
  points: TeamCoveragePoint[];
  /** The coverage target (0–1), drawn as a line. */
  target?: number;
  /** Whose coverage, for the chart's name, e.g. "payments". */
  label: string;
  height?: number;
};

const percent = (v: number) => `${v}%`;

/**
 * Daily coverage (owned / total services) in the window as a line, with the
 * target; the first and last day in words for those who do not see it.
 */
export const CoverageTrendLine = (props: CoverageTrendLineProps) => {
  const { points, target, label, height = 220 } = props;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) {
    return (
      <Typography variant="body2" color="textSecondary">
        No coverage recorded in this window yet: it is recorded once a day by
        the index refresh.
      </Typography>
    );
  }
  const share = (p: TeamCoveragePoint) =>
    formatShare(p.total ? p.owned / p.total : null);
  return (
    <>
      <Typography variant="body2" data-testid="coverage-trend-summary">
        Coverage of {label}: {share(first)} on {first.date}, {share(last)} on{' '}
        {last.date} ({last.owned} of {last.total} services owned).
      </Typography>
      <TrendChart
        title={`Coverage trend of ${label}`}
        xLabel="Day"
        data={points.map(p => ({
          x: p.date,
          coverage: p.total
            ? Math.round((p.owned / p.total) * 1000) / 10
            : null,
        }))}
        series={[{ key: 'coverage', label: 'Coverage', format: percent }]}
        target={
          target === undefined
            ? undefined
            : { value: target * 100, label: `target over ${target * 100}%` }
        }
        yDomain={[0, 100]}
        yTickFormat={percent}
        height={height}
      />
    </>
  );
};
