import { useRouteRef } from '@backstage/core-plugin-api';
import { OrphanFilters } from '../api';
import { rootRouteRef } from '../routes';

/**
 * A link to the coverage page with orphan filters applied, or undefined
 * when the app does not mount the page.
 */
export function useCoverageLink(filters: OrphanFilters): string | undefined {
  let base: string | undefined;
  try {
    // The page is optional for apps that only use the cards, and useRouteRef
    // throws when it is not mounted. Whether it is mounted does not change
    // while the app runs, so the order of hooks stays the same.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    base = useRouteRef(rootRouteRef)();
  } catch {
    return undefined;
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}
