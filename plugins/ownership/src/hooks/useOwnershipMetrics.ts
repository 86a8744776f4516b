import { useApi } from '@backstage/core-plugin-api';
import { OwnershipReportQuery } from '@service-ownership/plugin-ownership-common';
import useAsync from 'react-use/esm/useAsync';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ownershipApiRef } from '../api';
import { saveDownload } from '../utils/download';

/**
 * The window of the metrics: the last 7, 30 or 90 days, or from/to (ISO
 * timestamps).
 */
export type MetricsWindow =
  | { days: 7 | 30 | 90 }
  | { from: string; to: string };

/**
 * Loads the incident and ownership metrics of a window, for everything or
 * one team or entity. `enabled: false` waits (the owner card asks only
 * once its own data is there).
 */
export function useOwnershipMetrics(
  window: MetricsWindow,
  options: { team?: string; entityRef?: string; entityLimit?: number } = {},
) {
  const api = useApi(ownershipApiRef);
  const { team, entityRef, entityLimit } = options;
  // the window is compared by value: a new object of the same window is
  // no new request
  const key = JSON.stringify(window);
  return useAsync(
    () =>
      api.getOwnershipMetrics({
        ...(JSON.parse(key) as MetricsWindow),
        team,
        entityRef,
        entityLimit,
      }),
    [api, key, team, entityRef, entityLimit],
  );
}

/**
 * Loads the recommendations of the health report for a window.
 */
export function useOwnershipRecommendations(window: MetricsWindow) {
  const api = useApi(ownershipApiRef);
  const key = JSON.stringify(window);
  return useAsync(
    () =>
      api.getOwnershipRecommendations(JSON.parse(key) as OwnershipReportQuery),
    [api, key],
  );
}

/**
 * Loads the owners an entity had, oldest first.
 */
export function useOwnershipHistory(entityRef: string) {
  const api = useApi(ownershipApiRef);
  return useAsync(
    async () => (await api.getOwnershipHistory(entityRef)).entries,
    [api, entityRef],
  );
}

/**
 * Downloads the health report of a window as a CSV file, fetched with the
 * user's credentials and handed to the browser as a download.
 */
export function useReportCsvExport(window: MetricsWindow) {
  const api = useApi(ownershipApiRef);
  const key = JSON.stringify(window);
  const [state, download] = useAsyncFn(async () => {
    const blob = await api.exportOwnershipReportCsv(
      JSON.parse(key) as OwnershipReportQuery,
    );
    saveDownload(blob, 'ownership-health-report.csv');
  }, [api, key]);
  return { download, exporting: state.loading, error: state.error };
}
