import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  IndexedGroupLinks,
  IndexedParty,
  ResolverIndex,
} from './ResolverIndex';
import { ResolvedTeam, Teams } from './TeamLoader';

// The same bounds as the catalog path (TeamLoader).
const MAX_GROUPS = 100;
const MAX_MEMBERS = 500;
const MAX_PARENTS = 20;

/** A group the index holds, as the profile helpers read an entity. */
export function partyEntity(party: IndexedParty): Entity {
  const { name, namespace } = parseEntityRef(party.entityRef);
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: party.kind,
    metadata: { name, namespace },
    spec: {
      profile: {
        ...(party.displayName ? { displayName: party.displayName } : {}),
        ...(party.email ? { email: party.email } : {}),
        ...(party.picture ? { picture: party.picture } : {}),
      },
    },
  };
}

/**
 * Groups, their subtrees and their parents from the index: one query per
 * level of the organisation. Until `hide` is told which groups the caller
 * may not read, every group the index holds counts as loaded; a hidden group
 * then behaves as one the catalog did not return (no profile, no members,
 * no children, the chain of parents stops at it).
 */
export class IndexTeamLoader implements Teams {
  private readonly links = new Map<string, IndexedGroupLinks | undefined>();
  private readonly profiles = new Map<string, IndexedParty>();
  private readonly hidden = new Set<string>();

  constructor(private readonly index: ResolverIndex) {}

  /** Every group ref read so far, found or not. */
  refs(): string[] {
    return [...this.links.keys()];
  }

  /** Treats these groups as unreadable for the rest of the request. */
  hide(refs: Iterable<string>) {
    for (const ref of refs) {
      this.hidden.add(ref);
    }
  }

  has(groupRef: string): boolean {
    return this.links.has(groupRef);
  }

  private node(groupRef: string) {
    return this.hidden.has(groupRef) ? undefined : this.links.get(groupRef);
  }

  entity(groupRef: string): Entity | undefined {
    const profile = this.profiles.get(groupRef);
    return profile && !this.hidden.has(groupRef)
      ? partyEntity(profile)
      : undefined;
  }

  private async read(refs: string[]) {
    const todo = refs.filter(r => !this.links.has(r));
    if (!todo.length) {
      return [];
    }
    // one after the other: the index reads the groups' profiles with their
    // links, so that the second read finds them cached
    const links = await this.index.getGroupLinks(todo);
    const profiles = await this.index.getParties(todo);
    for (const ref of todo) {
      const profile = profiles.get(ref);
      if (profile?.kind === 'Group') {
        this.profiles.set(ref, profile);
        this.links.set(ref, links.get(ref));
      } else {
        this.links.set(ref, undefined);
      }
    }
    return todo;
  }

  async load(groupRefs: string[]): Promise<void> {
    const budget = this.links.size + MAX_GROUPS * groupRefs.length;
    let level = [...new Set(groupRefs)];
    while (level.length) {
      const read = await this.read(level);
      const next = new Set<string>();
      for (const ref of read) {
        for (const child of this.links.get(ref)?.children ?? []) {
          if (!this.links.has(child) && this.links.size + next.size < budget) {
            next.add(child);
          }
        }
      }
      level = [...next];
    }
  }

  /** Reads the chain of parents of loaded groups, before `hide`. */
  async loadParents(groupRef: string): Promise<void> {
    const seen = new Set<string>([groupRef]);
    let parent = this.links.get(groupRef)?.parent;
    while (parent && !seen.has(parent) && seen.size <= MAX_PARENTS) {
      seen.add(parent);
      await this.read([parent]);
      parent = this.links.get(parent)?.parent;
    }
  }

  team(groupRef: string): ResolvedTeam {
    const members = new Set<string>();
    const visited = new Set<string>([groupRef]);
    const queue = [groupRef];
    while (queue.length && members.size < MAX_MEMBERS) {
      const node = this.node(queue.shift()!);
      node?.members.forEach(m => members.size < MAX_MEMBERS && members.add(m));
      for (const child of node?.children ?? []) {
        if (!visited.has(child) && visited.size < MAX_GROUPS) {
          visited.add(child);
          queue.push(child);
        }
      }
    }
    return {
      entity: this.entity(groupRef),
      memberRefs: [...members].sort(),
      parents: [],
    };
  }

  async parents(groupRef: string): Promise<ResolvedTeam['parents']> {
    const parents: ResolvedTeam['parents'] = [];
    const seen = new Set<string>([groupRef]);
    let parentRef = this.node(groupRef)?.parent;
    while (parentRef && !seen.has(parentRef) && parents.length < MAX_PARENTS) {
      seen.add(parentRef);
      const visible = !this.hidden.has(parentRef);
      parents.push({
        entityRef: parentRef,
        displayName: visible
          ? this.profiles.get(parentRef)?.displayName
          : undefined,
      });
      parentRef = this.node(parentRef)?.parent;
    }
    return parents;
  }
}
