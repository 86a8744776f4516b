export { OwnershipHandoffsPage } from './OwnershipHandoffsPage';
export type { OwnershipHandoffsPageProps } from './OwnershipHandoffsPage';
