import { Entity } from '@backstage/catalog-model';
import { DateTime, IANAZone } from 'luxon';
import {
  ESCALATION_POLICY_KIND,
  OWNERSHIP_API_VERSION,
  OWNERSHIP_BLOCK_KINDS,
  RACI_MATRIX_KIND,
} from '../kinds/constants';
import { parseOwnershipDuration } from '../kinds/duration';
import { normalizeOwnershipRef } from '../kinds/refs';
import {
  EntityWithOwnership,
  EscalationPolicyEntityV1alpha1,
  RaciMatrixEntityV1alpha1,
} from '../kinds/types';
import {
  findingEntityRef,
  validateOwnershipEntitySchema,
} from '../kinds/validators';
import { FindingSeverity, OwnershipFinding } from './findings';

/**
 * Options for the ownership rules.
 *
 * @public
 */
export interface OwnershipRuleOptions {
  /** The time against which expiry is checked; defaults to now. */
  now?: DateTime;
}

const OWNERSHIP_FIELDS = [
  'primary',
  'secondary',
  'escalationPolicy',
  'tier',
  'level',
  'feature',
  'expires',
  'channels',
];
const POLICY_SPEC_FIELDS = ['owner', 'description', 'levels', 'notifications'];
const LEVEL_FIELDS = [
  'level',
  'name',
  'escalateAfter',
  'repeat',
  'targets',
  'conditions',
  'notify',
];
const TARGET_FIELDS = ['type', 'id', 'rota'];
const ROTA_FIELDS = [
  'members',
  'rotation',
  'handoverTime',
  'timeZone',
  'start',
];
const RACI_SPEC_FIELDS = ['owner', 'appliesTo', 'activities'];
const ACTIVITY_FIELDS = [
  'name',
  'description',
  'responsible',
  'accountable',
  'consulted',
  'informed',
  'decisionAuthority',
  'escalationPath',
];

type Report = (
  path: string,
  rule: string,
  severity: FindingSeverity,
  message: string,
  fix: string,
) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function checkUnknownFields(
  report: Report,
  value: unknown,
  path: string,
  known: string[],
) {
  if (!isObject(value)) {
    return;
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      report(
        `${path}.${key}`,
        'unknown-field',
        'warning',
        `Unknown field ${path}.${key}`,
        `Remove it or use one of: ${known.join(', ')}.`,
      );
    }
  }
}

function checkRef(
  report: Report,
  value: unknown,
  path: string,
  defaultKind: string,
  allowedKinds: string[],
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  const ref = normalizeOwnershipRef(value, { defaultKind, allowedKinds });
  if (!ref) {
    const shown =
      typeof value === 'string' ? `"${value.slice(0, 80)}"` : typeof value;
    report(
      path,
      'ref-malformed',
      'error',
      `${path} must be ${
        /^[AEIO]/.test(allowedKinds[0]) ? 'an' : 'a'
      } ${allowedKinds.join(' or ')} entity ref, got ${shown}`,
      `Write it as ${allowedKinds[0].toLocaleLowerCase(
        'en-US',
      )}:<namespace>/<name>, e.g. ${allowedKinds[0].toLocaleLowerCase(
        'en-US',
      )}:default/jane-doe.`,
    );
  }
  return ref;
}

function checkOwnershipBlock(
  report: Report,
  entity: EntityWithOwnership,
  now: DateTime,
) {
  const ownership = entity.spec?.ownership;
  if (ownership === undefined) {
    return;
  }
  if (!isObject(ownership)) {
    return;
  }
  checkUnknownFields(report, ownership, 'spec.ownership', OWNERSHIP_FIELDS);
  const primary = checkRef(
    report,
    ownership.primary,
    'spec.ownership.primary',
    'user',
    ['User'],
  );
  const secondary = checkRef(
    report,
    ownership.secondary,
    'spec.ownership.secondary',
    'user',
    ['User'],
  );
  if (primary && secondary && primary === secondary) {
    report(
      'spec.ownership.secondary',
      'distinct-contacts',
      'warning',
      `The secondary contact is the same person as the primary (${primary})`,
      'Name a different person as secondary so there is a backup when the primary is away.',
    );
  }
  checkRef(
    report,
    ownership.escalationPolicy,
    'spec.ownership.escalationPolicy',
    'escalationpolicy',
    ['EscalationPolicy'],
  );
  if (ownership.tier === 'tier-1' && !ownership.escalationPolicy) {
    report(
      'spec.ownership.escalationPolicy',
      'tier1-escalation-policy',
      'error',
      'A tier-1 service must name an escalation policy',
      'Add spec.ownership.escalationPolicy: escalationpolicy:<namespace>/<name>.',
    );
  }
  if (ownership.level === 'feature' && !ownership.expires) {
    report(
      'spec.ownership.expires',
      'feature-expires-required',
      'warning',
      'Feature ownership has no expiry date',
      'Add spec.ownership.expires (an ISO date) after which the feature is handed back to the service owner.',
    );
  }
  if (ownership.expires !== undefined) {
    const text = String(ownership.expires);
    const expires = DateTime.fromISO(text, { zone: 'utc' });
    // The ownership counts as a gap only *after* the expiry date, so a plain
    // date stays valid until the end of that day.
    const end = /T/i.test(text) ? expires : expires.endOf('day');
    if (!expires.isValid) {
      report(
        'spec.ownership.expires',
        'date-unparseable',
        'error',
        `spec.ownership.expires is not an ISO date: "${String(
          ownership.expires,
        ).slice(0, 40)}"`,
        'Write the date as YYYY-MM-DD.',
      );
    } else if (end < now) {
      report(
        'spec.ownership.expires',
        'ownership-expired',
        'warning',
        `Feature ownership expired on ${expires.toISODate()}`,
        'Renew the ownership with a new expiry date, or remove the feature-level block so the service owner takes over.',
      );
    }
  }
}

function checkEscalationPolicy(
  report: Report,
  entity: EscalationPolicyEntityV1alpha1,
) {
  const spec = entity.spec as unknown;
  if (!isObject(spec)) {
    return;
  }
  checkUnknownFields(report, spec, 'spec', POLICY_SPEC_FIELDS);
  checkRef(report, spec.owner, 'spec.owner', 'group', ['Group', 'User']);
  const levels = asArray(spec.levels);
  if (levels.length === 0) {
    report(
      'spec.levels',
      'escalation-levels-required',
      'error',
      'The escalation policy has no levels',
      'Add at least one level with a name, escalateAfter and targets.',
    );
  }
  let previousMs: number | undefined;
  let previousNumber: number | undefined;
  levels.forEach((level, i) => {
    const path = `spec.levels[${i}]`;
    if (!isObject(level)) {
      return;
    }
    checkUnknownFields(report, level, path, LEVEL_FIELDS);
    if (typeof level.level === 'number') {
      if (previousNumber !== undefined && level.level <= previousNumber) {
        report(
          `${path}.level`,
          'escalation-level-order',
          'error',
          `Level numbers must strictly increase: level ${level.level} follows level ${previousNumber}`,
          'Number the levels 1, 2, 3, … in the order they are engaged.',
        );
      }
      previousNumber = level.level;
    }
    const duration = parseOwnershipDuration(level.escalateAfter);
    if (!duration) {
      report(
        `${path}.escalateAfter`,
        'duration-unparseable',
        'error',
        `${path}.escalateAfter is not a duration: "${String(
          level.escalateAfter,
        ).slice(0, 40)}"`,
        'Use ISO 8601 (PT15M) or shorthand (15m, 1h, 2d).',
      );
    } else {
      const ms = duration.as('milliseconds');
      if (previousMs !== undefined && ms <= previousMs) {
        report(
          `${path}.escalateAfter`,
          'escalation-sla-order',
          'error',
          `Response SLAs must increase from level to level: ${String(
            level.escalateAfter,
          )} is not longer than the previous level's`,
          'Give each level a longer escalateAfter than the level before it.',
        );
      }
      previousMs = ms;
    }
    const targets = asArray(level.targets);
    if (targets.length === 0) {
      report(
        `${path}.targets`,
        'escalation-targets-required',
        'error',
        `Level "${String(level.name ?? i + 1)}" notifies nobody`,
        'Add at least one target (user, group, schedule, channel or email).',
      );
    }
    targets.forEach((target, j) => {
      const tpath = `${path}.targets[${j}]`;
      if (!isObject(target)) {
        return;
      }
      checkUnknownFields(report, target, tpath, TARGET_FIELDS);
      if (target.type === 'user') {
        checkRef(report, target.id, `${tpath}.id`, 'user', ['User']);
      } else if (target.type === 'group') {
        checkRef(report, target.id, `${tpath}.id`, 'group', ['Group']);
      }
      if (target.rota !== undefined) {
        checkRota(report, target.rota, `${tpath}.rota`);
      }
      if (target.type === 'schedule' && target.rota === undefined) {
        report(
          `${tpath}.rota`,
          'schedule-rota-missing',
          'warning',
          `Schedule "${String(
            target.id,
          )}" has no rota, so the current on-call cannot be computed`,
          'Add a rota (members, rotation, start) or install an on-call provider module for your paging system.',
        );
      }
    });
  });
}

function checkRota(report: Report, rota: unknown, path: string) {
  if (!isObject(rota)) {
    return;
  }
  checkUnknownFields(report, rota, path, ROTA_FIELDS);
  const members = asArray(rota.members);
  if (members.length === 0) {
    report(
      `${path}.members`,
      'rota-members-required',
      'error',
      'The rota has no members',
      'List the users in rotation order.',
    );
  }
  members.forEach((m, i) =>
    checkRef(report, m, `${path}.members[${i}]`, 'user', ['User']),
  );
  if (!parseOwnershipDuration(rota.rotation)) {
    report(
      `${path}.rotation`,
      'duration-unparseable',
      'error',
      `${path}.rotation is not a duration: "${String(rota.rotation).slice(
        0,
        40,
      )}"`,
      'Use ISO 8601 (P1W) or shorthand (1w, 1d, 12h).',
    );
  }
  if (
    rota.timeZone !== undefined &&
    !IANAZone.isValidZone(String(rota.timeZone))
  ) {
    report(
      `${path}.timeZone`,
      'rota-time-zone',
      'error',
      `Unknown time zone "${String(rota.timeZone).slice(0, 60)}"`,
      'Use an IANA time zone such as Europe/Berlin or America/New_York.',
    );
  }
  if (
    rota.handoverTime !== undefined &&
    !/^([01]\d|2[0-3]):[0-5]\d$/.test(String(rota.handoverTime))
  ) {
    report(
      `${path}.handoverTime`,
      'rota-handover-time',
      'error',
      `Hand-over time "${String(rota.handoverTime)}" is not HH:mm`,
      'Write the local hand-over time as HH:mm, e.g. 09:00.',
    );
  }
  if (!DateTime.fromISO(String(rota.start)).isValid) {
    report(
      `${path}.start`,
      'date-unparseable',
      'error',
      `${path}.start is not an ISO date: "${String(rota.start).slice(0, 40)}"`,
      'Write the date as YYYY-MM-DD.',
    );
  }
}

function checkRaciMatrix(report: Report, entity: RaciMatrixEntityV1alpha1) {
  const spec = entity.spec as unknown;
  if (!isObject(spec)) {
    return;
  }
  checkUnknownFields(report, spec, 'spec', RACI_SPEC_FIELDS);
  checkRef(report, spec.owner, 'spec.owner', 'group', ['Group', 'User']);
  asArray(spec.appliesTo).forEach((ref, i) =>
    checkRef(report, ref, `spec.appliesTo[${i}]`, 'component', [
      'Component',
      'System',
      'API',
      'Resource',
      'Domain',
    ]),
  );
  const activities = asArray(spec.activities);
  if (activities.length === 0) {
    report(
      'spec.activities',
      'raci-activities-required',
      'error',
      'The RACI matrix has no activities',
      'Add at least one activity with responsible and accountable.',
    );
  }
  const seen = new Set<string>();
  activities.forEach((activity, i) => {
    const path = `spec.activities[${i}]`;
    if (!isObject(activity)) {
      return;
    }
    const name = String(activity.name ?? `#${i + 1}`);
    checkUnknownFields(report, activity, path, ACTIVITY_FIELDS);
    if (seen.has(name)) {
      report(
        `${path}.name`,
        'raci-duplicate-activity',
        'warning',
        `Activity "${name}" appears more than once`,
        'Merge the rows or give them distinct names.',
      );
    }
    seen.add(name);
    const accountable = Array.isArray(activity.accountable)
      ? activity.accountable
      : [activity.accountable].filter(a => a !== undefined && a !== null);
    if (accountable.length !== 1) {
      report(
        `${path}.accountable`,
        'raci-one-accountable',
        'error',
        accountable.length === 0
          ? `Activity "${name}" has no Accountable`
          : `Activity "${name}" has ${accountable.length} Accountables; exactly one is required`,
        'Name exactly one person or team as accountable; move the others to responsible or consulted.',
      );
    }
    accountable.forEach((ref, j) =>
      checkRef(
        report,
        ref,
        Array.isArray(activity.accountable)
          ? `${path}.accountable[${j}]`
          : `${path}.accountable`,
        'group',
        ['Group', 'User'],
      ),
    );
    const responsible = asArray(activity.responsible);
    if (responsible.length === 0) {
      report(
        `${path}.responsible`,
        'raci-responsible-required',
        'error',
        `Activity "${name}" has no Responsible`,
        'Name at least one person or team who does the work.',
      );
    }
    for (const role of [
      'responsible',
      'consulted',
      'informed',
      'escalationPath',
    ]) {
      asArray(activity[role]).forEach((ref, j) =>
        checkRef(report, ref, `${path}.${role}[${j}]`, 'group', [
          'Group',
          'User',
        ]),
      );
    }
  });
}

/**
 * Checks the ownership model's rules beyond the schema on one entity:
 * exactly one Accountable and at least one Responsible per activity,
 * escalation levels in order with increasing SLAs, tier-1 services with an
 * escalation policy, well-formed refs, parseable durations and dates,
 * expired feature ownership and unknown fields. Entities of other kinds, and
 * entities without an ownership block, yield no findings.
 *
 * @public
 */
export function checkOwnershipRules(
  entity: Entity,
  options: OwnershipRuleOptions = {},
): OwnershipFinding[] {
  const findings: OwnershipFinding[] = [];
  const entityRef = findingEntityRef(entity);
  const report: Report = (path, rule, severity, message, fix) =>
    findings.push({ entityRef, path, rule, severity, message, fix });
  const now = options.now ?? DateTime.utc();
  if (!entity || typeof entity !== 'object') {
    return findings;
  }
  if (
    (entity.kind === ESCALATION_POLICY_KIND ||
      entity.kind === RACI_MATRIX_KIND) &&
    entity.apiVersion !== OWNERSHIP_API_VERSION
  ) {
    report(
      'apiVersion',
      'kind-api-version',
      'error',
      `${entity.kind} must have apiVersion ${OWNERSHIP_API_VERSION}, got "${String(
        entity.apiVersion,
      ).slice(0, 60)}"`,
      `Set apiVersion: ${OWNERSHIP_API_VERSION}; the catalog ingests no other version of this kind.`,
    );
  } else if (entity.kind === ESCALATION_POLICY_KIND) {
    checkEscalationPolicy(report, entity as EscalationPolicyEntityV1alpha1);
  } else if (entity.kind === RACI_MATRIX_KIND) {
    checkRaciMatrix(report, entity as RaciMatrixEntityV1alpha1);
  } else if (OWNERSHIP_BLOCK_KINDS.includes(entity.kind)) {
    checkOwnershipBlock(report, entity as EntityWithOwnership, now);
  }
  return findings;
}

/**
 * Schema validation followed, when the schema passes, by the rules: what the
 * lint and the backend report for one entity.
 *
 * @public
 */
export function lintOwnershipEntity(
  entity: Entity,
  options: OwnershipRuleOptions = {},
): OwnershipFinding[] {
  const schema = validateOwnershipEntitySchema(entity);
  if (schema.length) {
    return schema;
  }
  return checkOwnershipRules(entity, options);
}
