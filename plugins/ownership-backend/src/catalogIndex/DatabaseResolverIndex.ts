import { DatabaseService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { OrphanReason } from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import {
  EntityHandoffFacts,
  IndexedGroupLinks,
  IndexedParty,
  ResolverIndex,
} from '../resolver/ResolverIndex';
import { getMigratedClient } from '../database/client';
import { chunks, READ_BATCH, readSnapshot } from '../database/sql';
import {
  DbIndexDocumentRow,
  DOCUMENTS,
  GROUPS,
  LINKS,
  POLICIES,
  USERS,
} from '../database/tables';
import { readEntityHandoffFacts } from './handoffFacts';
import { describeIndexedReasons, getIndexedEntity } from './indexedEntities';
import { readIndexState } from './indexState';

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

  constructor(
    private readonly db: Knex,
    private readonly verificationPeriodDays: number,
  ) {}

  async filterIndexedRefs(refs: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const batch of chunks([...new Set(refs)], READ_BATCH)) {
      for (const table of [USERS, GROUPS, POLICIES]) {
        const rows: Array<{ entity_ref: string }> = await this.db(table)
          .whereIn('entity_ref', batch)
          .select('entity_ref');
        rows.forEach(r => found.add(r.entity_ref));
      }
    }
    return found;
  }

  async getEntityReasons(entityRef: string): Promise<{
    indexed: boolean;
    indexedAt?: Date;
    reasons: OrphanReason[];
  }> {
    return readSnapshot(this.db, async trx => {
      const record = await getIndexedEntity(trx, entityRef);
      const { indexedAt } = await readIndexState(trx);
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
    const parties = new Map<string, IndexedParty>();
    const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
    const unique = [...new Set(refs)];
    const users = unique.filter(r => r.startsWith('user:'));
    const groups = unique.filter(r => r.startsWith('group:'));
    for (const batch of chunks(users, READ_BATCH)) {
      const rows: Array<Record<string, unknown>> = await this.db(USERS)
        .whereIn('entity_ref', batch)
        .select('entity_ref', 'display_name', 'email', 'picture');
      for (const r of rows) {
        parties.set(String(r.entity_ref), {
          entityRef: String(r.entity_ref),
          kind: 'User',
          displayName: text(r.display_name),
          email: text(r.email),
          picture: text(r.picture),
        });
      }
    }
    for (const batch of chunks(groups, READ_BATCH)) {
      const rows: Array<Record<string, unknown>> = await this.db(GROUPS)
        .whereIn('entity_ref', batch)
        .select('entity_ref', 'title', 'email');
      for (const r of rows) {
        parties.set(String(r.entity_ref), {
          entityRef: String(r.entity_ref),
          kind: 'Group',
          displayName: text(r.title),
          email: text(r.email),
        });
      }
    }
    return parties;
  }

  async getGroupLinks(
    groupRefs: string[],
  ): Promise<Map<string, IndexedGroupLinks>> {
    const links = new Map<string, IndexedGroupLinks>();
    const unique = [...new Set(groupRefs)];
    unique.forEach(g => links.set(g, { members: [], children: [] }));
    for (const batch of chunks(unique, READ_BATCH / 2)) {
      const rows: Array<{
        source_ref: string;
        link_type: string;
        target_ref: string;
      }> = await this.db(LINKS)
        .whereIn('link_type', ['member', 'child'])
        .where(q =>
          q
            .whereIn('source_ref', batch)
            .orWhere(inner =>
              inner.where('link_type', 'child').whereIn('target_ref', batch),
            ),
        )
        .orderBy(['source_ref', 'link_type', 'target_ref'])
        .select('source_ref', 'link_type', 'target_ref');
      for (const r of rows) {
        const source = links.get(r.source_ref);
        if (source && r.link_type === 'member') {
          source.members.push(r.target_ref);
        } else if (source && r.link_type === 'child') {
          source.children.push(r.target_ref);
        }
        const target = links.get(r.target_ref);
        if (target && r.link_type === 'child' && !target.parent) {
          target.parent = r.source_ref;
        }
      }
    }
    return links;
  }

  async getDocuments(refs: string[]): Promise<Map<string, Entity>> {
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
