import Box from '@material-ui/core/Box';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** One period of a trend: its label on the x axis and a value per series. */
export type TrendDatum = { x: string; [key: string]: string | number | null };

/** @internal */
export type TrendSeries = {
  /** The key of its values in the data. */
  key: string;
  label: string;
  /** A value for people, in the tooltip and the table. */
  format: (value: number) => string;
  /** Counts read best as bars; shares and durations as lines (the default). */
  kind?: 'line' | 'bar';
};

/** @internal */
export type TrendChartProps = {
  /** The chart's accessible name and the caption of its table. */
  title: string;
  data: TrendDatum[];
  series: TrendSeries[];
  /** The header of the periods' column of the table, e.g. "Day". */
  xLabel: string;
  /** Drawn as a dashed line across the chart, named in the table's caption. */
  target?: { value: number; label: string };
  /** A period to mark, e.g. the day the page is "as of". */
  marker?: { x: string; label: string };
  yDomain?: [number | 'auto', number | 'auto'];
  yTickFormat?: (value: number) => string;
  height?: number;
  onSelect?: (x: string) => void;
};

const useStyles = makeStyles({
  // visually hidden, read by screen readers
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    padding: 0,
    margin: -1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

// Dots only where the points are few enough to tell apart: a period
// between two gaps is a dot or nothing.
const MAX_DOTTED_POINTS = 31;

/**
 * A trend over periods as bars or lines, with a target line and a marked
 * period. Missing values (null) are gaps, not zeros. The picture is one
 * image named by `title`; the same figures are in a visually hidden table.
 */
export const TrendChart = (props: TrendChartProps) => {
  const {
    title,
    data,
    series,
    xLabel,
    target,
    marker,
    yDomain = [0, 'auto'],
    yTickFormat,
    height = 220,
    onSelect,
  } = props;
  const theme = useTheme();
  const classes = useStyles();
  const colors = [theme.palette.primary.main, theme.palette.secondary.main];
  const caption = target ? `${title} (${target.label})` : title;
  const dot = data.length <= MAX_DOTTED_POINTS ? { r: 3 } : false;

  return (
    <Box position="relative" data-testid="trend-chart">
      <Box height={height} role="img" aria-label={title}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart
            data={data}
            margin={{ top: 16, right: 16, bottom: 0, left: 0 }}
            onClick={state => {
              const x = state?.activeLabel;
              if (onSelect && typeof x === 'string') {
                onSelect(x);
              }
            }}
          >
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="x" minTickGap={24} />
            <YAxis domain={yDomain} tickFormatter={yTickFormat} width={48} />
            <Tooltip
              formatter={(value: number, _name, item) => {
                const s = series.find(c => c.key === item.dataKey);
                return [s ? s.format(value) : value, s?.label];
              }}
            />
            {series.length > 1 && <Legend />}
            {target && (
              <ReferenceLine
                y={target.value}
                stroke={theme.palette.text.secondary}
                strokeDasharray="4 4"
                ifOverflow="extendDomain"
                label="target"
              />
            )}
            {marker && (
              <ReferenceLine
                x={marker.x}
                stroke={theme.palette.secondary.main}
                label={marker.label}
              />
            )}
            {series.map((s, i) =>
              s.kind === 'bar' ? (
                <Bar
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  fill={colors[i % colors.length]}
                  isAnimationActive={false}
                />
              ) : (
                <Line
                  key={s.key}
                  type="monotone"
                  dataKey={s.key}
                  name={s.label}
                  stroke={colors[i % colors.length]}
                  strokeDasharray={i ? '6 3' : undefined}
                  strokeWidth={2}
                  dot={dot}
                  isAnimationActive={false}
                />
              ),
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </Box>
      <table className={classes.hidden}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            {series.map(s => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map(d => (
            <tr key={d.x}>
              <th scope="row">{d.x}</th>
              {series.map(s => {
                const v = d[s.key];
                return (
                  <td key={s.key}>
                    {typeof v === 'number' ? s.format(v) : 'no data'}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Box>
  );
};
