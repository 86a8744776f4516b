import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import { DateTime } from 'luxon';
import {
  ESCALATION_POLICY_KIND,
  OWNERSHIP_BLOCK_KINDS,
  RACI_MATRIX_KIND,
  RELATION_ACCOUNTABLE_FOR,
  RELATION_COLLABORATOR_ON,
  RELATION_CONSULTED_ON,
  RELATION_ESCALATES_TO,
  RELATION_ESCALATION_CONTACT_FOR,
  RELATION_ESCALATION_POLICY_OF,
  RELATION_ESCALATION_TARGET_OF,
  RELATION_HAS_ACCOUNTABLE,
  RELATION_HAS_COLLABORATOR,
  RELATION_HAS_CONSULTED,
  RELATION_HAS_ESCALATION_CONTACT,
  RELATION_HAS_ESCALATION_POLICY,
  RELATION_HAS_INFORMED,
  RELATION_HAS_PRIMARY_CONTACT,
  RELATION_HAS_RACI_MATRIX,
  RELATION_HAS_RESPONSIBLE,
  RELATION_HAS_SECONDARY_CONTACT,
  RELATION_HAS_STAKEHOLDER,
  RELATION_INFORMED_OF,
  RELATION_PRIMARY_CONTACT_OF,
  RELATION_RACI_APPLIES_TO,
  RELATION_RESPONSIBLE_FOR,
  RELATION_SECONDARY_CONTACT_OF,
  RELATION_STAKEHOLDER_OF,
  RELATION_TRANSFERS_TO,
  RELATION_TRANSFER_TARGET_OF,
} from '../kinds/constants';
import { parseOwnershipDuration } from '../kinds/duration';
import { normalizeOwnershipRef } from '../kinds/refs';
import {
  EscalationTargetType,
  IncidentSeverity,
  NotificationChannel,
  OwnershipChannels,
  OwnershipLevel,
  OwnershipTier,
  RaciRoleName,
  WorkingHours,
} from '../kinds/types';
import { RaciRole } from '../api/types';

/**
 * What a ref in the model stands for.
 *
 * @public
 */
export type OwnershipRefRole =
  | 'owner'
  | 'system'
  | 'primary'
  | 'secondary'
  | 'escalationPolicy'
  | 'collaborator'
  | 'transferTo'
  | 'policyTarget'
  | 'rotaMember'
  | 'stakeholder'
  | 'appliesTo'
  | RaciRoleName
  | 'member'
  | 'memberOf'
  | 'parent'
  | 'child';

/**
 * One entity ref written in an entity: where, as what, which kinds it may
 * name and which relation the suite's catalog module makes of it.
 *
 * @public
 */
export interface OwnershipRef {
  /** Field path, e.g. `spec.activities[0].responsible[1]`. */
  path: string;
  /** The value as written. */
  written: unknown;
  /**
   * The full ref in the catalog's lower-case form, relative to the entity's
   * namespace; undefined when the value is malformed or names a kind the
   * field does not accept.
   */
  ref?: string;
  role: OwnershipRefRole;
  /** The kinds the field may name. */
  kinds: string[];
  /** The kind assumed when the value has none, e.g. `user` for `jane`. */
  defaultKind: string;
  /**
   * The `[forward, reverse]` relation the suite's catalog module emits for
   * the ref; undefined for refs the catalog's own processors handle
   * (spec.owner of built-in kinds, spec.system, the org structure).
   */
  relation?: readonly [string, string];
  /** The level or activity name the ref belongs to, if any. */
  context?: string;
}

/**
 * One escalation target in normalised form.
 *
 * @public
 */
export interface ModelEscalationTarget {
  index: number;
  path: string;
  type: EscalationTargetType;
  /** As written: a ref, schedule name, channel or address. */
  id: string;
  /** For user and group targets, the full ref. */
  ref?: string;
  rota?: {
    /** Member refs in rotation order (malformed ones left out). */
    members: string[];
    rotation: string;
    handoverTime?: string;
    timeZone?: string;
    start: string;
  };
}

/**
 * One escalation level in normalised form.
 *
 * @public
 */
export interface ModelEscalationLevel {
  index: number;
  path: string;
  /** The level number: as written, else its position (1-based). */
  level: number;
  name: string;
  /** As written; undefined on a last level without one. */
  escalateAfter?: string;
  /** Parsed, in minutes; undefined when missing or unparseable. */
  escalateAfterMinutes?: number;
  repeat: number;
  targets: ModelEscalationTarget[];
  conditions?: { severity?: IncidentSeverity[]; customerImpact?: boolean };
  notify: NotificationChannel[];
  /** Whether the policy's stakeholders are notified when this level is reached. */
  notifyStakeholders: boolean;
}

/**
 * One RACI activity (row) in normalised form: every role as a list of refs
 * (a malformed value is kept as written so the views can show it).
 *
 * @public
 */
export interface ModelRaciActivity {
  index: number;
  path: string;
  name: string;
  description?: string;
  responsible: string[];
  accountable: string[];
  consulted: string[];
  informed: string[];
  escalationPath: string[];
  decisionAuthority?: string;
}

/**
 * The ownership block of a Component, System, API or Resource, normalised.
 *
 * @public
 */
export interface ModelOwnershipBlock {
  primary?: string;
  secondary?: string;
  escalationPolicy?: string;
  tier?: OwnershipTier;
  level?: OwnershipLevel;
  feature?: string;
  /** As written. */
  expires?: string;
  /**
   * The moment the feature ownership ends (ISO): a date-only value lasts
   * until the end of that day (UTC). Undefined when missing or unparseable.
   */
  expiresAt?: string;
  channels: OwnershipChannels;
  collaborators: string[];
  transferTo?: string;
  workingHours: { primary?: WorkingHours; secondary?: WorkingHours };
}

/**
 * Everything the suite reads from one entity, in one normalised form.
 *
 * @public
 */
export interface OwnershipModel {
  kind: string;
  namespace: string;
  /** spec.owner as a full ref (malformed: undefined). */
  owner?: string;
  /** Every ref the entity holds, in document order. */
  refs: OwnershipRef[];
  /** Kinds with an ownership block: the block, when present. */
  block?: ModelOwnershipBlock;
  /** EscalationPolicy: its levels. */
  levels: ModelEscalationLevel[];
  /** EscalationPolicy: who is notified on escalation. */
  stakeholders: string[];
  /** EscalationPolicy: whether the stakeholders are told on resolution. */
  notifyStakeholdersOnResolution: boolean;
  /** RaciMatrix: its activities. */
  activities: ModelRaciActivity[];
  /** RaciMatrix: what it applies to. */
  appliesTo: string[];
}

/** Kinds a RACI participant, policy owner or collaborator may be. @public */
export const PARTY_KINDS = ['Group', 'User'];

/** Kinds a RACI matrix may apply to. @public */
export const RACI_APPLIES_TO_KINDS = [
  'Component',
  'System',
  'API',
  'Resource',
  'Domain',
];

/**
 * The roles of a RACI activity: its letter (E for the escalation path), its
 * label and the relation the catalog module makes of it.
 *
 * @public
 */
export const RACI_ROLES: ReadonlyArray<{
  role: RaciRoleName;
  letter: RaciRole;
  label: string;
  relation: readonly [string, string];
}> = [
  {
    role: 'responsible',
    letter: 'R',
    label: 'Responsible',
    relation: [RELATION_HAS_RESPONSIBLE, RELATION_RESPONSIBLE_FOR],
  },
  {
    role: 'accountable',
    letter: 'A',
    label: 'Accountable',
    relation: [RELATION_HAS_ACCOUNTABLE, RELATION_ACCOUNTABLE_FOR],
  },
  {
    role: 'consulted',
    letter: 'C',
    label: 'Consulted',
    relation: [RELATION_HAS_CONSULTED, RELATION_CONSULTED_ON],
  },
  {
    role: 'informed',
    letter: 'I',
    label: 'Informed',
    relation: [RELATION_HAS_INFORMED, RELATION_INFORMED_OF],
  },
  {
    role: 'escalationPath',
    letter: 'E',
    label: 'Escalation path',
    relation: [
      RELATION_HAS_ESCALATION_CONTACT,
      RELATION_ESCALATION_CONTACT_FOR,
    ],
  },
];

const TARGET_TYPES: EscalationTargetType[] = [
  'user',
  'group',
  'schedule',
  'channel',
  'email',
];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value.trim() ? value : undefined;
  }
  return typeof value === 'number' ? String(value) : undefined;
}

/** The values of a field that holds one ref or a list of them, with paths. */
function valuesAt(value: unknown, path: string): Array<[unknown, string]> {
  if (Array.isArray(value)) {
    return value.map((v, i) => [v, `${path}[${i}]`]);
  }
  return value === undefined || value === null ? [] : [[value, path]];
}

function expiryEnd(expires: string | undefined): string | undefined {
  if (!expires) {
    return undefined;
  }
  const parsed = DateTime.fromISO(expires, { zone: 'utc' });
  if (!parsed.isValid) {
    return undefined;
  }
  // A plain date stays valid until the end of that day.
  return (/T/i.test(expires) ? parsed : parsed.endOf('day')).toUTC().toISO()!;
}

function workingHours(value: unknown): WorkingHours | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  const days = Array.isArray(value.days)
    ? value.days
        .map(d => String(d).toLowerCase().slice(0, 3))
        .filter(d => WEEKDAYS.includes(d))
    : undefined;
  return {
    timeZone: text(value.timeZone) ?? 'UTC',
    days: (days?.length ? days : WEEKDAYS.slice(0, 5)) as WorkingHours['days'],
    start: text(value.start) ?? '09:00',
    end: text(value.end) ?? '17:00',
  };
}

/**
 * Reads the suite's model from one entity: every ref it holds (path, role,
 * allowed kinds, relation), the ownership block, a policy's levels and
 * stakeholders and a matrix's activities, all normalised. The catalog
 * module emits relations from it, the index builds its links from it, the
 * resolver and the lint check existence from it and the frontend renders
 * from it. It never throws, whatever the entity holds: a malformed value
 * gives a ref without `ref`, which the rules report.
 *
 * @public
 */
export function readOwnershipModel(entity: Entity): OwnershipModel {
  const kind = String(entity?.kind ?? '');
  const lowerKind = kind.toLocaleLowerCase('en-US');
  const namespace =
    typeof entity?.metadata?.namespace === 'string' && entity.metadata.namespace
      ? entity.metadata.namespace
      : 'default';
  const spec: Record<string, unknown> = isObject(entity?.spec)
    ? entity.spec
    : {};
  const model: OwnershipModel = {
    kind,
    namespace,
    refs: [],
    levels: [],
    stakeholders: [],
    notifyStakeholdersOnResolution: false,
    activities: [],
    appliesTo: [],
  };

  const add: Add = (
    value,
    path,
    role,
    defaultKind,
    kinds,
    relation,
    context,
  ) => {
    const normalized = normalizeOwnershipRef(value, {
      defaultKind,
      defaultNamespace: namespace,
      allowedKinds: kinds,
    });
    const ref = normalized?.toLocaleLowerCase('en-US');
    model.refs.push({
      path,
      written: value,
      ref,
      role,
      kinds,
      defaultKind,
      ...(relation ? { relation } : {}),
      ...(context !== undefined ? { context } : {}),
    });
    return ref;
  };
  const addList: AddList = (value, path, ...rest) =>
    valuesAt(value, path).map(
      ([v, p]) => add(v, p, ...rest) ?? (typeof v === 'string' ? v : String(v)),
    );

  const isSuiteKind =
    kind === ESCALATION_POLICY_KIND || kind === RACI_MATRIX_KIND;
  if (spec.owner !== undefined) {
    model.owner = add(
      spec.owner,
      'spec.owner',
      'owner',
      'group',
      PARTY_KINDS,
      isSuiteKind ? [RELATION_OWNED_BY, RELATION_OWNER_OF] : undefined,
    );
  }

  if (lowerKind === 'group') {
    addList(spec.members, 'spec.members', 'member', 'user', ['User']);
    addList(spec.children, 'spec.children', 'child', 'group', ['Group']);
    if (spec.parent !== undefined) {
      add(spec.parent, 'spec.parent', 'parent', 'group', ['Group']);
    }
    return model;
  }
  if (lowerKind === 'user') {
    addList(spec.memberOf, 'spec.memberOf', 'memberOf', 'group', ['Group']);
    return model;
  }

  if (kind === ESCALATION_POLICY_KIND) {
    readPolicy(spec, model, add, addList);
    return model;
  }
  if (kind === RACI_MATRIX_KIND) {
    readMatrix(spec, model, add, addList);
    return model;
  }

  if (spec.system !== undefined) {
    add(spec.system, 'spec.system', 'system', 'system', ['System']);
  }
  if (OWNERSHIP_BLOCK_KINDS.includes(kind) && isObject(spec.ownership)) {
    const o = spec.ownership;
    const p = 'spec.ownership';
    const expires =
      o.expires === undefined || o.expires === null
        ? undefined
        : String(o.expires);
    const hours = isObject(o.workingHours) ? o.workingHours : {};
    model.block = {
      primary:
        o.primary === undefined
          ? undefined
          : add(
              o.primary,
              `${p}.primary`,
              'primary',
              'user',
              ['User'],
              [RELATION_HAS_PRIMARY_CONTACT, RELATION_PRIMARY_CONTACT_OF],
            ),
      secondary:
        o.secondary === undefined
          ? undefined
          : add(
              o.secondary,
              `${p}.secondary`,
              'secondary',
              'user',
              ['User'],
              [RELATION_HAS_SECONDARY_CONTACT, RELATION_SECONDARY_CONTACT_OF],
            ),
      escalationPolicy:
        o.escalationPolicy === undefined
          ? undefined
          : add(
              o.escalationPolicy,
              `${p}.escalationPolicy`,
              'escalationPolicy',
              'escalationpolicy',
              [ESCALATION_POLICY_KIND],
              [RELATION_HAS_ESCALATION_POLICY, RELATION_ESCALATION_POLICY_OF],
            ),
      tier: text(o.tier) as OwnershipTier | undefined,
      level: text(o.level) as OwnershipLevel | undefined,
      feature: text(o.feature),
      expires,
      expiresAt: expiryEnd(expires),
      channels: isObject(o.channels) ? (o.channels as OwnershipChannels) : {},
      collaborators: addList(
        o.collaborators,
        `${p}.collaborators`,
        'collaborator',
        'group',
        PARTY_KINDS,
        [RELATION_HAS_COLLABORATOR, RELATION_COLLABORATOR_ON],
      ),
      transferTo:
        o.transferTo === undefined
          ? undefined
          : add(
              o.transferTo,
              `${p}.transferTo`,
              'transferTo',
              'group',
              PARTY_KINDS,
              [RELATION_TRANSFERS_TO, RELATION_TRANSFER_TARGET_OF],
            ),
      workingHours: {
        primary: workingHours(hours.primary),
        secondary: workingHours(hours.secondary),
      },
    };
  }
  return model;
}

type Add = (
  value: unknown,
  path: string,
  role: OwnershipRefRole,
  defaultKind: string,
  kinds: string[],
  relation?: readonly [string, string],
  context?: string,
) => string | undefined;
type AddList = (...args: Parameters<Add>) => string[];

function readPolicy(
  spec: Record<string, unknown>,
  model: OwnershipModel,
  add: Add,
  addList: AddList,
) {
  const escalatesTo = [
    RELATION_ESCALATES_TO,
    RELATION_ESCALATION_TARGET_OF,
  ] as const;
  (Array.isArray(spec.levels) ? spec.levels : []).forEach((level, i) => {
    if (!isObject(level)) {
      return;
    }
    const path = `spec.levels[${i}]`;
    const name = text(level.name) ?? `Level ${i + 1}`;
    const duration = parseOwnershipDuration(level.escalateAfter);
    const targets: ModelEscalationTarget[] = [];
    (Array.isArray(level.targets) ? level.targets : []).forEach((target, j) => {
      if (!isObject(target)) {
        return;
      }
      const tpath = `${path}.targets[${j}]`;
      const type = TARGET_TYPES.includes(target.type as EscalationTargetType)
        ? (target.type as EscalationTargetType)
        : 'channel';
      const id = text(target.id) ?? '';
      let ref: string | undefined;
      if (target.type === 'user' || target.type === 'group') {
        ref = add(
          target.id,
          `${tpath}.id`,
          'policyTarget',
          target.type,
          [target.type === 'user' ? 'User' : 'Group'],
          escalatesTo,
          name,
        );
      }
      let rota: ModelEscalationTarget['rota'];
      if (isObject(target.rota)) {
        const members = valuesAt(target.rota.members, `${tpath}.rota.members`)
          .map(([m, mpath]) =>
            add(m, mpath, 'rotaMember', 'user', ['User'], escalatesTo, name),
          )
          .filter((m): m is string => Boolean(m));
        rota = {
          members,
          rotation: String(target.rota.rotation ?? ''),
          handoverTime: text(target.rota.handoverTime),
          timeZone: text(target.rota.timeZone),
          start: String(target.rota.start ?? ''),
        };
      }
      targets.push({
        index: j,
        path: tpath,
        type,
        id,
        ...(ref ? { ref } : {}),
        ...(rota ? { rota } : {}),
      });
    });
    const conditions = isObject(level.conditions)
      ? {
          severity: Array.isArray(level.conditions.severity)
            ? (level.conditions.severity.map(String) as IncidentSeverity[])
            : undefined,
          customerImpact:
            typeof level.conditions.customerImpact === 'boolean'
              ? level.conditions.customerImpact
              : undefined,
        }
      : undefined;
    model.levels.push({
      index: i,
      path,
      level: typeof level.level === 'number' ? level.level : i + 1,
      name,
      escalateAfter: text(level.escalateAfter),
      escalateAfterMinutes: duration ? duration.as('minutes') : undefined,
      repeat: typeof level.repeat === 'number' ? level.repeat : 0,
      targets,
      ...(conditions ? { conditions } : {}),
      notify: Array.isArray(level.notify)
        ? (level.notify.filter(isObject) as NotificationChannel[])
        : [],
      notifyStakeholders: level.notifyStakeholders === true,
    });
  });
  model.notifyStakeholdersOnResolution =
    isObject(spec.notifications) &&
    spec.notifications.notifyStakeholdersOnResolution === true;
  model.stakeholders = addList(
    spec.stakeholders,
    'spec.stakeholders',
    'stakeholder',
    'group',
    PARTY_KINDS,
    [RELATION_HAS_STAKEHOLDER, RELATION_STAKEHOLDER_OF],
  );
}

function readMatrix(
  spec: Record<string, unknown>,
  model: OwnershipModel,
  _add: Add,
  addList: AddList,
) {
  model.appliesTo = addList(
    spec.appliesTo,
    'spec.appliesTo',
    'appliesTo',
    'component',
    RACI_APPLIES_TO_KINDS,
    [RELATION_RACI_APPLIES_TO, RELATION_HAS_RACI_MATRIX],
  );
  (Array.isArray(spec.activities) ? spec.activities : []).forEach(
    (activity, i) => {
      if (!isObject(activity)) {
        return;
      }
      const path = `spec.activities[${i}]`;
      const name = text(activity.name) ?? `#${i + 1}`;
      const row: ModelRaciActivity = {
        index: i,
        path,
        name,
        description: text(activity.description),
        responsible: [],
        accountable: [],
        consulted: [],
        informed: [],
        escalationPath: [],
        decisionAuthority: text(activity.decisionAuthority),
      };
      for (const { role, relation } of RACI_ROLES) {
        row[role] = addList(
          activity[role],
          `${path}.${role}`,
          role,
          'group',
          PARTY_KINDS,
          relation,
          name,
        );
      }
      model.activities.push(row);
    },
  );
}

/**
 * The distinct relations the suite's catalog module emits for an entity:
 * `[forward, reverse, targetRef]`.
 *
 * @public
 */
export function ownershipRelations(
  model: OwnershipModel,
): Array<{ type: string; reverse: string; targetRef: string }> {
  const seen = new Set<string>();
  const result: Array<{ type: string; reverse: string; targetRef: string }> =
    [];
  for (const r of model.refs) {
    if (!r.ref || !r.relation) {
      continue;
    }
    const key = `${r.relation[0]}|${r.ref}`;
    if (!seen.has(key)) {
      seen.add(key);
      result.push({
        type: r.relation[0],
        reverse: r.relation[1],
        targetRef: r.ref,
      });
    }
  }
  return result;
}

/**
 * The first ref of a role as the model reads it, else the value as written
 * (trimmed, lower case, at most 255 characters): a malformed owner stays
 * visible as not found rather than passing for no owner.
 *
 * @public
 */
export function refOrWritten(
  model: OwnershipModel,
  role: OwnershipRefRole,
): string | undefined {
  const found = model.refs.find(r => r.role === role);
  if (!found) {
    return undefined;
  }
  if (found.ref) {
    return found.ref;
  }
  const written =
    typeof found.written === 'string' || typeof found.written === 'number'
      ? String(found.written).trim().slice(0, 255)
      : '';
  return written ? written.toLocaleLowerCase('en-US') : undefined;
}
