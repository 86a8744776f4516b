export { TrendChart } from './TrendChart';
export type { TrendChartProps, TrendDatum, TrendSeries } from './TrendChart';
