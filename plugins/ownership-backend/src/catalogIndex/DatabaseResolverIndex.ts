import { DatabaseService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  OrphanReason,
  OrphanReasonCode,
  RELATION_HAS_RACI_MATRIX,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import {
  EntityHandoffFacts,
  EntityIndexFacts,
  IndexedGroupLinks,
  IndexedParty,
  ResolverIndex,
} from '../resolver/ResolverIndex';
import { getMigratedClient } from '../database/client';
import {
  chunks,
  clientOf,
  rawRows,
  READ_BATCH,
  readSnapshot,
} from '../database/sql';
import {
  DbIndexDocumentRow,
  DbTimestamp,
  DOCUMENTS,
  ENTITIES,
  GROUPS,
  HANDOFFS,
  LINKS,
  POLICIES,
  REASONS,
  STATE,
  toDate,
  USERS,
  VERIFICATIONS,
} from '../database/tables';
import { RACI_APPLIES_TO_LINK } from './DatabaseHandoffStakeholders';
import { readEntityHandoffFacts } from './handoffFacts';
import { describeIndexedReasons, getIndexedEntity } from './indexedEntities';
import { readIndexState } from './indexState';

/** Beyond this many cached rows the cache starts over (memory bound). */
const MAX_CACHED = 50_000;

/**
 * Rows of the organisation tables (users, groups, policies, links,
 * documents) by ref, for one generation of the index. Only a full refresh
 * writes those tables, and it always records a new catalog digest (or, when
 * there is none, a new indexed_at) in the same transaction; every card reads
 * the state first, so a refresh shows on the next card. A fill started under
 * an older generation is dropped, so an entry is never older than its
 * generation.
 */
class GenerationCache {
  private generation?: string;
  private size = 0;
  private readonly maps = new Map<string, Map<string, unknown>>();

  /** Called with the generation every card reads before the rest. */
  observe(generation: string) {
    if (generation !== this.generation) {
      this.generation = generation;
      this.clear();
    }
  }

  private clear() {
    this.maps.clear();
    this.size = 0;
  }

  /** Whether `key` of `space` is cached for the current generation. */
  has(space: string, key: string): boolean {
    return (
      this.generation !== undefined && Boolean(this.maps.get(space)?.has(key))
    );
  }

  /**
   * Caches values read along with another read started under `generation`
   * (dropped when the generation has changed since), keeping what is
   * cached already.
   */
  prime(
    space: string,
    generation: string | undefined,
    values: Map<string, unknown>,
  ) {
    if (generation === undefined || generation !== this.generation) {
      return;
    }
    if (this.size + values.size > MAX_CACHED) {
      this.clear();
    }
    let map = this.maps.get(space);
    if (!map) {
      map = new Map();
      this.maps.set(space, map);
    }
    for (const [key, value] of values) {
      if (!map.has(key)) {
        map.set(key, value);
        this.size++;
      }
    }
  }

  /**
   * The values of `keys` in `space`, reading the missing ones with `load`
   * (undefined: the index does not hold it, cached as well).
   */
  async get<T>(
    space: string,
    keys: string[],
    load: (
      missing: string[],
      generation: string | undefined,
    ) => Promise<Map<string, T>>,
  ): Promise<Map<string, T | undefined>> {
    const generation = this.generation;
    const cached = this.maps.get(space);
    const result = new Map<string, T | undefined>();
    const missing: string[] = [];
    for (const key of new Set(keys)) {
      if (generation !== undefined && cached?.has(key)) {
        result.set(key, cached.get(key) as T | undefined);
      } else {
        missing.push(key);
      }
    }
    if (!missing.length) {
      return result;
    }
    const loaded = await load(missing, generation);
    const fresh = generation !== undefined && generation === this.generation;
    if (fresh && this.size + missing.length > MAX_CACHED) {
      this.clear();
    }
    let map = this.maps.get(space);
    if (fresh && !map) {
      map = new Map();
      this.maps.set(space, map);
    }
    for (const key of missing) {
      const value = loaded.get(key);
      result.set(key, value);
      if (fresh && !map!.has(key)) {
        map!.set(key, value);
        this.size++;
      }
    }
    return result;
  }
}

/** One row of {@link entityFactsSql}: nulls where a table has no row. */
type EntityFactsRow = {
  state_indexed_at: DbTimestamp | null;
  catalog_digest: string | null;
  entity_ref: string | null;
  kind: string | null;
  owner_ref: string | null;
  escalation_policy_ref: string | null;
  expires_at: DbTimestamp | null;
  is_service: boolean | number | null;
  processing_error: string | null;
  first_seen_at: DbTimestamp | null;
  verified_at: DbTimestamp | null;
  verified_by: string | null;
  verification_comment: string | null;
  /** `code:severity` of each reason, comma-separated. */
  reason_codes: string | null;
  handoff_count: number | string;
  /** With the entity: its stored document (null when none). */
  entity_document?: string | null;
  /** With the entity: the matrices that apply to it, comma-separated. */
  raci_refs?: string | null;
  /** With the entity: the stored document of its escalation policy. */
  policy_document?: string | null;
};

/**
 * The state of the index, the entity's row with its reasons, its stored
 * verification and whether it has handoffs, in one statement (one
 * snapshot, no transaction); `withEntity`, also the entity's stored
 * document, the matrices that apply to it (what getEntity reads) and its
 * escalation policy's document, so that a card not cached yet reads them
 * in the same statement. Its text is built once per database.
 */
function entityFactsSql(client: string, withEntity: boolean): string {
  const reason = `r.code || ':' || r.severity`;
  const reasons =
    client === 'pg'
      ? `string_agg(${reason}, ',' ORDER BY r.code)`
      : `group_concat(${reason}, ',')`;
  // SQLite's order is put right in code (byte order, as its ORDER BY)
  const matrices =
    client === 'pg'
      ? `string_agg(m.source_ref, ',' ORDER BY m.source_ref)`
      : `group_concat(m.source_ref, ',')`;
  return `SELECT s.indexed_at AS state_indexed_at, s.catalog_digest,
  e.entity_ref, e.kind, e.owner_ref, e.escalation_policy_ref, e.expires_at,
  e.is_service, e.processing_error, e.first_seen_at,
  v.verified_at, v.verified_by, v.comment AS verification_comment,
  (SELECT ${reasons} FROM ${REASONS} r
    WHERE r.entity_ref = e.entity_ref) AS reason_codes,
  (SELECT COUNT(*) FROM ${HANDOFFS} h WHERE h.entity_ref = ?) AS handoff_count${
    withEntity
      ? `,
  doc.document AS entity_document, pd.document AS policy_document,
  (SELECT ${matrices} FROM ${LINKS} m
    WHERE m.link_type = ? AND m.target_ref = ?) AS raci_refs`
      : ''
  }
FROM (SELECT 1 AS one) d
LEFT JOIN ${STATE} s ON s.id = 'index'
LEFT JOIN ${ENTITIES} e ON e.entity_ref = ?
LEFT JOIN ${VERIFICATIONS} v ON v.entity_ref = ?${
    withEntity
      ? `
LEFT JOIN ${DOCUMENTS} doc ON doc.entity_ref = ?
LEFT JOIN ${DOCUMENTS} pd ON pd.entity_ref = e.escalation_policy_ref`
      : ''
  }`;
}

/** The link type of a profile row in the statement of readGroupLinks. */
const PROFILE_ROW = 'profile';

const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** A user's or group's profile as the statements here name its columns. */
type PartyRow = {
  source_ref: string;
  title: unknown;
  email: unknown;
  picture: unknown;
  /** Set on a user's row. */
  user_ref: string | null;
};

function groupParty(row: PartyRow): IndexedParty {
  return {
    entityRef: row.source_ref,
    kind: 'Group',
    displayName: text(row.title),
    email: text(row.email),
  };
}

function userParty(row: PartyRow): IndexedParty {
  return {
    entityRef: row.user_ref!,
    kind: 'User',
    displayName: text(row.title),
    email: text(row.email),
    picture: text(row.picture),
  };
}

const defined = <T>(values: Map<string, T | undefined>): Map<string, T> =>
  new Map([...values].filter((e): e is [string, T] => e[1] !== undefined));

/**
 * What the entity resolver reads from the index: which refs exist, and the
 * entity's orphan reasons described exactly as the orphan list describes
 * them (the same record, the same function).
 */
export class DatabaseResolverIndex implements ResolverIndex {
  static async create(options: {
    database: Pick<DatabaseService, 'getClient' | 'migrations'>;
    verificationPeriodDays: number;
  }): Promise<DatabaseResolverIndex> {
    return new DatabaseResolverIndex(
      await getMigratedClient(options.database),
      options.verificationPeriodDays,
    );
  }

  private readonly cache = new GenerationCache();
  private readonly factsSql: string;
  private readonly factsWithEntitySql: string;
  private readonly sortsInCode: boolean;

  constructor(
    private readonly db: Knex,
    private readonly verificationPeriodDays: number,
  ) {
    const client = clientOf(db);
    this.factsSql = entityFactsSql(client, false);
    this.factsWithEntitySql = entityFactsSql(client, true);
    this.sortsInCode = client !== 'pg';
  }

  async getEntityFacts(entityRef: string): Promise<EntityIndexFacts> {
    // the entity too, unless this generation's is cached (the card reads
    // it next); a new generation found here is read in the same statement
    const withEntity = !this.cache.has('entities', entityRef);
    const row = await this.readFactsRow(this.db, entityRef, withEntity);
    if (!Number(row.handoff_count)) {
      return this.toFacts(entityRef, row, {});
    }
    // with handoffs: their rows in the same snapshot as the rest
    return readSnapshot(this.db, async trx => {
      const again = await this.readFactsRow(trx, entityRef, withEntity);
      return this.toFacts(
        entityRef,
        again,
        await readEntityHandoffFacts(trx, entityRef),
      );
    });
  }

  private async readFactsRow(db: Knex, entityRef: string, withEntity: boolean) {
    const [row] = rawRows<EntityFactsRow>(
      await db.raw(
        withEntity ? this.factsWithEntitySql : this.factsSql,
        withEntity
          ? [
              entityRef,
              RACI_APPLIES_TO_LINK,
              entityRef.toLocaleLowerCase('en-US'),
              entityRef,
              entityRef,
              entityRef,
            ]
          : [entityRef, entityRef, entityRef],
      ),
    );
    return row;
  }

  /** The entity as getEntity gives it, from its document and matrices. */
  private toEntity(
    document: string | null | undefined,
    matrixRefs: string | null | undefined,
  ): Entity | undefined {
    if (!document) {
      return undefined;
    }
    const matrices = matrixRefs ? matrixRefs.split(',') : [];
    if (this.sortsInCode) {
      matrices.sort();
    }
    return {
      ...JSON.parse(document),
      relations: matrices.map(targetRef => ({
        type: RELATION_HAS_RACI_MATRIX,
        targetRef,
      })),
    };
  }

  private toFacts(
    entityRef: string,
    row: EntityFactsRow,
    handoffs: EntityHandoffFacts,
  ): EntityIndexFacts {
    const indexedAt = toDate(row.state_indexed_at);
    const generation =
      row.catalog_digest ?? `at ${indexedAt?.toISOString() ?? 'never'}`;
    this.cache.observe(generation);
    if (row.entity_document !== undefined) {
      this.cache.prime(
        'entities',
        generation,
        new Map([
          [entityRef, this.toEntity(row.entity_document, row.raci_refs)],
        ]),
      );
    }
    // the policy the card reads next, as getDocuments gives it
    const policyRef = row.escalation_policy_ref;
    if (
      row.policy_document !== undefined &&
      policyRef &&
      !this.cache.has('documents', policyRef)
    ) {
      this.cache.prime(
        'documents',
        generation,
        new Map([
          [
            policyRef,
            row.policy_document ? JSON.parse(row.policy_document) : undefined,
          ],
        ]),
      );
    }
    const reasons = (row.reason_codes ? row.reason_codes.split(',') : []).map(
      r => {
        const [code, severity] = r.split(':');
        return {
          code: code as OrphanReasonCode,
          severity: severity === 'error' ? ('error' as const) : 'warning',
        } as const;
      },
    );
    const indexed = Boolean(row.entity_ref && row.is_service);
    const verification =
      row.verified_at !== null && row.verified_by !== null
        ? {
            entityRef,
            verifiedAt: toDate(row.verified_at),
            verifiedBy: row.verified_by,
            comment: row.verification_comment ?? undefined,
          }
        : undefined;
    const firstSeenAt = toDate(row.first_seen_at);
    return {
      indexed,
      indexedAt,
      reasons:
        indexed && row.entity_ref && row.kind && firstSeenAt
          ? describeIndexedReasons(
              {
                entityRef: row.entity_ref,
                kind: row.kind,
                owner: row.owner_ref ?? undefined,
                escalationPolicy: row.escalation_policy_ref ?? undefined,
                expiresAt: toDate(row.expires_at),
                isService: true,
                firstSeenAt,
                verifiedAt: verification?.verifiedAt,
                processingError: row.processing_error ?? undefined,
                ...(handoffs.completedHandoffTo &&
                reasons.some(r => r.code === 'handoff-not-applied')
                  ? { handoffTo: handoffs.completedHandoffTo }
                  : {}),
                reasons,
              },
              this.verificationPeriodDays,
            )
          : [],
      handoffs,
      stored: { verification, firstSeenAt },
    };
  }

  async filterIndexedRefs(refs: string[]): Promise<Set<string>> {
    const known = await this.cache.get('known', refs, async missing => {
      const found = new Map<string, true>();
      for (const batch of chunks(missing, READ_BATCH)) {
        const rows: Array<{ entity_ref: string }> = await this.db
          .select('entity_ref')
          .from(USERS)
          .whereIn('entity_ref', batch)
          .unionAll(q =>
            q.select('entity_ref').from(GROUPS).whereIn('entity_ref', batch),
          )
          .unionAll(q =>
            q.select('entity_ref').from(POLICIES).whereIn('entity_ref', batch),
          );
        rows.forEach(r => found.set(r.entity_ref, true));
      }
      return found;
    });
    return new Set(defined(known).keys());
  }

  async getEntityReasons(entityRef: string): Promise<{
    indexed: boolean;
    indexedAt?: Date;
    reasons: OrphanReason[];
  }> {
    return readSnapshot(this.db, async trx => {
      const record = await getIndexedEntity(trx, entityRef);
      const { indexedAt, catalogDigest } = await readIndexState(trx);
      this.cache.observe(
        catalogDigest ?? `at ${indexedAt?.toISOString() ?? 'never'}`,
      );
      const indexed = Boolean(record?.isService);
      return {
        indexed,
        indexedAt,
        reasons:
          record && indexed
            ? describeIndexedReasons(record, this.verificationPeriodDays)
            : [],
      };
    });
  }

  async getGroupMemberCount(groupRef: string): Promise<number | undefined> {
    const row: { member_count: number | string | null } | undefined =
      await this.db(GROUPS)
        .where({ entity_ref: groupRef })
        .first('member_count');
    return row?.member_count === undefined || row?.member_count === null
      ? undefined
      : Number(row.member_count);
  }

  getEntityHandoffs(entityRef: string): Promise<EntityHandoffFacts> {
    return readEntityHandoffFacts(this.db, entityRef);
  }

  async getParties(refs: string[]): Promise<Map<string, IndexedParty>> {
    return defined(
      await this.cache.get('parties', refs, missing =>
        this.readParties(missing),
      ),
    );
  }

  private async readParties(
    refs: string[],
  ): Promise<Map<string, IndexedParty>> {
    const parties = new Map<string, IndexedParty>();
    const partyRefs = [...new Set(refs)].filter(
      r => r.startsWith('user:') || r.startsWith('group:'),
    );
    // users and groups in one statement
    for (const batch of chunks(partyRefs, READ_BATCH)) {
      const users = batch.filter(r => r.startsWith('user:'));
      const groups = batch.filter(r => r.startsWith('group:'));
      const nothing = this.db.raw('NULL');
      const rows: PartyRow[] = await this.db(USERS)
        .whereIn('entity_ref', users)
        .select({
          source_ref: 'entity_ref',
          title: 'display_name',
          email: 'email',
          picture: 'picture',
          user_ref: 'entity_ref',
        })
        .unionAll(q =>
          q.from(GROUPS).whereIn('entity_ref', groups).select({
            source_ref: 'entity_ref',
            title: 'title',
            email: 'email',
            picture: nothing,
            user_ref: nothing,
          }),
        );
      for (const r of rows) {
        parties.set(r.source_ref, r.user_ref ? userParty(r) : groupParty(r));
      }
    }
    return parties;
  }

  async getGroupLinks(
    groupRefs: string[],
  ): Promise<Map<string, IndexedGroupLinks>> {
    return defined(
      await this.cache.get('links', groupRefs, (missing, generation) =>
        this.readGroupLinks(missing, generation),
      ),
    );
  }

  /**
   * The links of the groups and, in the same statement, the profiles of the
   * groups and of their member users, which are cached as getParties gives
   * them (the card reads the members' profiles next).
   */
  private async readGroupLinks(
    groupRefs: string[],
    generation: string | undefined,
  ): Promise<Map<string, IndexedGroupLinks>> {
    const links = new Map<string, IndexedGroupLinks>();
    const profiles = new Map<string, IndexedParty | undefined>();
    const unique = [...new Set(groupRefs)];
    unique.forEach(g => links.set(g, { members: [], children: [] }));
    const nothing = this.db.raw('NULL');
    for (const batch of chunks(unique, READ_BATCH / 2)) {
      const rows: Array<PartyRow & { link_type: string; target_ref: string }> =
        await this.db({ l: LINKS })
          .leftJoin({ u: USERS }, join =>
            join
              .on('u.entity_ref', '=', 'l.target_ref')
              .andOnVal('l.link_type', '=', 'member'),
          )
          .whereIn('l.link_type', ['member', 'child'])
          .where(q =>
            q
              .whereIn('l.source_ref', batch)
              .orWhere(inner =>
                inner
                  .where('l.link_type', 'child')
                  .whereIn('l.target_ref', batch),
              ),
          )
          .select({
            source_ref: 'l.source_ref',
            link_type: 'l.link_type',
            target_ref: 'l.target_ref',
            title: 'u.display_name',
            email: 'u.email',
            picture: 'u.picture',
            user_ref: 'u.entity_ref',
          })
          .unionAll(q =>
            q
              .from({ g: GROUPS })
              .whereIn('g.entity_ref', batch)
              .select({
                source_ref: 'g.entity_ref',
                link_type: this.db.raw(`'${PROFILE_ROW}'`),
                target_ref: nothing,
                title: 'g.title',
                email: 'g.email',
                picture: nothing,
                user_ref: nothing,
              }),
          )
          .orderBy(['source_ref', 'link_type', 'target_ref']);
      for (const r of rows) {
        if (r.link_type === PROFILE_ROW) {
          profiles.set(r.source_ref, groupParty(r));
          continue;
        }
        const source = links.get(r.source_ref);
        if (source && r.link_type === 'member') {
          source.members.push(r.target_ref);
          if (r.target_ref.startsWith('user:')) {
            profiles.set(r.target_ref, r.user_ref ? userParty(r) : undefined);
          }
        } else if (source && r.link_type === 'child') {
          source.children.push(r.target_ref);
        }
        const target = links.get(r.target_ref);
        if (target && r.link_type === 'child' && !target.parent) {
          target.parent = r.source_ref;
        }
      }
    }
    // as readParties answers: a group ref the index does not hold is no party
    for (const ref of unique) {
      if (!profiles.has(ref) && !ref.startsWith('user:')) {
        profiles.set(ref, undefined);
      }
    }
    this.cache.prime('parties', generation, profiles);
    return links;
  }

  /**
   * The documents, parsed once per generation of the index: the same
   * objects are handed to every card, which must not change them.
   */
  async getDocuments(refs: string[]): Promise<Map<string, Entity>> {
    return defined(
      await this.cache.get('documents', refs, missing =>
        this.readDocuments(missing),
      ),
    );
  }

  /**
   * The entity as the last refresh stored it, with a `hasRaciMatrix`
   * relation to each matrix whose appliesTo names it (what the catalog
   * module emits); one object per generation, which callers must not change.
   */
  async getEntity(entityRef: string): Promise<Entity | undefined> {
    const found = await this.cache.get('entities', [entityRef], async () => {
      const [document] = (await this.readDocuments([entityRef])).values();
      if (!document) {
        return new Map<string, Entity>();
      }
      const matrices: Array<{ source_ref: string }> = await this.db(LINKS)
        .where({
          link_type: RACI_APPLIES_TO_LINK,
          target_ref: entityRef.toLocaleLowerCase('en-US'),
        })
        .orderBy('source_ref')
        .select('source_ref');
      return new Map([
        [
          entityRef,
          {
            ...document,
            relations: matrices.map(m => ({
              type: RELATION_HAS_RACI_MATRIX,
              targetRef: m.source_ref,
            })),
          },
        ],
      ]);
    });
    return found.get(entityRef);
  }

  private async readDocuments(refs: string[]): Promise<Map<string, Entity>> {
    const documents = new Map<string, Entity>();
    for (const batch of chunks([...new Set(refs)], READ_BATCH)) {
      const rows: Array<Pick<DbIndexDocumentRow, 'entity_ref' | 'document'>> =
        await this.db(DOCUMENTS)
          .whereIn('entity_ref', batch)
          .select('entity_ref', 'document');
      for (const r of rows) {
        documents.set(r.entity_ref, JSON.parse(r.document));
      }
    }
    return documents;
  }
}
