import { useApi } from '@backstage/core-plugin-api';
import {
  HandoffListItem,
  OWNERSHIP_REQUEST_LIMITS,
  ReorganisationRequest,
  ReorganisationResponse,
} from '@service-ownership/plugin-ownership-common';
import { useCallback, useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { ownershipApiRef } from '../../api';
import { announceEntityChanged } from '../../utils/entityChanged';
import { describeWriteError } from '../../utils/handoffs';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * What the reorganisation dialog needs once open: the team's open
 * handoffs (the backend refuses to start another for those entities) and
 * the configured durations, which every entity shares.
 */
export function useReorganisationContext(
  open: boolean,
  team: string,
  firstEntity?: string,
) {
  const api = useApi(ownershipApiRef);
  const state = useAsyncRetry(async () => {
    if (!open) return undefined;
    const [list, durations] = await Promise.all([
      api.listHandoffs({
        team,
        state: 'open',
        limit: OWNERSHIP_REQUEST_LIMITS.pageSize.max,
      }),
      firstEntity
        ? api
            .getEntityHandoffs(firstEntity)
            .then(r => r.durations)
            // the server checks the bounds anyway
            .catch(() => undefined)
        : undefined,
    ]);
    return { openHandoffs: list.items, durations };
  }, [api, open, team, firstEntity]);
  const openByEntity = useMemo(
    () =>
      new Map<string, HandoffListItem>(
        (state.value?.openHandoffs ?? []).map(h => [lower(h.entityRef), h]),
      ),
    [state.value],
  );
  return {
    ...state,
    durations: state.value?.durations,
    openHandoff: (entityRef: string) => openByEntity.get(lower(entityRef)),
  };
}

/**
 * Starts a reorganisation: one request, all handoffs or none. A failure
 * keeps the server's message; nothing is assumed started.
 */
export function useStartReorganisation(
  onStarted: (response: ReorganisationResponse) => void,
) {
  const api = useApi(ownershipApiRef);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [result, setResult] = useState<ReorganisationResponse>();

  const start = useCallback(
    async (request: ReorganisationRequest): Promise<boolean> => {
      setBusy(true);
      setProblem(undefined);
      try {
        const response = await api.startReorganisation(request);
        setResult(response);
        response.handoffs.forEach(h => announceEntityChanged(h.entityRef));
        onStarted(response);
        return true;
      } catch (error) {
        setProblem(describeWriteError(error as Error));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [api, onStarted],
  );
  const reset = useCallback(() => {
    setProblem(undefined);
    setResult(undefined);
  }, []);

  return { start, busy, problem, result, reset };
}
