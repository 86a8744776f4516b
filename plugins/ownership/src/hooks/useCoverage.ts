import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../api';

/**
 * Loads coverage now, or as of a day (`YYYY-MM-DD`).
 */
export function useCoverage(asOf?: string) {
  const api = useApi(ownershipApiRef);
  return useAsync(
    () => api.getCoverage(asOf ? { asOf } : undefined),
    [api, asOf],
  );
}

/**
 * Loads the daily coverage trend.
 */
export function useCoverageTrend(days: number) {
  const api = useApi(ownershipApiRef);
  return useAsync(
    async () => (await api.getCoverageTrend({ days })).points,
    [api, days],
  );
}
