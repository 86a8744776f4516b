import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ESCALATION_POLICY_KIND,
  normalizeOwnershipRef,
  OWNERSHIP_BLOCK_KINDS,
  RACI_MATRIX_KIND,
} from '@service-ownership/plugin-ownership-common';
import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { StagedIndexRow } from '../database/OwnershipStore';
import {
  DbIndexEntityPayload,
  DbIndexGroupPayload,
  DbIndexLinkPayload,
  DbIndexLinkType,
  DbIndexPolicyPayload,
  DbIndexUserPayload,
} from '../database/tables';

/** Which entities count as services. */
export interface ServiceSelection {
  serviceKinds: string[];
  serviceTypes?: string[];
}

const BASE_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/**
 * One catalog stream of the refresh: the kinds it reads and only the fields
 * the index needs from them.
 */
export type IndexStream = { kinds: string[]; fields: string[] };

/**
 * The streams a refresh reads. Each kind gets only the fields the index
 * needs from it, because the catalog's cost of `fields` grows with their
 * number for every entity it returns (a path lookup each).
 */
export function indexStreams(selection: ServiceSelection): IndexStream[] {
  const single: Array<[kind: string, fields: string[]]> = [
    [
      'Group',
      [
        'metadata.title',
        'spec.profile.displayName',
        'spec.parent',
        'spec.children',
        'spec.members',
      ],
    ],
    [
      'User',
      ['spec.profile.displayName', 'spec.profile.email', 'spec.memberOf'],
    ],
    [ESCALATION_POLICY_KIND, ['metadata.title', 'spec.owner', 'spec.levels']],
    [RACI_MATRIX_KIND, ['spec.activities']],
  ];
  const taken = new Set(single.map(([kind]) => kind.toLowerCase()));
  const owned = uniqueKinds([
    ...OWNERSHIP_BLOCK_KINDS,
    ...selection.serviceKinds,
  ]).filter(kind => !taken.has(kind.toLowerCase()));
  const ownedFields = [
    'metadata.title',
    'spec.type',
    'spec.lifecycle',
    'spec.owner',
    'spec.system',
    'spec.ownership',
  ];
  return [
    ...(owned.length
      ? [{ kinds: owned, fields: [...BASE_FIELDS, ...ownedFields] }]
      : []),
    ...single.map(([kind, fields]) => ({
      kinds: [kind],
      fields: [...BASE_FIELDS, ...fields],
    })),
  ];
}

function uniqueKinds(kinds: string[]): string[] {
  const seen = new Set<string>();
  return kinds.filter(kind => {
    const key = kind.toLowerCase();
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function hash(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, max = 255): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return null;
  }
  const s = String(value).trim();
  return s ? s.slice(0, max) : null;
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  return value === undefined || value === null ? [] : [value];
}

/**
 * Builds the rows that the index stores for one entity (as returned with
 * INDEX_FIELDS). Refs are normalised the way the catalog does: relative to
 * the entity's namespace, lower case.
 */
export function entityToIndexRows(
  entity: Entity,
  selection: ServiceSelection,
): StagedIndexRow[] {
  const kind = String(entity.kind ?? '');
  const namespace = entity.metadata?.namespace ?? 'default';
  let entityRef: string;
  try {
    entityRef = stringifyEntityRef(entity);
  } catch {
    return [];
  }
  const spec = isObject(entity.spec) ? entity.spec : {};
  // normalizeOwnershipRef gives the catalog's lower-case form already
  const ref = (value: unknown, defaultKind: string, allowedKinds?: string[]) =>
    normalizeOwnershipRef(value, {
      defaultKind,
      defaultNamespace: namespace,
      allowedKinds,
    });
  const rows: StagedIndexRow[] = [];
  const link = (
    sourceRef: string | undefined,
    linkType: DbIndexLinkType,
    targetRef: string | undefined,
    detail = '',
  ) => {
    if (!sourceRef || !targetRef) {
      return;
    }
    const payload: DbIndexLinkPayload = {
      link_key: hash([sourceRef, linkType, targetRef, detail]),
      source_ref: sourceRef,
      link_type: linkType,
      target_ref: targetRef,
      detail,
    };
    rows.push({
      target: 'links',
      key: payload.link_key,
      hash: payload.link_key,
      payload,
    });
  };
  const lowerKind = kind.toLowerCase();

  if (lowerKind === 'group') {
    const profile = isObject(spec.profile) ? spec.profile : {};
    const payload: DbIndexGroupPayload = {
      entity_ref: entityRef,
      title:
        text(profile.displayName, 1000) ?? text(entity.metadata.title, 1000),
    };
    rows.push({
      target: 'groups',
      key: entityRef,
      hash: hash(payload),
      payload,
    });
    for (const member of list(spec.members)) {
      link(entityRef, 'member', ref(member, 'user', ['User']));
    }
    for (const child of list(spec.children)) {
      link(entityRef, 'child', ref(child, 'group', ['Group']));
    }
    link(ref(spec.parent, 'group', ['Group']), 'child', entityRef);
    return rows;
  }

  if (lowerKind === 'user') {
    const profile = isObject(spec.profile) ? spec.profile : {};
    const payload: DbIndexUserPayload = {
      entity_ref: entityRef,
      display_name: text(profile.displayName, 1000),
      email: text(profile.email, 1000),
    };
    rows.push({
      target: 'users',
      key: entityRef,
      hash: hash(payload),
      payload,
    });
    for (const group of list(spec.memberOf)) {
      link(ref(group, 'group', ['Group']), 'member', entityRef);
    }
    return rows;
  }

  if (lowerKind === 'escalationpolicy') {
    const payload: DbIndexPolicyPayload = {
      entity_ref: entityRef,
      title: text(entity.metadata.title, 1000),
      owner_ref: ref(spec.owner, 'group', ['Group', 'User']) ?? null,
    };
    rows.push({
      target: 'policies',
      key: entityRef,
      hash: hash(payload),
      payload,
    });
    list(spec.levels).forEach((level, i) => {
      if (!isObject(level)) {
        return;
      }
      const levelName = text(level.name, 200) ?? `Level ${i + 1}`;
      for (const target of list(level.targets)) {
        if (
          isObject(target) &&
          (target.type === 'user' || target.type === 'group')
        ) {
          const type = target.type;
          link(
            entityRef,
            'policy-target',
            ref(target.id, type, [type === 'user' ? 'User' : 'Group']),
            levelName,
          );
        }
      }
    });
    return rows;
  }

  if (lowerKind === 'racimatrix') {
    for (const activity of list(spec.activities)) {
      if (!isObject(activity)) {
        continue;
      }
      const name = text(activity.name, 200) ?? '';
      const roles: Array<[string, unknown]> = [
        ['R', activity.responsible],
        ['A', activity.accountable],
        ['C', activity.consulted],
        ['I', activity.informed],
      ];
      for (const [role, participants] of roles) {
        for (const participant of list(participants)) {
          link(
            entityRef,
            'raci',
            ref(participant, 'group', ['Group', 'User']),
            JSON.stringify([name, role]),
          );
        }
      }
    }
    return rows;
  }

  const ownership = isObject(spec.ownership) ? spec.ownership : {};
  const expiresText =
    ownership.expires === undefined || ownership.expires === null
      ? undefined
      : String(ownership.expires);
  const expiresParsed =
    expiresText === undefined
      ? undefined
      : DateTime.fromISO(expiresText, { zone: 'utc' });
  // As in the shared rules: a date-only expiry is still valid on that day and
  // counts as expired only once the day is over.
  const expires =
    expiresParsed && expiresText && !/T/i.test(expiresText)
      ? expiresParsed.endOf('day')
      : expiresParsed;
  const owner = text(spec.owner);
  const isService =
    selection.serviceKinds.some(k => k.toLowerCase() === lowerKind) &&
    (!selection.serviceTypes?.length ||
      selection.serviceTypes.includes(String(spec.type ?? '')));
  const title = text(entity.metadata.title, 1000);
  const payload: DbIndexEntityPayload = {
    entity_ref: entityRef,
    kind: kind.slice(0, 64),
    type: text(spec.type),
    title,
    title_lower: title?.toLocaleLowerCase('en-US') ?? null,
    lifecycle: text(spec.lifecycle),
    // A malformed owner is kept as written so it shows up as not found.
    owner_ref: owner ? ref(owner, 'group') ?? owner.toLowerCase() : null,
    system_ref: spec.system ? ref(spec.system, 'system') ?? null : null,
    tier: text(ownership.tier, 32),
    level: text(ownership.level, 32),
    escalation_policy_ref: ownership.escalationPolicy
      ? ref(ownership.escalationPolicy, 'escalationpolicy') ??
        text(ownership.escalationPolicy)?.toLowerCase() ??
        null
      : null,
    expires_at: expires?.isValid ? expires.toUTC().toISO() : null,
    is_service: isService,
  };
  rows.push({
    target: 'entities',
    key: entityRef,
    hash: hash(payload),
    payload,
  });
  return rows;
}
