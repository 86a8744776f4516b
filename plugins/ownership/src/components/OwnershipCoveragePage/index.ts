export { OwnershipCoveragePage } from './OwnershipCoveragePage';
export type { OwnershipCoveragePageProps } from './OwnershipCoveragePage';
