import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  OwnershipRefRole,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { lower, PARTY_FIELDS, profileOf, ResolverCatalog } from './parties';

const GROUP_FIELDS = [
  ...PARTY_FIELDS,
  'spec.parent',
  'spec.children',
  'spec.members',
  'relations',
];

// Bounds for very large organisations: a team card is not an org chart.
const MAX_GROUPS = 100;
const MAX_MEMBERS = 500;
const MAX_PARENTS = 20;

type GroupNode = {
  entity: Entity;
  members: string[];
  children: string[];
  parent?: string;
};

/** A group with its members directly and through child groups. */
export type ResolvedTeam = {
  /** Undefined when the group matches nothing the caller may read. */
  entity?: Entity;
  memberRefs: string[];
  parents: Array<{ entityRef: string; displayName?: string }>;
};

/** Groups loaded for one request, from the catalog or from the index. */
export interface Teams {
  /** Whether the group was read (found or not). */
  has(groupRef: string): boolean;
  /** A loaded group, when the caller may read it. */
  entity(groupRef: string): Entity | undefined;
  /** Loads the groups and their subtrees. */
  load(groupRefs: string[]): Promise<void>;
  /** A loaded group's members through its subtree, bounded. */
  team(groupRef: string): ResolvedTeam;
  /** The chain of parents of a loaded group, nearest first. */
  parents(groupRef: string): Promise<ResolvedTeam['parents']>;
}

/**
 * Loads groups and their child groups breadth first, one catalog call per
 * level for all the groups asked for together, and remembers them for the
 * rest of the request so that a group is never read twice.
 */
export class TeamLoader implements Teams {
  private readonly nodes = new Map<string, GroupNode | undefined>();

  constructor(
    private readonly catalog: ResolverCatalog,
    private readonly credentials: BackstageCredentials,
  ) {}

  /** Whether the group was read (found or not). */
  has(groupRef: string): boolean {
    return this.nodes.has(groupRef);
  }

  /** A loaded group, when the caller may read it. */
  entity(groupRef: string): Entity | undefined {
    return this.nodes.get(groupRef)?.entity;
  }

  async load(groupRefs: string[]): Promise<void> {
    const budget = this.nodes.size + MAX_GROUPS * groupRefs.length;
    let level = [...new Set(groupRefs)].filter(r => !this.nodes.has(r));
    while (level.length) {
      level.forEach(r => this.nodes.set(r, undefined));
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: level, fields: GROUP_FIELDS },
        { credentials: this.credentials },
      );
      const next = new Set<string>();
      for (const group of items) {
        if (!group) {
          continue;
        }
        const node = toNode(group);
        this.nodes.set(lower(stringifyEntityRef(group)), node);
        for (const child of node.children) {
          if (!this.nodes.has(child) && this.nodes.size + next.size < budget) {
            next.add(child);
          }
        }
      }
      level = [...next];
    }
  }

  /** A loaded group's members through its subtree, bounded. */
  team(groupRef: string): ResolvedTeam {
    const root = this.nodes.get(groupRef);
    const members = new Set<string>();
    const visited = new Set<string>([groupRef]);
    const queue = [groupRef];
    while (queue.length && members.size < MAX_MEMBERS) {
      const node = this.nodes.get(queue.shift()!);
      node?.members.forEach(m => members.size < MAX_MEMBERS && members.add(m));
      for (const child of node?.children ?? []) {
        if (!visited.has(child) && visited.size < MAX_GROUPS) {
          visited.add(child);
          queue.push(child);
        }
      }
    }
    return {
      entity: root?.entity,
      memberRefs: [...members].sort(),
      parents: [],
    };
  }

  /** The chain of parents of a loaded group, nearest first, one read each. */
  async parents(groupRef: string): Promise<ResolvedTeam['parents']> {
    const parents: ResolvedTeam['parents'] = [];
    const seen = new Set<string>([groupRef]);
    let parentRef = this.nodes.get(groupRef)?.parent;
    while (parentRef && !seen.has(parentRef) && parents.length < MAX_PARENTS) {
      seen.add(parentRef);
      let node = this.nodes.get(parentRef);
      if (!this.nodes.has(parentRef)) {
        const entity = await this.catalog.getEntityByRef(parentRef, {
          credentials: this.credentials,
        });
        node = entity && toNode(entity);
      }
      parents.push({
        entityRef: parentRef,
        displayName: profileOf(node?.entity).displayName,
      });
      parentRef = node?.parent;
    }
    return parents;
  }
}

/** Members, children and parent from the spec (through the model) and the relations. */
function toNode(group: Entity): GroupNode {
  const refs = readOwnershipModel(group).refs;
  const related = (role: OwnershipRefRole, relation: string) => [
    ...new Set([
      ...(group.relations ?? [])
        .filter(r => r.type === relation && r.targetRef)
        .map(r => lower(r.targetRef)),
      ...refs.filter(r => r.role === role && r.ref).map(r => r.ref!),
    ]),
  ];
  return {
    entity: group,
    members: related('member', RELATION_HAS_MEMBER),
    children: related('child', RELATION_PARENT_OF),
    parent: related('parent', RELATION_CHILD_OF)[0],
  };
}
