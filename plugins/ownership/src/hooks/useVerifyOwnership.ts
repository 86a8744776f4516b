import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { ownershipApiRef } from '../api';

function describeError(error: Error): string {
  if (error instanceof ResponseError && error.statusCode === 403) {
    return 'You are not allowed to verify the ownership of this entity.';
  }
  if (error instanceof ResponseError && error.cause?.message) {
    return error.cause.message;
  }
  return error.message;
}

/**
 * Confirms an entity's ownership, then calls `onVerified` (to reload).
 * Failures are returned as a message rather than thrown.
 */
export function useVerifyOwnership(entityRef: string, onVerified: () => void) {
  const api = useApi(ownershipApiRef);
  const [state, verify] = useAsyncFn(async () => {
    await api.verifyOwnership(entityRef);
    onVerified();
  }, [api, entityRef, onVerified]);
  return {
    verify,
    verifying: state.loading,
    error: state.error ? describeError(state.error) : undefined,
  };
}
