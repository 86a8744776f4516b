export { OwnershipMetricsPage } from './OwnershipMetricsPage';
export type { OwnershipMetricsPageProps } from './OwnershipMetricsPage';
export { FigureList } from './FigureList';
export { MetricsWindowPicker } from './MetricsWindowPicker';
export { CoverageTrendLine } from './CoverageTrendLine';
export { RecommendationsList } from './RecommendationsList';
export { formatMinutes, formatSeverities } from './figures';
