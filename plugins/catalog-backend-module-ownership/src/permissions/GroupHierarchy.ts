import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  normalizeOwnershipRef,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';

/**
 * A group as the hierarchy reads it from the catalog.
 *
 * @public
 */
export type GroupHierarchyEntry = {
  /** The group's own ref. */
  ref: string;
  /** Refs of its parent groups (from its `spec.parent` or a parent's `spec.children`). */
  parents: string[];
};

const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.parent',
  'spec.children',
];

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * An in-memory copy of the catalog's group tree (child → parents), so that a
 * synchronous permission rule can tell which groups a user belongs to through
 * child groups. Until the first load, and for groups it does not know, it
 * knows no parents: a rule that uses it then allows less, never more.
 *
 * @alpha
 */
export class GroupHierarchy {
  #parents = new Map<string, string[]>();
  #loadedAt?: Date;

  /** Replaces the whole tree. */
  replace(entries: Iterable<GroupHierarchyEntry>, loadedAt = new Date()) {
    const parents = new Map<string, Set<string>>();
    for (const { ref, parents: of } of entries) {
      const child = lower(ref);
      const set = parents.get(child) ?? new Set<string>();
      parents.set(child, set);
      for (const parent of of) {
        if (lower(parent) !== child) {
          set.add(lower(parent));
        }
      }
    }
    this.#parents = new Map(
      [...parents].map(([child, set]) => [child, [...set]]),
    );
    this.#loadedAt = loadedAt;
  }

  /** When the tree was last loaded; undefined before the first load. */
  get loadedAt(): Date | undefined {
    return this.#loadedAt;
  }

  /** The number of groups in the tree. */
  get size(): number {
    return this.#parents.size;
  }

  /**
   * The given refs (lower case) together with every ancestor of the groups
   * among them, at any depth. Cycles in the tree end the walk.
   */
  withAncestors(refs: readonly string[]): Set<string> {
    const result = new Set(refs.map(lower));
    const queue = [...result];
    while (queue.length) {
      for (const parent of this.#parents.get(queue.pop()!) ?? []) {
        if (!result.has(parent)) {
          result.add(parent);
          queue.push(parent);
        }
      }
    }
    return result;
  }

  /**
   * Reads every Group from the catalog (in pages, with only the fields the
   * tree needs) and replaces the tree once all of them were read, so that a
   * failed read keeps the previous tree.
   */
  async load(options: {
    catalog: Pick<CatalogService, 'streamEntities'>;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    logger?: LoggerService;
  }): Promise<void> {
    const credentials = await options.auth.getOwnServiceCredentials();
    const entries = new Map<string, string[]>();
    const entry = (ref: string) => {
      let parents = entries.get(ref);
      if (!parents) {
        parents = [];
        entries.set(ref, parents);
      }
      return parents;
    };
    for await (const page of options.catalog.streamEntities(
      { filter: { kind: 'Group' }, fields: GROUP_FIELDS },
      { credentials },
    )) {
      for (const group of page) {
        const namespace = group.metadata?.namespace ?? 'default';
        const ref = normalizeOwnershipRef(
          `group:${namespace}/${group.metadata?.name}`,
          { defaultKind: 'group', allowedKinds: ['Group'] },
        );
        if (!ref) {
          continue;
        }
        const parents = entry(lower(ref));
        for (const r of readOwnershipModel(group).refs) {
          if (r.ref && r.role === 'parent') {
            parents.push(r.ref);
          } else if (r.ref && r.role === 'child') {
            entry(r.ref).push(lower(ref));
          }
        }
      }
    }
    this.replace([...entries].map(([ref, parents]) => ({ ref, parents })));
    options.logger?.debug(`Loaded the group hierarchy: ${entries.size} groups`);
  }
}
