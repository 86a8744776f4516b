import { Knex } from 'knex';
import { chunks } from '../../database/sql';
import { ENTITIES } from '../../database/tables';

/** An entity as the ownership index holds it. */
export interface IndexedEntity {
  entityRef: string;
  ownerRef: string | null;
  escalationPolicyRef?: string | null;
  tier?: string | null;
}

/**
 * Replaces the ownership index's entity rows with these, as a refresh
 * would leave them (the columns the history and ingestion read, the others
 * at neutral values).
 */
export async function setIndexedEntities(
  knex: Knex,
  entities: IndexedEntity[],
  now: Date,
): Promise<void> {
  await knex(ENTITIES).delete();
  if (!entities.length) {
    return;
  }
  const rows = entities.map(e => {
    const [kind] = e.entityRef.split(':');
    return {
      entity_ref: e.entityRef,
      kind: kind.charAt(0).toUpperCase() + kind.slice(1),
      type: 'service',
      title: null,
      title_lower: null,
      lifecycle: 'production',
      owner_ref: e.ownerRef,
      system_ref: null,
      tier: e.tier ?? null,
      level: null,
      escalation_policy_ref: e.escalationPolicyRef ?? null,
      expires_at: null,
      is_service: true,
      processing_error: null,
      row_hash: 'test',
      owner_status: null,
      reason_count: 0,
      error_count: 0,
      first_seen_at: now,
      updated_at: now,
    };
  });
  // 20 columns a row: under SQLite's bound-variable limit
  for (const batch of chunks(rows, 250)) {
    await knex(ENTITIES).insert(batch);
  }
}
