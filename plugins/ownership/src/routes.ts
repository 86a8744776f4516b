import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The route of the ownership coverage page.
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'ownership',
});

/**
 * The route of the ownership handoffs page.
 *
 * @public
 */
export const handoffsRouteRef = createRouteRef({
  id: 'ownership-handoffs',
});

/**
 * The route of the ownership audit page.
 *
 * @public
 */
export const auditRouteRef = createRouteRef({
  id: 'ownership-audit',
});

/**
 * The route of the ownership metrics page.
 *
 * @public
 */
export const metricsRouteRef = createRouteRef({
  id: 'ownership-metrics',
});
