export { useEntityOwnership } from './useEntityOwnership';
export { useTeamOwnership } from './useTeamOwnership';
export { useCoverage, useCoverageTrend } from './useCoverage';
export { useVerifyOwnership } from './useVerifyOwnership';
export {
  useCoveragePageParams,
  ORPHAN_REASON_CODES,
} from './useCoveragePageParams';
export { useCsvExport } from './useCsvExport';
export { useCoverageLink } from './useCoverageLink';
