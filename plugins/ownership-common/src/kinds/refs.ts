import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Parses a ref written in a catalog file (`jane`, `user:jane`,
 * `user:default/jane`) into its full string form, or undefined when it is
 * malformed or of a kind not in `allowedKinds`.
 *
 * @public
 */
export function normalizeOwnershipRef(
  ref: unknown,
  options: {
    defaultKind: string;
    defaultNamespace?: string;
    allowedKinds?: string[];
  },
): string | undefined {
  if (typeof ref !== 'string' || !ref.trim() || ref.length > 255) {
    return undefined;
  }
  try {
    const parsed = parseEntityRef(ref.trim(), {
      defaultKind: options.defaultKind,
      defaultNamespace: options.defaultNamespace ?? 'default',
    });
    if (
      !/^[a-z0-9A-Z_.-]+$/.test(parsed.name) ||
      !/^[a-z0-9A-Z_.-]+$/.test(parsed.namespace)
    ) {
      return undefined;
    }
    if (
      options.allowedKinds &&
      !options.allowedKinds
        .map(k => k.toLocaleLowerCase('en-US'))
        .includes(parsed.kind.toLocaleLowerCase('en-US'))
    ) {
      return undefined;
    }
    return stringifyEntityRef(parsed);
  } catch {
    return undefined;
  }
}
