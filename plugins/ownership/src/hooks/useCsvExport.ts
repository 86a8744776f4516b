import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { OrphanFilters, ownershipApiRef } from '../api';
import { saveDownload } from '../utils/download';

/**
 * Downloads the orphaned services matching the filters as a CSV file. The
 * file is fetched with the user's credentials (a plain link would not carry
 * them) and handed to the browser as a download.
 */
export function useCsvExport(filters: OrphanFilters) {
  const api = useApi(ownershipApiRef);
  const [state, download] = useAsyncFn(async () => {
    const blob = await api.exportOrphansCsv(filters);
    saveDownload(blob, 'orphaned-services.csv');
  }, [api, filters]);
  return { download, exporting: state.loading, error: state.error };
}
