import { Entity } from '@backstage/catalog-model';
import {
  EntityOwnershipResponse,
  OrphanReason,
} from '@service-ownership/plugin-ownership-common';
import { KnownVerification } from '../verification/VerificationStore';

/** A user or group as the index holds it (full, lower-case ref). */
export interface IndexedParty {
  entityRef: string;
  kind: 'User' | 'Group';
  displayName?: string;
  email?: string;
  picture?: string;
}

/** A group's place in the organisation, as the index links it. */
export interface IndexedGroupLinks {
  /** Direct members (user refs). */
  members: string[];
  /** Direct child groups. */
  children: string[];
  parent?: string;
}

/** What the handoffs table says about one entity. */
export interface EntityHandoffFacts {
  /** The open handoff, if one: the owner card's "handoff in progress". */
  open?: NonNullable<EntityOwnershipResponse['handoff']>;
  /**
   * The receiving team of the latest completed handoff, unless a handoff
   * was opened after it: the live check of the handoff-not-applied reason.
   */
  completedHandoffTo?: string;
}

/** What the owner card reads about its entity from the plugin's tables. */
export interface EntityIndexFacts {
  /** As {@link ResolverIndex.getEntityReasons} answers them. */
  indexed: boolean;
  indexedAt?: Date;
  reasons: OrphanReason[];
  /** As {@link ResolverIndex.getEntityHandoffs} answers them. */
  handoffs: EntityHandoffFacts;
  /**
   * The stored verification and when the entity entered the index (for
   * the verification status); undefined when the index does not read them.
   */
  stored?: KnownVerification;
}

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
  /** The entity's open handoff and its completed one not applied yet. */
  getEntityHandoffs(entityRef: string): Promise<EntityHandoffFacts>;
  /**
   * getEntityReasons, getEntityHandoffs and the stored verification at one
   * moment: what every owner card reads about its entity.
   */
  getEntityFacts(entityRef: string): Promise<EntityIndexFacts>;
  /**
   * The users and groups among `refs` that the index holds, with their
   * profile, whoever may read them (the caller filters by visibility).
   */
  getParties(refs: string[]): Promise<Map<string, IndexedParty>>;
  /** Members, children and parent of each group among `groupRefs`. */
  getGroupLinks(groupRefs: string[]): Promise<Map<string, IndexedGroupLinks>>;
  /**
   * The escalation policies and RACI matrices among `refs`, as entities
   * (apiVersion, kind, metadata, spec) for readOwnershipModel.
   */
  getDocuments(refs: string[]): Promise<Map<string, Entity>>;
  /**
   * The entity as the index's last refresh read it from the catalog (what
   * the owner card reads of it: kind, metadata, the model's spec fields,
   * the catalog's processing errors and its `hasRaciMatrix` relations);
   * undefined when the index does not hold it (not refreshed since the
   * entity was registered, or a kind the card reads from the catalog).
   */
  getEntity(entityRef: string): Promise<Entity | undefined>;
}
