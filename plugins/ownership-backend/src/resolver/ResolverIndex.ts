import { OrphanReason } from '@service-ownership/plugin-ownership-common';

/**
 * What the entity resolver reads from the suite's own index (read with the
 * plugin's credentials). The catalog index feature implements it.
 */
export interface ResolverIndex {
  /**
   * The refs among `refs` (full, lower case) that the index knows as a user,
   * group or escalation policy, whoever may read them: a ref that exists
   * but that the caller may not read is not reported as missing.
   */
  filterIndexedRefs(refs: string[]): Promise<Set<string>>;
  /**
   * The orphan reasons of one entity exactly as the coverage page lists
   * them (described with describeOrphanReasons from ownership-common), and
   * when the index was last refreshed. `indexed` is false when the index
   * holds no service row for the entity (not a service, or not indexed
   * yet); `indexedAt` is undefined before the first refresh.
   */
  getEntityReasons(entityRef: string): Promise<{
    indexed: boolean;
    indexedAt?: Date;
    reasons: OrphanReason[];
  }>;
  /**
   * A group's existing members, directly and through child groups, as the
   * index counts them for coverage (whoever may read them); undefined when
   * the index does not know the group.
   */
  getGroupMemberCount(groupRef: string): Promise<number | undefined>;
}
