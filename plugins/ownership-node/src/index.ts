/**
 * Extension points of the ownership backend, and the built-in rota on-call
 * provider for modules that want to fall back to it.
 *
 * @packageDocumentation
 */

export * from './extensions';
export * from './rota';
export * from './incidents';
