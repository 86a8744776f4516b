export { EntityRaciCard } from './EntityRaciCard';
export type { EntityRaciCardProps } from './EntityRaciCard';
