export { EntityHandoffCard } from './EntityHandoffCard';
export type { EntityHandoffCardProps } from './EntityHandoffCard';
