import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import useAsync from 'react-use/esm/useAsync';
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

/**
 * Whether the caller may verify the entity's ownership, asked of the backend
 * on its own when `ask` (the owner card's response leaves it out: the
 * decision is conditional on the entity, the dearest part of a card).
 * `unknown` when the backend cannot say (a backend before that route, or a
 * failure): the permission policy then decides alone.
 */
export function useCanVerify(entityRef: string, ask: boolean) {
  const api = useApi(ownershipApiRef);
  const state = useAsync(
    async () =>
      ask ? (await api.getVerification(entityRef)).canVerify : undefined,
    [api, entityRef, ask],
  );
  return {
    canVerify: state.value,
    unknown:
      ask &&
      !state.loading &&
      (Boolean(state.error) || state.value === undefined),
  };
}
