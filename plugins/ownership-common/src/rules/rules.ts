import { Entity } from '@backstage/catalog-model';
import { DateTime, IANAZone } from 'luxon';
import {
  ESCALATION_POLICY_KIND,
  OWNERSHIP_API_VERSION,
  OWNERSHIP_BLOCK_KINDS,
  RACI_MATRIX_KIND,
} from '../kinds/constants';
import { parseOwnershipDuration } from '../kinds/duration';
import {
  EntityWithOwnership,
  EscalationPolicyEntityV1alpha1,
  RaciMatrixEntityV1alpha1,
} from '../kinds/types';
import {
  findingEntityRef,
  validateOwnershipEntitySchema,
} from '../kinds/validators';
import {
  createFinding,
  OwnershipFinding,
  OwnershipFindingCode,
} from './rulebook';
import {
  OwnershipModel,
  readOwnershipModel,
} from '../model/readOwnershipModel';

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
  'transferTo',
  'channels',
  'collaborators',
  'workingHours',
];
const WORKING_HOURS_FIELDS = ['timeZone', 'days', 'start', 'end'];
const POLICY_SPEC_FIELDS = [
  'owner',
  'description',
  'levels',
  'stakeholders',
  'notifications',
];
const LEVEL_FIELDS = [
  'level',
  'name',
  'escalateAfter',
  'repeat',
  'targets',
  'conditions',
  'notify',
  'notifyStakeholders',
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
  code: OwnershipFindingCode,
  message: string,
  fix?: string,
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
        `Unknown field ${path}.${key}`,
        `Remove it or use one of: ${known.join(', ')}.`,
      );
    }
  }
}

/** Every ref of the suite's fields that is malformed or of a wrong kind. */
function checkRefs(report: Report, model: OwnershipModel) {
  for (const r of model.refs) {
    // Refs without a relation belong to the catalog's own fields (spec.owner
    // of built-in kinds, spec.system, the org structure): the catalog
    // validates those.
    if (!r.relation || r.ref) {
      continue;
    }
    const kinds = r.kinds;
    const shown =
      typeof r.written === 'string'
        ? `"${r.written.slice(0, 80)}"`
        : typeof r.written;
    const example = kinds[0].toLocaleLowerCase('en-US');
    report(
      r.path,
      'ref-malformed',
      `${r.path} must be ${/^[AEIO]/.test(kinds[0]) ? 'an' : 'a'} ${kinds.join(
        ' or ',
      )} entity ref, got ${shown}`,
      `Write it as ${example}:<namespace>/<name>, e.g. ${example}:default/${
        example === 'user' ? 'jane-doe' : 'payments'
      }.`,
    );
  }
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

function checkWorkingHours(report: Report, value: unknown, path: string) {
  if (!isObject(value)) {
    return;
  }
  checkUnknownFields(report, value, path, WORKING_HOURS_FIELDS);
  if (!IANAZone.isValidZone(String(value.timeZone))) {
    report(
      `${path}.timeZone`,
      'working-hours',
      `Unknown time zone "${String(value.timeZone).slice(0, 60)}"`,
    );
  }
  for (const field of ['start', 'end']) {
    if (!HH_MM.test(String(value[field]))) {
      report(
        `${path}.${field}`,
        'working-hours',
        `${path}.${field} "${String(value[field]).slice(0, 20)}" is not HH:mm`,
      );
    }
  }
  if (
    HH_MM.test(String(value.start)) &&
    HH_MM.test(String(value.end)) &&
    String(value.start) >= String(value.end)
  ) {
    report(
      `${path}.end`,
      'working-hours',
      `Working hours end (${String(value.end)}) before they start (${String(
        value.start,
      )})`,
    );
  }
}

function checkOwnershipBlock(
  report: Report,
  entity: EntityWithOwnership,
  model: OwnershipModel,
  now: DateTime,
) {
  const ownership = entity.spec?.ownership;
  const block = model.block;
  if (!isObject(ownership) || !block) {
    return;
  }
  checkUnknownFields(report, ownership, 'spec.ownership', OWNERSHIP_FIELDS);
  if (block.primary && block.secondary && block.primary === block.secondary) {
    report(
      'spec.ownership.secondary',
      'distinct-contacts',
      `The secondary contact is the same person as the primary (${block.primary})`,
    );
  }
  if (block.tier === 'tier-1' && !ownership.escalationPolicy) {
    report(
      'spec.ownership.escalationPolicy',
      'tier1-no-escalation',
      'Tier-1 service without an escalation policy',
    );
  }
  if (block.level === 'feature' && !block.expires) {
    report(
      'spec.ownership.expires',
      'feature-expires-required',
      'Feature ownership has no expiry date',
    );
  }
  if (block.expires !== undefined) {
    if (!block.expiresAt) {
      report(
        'spec.ownership.expires',
        'date-unparseable',
        `spec.ownership.expires is not an ISO date: "${block.expires.slice(
          0,
          40,
        )}"`,
      );
    } else if (DateTime.fromISO(block.expiresAt) < now) {
      report(
        'spec.ownership.expires',
        'ownership-expired',
        `Feature ownership expired on ${DateTime.fromISO(block.expiresAt, {
          zone: 'utc',
        }).toISODate()}`,
      );
    }
  }
  const hours: unknown = ownership.workingHours;
  if (isObject(hours)) {
    checkUnknownFields(report, hours, 'spec.ownership.workingHours', [
      'primary',
      'secondary',
    ]);
    for (const contact of ['primary', 'secondary']) {
      checkWorkingHours(
        report,
        hours[contact],
        `spec.ownership.workingHours.${contact}`,
      );
    }
  }
}

function checkEscalationPolicy(
  report: Report,
  entity: EscalationPolicyEntityV1alpha1,
  model: OwnershipModel,
) {
  const spec = entity.spec as unknown;
  if (!isObject(spec)) {
    return;
  }
  checkUnknownFields(report, spec, 'spec', POLICY_SPEC_FIELDS);
  const levels = asArray(spec.levels);
  if (levels.length === 0) {
    report(
      'spec.levels',
      'escalation-levels-required',
      'The escalation policy has no levels',
    );
  }
  let previousMinutes: number | undefined;
  let previousNumber: number | undefined;
  const last = model.levels[model.levels.length - 1];
  for (const level of model.levels) {
    const raw = levels[level.index] as Record<string, unknown>;
    const path = level.path;
    checkUnknownFields(report, raw, path, LEVEL_FIELDS);
    if (typeof raw.level === 'number') {
      if (previousNumber !== undefined && raw.level <= previousNumber) {
        report(
          `${path}.level`,
          'escalation-level-order',
          `Level numbers must strictly increase: level ${raw.level} follows level ${previousNumber}`,
        );
      }
      previousNumber = raw.level;
    }
    if (raw.escalateAfter === undefined) {
      // The seeds' last level (executive response) escalates to nobody.
      if (level !== last) {
        report(
          `${path}.escalateAfter`,
          'escalation-sla-required',
          `Level "${level.name}" has no escalateAfter, but a level follows it`,
        );
      }
    } else if (level.escalateAfterMinutes === undefined) {
      report(
        `${path}.escalateAfter`,
        'duration-unparseable',
        `${path}.escalateAfter is not a duration: "${String(
          raw.escalateAfter,
        ).slice(0, 40)}"`,
      );
    } else {
      if (
        previousMinutes !== undefined &&
        level.escalateAfterMinutes <= previousMinutes
      ) {
        report(
          `${path}.escalateAfter`,
          'escalation-sla-order',
          `Response SLAs must increase from level to level: ${String(
            raw.escalateAfter,
          )} is not longer than the previous level's`,
        );
      }
      previousMinutes = level.escalateAfterMinutes;
    }
    const targets = asArray(raw.targets);
    if (targets.length === 0) {
      report(
        `${path}.targets`,
        'escalation-targets-required',
        `Level "${level.name}" notifies nobody`,
      );
    }
    targets.forEach((target, j) => {
      const tpath = `${path}.targets[${j}]`;
      if (!isObject(target)) {
        return;
      }
      checkUnknownFields(report, target, tpath, TARGET_FIELDS);
      if (target.rota !== undefined) {
        checkRota(report, target.rota, `${tpath}.rota`);
      }
      if (target.type === 'schedule' && target.rota === undefined) {
        report(
          `${tpath}.rota`,
          'schedule-rota-missing',
          `Schedule "${String(
            target.id,
          )}" has no rota, so the current on-call cannot be computed`,
        );
      }
    });
  }
}

function checkRota(report: Report, rota: unknown, path: string) {
  if (!isObject(rota)) {
    return;
  }
  checkUnknownFields(report, rota, path, ROTA_FIELDS);
  if (asArray(rota.members).length === 0) {
    report(
      `${path}.members`,
      'rota-members-required',
      'The rota has no members',
    );
  }
  if (!parseOwnershipDuration(rota.rotation)) {
    report(
      `${path}.rotation`,
      'duration-unparseable',
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
      `Unknown time zone "${String(rota.timeZone).slice(0, 60)}"`,
    );
  }
  if (
    rota.handoverTime !== undefined &&
    !HH_MM.test(String(rota.handoverTime))
  ) {
    report(
      `${path}.handoverTime`,
      'rota-handover-time',
      `Hand-over time "${String(rota.handoverTime)}" is not HH:mm`,
    );
  }
  if (!DateTime.fromISO(String(rota.start)).isValid) {
    report(
      `${path}.start`,
      'date-unparseable',
      `${path}.start is not an ISO date: "${String(rota.start).slice(0, 40)}"`,
    );
  }
}

function checkRaciMatrix(
  report: Report,
  entity: RaciMatrixEntityV1alpha1,
  model: OwnershipModel,
) {
  const spec = entity.spec as unknown;
  if (!isObject(spec)) {
    return;
  }
  checkUnknownFields(report, spec, 'spec', RACI_SPEC_FIELDS);
  const activities = asArray(spec.activities);
  if (activities.length === 0) {
    report(
      'spec.activities',
      'raci-activities-required',
      'The RACI matrix has no activities',
    );
  }
  const seen = new Set<string>();
  for (const activity of model.activities) {
    const path = activity.path;
    const name = activity.name;
    checkUnknownFields(
      report,
      activities[activity.index],
      path,
      ACTIVITY_FIELDS,
    );
    if (seen.has(name)) {
      report(
        `${path}.name`,
        'raci-duplicate-activity',
        `Activity "${name}" appears more than once`,
      );
    }
    seen.add(name);
    if (activity.accountable.length !== 1) {
      report(
        `${path}.accountable`,
        'raci-one-accountable',
        activity.accountable.length === 0
          ? `Activity "${name}" has no Accountable`
          : `Activity "${name}" has ${activity.accountable.length} Accountables; exactly one is required`,
      );
    }
    if (activity.responsible.length === 0) {
      report(
        `${path}.responsible`,
        'raci-responsible-required',
        `Activity "${name}" has no Responsible`,
      );
    }
  }
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
  const report: Report = (path, code, message, fix) =>
    findings.push(createFinding(code, { entityRef, path, message, fix }));
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
      `${
        entity.kind
      } must have apiVersion ${OWNERSHIP_API_VERSION}, got "${String(
        entity.apiVersion,
      ).slice(0, 60)}"`,
      `Set apiVersion: ${OWNERSHIP_API_VERSION}; the catalog ingests no other version of this kind.`,
    );
    return findings;
  }
  const model = readOwnershipModel(entity);
  checkRefs(report, model);
  if (entity.kind === ESCALATION_POLICY_KIND) {
    checkEscalationPolicy(
      report,
      entity as EscalationPolicyEntityV1alpha1,
      model,
    );
  } else if (entity.kind === RACI_MATRIX_KIND) {
    checkRaciMatrix(report, entity as RaciMatrixEntityV1alpha1, model);
  } else if (OWNERSHIP_BLOCK_KINDS.includes(entity.kind)) {
    checkOwnershipBlock(report, entity as EntityWithOwnership, model, now);
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
