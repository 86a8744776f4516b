import { Entity } from '@backstage/catalog-model';
import { CatalogProcessingError } from '../api/types';

/** The status item type under which the catalog reports processing errors. */
const PROCESSING_TYPE = 'backstage.io/catalog-processing';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The processing errors the catalog holds for an entity (`status.items` of
 * type `backstage.io/catalog-processing` and level `error`). The catalog
 * then keeps serving the last version of the entity it could process.
 *
 * @public
 */
export function readCatalogProcessingErrors(
  entity: Entity,
): CatalogProcessingError[] {
  const items = (entity as { status?: { items?: unknown } })?.status?.items;
  return (Array.isArray(items) ? items : [])
    .filter(
      item =>
        isObject(item) &&
        item.type === PROCESSING_TYPE &&
        item.level === 'error',
    )
    .map(item => {
      const error = isObject(item.error) ? item.error : {};
      const message =
        typeof error.message === 'string' && error.message
          ? error.message
          : String(item.message ?? 'unknown error');
      return {
        message: message.slice(0, 2000),
        ...(typeof error.name === 'string' && error.name
          ? { name: error.name }
          : {}),
      };
    });
}

/**
 * The processing errors as one line, as the orphan reason quotes them.
 *
 * @public
 */
export function formatCatalogProcessingErrors(
  errors: CatalogProcessingError[],
): string | undefined {
  if (!errors.length) {
    return undefined;
  }
  return errors
    .map(e => (e.name ? `${e.name}: ${e.message}` : e.message))
    .join('; ')
    .slice(0, 4000);
}
