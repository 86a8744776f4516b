export { IncidentTrends } from './IncidentTrends';
export type { IncidentTrendsProps } from './IncidentTrends';
