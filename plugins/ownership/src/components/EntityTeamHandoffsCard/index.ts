export { EntityTeamHandoffsCard } from './EntityTeamHandoffsCard';
export type { EntityTeamHandoffsCardProps } from './EntityTeamHandoffsCard';
