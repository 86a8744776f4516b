export { EntityTeamMetricsCard } from './EntityTeamMetricsCard';
export type { EntityTeamMetricsCardProps } from './EntityTeamMetricsCard';
