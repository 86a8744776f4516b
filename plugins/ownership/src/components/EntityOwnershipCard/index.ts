export { EntityOwnershipCard } from './EntityOwnershipCard';
export type { EntityOwnershipCardProps } from './EntityOwnershipCard';
