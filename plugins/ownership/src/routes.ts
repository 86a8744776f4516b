import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The route of the ownership coverage page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'ownership',
});
