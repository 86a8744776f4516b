import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { OrphanFilters, ownershipApiRef } from '../api';

/**
 * Downloads the orphaned services matching the filters as a CSV file. The
 * file is fetched with the user's credentials (a plain link would not carry
 * them) and handed to the browser as a download.
 */
export function useCsvExport(filters: OrphanFilters) {
  const api = useApi(ownershipApiRef);
  const [state, download] = useAsyncFn(async () => {
    const blob = await api.exportOrphansCsv(filters);
    const url = URL.createObjectURL(blob);
    try {
      const link = document.createElement('a');
      link.href = url;
      link.download = 'orphaned-services.csv';
      document.body.appendChild(link);
      link.click();
      link.remove();
    } finally {
      // Revoke after the click has been handled.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    }
  }, [api, filters]);
  return { download, exporting: state.loading, error: state.error };
}
