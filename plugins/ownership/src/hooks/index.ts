export { useEntityOwnership } from './useEntityOwnership';
export { useTeamOwnership } from './useTeamOwnership';
export { useCoverage, useCoverageTrend } from './useCoverage';
export { useVerifyOwnership } from './useVerifyOwnership';
export { useCoveragePageParams } from './useCoveragePageParams';
export { useCsvExport } from './useCsvExport';
export { useCoverageLink } from './useCoverageLink';
export { useEntityHandoffs, useHandoffWrite } from './useHandoffs';
export type { HandoffWriteProblem } from './useHandoffs';
export {
  useOwnershipMetrics,
  useOwnershipRecommendations,
  useOwnershipHistory,
  useReportCsvExport,
} from './useOwnershipMetrics';
export type { MetricsWindow } from './useOwnershipMetrics';
export { useIncidentTrend } from './useIncidentTrend';
