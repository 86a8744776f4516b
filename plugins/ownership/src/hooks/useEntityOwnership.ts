import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ownershipApiRef } from '../api';
import { useEntityChanged } from '../utils/entityChanged';

/**
 * Loads the ownership of one entity; `retry` reloads it. It also reloads
 * when a write elsewhere on the page (the handoff card) changes the entity.
 */
export function useEntityOwnership(entityRef: string) {
  const api = useApi(ownershipApiRef);
  const state = useAsyncRetry(
    () => api.getEntityOwnership(entityRef),
    [api, entityRef],
  );
  useEntityChanged(entityRef, state.retry);
  return state;
}
