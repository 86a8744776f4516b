import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ESCALATION_POLICY_KIND,
  formatCatalogProcessingErrors,
  OWNERSHIP_BLOCK_KINDS,
  OwnershipModel,
  OwnershipRefRole,
  RACI_MATRIX_KIND,
  RACI_ROLES,
  RaciRole,
  readCatalogProcessingErrors,
  readOwnershipModel,
  refOrWritten,
} from '@service-ownership/plugin-ownership-common';
import { createHash } from 'node:crypto';
import {
  DbIndexDocumentPayload,
  DbIndexEntityPayload,
  DbIndexGroupPayload,
  DbIndexGroupProfile,
  DbIndexLinkPayload,
  DbIndexLinkType,
  DbIndexPolicyPayload,
  DbIndexUserPayload,
  DbIndexUserProfile,
} from '../database/tables';
import { RACI_APPLIES_TO_LINK } from './DatabaseHandoffStakeholders';
import { StagedIndexRow } from './IndexStore';

/** Which entities count as services. */
export interface ServiceSelection {
  serviceKinds: string[];
  serviceTypes?: string[];
}

const BASE_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/**
 * What the owner card reads of an entity besides the model's spec fields:
 * uid and etag key its memo of the model, and `status.items` holds the
 * catalog's processing errors (it keeps the last good version).
 */
const DOCUMENT_FIELDS = [
  'apiVersion',
  'metadata.title',
  'metadata.uid',
  'metadata.etag',
  'status.items',
];

/** The spec fields readOwnershipModel reads of an entity with a block. */
const MODEL_SPEC_FIELDS = ['owner', 'system', 'ownership'];

/** The status item type under which the catalog reports processing errors. */
const PROCESSING_TYPE = 'backstage.io/catalog-processing';

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
        'spec.profile.email',
        'spec.parent',
        'spec.children',
        'spec.members',
      ],
    ],
    [
      'User',
      [
        'spec.profile.displayName',
        'spec.profile.email',
        'spec.profile.picture',
        'spec.memberOf',
      ],
    ],
    // the whole spec: the owner card resolves policies and matrices from
    // the index (documentRow)
    [ESCALATION_POLICY_KIND, [...DOCUMENT_FIELDS, 'spec']],
    [RACI_MATRIX_KIND, [...DOCUMENT_FIELDS, 'spec']],
  ];
  const taken = new Set(single.map(([kind]) => kind.toLowerCase()));
  const owned = uniqueKinds([
    ...OWNERSHIP_BLOCK_KINDS,
    ...selection.serviceKinds,
  ]).filter(kind => !taken.has(kind.toLowerCase()));
  const ownedFields = [
    ...DOCUMENT_FIELDS,
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

/**
 * Bump when entityToIndexRows changes what it makes of an entity, so that
 * the next refresh is a full one even where the catalog has not changed.
 */
const ROWS_VERSION = '2027-02-07';

/**
 * A digest of the catalog as the index reads it: the etags of the entities
 * of `kinds` (the catalog changes an entity's etag whenever its final form,
 * relations and status included, changes), the service selection and the
 * row format. Undefined when an entity has no etag: then nothing can be
 * skipped.
 */
export function catalogDigest(
  etags: Array<string | undefined>,
  selection: ServiceSelection,
): string | undefined {
  if (etags.some(etag => !etag)) {
    return undefined;
  }
  return hash([
    ROWS_VERSION,
    indexStreams(selection),
    selection.serviceTypes ?? null,
    [...(etags as string[])].sort(),
  ]);
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

function text(value: unknown, max = 255): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') {
    return null;
  }
  const s = String(value).trim();
  return s ? s.slice(0, max) : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The letter a RACI role is stored under in a `raci` link's detail. */
const RACI_LETTERS: ReadonlyMap<OwnershipRefRole, RaciRole> = new Map(
  RACI_ROLES.map(r => [r.role, r.letter]),
);

/**
 * The links of one entity, from the model's refs: what the team view and
 * the member counts walk. Malformed refs (no `ref`) make no link.
 */
function modelLinks(
  entityRef: string,
  model: OwnershipModel,
): DbIndexLinkPayload[] {
  const links: DbIndexLinkPayload[] = [];
  const link = (
    source: string,
    type: DbIndexLinkType,
    target: string,
    detail = '',
  ) => {
    links.push({
      link_key: hash([source, type, target, detail]),
      source_ref: source,
      link_type: type,
      target_ref: target,
      detail,
    });
  };
  for (const r of model.refs) {
    if (!r.ref) {
      continue;
    }
    const raciRole = RACI_LETTERS.get(r.role);
    if (raciRole) {
      link(
        entityRef,
        'raci',
        r.ref,
        JSON.stringify([r.context ?? '', raciRole]),
      );
      continue;
    }
    switch (r.role) {
      case 'member':
        link(entityRef, 'member', r.ref);
        break;
      case 'memberOf':
        link(r.ref, 'member', entityRef);
        break;
      case 'child':
        link(entityRef, 'child', r.ref);
        break;
      case 'parent':
        link(r.ref, 'child', entityRef);
        break;
      case 'policyTarget':
        link(entityRef, 'policy-target', r.ref, r.context ?? '');
        break;
      case 'collaborator':
        link(entityRef, 'collaborator', r.ref);
        break;
      case 'appliesTo':
        link(entityRef, RACI_APPLIES_TO_LINK, r.ref);
        break;
      default:
        break;
    }
  }
  return links;
}

/** A policy row with its response SLA (ownership_index_policies.response_sla_minutes). */
export type DbIndexPolicySlaPayload = DbIndexPolicyPayload & {
  response_sla_minutes: number | null;
};

/**
 * The response SLA of a policy: its first level's escalateAfter in whole
 * minutes (at least 1), null when missing or unparseable.
 */
export function responseSlaMinutes(
  levels: Array<{ escalateAfterMinutes?: number }>,
): number | null {
  const minutes = levels[0]?.escalateAfterMinutes;
  return minutes === undefined ? null : Math.max(1, Math.round(minutes));
}

/**
 * An entity as the owner card reads it back from the index instead of the
 * catalog: enough for readOwnershipModel, the ownership rules and the
 * card (kind, metadata name, namespace, title, uid and etag, the catalog's
 * processing errors, and the whole spec of a policy or matrix but only the
 * model's fields of other kinds, whose spec may hold large definitions).
 * Relations are not stored: the card reads only `hasRaciMatrix`, which the
 * index answers from the matrices' `appliesTo` links.
 */
function documentRow(entity: Entity, entityRef: string): StagedIndexRow {
  const { name, namespace, title, uid, etag } = entity.metadata;
  const spec = isObject(entity.spec) ? entity.spec : {};
  const suiteKind =
    entity.kind === ESCALATION_POLICY_KIND || entity.kind === RACI_MATRIX_KIND;
  const errors = (entity as { status?: { items?: unknown } }).status?.items;
  const items = (Array.isArray(errors) ? errors : []).filter(
    item =>
      isObject(item) && item.type === PROCESSING_TYPE && item.level === 'error',
  );
  const payload: DbIndexDocumentPayload = {
    entity_ref: entityRef,
    kind: entity.kind.slice(0, 64),
    document: JSON.stringify({
      apiVersion: entity.apiVersion,
      kind: entity.kind,
      metadata: {
        name,
        namespace,
        ...(title ? { title } : {}),
        ...(uid ? { uid } : {}),
        ...(etag ? { etag } : {}),
      },
      spec: suiteKind
        ? spec
        : Object.fromEntries(
            MODEL_SPEC_FIELDS.filter(f => spec[f] !== undefined).map(f => [
              f,
              spec[f],
            ]),
          ),
      ...(items.length ? { status: { items } } : {}),
    }),
  };
  return row('documents', entityRef, payload);
}

function row(
  target: StagedIndexRow['target'],
  key: string,
  payload: object,
): StagedIndexRow {
  return { target, key, hash: hash(payload), payload };
}

/**
 * Builds the rows that the index stores for one entity (as streamed with
 * indexStreams' fields). Every ref comes from readOwnershipModel, in the
 * catalog's lower-case form relative to the entity's namespace.
 */
export function entityToIndexRows(
  entity: Entity,
  selection: ServiceSelection,
): StagedIndexRow[] {
  let entityRef: string;
  try {
    entityRef = stringifyEntityRef(entity);
  } catch {
    return [];
  }
  const model = readOwnershipModel(entity);
  const kind = model.kind;
  const lowerKind = kind.toLowerCase();
  const spec = isObject(entity.spec) ? entity.spec : {};
  const rows: StagedIndexRow[] = modelLinks(entityRef, model).map(l =>
    row('links', l.link_key, l),
  );
  const title = text(entity.metadata.title, 1000);

  if (lowerKind === 'group') {
    const profile = isObject(spec.profile) ? spec.profile : {};
    const groupTitle = text(profile.displayName, 1000) ?? title;
    const payload: DbIndexGroupPayload & DbIndexGroupProfile = {
      entity_ref: entityRef,
      title: groupTitle,
      title_lower: groupTitle?.toLocaleLowerCase('en-US') ?? null,
      email: text(profile.email, 1000),
    };
    return [row('groups', entityRef, payload), ...rows];
  }

  if (lowerKind === 'user') {
    const profile = isObject(spec.profile) ? spec.profile : {};
    const payload: DbIndexUserPayload & DbIndexUserProfile = {
      entity_ref: entityRef,
      display_name: text(profile.displayName, 1000),
      email: text(profile.email, 1000),
      picture: text(profile.picture, 2000),
    };
    return [row('users', entityRef, payload), ...rows];
  }

  if (kind === ESCALATION_POLICY_KIND) {
    const payload: DbIndexPolicySlaPayload = {
      entity_ref: entityRef,
      title,
      owner_ref: model.owner ?? null,
      response_sla_minutes: responseSlaMinutes(model.levels),
    };
    return [
      row('policies', entityRef, payload),
      documentRow(entity, entityRef),
      ...rows,
    ];
  }

  if (kind === RACI_MATRIX_KIND) {
    return [documentRow(entity, entityRef), ...rows];
  }

  const block = model.block;
  const isService =
    selection.serviceKinds.some(k => k.toLowerCase() === lowerKind) &&
    (!selection.serviceTypes?.length ||
      selection.serviceTypes.includes(String(spec.type ?? '')));
  const payload: DbIndexEntityPayload = {
    entity_ref: entityRef,
    kind: kind.slice(0, 64),
    type: text(spec.type),
    title,
    title_lower: title?.toLocaleLowerCase('en-US') ?? null,
    lifecycle: text(spec.lifecycle),
    owner_ref: refOrWritten(model, 'owner') ?? null,
    system_ref: model.refs.find(r => r.role === 'system')?.ref ?? null,
    tier: text(block?.tier, 32),
    level: text(block?.level, 32),
    escalation_policy_ref: refOrWritten(model, 'escalationPolicy') ?? null,
    expires_at: block?.expiresAt ?? null,
    is_service: isService,
    processing_error:
      formatCatalogProcessingErrors(readCatalogProcessingErrors(entity)) ??
      null,
  };
  return [
    row('entities', entityRef, payload),
    documentRow(entity, entityRef),
    ...rows,
  ];
}
