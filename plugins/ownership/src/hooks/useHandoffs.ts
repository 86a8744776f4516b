import { useApi } from '@backstage/core-plugin-api';
import {
  HandoffDetails,
  HandoffGuard,
} from '@service-ownership/plugin-ownership-common';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { HandoffConflictError, ownershipApiRef } from '../api';
import { announceEntityChanged } from '../utils/entityChanged';
import { describeWriteError } from '../utils/handoffs';

/**
 * Loads the handoffs of one entity; `retry` reloads them.
 */
export function useEntityHandoffs(entityRef: string) {
  const api = useApi(ownershipApiRef);
  return useAsyncRetry(
    () => api.getEntityHandoffs(entityRef),
    [api, entityRef],
  );
}

/** A refused or failed write, as the card shows it. */
export type HandoffWriteProblem = {
  message: string;
  guards: HandoffGuard[];
  /** Someone else changed the handoff since it was read. */
  stale: boolean;
};

/**
 * Runs handoff writes one at a time. A success hands the new handoff to
 * `onChanged`; a 409 hands over the current handoff from its body and
 * keeps the guards to show; either way the caller reloads.
 */
export function useHandoffWrite(onChanged: (handoff?: HandoffDetails) => void) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<HandoffWriteProblem>();

  const run = useCallback(
    async (write: () => Promise<HandoffDetails>): Promise<boolean> => {
      setBusy(true);
      setProblem(undefined);
      try {
        const handoff = await write();
        onChanged(handoff);
        announceEntityChanged(handoff.entityRef);
        return true;
      } catch (error) {
        if (HandoffConflictError.is(error)) {
          setProblem({
            message: error.guards.length
              ? error.message
              : 'Someone else changed this handoff since you loaded it. It now shows the current version: check it and try again.',
            guards: error.guards,
            stale: error.guards.length === 0,
          });
          onChanged(error.handoff);
          announceEntityChanged(error.handoff.entityRef);
        } else {
          setProblem({
            message: describeWriteError(error as Error),
            guards: [],
            stale: false,
          });
        }
        return false;
      } finally {
        setBusy(false);
      }
    },
    [onChanged],
  );

  return { run, busy, problem, clearProblem: () => setProblem(undefined) };
}
