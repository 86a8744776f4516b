import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ownershipApiRef } from '../api';

/**
 * Loads what a team owns, its RACI roles, policies and gaps.
 */
export function useTeamOwnership(groupRef: string) {
  const api = useApi(ownershipApiRef);
  return useAsyncRetry(() => api.getTeamOwnership(groupRef), [api, groupRef]);
}
