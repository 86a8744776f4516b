import { ResponseError } from '@backstage/errors';

/**
 * Whether the backend answered 404, i.e. it does not know the entity (yet).
 */
export function isNotFoundError(error: Error): boolean {
  return (
    (error instanceof ResponseError && error.statusCode === 404) ||
    error.name === 'NotFoundError'
  );
}
