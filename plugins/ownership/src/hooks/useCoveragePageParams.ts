import { isOrphanReasonCode } from '@service-ownership/plugin-ownership-common';
import { useCallback, useMemo, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import { OrphanFilters } from '../api';

const KEYS = ['reason', 'severity', 'owner', 'tier', 'kind', 'q'] as const;

function readFilters(params: URLSearchParams): OrphanFilters {
  const filters: OrphanFilters = {};
  const reason = params.get('reason');
  if (reason && isOrphanReasonCode(reason)) {
    filters.reason = reason;
  }
  const severity = params.get('severity');
  if (severity === 'error' || severity === 'warning') {
    filters.severity = severity;
  }
  for (const key of ['owner', 'tier', 'kind', 'q'] as const) {
    const value = params.get(key);
    if (value) {
      filters[key] = value;
    }
  }
  return filters;
}

/**
 * The coverage page's state in the URL, so that views can be shared and
 * linked to (e.g. a team's gaps): the orphan filters and the "as of" day.
 */
export function useCoveragePageParams() {
  const [params, setSearchParams] = useSearchParams();
  // setSearchParams changes with every URL change; keep the setters below
  // stable so that memoized parts of the page do not re-render.
  const setParamsRef = useRef(setSearchParams);
  setParamsRef.current = setSearchParams;
  const setParams: typeof setSearchParams = useCallback(
    (...args) => setParamsRef.current(...args),
    [],
  );
  // Only the filter parameters, so that the filters keep their identity
  // when just the "as of" day changes.
  const filterString = KEYS.map(k => `${k}=${params.get(k) ?? ''}`).join('&');
  const filters = useMemo(
    () => readFilters(new URLSearchParams(filterString)),
    [filterString],
  );
  const asOf = params.get('asOf') ?? undefined;

  const setFilters = useCallback(
    (next: OrphanFilters) =>
      setParams(
        previous => {
          const updated = new URLSearchParams(previous);
          for (const key of KEYS) {
            const value = next[key];
            if (value) {
              updated.set(key, value);
            } else {
              updated.delete(key);
            }
          }
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );

  const setAsOf = useCallback(
    (next: string | undefined) =>
      setParams(
        previous => {
          const updated = new URLSearchParams(previous);
          if (next) {
            updated.set('asOf', next);
          } else {
            updated.delete('asOf');
          }
          return updated;
        },
        { replace: true },
      ),
    [setParams],
  );

  return { filters, setFilters, asOf, setAsOf };
}
