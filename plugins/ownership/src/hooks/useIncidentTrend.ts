import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { ownershipApiRef } from '../api';
import { MetricsWindow } from './useOwnershipMetrics';

/**
 * Loads the incident trend of a window, for all incidents or one team's.
 */
export function useIncidentTrend(window: MetricsWindow, team?: string) {
  const api = useApi(ownershipApiRef);
  // the window is compared by value, as in useOwnershipMetrics
  const key = JSON.stringify(window);
  return useAsync(
    () => api.getIncidentTrend({ ...(JSON.parse(key) as MetricsWindow), team }),
    [api, key, team],
  );
}
