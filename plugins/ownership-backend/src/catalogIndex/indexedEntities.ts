import {
  describeOrphanReasons,
  OrphanReason,
  OrphanReasonCode,
} from '@service-ownership/plugin-ownership-common';
import { Knex } from 'knex';
import {
  DbIndexEntityRow,
  DbIndexReasonRow,
  DbTimestamp,
  ENTITIES,
  REASONS,
  toDate,
  VERIFICATIONS,
} from '../database/tables';
import { readCompletedHandoffTeams } from './handoffFacts';

/** A service (or other ownable entity) as the index knows it. */
export interface IndexedEntityRecord {
  entityRef: string;
  kind: string;
  type?: string;
  title?: string;
  lifecycle?: string;
  owner?: string;
  system?: string;
  tier?: string;
  escalationPolicy?: string;
  expiresAt?: Date;
  isService: boolean;
  firstSeenAt: Date;
  verifiedAt?: Date;
  /** The catalog's processing error message, if it holds one. */
  processingError?: string;
  /** The receiving team of a completed handoff the catalog does not show yet. */
  handoffTo?: string;
  reasons: Array<{ code: OrphanReasonCode; severity: 'error' | 'warning' }>;
}

export type EntityQueryRow = DbIndexEntityRow & {
  verified_at: DbTimestamp | null;
};

const ENTITY_COLUMNS = [
  'e.entity_ref',
  'e.kind',
  'e.type',
  'e.title',
  'e.lifecycle',
  'e.owner_ref',
  'e.system_ref',
  'e.tier',
  'e.escalation_policy_ref',
  'e.expires_at',
  'e.is_service',
  'e.processing_error',
  'e.first_seen_at',
  'e.reason_count',
  'e.error_count',
  'v.verified_at',
];

/** The index's entities (as `e`) with their verification (as `v`). */
export function entityQuery(db: Knex): Knex.QueryBuilder {
  return db(`${ENTITIES} as e`)
    .leftJoin(`${VERIFICATIONS} as v`, 'v.entity_ref', 'e.entity_ref')
    .select(ENTITY_COLUMNS);
}

function entityFromRow(
  row: EntityQueryRow,
  reasons: DbIndexReasonRow[] = [],
  handoffTo?: string,
): IndexedEntityRecord {
  return {
    entityRef: row.entity_ref,
    kind: row.kind,
    type: row.type ?? undefined,
    title: row.title ?? undefined,
    lifecycle: row.lifecycle ?? undefined,
    owner: row.owner_ref ?? undefined,
    system: row.system_ref ?? undefined,
    tier: row.tier ?? undefined,
    escalationPolicy: row.escalation_policy_ref ?? undefined,
    expiresAt: toDate(row.expires_at),
    isService: Boolean(row.is_service),
    firstSeenAt: toDate(row.first_seen_at),
    verifiedAt: toDate(row.verified_at),
    processingError: row.processing_error ?? undefined,
    ...(handoffTo ? { handoffTo } : {}),
    reasons: reasons.map(r => ({
      code: r.code as OrphanReasonCode,
      severity: r.severity === 'error' ? 'error' : 'warning',
    })),
  };
}

/** Rows of entityQuery as records, with their reasons. */
export async function withReasons(
  db: Knex,
  rows: EntityQueryRow[],
): Promise<IndexedEntityRecord[]> {
  const refs = rows
    .filter(r => Number(r.reason_count) > 0)
    .map(r => r.entity_ref);
  const reasons: DbIndexReasonRow[] = refs.length
    ? await db(REASONS).whereIn('entity_ref', refs).select('*')
    : [];
  const byRef = new Map<string, DbIndexReasonRow[]>();
  for (const reason of reasons) {
    byRef.set(reason.entity_ref, [
      ...(byRef.get(reason.entity_ref) ?? []),
      reason,
    ]);
  }
  const handoffTeams = await readCompletedHandoffTeams(
    db,
    reasons
      .filter(r => r.code === 'handoff-not-applied')
      .map(r => r.entity_ref),
  );
  return rows.map(r =>
    entityFromRow(r, byRef.get(r.entity_ref), handoffTeams.get(r.entity_ref)),
  );
}

export async function getIndexedEntity(
  db: Knex,
  entityRef: string,
): Promise<IndexedEntityRecord | undefined> {
  const row = await entityQuery(db).where('e.entity_ref', entityRef).first();
  if (!row) {
    return undefined;
  }
  const [record] = await withReasons(db, [row]);
  return record;
}

/**
 * The orphan reasons of an indexed entity, most serious first, in the
 * rulebook's wording: the one description that the orphan list, the team
 * view and the entity card all show.
 */
export function describeIndexedReasons(
  record: IndexedEntityRecord,
  verificationPeriodDays: number,
): OrphanReason[] {
  return describeOrphanReasons(
    record.reasons.map(r => r.code),
    {
      owner: record.owner,
      escalationPolicy: record.escalationPolicy,
      expiresAt: record.expiresAt,
      verifiedAt: record.verifiedAt,
      firstSeenAt: record.firstSeenAt,
      verificationPeriodDays,
      catalogError: record.processingError,
      handoffTo: record.handoffTo,
    },
  );
}
