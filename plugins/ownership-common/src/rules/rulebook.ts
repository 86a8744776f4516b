/**
 * Severity of a finding. The lint fails on errors; the catalog never blocks
 * ingestion for a rule finding (only for schema errors).
 *
 * @public
 */
export type FindingSeverity = 'error' | 'warning';

/**
 * Where a finding is computed.
 *
 * - `schema`: the kind's JSON schema (the catalog module rejects the entity)
 * - `rule`: the ownership rules on one entity, without the catalog
 * - `reference`: a ref that matches no entity (needs the catalog)
 * - `team`: the state of the owner team or of the verification (needs the
 *   catalog and the suite's own data)
 * - `catalog`: the catalog itself reports a problem with the entity
 * - `file`: the lint reading a file (YAML syntax, entity envelope)
 *
 * @public
 */
export type FindingSource =
  | 'schema'
  | 'rule'
  | 'reference'
  | 'team'
  | 'catalog'
  | 'file';

/**
 * One entry of the rulebook.
 *
 * @public
 */
export interface OwnershipRule {
  severity: FindingSeverity;
  /** A short human label, e.g. "Owner team has no members". */
  label: string;
  /** Sort order among findings of the same severity: lower comes first. */
  order: number;
  /** The default fix text. A finding may give a more specific one. */
  fix: string;
  source: FindingSource;
  /**
   * Whether the finding is an orphan reason: it is listed on the coverage
   * page, and an error reason counts the service as not owned.
   */
  coverage: boolean;
  /** For orphan reasons: the field the reason is about, if one. */
  path?: string;
}

const rule = (
  severity: FindingSeverity,
  order: number,
  source: FindingSource,
  label: string,
  fix: string,
  coverage: false | { path?: string } = false,
): OwnershipRule => ({
  severity,
  order,
  source,
  label,
  fix,
  coverage: Boolean(coverage),
  ...(coverage && coverage.path ? { path: coverage.path } : {}),
});

/**
 * The one table of finding codes: severity, label, order, fix text. The
 * lint, the catalog module, the index's orphan reasons, the resolved
 * ownership and the UI all read it, so that the same problem has the same
 * code, severity and wording everywhere.
 *
 * @public
 */
export const OWNERSHIP_RULEBOOK = {
  // What the coverage page lists, most serious first.
  'no-owner': rule(
    'error',
    10,
    'rule',
    'No owner',
    'Set spec.owner to the team that runs the service, e.g. group:default/payments.',
    { path: 'spec.owner' },
  ),
  'owner-not-found': rule(
    'error',
    20,
    'team',
    'Owner not found',
    'Correct spec.owner, or add the group to the organisation data.',
    { path: 'spec.owner' },
  ),
  'owner-no-members': rule(
    'error',
    30,
    'team',
    'Owner team has no members',
    'Add members to the owner team, or move the service to a team with people in it.',
    { path: 'spec.owner' },
  ),
  'catalog-processing-error': rule(
    'error',
    35,
    'catalog',
    'Catalog processing error',
    'Fix the error in catalog-info.yaml; until then the catalog keeps showing the last version it could process.',
    {},
  ),
  'tier1-no-escalation': rule(
    'error',
    40,
    'rule',
    'Tier-1 without escalation policy',
    'Set spec.ownership.escalationPolicy to an existing EscalationPolicy, e.g. escalationpolicy:default/payments-tier-1.',
    { path: 'spec.ownership.escalationPolicy' },
  ),
  'ownership-expired': rule(
    'error',
    50,
    'rule',
    'Feature ownership expired',
    'Renew spec.ownership.expires, or remove the feature-level ownership so that spec.ownership.transferTo (or the service owner) takes over.',
    { path: 'spec.ownership.expires' },
  ),
  'owner-single-member': rule(
    'warning',
    60,
    'team',
    'Owner team has a single member',
    'Add a second member to the owner team, or hand the service to a larger team.',
    { path: 'spec.owner' },
  ),
  'handoff-not-applied': rule(
    'warning',
    65,
    'team',
    'Handoff not applied',
    "Apply the handoff's patch to catalog-info.yaml so that spec.owner names the receiving team.",
    { path: 'spec.owner' },
  ),
  'not-verified': rule(
    'warning',
    70,
    'team',
    'Ownership not verified',
    'A member of the owning team confirms the ownership on the service page ("This is still ours").',
    {},
  ),

  // The entity's own data.
  schema: rule(
    'error',
    100,
    'schema',
    'Schema error',
    'Correct the field so that it matches the schema of the kind (see the ownership suite README).',
  ),
  'kind-api-version': rule(
    'error',
    110,
    'rule',
    'Wrong apiVersion',
    'Set apiVersion: ownership.dev/v1alpha1; the catalog ingests no other version of this kind.',
  ),
  'ref-malformed': rule(
    'error',
    120,
    'rule',
    'Malformed entity ref',
    'Write the ref as <kind>:<namespace>/<name>, e.g. user:default/jane-doe.',
  ),
  'ref-not-found': rule(
    'error',
    130,
    'reference',
    'Ref matches no entity',
    'Point the field at an existing entity, or add it to the organisation data.',
  ),
  'date-unparseable': rule(
    'error',
    140,
    'rule',
    'Unparseable date',
    'Write the date as YYYY-MM-DD.',
  ),
  'duration-unparseable': rule(
    'error',
    150,
    'rule',
    'Unparseable duration',
    'Use ISO 8601 (PT15M) or shorthand (15m, 1h, 2d).',
  ),
  'escalation-levels-required': rule(
    'error',
    200,
    'rule',
    'Escalation policy without levels',
    'Add at least one level with a name, escalateAfter and targets.',
  ),
  'escalation-level-order': rule(
    'error',
    210,
    'rule',
    'Escalation levels out of order',
    'Number the levels 1, 2, 3, … in the order they are engaged.',
  ),
  'escalation-sla-required': rule(
    'error',
    215,
    'rule',
    'Escalation level without response SLA',
    'Give every level but the last an escalateAfter (the time before the next level is engaged).',
  ),
  'escalation-sla-order': rule(
    'error',
    220,
    'rule',
    'Response SLAs do not increase',
    'Give each level a longer escalateAfter than the level before it.',
  ),
  'escalation-targets-required': rule(
    'error',
    230,
    'rule',
    'Escalation level notifies nobody',
    'Add at least one target (user, group, schedule, channel or email).',
  ),
  'rota-members-required': rule(
    'error',
    240,
    'rule',
    'Rota without members',
    'List the users in rotation order.',
  ),
  'rota-time-zone': rule(
    'error',
    250,
    'rule',
    'Unknown time zone',
    'Use an IANA time zone such as Europe/Berlin or America/New_York.',
  ),
  'rota-handover-time': rule(
    'error',
    260,
    'rule',
    'Hand-over time is not HH:mm',
    'Write the local hand-over time as HH:mm, e.g. 09:00.',
  ),
  'working-hours': rule(
    'error',
    270,
    'rule',
    'Invalid working hours',
    'Give working hours as timeZone (IANA), days (mon … sun), start and end (HH:mm).',
  ),
  'raci-activities-required': rule(
    'error',
    300,
    'rule',
    'RACI matrix without activities',
    'Add at least one activity with responsible and accountable.',
  ),
  'raci-one-accountable': rule(
    'error',
    310,
    'rule',
    'Not exactly one Accountable',
    'Name exactly one person or team as accountable; move the others to responsible or consulted.',
  ),
  'raci-responsible-required': rule(
    'warning',
    320,
    'rule',
    'Activity without Responsible',
    'Name at least one person or team who does the work, unless the Accountable does it alone.',
  ),
  'raci-duplicate-activity': rule(
    'warning',
    330,
    'rule',
    'Duplicate activity',
    'Merge the rows or give them distinct names.',
  ),
  'distinct-contacts': rule(
    'warning',
    400,
    'rule',
    'Primary and secondary are the same person',
    'Name a different person as secondary so there is a backup when the primary is away.',
  ),
  'feature-expires-required': rule(
    'warning',
    410,
    'rule',
    'Feature ownership without expiry',
    'Add spec.ownership.expires (an ISO date) after which the feature is handed back to the service owner.',
  ),
  'schedule-rota-missing': rule(
    'warning',
    420,
    'rule',
    'Schedule without rota',
    'Add a rota (members, rotation, start) or install an on-call provider module for your paging system.',
  ),
  'unknown-field': rule(
    'warning',
    430,
    'rule',
    'Unknown field',
    'Remove the field or use one of the documented fields.',
  ),

  // Reading files (the lint only).
  'yaml-syntax': rule(
    'error',
    500,
    'file',
    'YAML syntax error',
    'Fix the YAML syntax at the position shown.',
  ),
  'entity-envelope': rule(
    'error',
    510,
    'file',
    'Not a catalog entity',
    'Give the document apiVersion, kind and metadata.name, as every catalog entity has.',
  ),
  'location-target-missing': rule(
    'error',
    520,
    'file',
    'Location target matches no file',
    'Correct the path (relative to the Location file), or set spec.presence: optional.',
  ),
  'location-target-outside': rule(
    'warning',
    525,
    'file',
    'Location target outside the linted tree',
    'Lint that file where it lives, or move it into this repository.',
  ),
  'file-skipped': rule(
    'warning',
    530,
    'file',
    'File skipped',
    'Leave it out of the patterns, or replace it with a regular YAML file.',
  ),
} as const satisfies Record<string, OwnershipRule>;

/**
 * A finding code: one key of {@link OWNERSHIP_RULEBOOK}.
 *
 * @public
 */
export type OwnershipFindingCode = keyof typeof OWNERSHIP_RULEBOOK;

/**
 * The codes that are orphan reasons (listed on the coverage page).
 *
 * @public
 */
export type OrphanReasonCode =
  | 'no-owner'
  | 'owner-not-found'
  | 'owner-no-members'
  | 'catalog-processing-error'
  | 'tier1-no-escalation'
  | 'ownership-expired'
  | 'owner-single-member'
  | 'handoff-not-applied'
  | 'not-verified';

/**
 * The rulebook entry of a code; an unknown code (from an older client or a
 * newer server) gets a neutral warning entry rather than an exception.
 *
 * @public
 */
export function getOwnershipRule(code: string): OwnershipRule {
  return (
    (OWNERSHIP_RULEBOOK as Record<string, OwnershipRule>)[code] ?? {
      severity: 'warning',
      label: code,
      order: 10_000,
      fix: '',
      source: 'rule',
      coverage: false,
    }
  );
}

/**
 * Whether a code is an orphan reason.
 *
 * @public
 */
export function isOrphanReasonCode(code: string): code is OrphanReasonCode {
  return Boolean(
    (OWNERSHIP_RULEBOOK as Record<string, OwnershipRule>)[code]?.coverage,
  );
}

/**
 * The orphan reason codes, most serious first.
 *
 * @public
 */
export const ORPHAN_REASON_CODES: ReadonlyArray<OrphanReasonCode> = (
  Object.keys(OWNERSHIP_RULEBOOK) as OwnershipFindingCode[]
)
  .filter(isOrphanReasonCode)
  .sort(compareCodes);

function severityRank(severity: FindingSeverity): number {
  return severity === 'error' ? 0 : 1;
}

/**
 * Orders two codes: errors first, then by the rulebook's order.
 *
 * @public
 */
export function compareCodes(a: string, b: string): number {
  const ra = getOwnershipRule(a);
  const rb = getOwnershipRule(b);
  return (
    severityRank(ra.severity) - severityRank(rb.severity) ||
    ra.order - rb.order ||
    a.localeCompare(b)
  );
}

/**
 * One problem found in an entity's ownership data.
 *
 * @public
 */
export interface OwnershipFinding {
  /** The entity the finding is about, e.g. `component:default/payments`. */
  entityRef: string;
  /** Field path, e.g. `spec.activities[0].accountable`. */
  path: string;
  /** Stable code from the rulebook, e.g. `raci-one-accountable`. */
  rule: OwnershipFindingCode;
  /** Always the rulebook's severity for the code. */
  severity: FindingSeverity;
  message: string;
  /** How to fix it. */
  fix: string;
}

/**
 * Builds a finding with the rulebook's severity and, unless a more specific
 * one is given, its fix text.
 *
 * @public
 */
export function createFinding(
  code: OwnershipFindingCode,
  finding: { entityRef: string; path: string; message: string; fix?: string },
): OwnershipFinding {
  const entry = getOwnershipRule(code);
  return {
    entityRef: finding.entityRef,
    path: finding.path,
    rule: code,
    severity: entry.severity,
    message: finding.message,
    fix: finding.fix ?? entry.fix,
  };
}

/**
 * Sorts findings the way every view shows them: errors first, then by the
 * rulebook's order, then by entity and path.
 *
 * @public
 */
export function sortFindings<T extends { rule: string }>(findings: T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      compareCodes(a.rule, b.rule) ||
      String((a as { entityRef?: string }).entityRef ?? '').localeCompare(
        String((b as { entityRef?: string }).entityRef ?? ''),
      ) ||
      String((a as { path?: string }).path ?? '').localeCompare(
        String((b as { path?: string }).path ?? ''),
      ),
  );
}
