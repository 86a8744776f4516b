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

/**
 * Whether the backend answered 503 because its ownership index has not
 * been built yet (before the first refresh after a start).
 */
export function isNotIndexedError(error: Error | undefined): boolean {
  return (
    !!error &&
    ((error instanceof ResponseError && error.statusCode === 503) ||
      error.name === 'ServiceUnavailableError')
  );
}
