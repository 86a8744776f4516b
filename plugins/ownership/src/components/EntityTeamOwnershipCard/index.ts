export { EntityTeamOwnershipCard } from './EntityTeamOwnershipCard';
export type { EntityTeamOwnershipCardProps } from './EntityTeamOwnershipCard';
