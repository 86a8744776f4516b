export const ENTITIES = 'ownership_index_entities';
export const GROUPS = 'ownership_index_groups';
export const USERS = 'ownership_index_users';
export const POLICIES = 'ownership_index_policies';
export const LINKS = 'ownership_index_links';
export const REASONS = 'ownership_index_reasons';
export const STAGING = 'ownership_index_staging';
export const STATE = 'ownership_index_state';
export const SNAPSHOTS = 'ownership_coverage_snapshots';
export const VERIFICATIONS = 'ownership_verifications';
export const AUDIT = 'ownership_audit_log';
export const HANDOFFS = 'ownership_handoffs';
export const INCIDENTS = 'ownership_incidents';
/** Incident rollup per (UTC day, charged team): counts, sums, histograms. */
export const INCIDENT_DAILY = 'ownership_incident_daily';
/** Incident counts per (UTC day, charged team, entity). */
export const INCIDENT_ENTITY_DAILY = 'ownership_incident_entity_daily';
/** INCIDENT_DAILY summed per (week from Monday, charged team). */
export const INCIDENT_WEEKLY = 'ownership_incident_weekly';
/** INCIDENT_ENTITY_DAILY summed per (week from Monday, charged team, entity). */
export const INCIDENT_ENTITY_WEEKLY = 'ownership_incident_entity_weekly';

/** Timestamps come back as Date (PostgreSQL), number (SQLite) or string. */
export type DbTimestamp = Date | number | string;

export type DbVerificationRow = {
  entity_ref: string;
  verified_at: DbTimestamp;
  verified_by: string;
  comment: string | null;
};

export type DbAuditRow = {
  id: number | string;
  occurred_at: DbTimestamp;
  actor: string;
  action: string;
  entity_ref: string | null;
  details: string;
  correlation_id: string;
};

export type DbHandoffRow = {
  id: string;
  entity_ref: string;
  /** entity_ref while open, null once closed (unique). */
  open_entity_ref: string | null;
  from_team: string;
  to_team: string;
  state: string;
  version: number;
  reorganisation_id: string | null;
  reason: string | null;
  initiated_by: string;
  initiated_at: DbTimestamp;
  state_changed_at: DbTimestamp;
  state_due_at: DbTimestamp | null;
  shadow_days: number;
  reverse_shadow_days: number;
  shadow_started_at: DbTimestamp | null;
  shadow_ends_at: DbTimestamp | null;
  reverse_shadow_started_at: DbTimestamp | null;
  reverse_shadow_ends_at: DbTimestamp | null;
  completed_at: DbTimestamp | null;
  closed_at: DbTimestamp | null;
  closed_by: string | null;
  close_reason: string | null;
  forced: boolean | number;
  /** JSON of HandoffChecklistItem[]. */
  checklist: string;
  /** JSON of HandoffIssuesReport[]. */
  issues: string;
  stakeholders_notified_at: DbTimestamp | null;
  last_reminded_at: DbTimestamp | null;
};

/** The columns of an index entity that come from the catalog. */
export type DbIndexEntityPayload = {
  entity_ref: string;
  kind: string;
  type: string | null;
  title: string | null;
  /** The title in lower case, for the search text. */
  title_lower: string | null;
  lifecycle: string | null;
  owner_ref: string | null;
  system_ref: string | null;
  tier: string | null;
  level: string | null;
  escalation_policy_ref: string | null;
  /** ISO timestamp in the payload, a timestamp column in the table. */
  expires_at: string | null;
  is_service: boolean;
  /** The catalog's processing error message, if it holds one. */
  processing_error: string | null;
};

export type DbIndexEntityRow = Omit<
  DbIndexEntityPayload,
  'expires_at' | 'is_service'
> & {
  expires_at: DbTimestamp | null;
  is_service: boolean | number;
  row_hash: string;
  owner_status: string | null;
  reason_count: number;
  error_count: number;
  first_seen_at: DbTimestamp;
  updated_at: DbTimestamp;
};

export type DbIndexGroupPayload = {
  entity_ref: string;
  title: string | null;
  /** The title in lower case, for the search text. */
  title_lower: string | null;
};

export type DbIndexGroupRow = DbIndexGroupPayload & {
  row_hash: string;
  member_count: number;
  direct_member_count: number;
  updated_at: DbTimestamp;
};

export type DbIndexUserPayload = {
  entity_ref: string;
  display_name: string | null;
  email: string | null;
};

export type DbIndexUserRow = DbIndexUserPayload & {
  row_hash: string;
  updated_at: DbTimestamp;
};

export type DbIndexPolicyPayload = {
  entity_ref: string;
  title: string | null;
  owner_ref: string | null;
};

export type DbIndexPolicyRow = DbIndexPolicyPayload & {
  row_hash: string;
  updated_at: DbTimestamp;
};

/**
 * member: group to user; child: group to child group; policy-target:
 * escalation policy to a user or group it notifies (detail: level name);
 * raci: RACI matrix to a participant (detail: JSON [activity, role], role
 * R, A, C, I or E for the escalation path); collaborator: an entity to a
 * team or person working on it beside the owner; raci-applies-to: RACI
 * matrix to an entity it applies to (spec.appliesTo).
 */
export type DbIndexLinkType =
  | 'member'
  | 'child'
  | 'policy-target'
  | 'raci'
  | 'collaborator'
  | 'raci-applies-to';

export type DbIndexLinkPayload = {
  link_key: string;
  source_ref: string;
  link_type: DbIndexLinkType;
  target_ref: string;
  detail: string;
};

export type DbIndexLinkRow = DbIndexLinkPayload & {
  row_hash: string;
  updated_at: DbTimestamp;
};

export type DbIndexReasonRow = {
  entity_ref: string;
  code: string;
  severity: string;
};

export type DbIndexStagingRow = {
  run_id: string;
  target: string;
  row_key: string;
  row_hash: string;
  payload: string;
  staged_at: DbTimestamp;
};

export type DbIndexStateRow = {
  id: string;
  indexed_at: DbTimestamp | null;
  last_attempt_at: DbTimestamp | null;
  last_error: string | null;
  stats: string | null;
};

export type DbCoverageSnapshotRow = {
  snapshot_date: string;
  taken_at: DbTimestamp;
  total: number;
  owned: number;
  /** JSON of CoverageSnapshot['buckets'] with [key, total, owned] tuples. */
  buckets: string;
};

/** Converts what the database returns for a timestamp column into a Date. */
export function toDate(value: DbTimestamp): Date;
export function toDate(value: DbTimestamp | null | undefined): Date | undefined;
export function toDate(value: DbTimestamp | null | undefined) {
  if (value === null || value === undefined) {
    return undefined;
  }
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'number') {
    return new Date(value);
  }
  // SQLite's CURRENT_TIMESTAMP format, which has no zone and is UTC
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) {
    return new Date(`${value.replace(' ', 'T')}Z`);
  }
  if (/^\d+$/.test(value)) {
    return new Date(Number(value));
  }
  return new Date(value);
}

export const DOCUMENTS = 'ownership_index_documents';

/** The user profile fields the owner card shows beside DbIndexUserPayload's. */
export type DbIndexUserProfile = { picture: string | null };

/** The group profile fields the owner card shows beside DbIndexGroupPayload's. */
export type DbIndexGroupProfile = { email: string | null };

/**
 * An escalation policy or RACI matrix as the owner card resolves it: the
 * entity's apiVersion, kind, metadata (name, namespace, title) and spec.
 */
export type DbIndexDocumentPayload = {
  entity_ref: string;
  kind: string;
  /** JSON of the entity subset. */
  document: string;
};

export type DbIndexDocumentRow = DbIndexDocumentPayload & {
  row_hash: string;
  updated_at: DbTimestamp;
};

/** The index state's digest of the catalog at the last full refresh. */
export type DbIndexStateDigest = { catalog_digest: string | null };
