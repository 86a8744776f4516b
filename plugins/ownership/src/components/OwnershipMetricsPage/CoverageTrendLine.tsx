import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import { TeamCoveragePoint } from '@service-ownership/plugin-ownership-common';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
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

/**
 * Daily coverage (owned / total services) in the window as a line, with the
 * target; the first and last day in words for those who do not see it.
 */
export const CoverageTrendLine = (props: CoverageTrendLineProps) => {
  const { points, target, label, height = 220 } = props;
  const theme = useTheme();
  const data = points.map(p => ({
    date: p.date,
    coverage: p.total ? Math.round((p.owned / p.total) * 1000) / 10 : null,
  }));
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
      <Box height={height} role="img" aria-label={`Coverage trend of ${label}`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 16, right: 16, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" minTickGap={24} />
            <YAxis
              domain={[0, 100]}
              tickFormatter={(v: number) => `${v}%`}
              width={48}
            />
            <Tooltip formatter={(v: number) => [`${v}%`, 'Coverage']} />
            {target !== undefined && (
              <ReferenceLine
                y={target * 100}
                stroke={theme.palette.text.secondary}
                strokeDasharray="4 4"
                label="target"
              />
            )}
            <Line
              type="monotone"
              dataKey="coverage"
              stroke={theme.palette.primary.main}
              strokeWidth={2}
              dot={false}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </Box>
    </>
  );
};
