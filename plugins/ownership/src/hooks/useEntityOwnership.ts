import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ownershipApiRef } from '../api';

/**
 * Loads the ownership of one entity; `retry` reloads it.
 */
export function useEntityOwnership(entityRef: string) {
  const api = useApi(ownershipApiRef);
  return useAsyncRetry(
    () => api.getEntityOwnership(entityRef),
    [api, entityRef],
  );
}
