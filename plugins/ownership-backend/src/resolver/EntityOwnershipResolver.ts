import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  isError,
  NotFoundError,
  ServiceUnavailableError,
  stringifyError,
} from '@backstage/errors';
import { KnownVerification } from '../verification/VerificationStore';
import {
  checkOwnershipRules,
  describeOrphanReasons,
  ESCALATION_POLICY_KIND,
  EntityOwnershipResponse,
  findingEntityRef,
  ModelEscalationTarget,
  OnCallShift,
  OnCallStatus,
  orphanReasonCodes,
  RACI_MATRIX_KIND,
  OrphanReasonSwitches,
  OwnershipCollaborator,
  OwnershipFinding,
  OwnershipModel,
  OwnershipPerson,
  OwnershipRef,
  OwnershipVerification,
  readOwnershipModel,
  refOrWritten,
  RELATION_HAS_RACI_MATRIX,
  readCatalogProcessingErrors,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { CatalogReadChecks } from './CatalogReadDecisions';
import { mergeFindings, refNotFound } from './findings';
import { IndexTeamLoader } from './IndexTeamLoader';
import { OnCallResolver } from './OnCallResolver';
import { loadParties, lower, profileOf, ResolverCatalog } from './parties';
import { ResolverIndex } from './ResolverIndex';
import { Read, ownerTeam, resolveLevel, toRaciSummary } from './responseParts';
import { TeamLoader, Teams } from './TeamLoader';

const MAX_MATRICES = 50;

// The index hands out the same document objects until its next refresh.
const documentModels = new WeakMap<Entity, OwnershipModel>();
function documentModel(document: Entity): OwnershipModel {
  let model = documentModels.get(document);
  if (!model) {
    model = readOwnershipModel(document);
    documentModels.set(document, model);
  }
  return model;
}

// The rules of policies and matrices do not depend on the time (only an
// ownership block's expiry does), so a document's findings are its own.
const documentFindings = new WeakMap<Entity, OwnershipFinding[]>();
function checkDocument(document: Entity, now: DateTime): OwnershipFinding[] {
  const timeless =
    document.kind === ESCALATION_POLICY_KIND ||
    document.kind === RACI_MATRIX_KIND;
  let findings = timeless ? documentFindings.get(document) : undefined;
  if (!findings) {
    findings = checkOwnershipRules(document, { now });
    if (timeless) {
      documentFindings.set(document, findings);
    }
  }
  return findings;
}

/**
 * The model and the rule findings of the catalog's entities by uid and etag
 * (the catalog gives an entity a new etag whenever it changes), so that a
 * card read again reads the model once; bounded, oldest out first.
 */
class EntityMemo {
  private readonly entries = new Map<
    string,
    { model: OwnershipModel; findings: Map<boolean, OwnershipFinding[]> }
  >();

  constructor(private readonly max = 2_000) {}

  private entry(entity: Entity) {
    const { uid, etag } = entity.metadata;
    if (!uid || !etag) {
      return undefined;
    }
    const key = `${uid}\u0000${etag}`;
    let entry = this.entries.get(key);
    if (!entry) {
      if (this.entries.size >= this.max) {
        this.entries.delete(this.entries.keys().next().value!);
      }
      entry = { model: readOwnershipModel(entity), findings: new Map() };
      this.entries.set(key, entry);
    }
    return entry;
  }

  model(entity: Entity): OwnershipModel {
    return this.entry(entity)?.model ?? readOwnershipModel(entity);
  }

  /** Only an ownership block's expiry depends on the time. */
  findings(entity: Entity, now: DateTime): OwnershipFinding[] {
    const entry = this.entry(entity);
    if (!entry) {
      return checkOwnershipRules(entity, { now });
    }
    const expiresAt = entry.model.block?.expiresAt;
    const expired = Boolean(expiresAt && DateTime.fromISO(expiresAt) < now);
    let findings = entry.findings.get(expired);
    if (!findings) {
      findings = checkOwnershipRules(entity, { now });
      entry.findings.set(expired, findings);
    }
    return findings;
  }
}

const DEFAULT_RULES: OrphanReasonSwitches = {
  tier1RequiresEscalationPolicy: true,
  warnSingleMemberTeams: true,
};

/** Whether the ownership is overdue for verification, as the index counts it. */
function isOverdue(verification: OwnershipVerification, now: Date): boolean {
  if (verification.status === 'due') {
    return true;
  }
  // strictly after the due moment, as the index counts it
  return Boolean(
    verification.status === 'never' &&
      verification.dueAt &&
      Date.parse(verification.dueAt) < now.getTime(),
  );
}

/**
 * Kinds whose refs are checked for existence: the ones the index knows, so
 * that a ref the caller may not read is told apart from a missing one.
 */
const CHECKED_KINDS = ['user:', 'group:', 'escalationpolicy:'];
const isParty = (ref: string) =>
  ref.startsWith('user:') || ref.startsWith('group:');

/**
 * Whether a ref of the model is checked for existence: the suite's own
 * fields (those with a relation) and spec.owner. The org structure of a
 * Group or User is the catalog's business.
 */
function isChecked(r: OwnershipRef): r is OwnershipRef & { ref: string } {
  return (
    Boolean(r.ref) &&
    Boolean(r.relation || r.role === 'owner') &&
    CHECKED_KINDS.some(k => r.ref!.startsWith(k))
  );
}

/**
 * Where the resolver reads everything but the entity itself: `index` (the
 * suite's index, with one batched permission check of what it shows) or
 * `live` (the catalog, with the caller's credentials, several calls).
 */
export type ResolverSource = 'index' | 'live';

// Errors the catalog answers on purpose; anything else means it is not there.
const CATALOG_ANSWERS = [
  'NotAllowedError',
  'AuthenticationError',
  'InputError',
  'NotFoundError',
];

/**
 * The catalog, with every failure to reach it turned into a 503 that says
 * so: the card is resolved whole or not at all.
 */
function guardCatalog(
  catalog: ResolverCatalog,
  entityRef: string,
): ResolverCatalog {
  const guard = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (isError(error) && CATALOG_ANSWERS.includes(error.name)) {
        throw error;
      }
      throw new ServiceUnavailableError(
        `The catalog is unavailable, so the ownership of ${entityRef} cannot be resolved; try again shortly (${stringifyError(
          error,
        )})`,
      );
    }
  };
  return {
    getEntityByRef: (ref, options) =>
      guard(() => catalog.getEntityByRef(ref, options)),
    getEntitiesByRefs: (request, options) =>
      guard(() => catalog.getEntitiesByRefs(request, options)),
  };
}

/** The RACI matrices that apply to the entity, from its relations. */
function raciMatrixRefs(entity: Entity): string[] {
  return [
    ...new Set(
      (entity.relations ?? [])
        .filter(r => r.type === RELATION_HAS_RACI_MATRIX)
        .map(r => lower(r.targetRef)),
    ),
  ]
    .sort()
    .slice(0, MAX_MATRICES);
}

/** Options of {@link EntityOwnershipResolver}. */
export interface EntityOwnershipResolverOptions {
  catalog: ResolverCatalog;
  /**
   * The verification status, from the stored verification the index read
   * with its facts. Whether the caller may verify is not part of the card:
   * that decision is conditional on the entity (the permission backend asks
   * the catalog), and the card's verification section asks for it apart.
   */
  verification: {
    getStatus(
      entityRef: string,
      known?: KnownVerification,
    ): Promise<OwnershipVerification>;
  };
  /**
   * The caller's catalog.entity.read of everything the index source shows
   * (the entity, every user, group, policy and matrix), at most one call per
   * card. Without it the resolver reads everything live.
   */
  readChecks?: CatalogReadChecks;
  /**
   * The plugin's own credentials. With them and `readChecks`, the index
   * source reads an entity the index does not hold yet from the catalog as
   * the plugin and puts the caller's catalog.entity.read of it into the one
   * batched check, so that the catalog makes no permission call of its own;
   * the caller still gets a 404 for an entity they may not read. (An entity
   * the index holds is read from the index, its read check batched alike.)
   */
  auth?: Pick<AuthService, 'getOwnServiceCredentials'>;
  /** Default `index` (falls back to `live` before the first index refresh). */
  source?: ResolverSource;
  /** The plugin's index, read with the plugin's own credentials. */
  index: ResolverIndex;
  onCall: OnCallResolver;
  /** The coverage policy's switches, for reasons checked live. */
  rules?: OrphanReasonSwitches;
  clock?: () => Date;
}

/** Kinds that own nothing themselves: no orphan reasons for them. */
const PARTY_OR_LOCATION_KINDS = ['user', 'group', 'location'];

/**
 * Resolves everything about one entity's ownership so that nothing the
 * caller may not read ends up in the response: from the suite's index with
 * one batched check of the caller's catalog.entity.read of the entity and
 * of every ref shown (source `index`), or live from the catalog with the
 * caller's credentials (source `live`). The entity, its policy and its RACI
 * matrices are read through readOwnershipModel only; the orphan reasons
 * come from the index, so the card and the coverage page say the same.
 */
export class EntityOwnershipResolver {
  private readonly entities = new EntityMemo();

  constructor(private readonly options: EntityOwnershipResolverOptions) {}

  async getEntityOwnership(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityOwnershipResponse> {
    const { index, readChecks, auth } = this.options;
    const catalog = guardCatalog(this.options.catalog, entityRef);
    const now = DateTime.fromJSDate(this.options.clock?.() ?? new Date());
    const entityNotFound = () =>
      new NotFoundError(`Entity ${entityRef} not found`);
    // The index source reads the entity from the index when the last
    // refresh stored it, and from the catalog otherwise (registered since):
    // as the plugin when it may, with the caller's read of the entity in
    // the one batched check below, or else with the caller's credentials.
    const indexSource = this.options.source !== 'live' && Boolean(readChecks);
    const readsAsPlugin = indexSource && Boolean(auth);
    let facts = indexSource ? await this.indexFacts(entityRef) : undefined;
    let entity = facts?.indexedAt
      ? await index.getEntity(entityRef)
      : undefined;
    const entityFromIndex = Boolean(entity);
    if (!entity) {
      entity = await catalog.getEntityByRef(entityRef, {
        credentials: readsAsPlugin
          ? await auth!.getOwnServiceCredentials()
          : credentials,
      });
    }
    if (!entity) {
      throw entityNotFound();
    }
    const ref = stringifyEntityRef(entity);
    if (!facts || ref !== entityRef) {
      facts = await this.indexFacts(ref);
    }
    const { handoffs } = facts;
    const indexed = facts;
    // Before the first refresh the index knows nobody: read live.
    const fromIndex = indexSource && Boolean(indexed.indexedAt);
    if (readsAsPlugin && !fromIndex) {
      entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) {
        throw entityNotFound();
      }
    }
    const checksEntityRead = fromIndex && (entityFromIndex || readsAsPlugin);
    const model = this.entities.model(entity);
    const block = model.block;
    const ownerGroup = model.owner?.startsWith('group:')
      ? model.owner
      : undefined;
    const indexTeams = fromIndex ? new IndexTeamLoader(index) : undefined;
    const teams: Teams = indexTeams ?? new TeamLoader(catalog, credentials);
    const verificationStatus = this.options.verification.getStatus(
      ref,
      facts.stored,
    );
    // awaited below; a failure before then must not go unhandled
    verificationStatus.catch(() => undefined);

    const [liveParents, related] = await Promise.all([
      ownerGroup
        ? teams
            .load([ownerGroup])
            .then(() =>
              indexTeams
                ? indexTeams.loadParents(ownerGroup).then(() => [])
                : teams.parents(ownerGroup),
            )
        : [],
      fromIndex
        ? this.readRelatedFromIndex(entity, block?.escalationPolicy)
        : this.readRelated(entity, block?.escalationPolicy, credentials),
    ]);
    let { policy, matrices } = related;

    // Group targets and the on-call of the schedules of the policy
    const targets = policy?.model.levels.flatMap(l => l.targets) ?? [];
    const groupTargets = targets
      .filter(t => t.type === 'group' && t.ref)
      .map(t => t.ref!);
    const scheduleTargets = new Map<string, ModelEscalationTarget>();
    for (const t of targets) {
      if (t.type === 'schedule' && !scheduleTargets.has(t.id)) {
        scheduleTargets.set(t.id, t);
      }
    }
    const schedules = new Map<string, OnCallStatus | undefined>();
    await Promise.all([
      teams.load(groupTargets),
      ...[...scheduleTargets.values()].map(async t => {
        const status = await this.options.onCall.getOnCall({
          schedule: t.id,
          target: { type: t.type, id: t.id, rota: t.rota },
          policyRef: policy!.ref,
          now,
        });
        schedules.set(t.id, status);
      }),
    ]);

    // Every user and group the response names, in one catalog call
    const reads: Read[] = [
      { ref, entity, model },
      ...(policy ? [policy] : []),
      ...matrices,
    ];
    const partyRefs = new Set<string>();
    for (const r of reads.flatMap(read => read.model.refs)) {
      if (isChecked(r) && isParty(r.ref) && !teams.has(r.ref)) {
        partyRefs.add(r.ref);
      }
    }
    const teamOf = (groupRef: string) => teams.team(groupRef);
    const groupRefs = [...(ownerGroup ? [ownerGroup] : []), ...groupTargets];
    groupRefs.forEach(g => teamOf(g).memberRefs.forEach(m => partyRefs.add(m)));
    for (const status of schedules.values()) {
      for (const shift of [status?.current, status?.next]) {
        if (shift) {
          partyRefs.add(lower(shift.person.entityRef));
        }
      }
    }
    const parties = fromIndex
      ? await this.partiesFromIndex(partyRefs)
      : await loadParties(catalog, partyRefs, credentials);

    if (indexTeams) {
      // One check of everything the index is about to show (one permission
      // call at most): what the caller may not read is dropped here exactly
      // as the catalog would have left it out.
      const shown = [
        ...new Set([
          ...parties.keys(),
          ...indexTeams.refs().filter(g => indexTeams.entity(g)),
          ...(policy ? [policy.ref] : []),
          ...matrices.map(m => m.ref),
        ]),
      ];
      const readable = await readChecks!.canRead(
        checksEntityRead ? [ref, ...shown] : shown,
        credentials,
      );
      if (checksEntityRead && !readable.shift()) {
        throw entityNotFound();
      }
      const hidden = new Set(shown.filter((_, i) => !readable[i]));
      hidden.forEach(r => parties.delete(r));
      indexTeams.hide(hidden);
      if (policy && hidden.has(policy.ref)) {
        policy = undefined;
        scheduleTargets.clear();
        schedules.clear();
      }
      matrices = matrices.filter(m => !hidden.has(m.ref));
      reads.splice(
        1,
        reads.length - 1,
        ...(policy ? [policy] : []),
        ...matrices,
      );
    }
    const ownerParents =
      indexTeams && ownerGroup ? await teams.parents(ownerGroup) : liveParents;
    const verification = await verificationStatus;

    const person = (value: string): OwnershipPerson =>
      parties.get(lower(value)) ?? { entityRef: lower(value), exists: false };
    const shift = (s?: OnCallShift): OnCallShift | undefined =>
      s && {
        ...s,
        person: parties.get(lower(s.person.entityRef)) ?? {
          ...s.person,
          exists: false,
        },
      };
    const onCall: OnCallStatus[] = [...scheduleTargets.keys()]
      .map(id => schedules.get(id))
      .filter((s): s is OnCallStatus => Boolean(s))
      .map(s => ({ ...s, current: shift(s.current), next: shift(s.next) }));
    const collaborator = (value: string): OwnershipCollaborator => {
      const group = teams.entity(value);
      const party = group
        ? { exists: true, ...profileOf(group) }
        : person(value);
      return {
        entityRef: value,
        kind: value.startsWith('user:') ? 'User' : 'Group',
        exists: party.exists,
        displayName: party.displayName,
      };
    };

    // Refs that match nothing the caller may read, unless the index knows them
    const exists = (r: string) =>
      parties.has(r) ||
      Boolean(teams.entity(r)) ||
      reads.some(read => lower(read.ref) === r);
    const missing = reads.flatMap(read =>
      read.model.refs
        .filter(isChecked)
        .filter(r => !exists(r.ref))
        .map(r => ({ read, r })),
    );
    const known = missing.length
      ? await index.filterIndexedRefs([...new Set(missing.map(m => m.r.ref))])
      : new Set<string>();
    const notFound = new Map<Read, OwnershipFinding[]>();
    for (const { read, r } of missing.filter(m => !known.has(m.r.ref))) {
      const list = notFound.get(read) ?? [];
      list.push(refNotFound(findingEntityRef(read.entity), r));
      notFound.set(read, list);
    }

    const catalogErrors = readCatalogProcessingErrors(entity);
    const subject = findingEntityRef(entity);
    const live = [
      ...this.entities.findings(entity, now),
      ...(notFound.get(reads[0]) ?? []),
      ...(policy ? notFound.get(policy) ?? [] : []),
    ];
    const found = (r: string | undefined) =>
      Boolean(r && (exists(r) || known.has(r)));
    // As the index reads them: a malformed owner or policy stays visible as
    // not found, and a group's members count whoever may read them.
    const ownerRef = refOrWritten(model, 'owner');
    const policyRef = refOrWritten(model, 'escalationPolicy');
    const ownerMembers =
      ownerGroup && !indexed.indexed
        ? (await index.getGroupMemberCount(ownerGroup)) ??
          teamOf(ownerGroup).memberRefs.filter(m => parties.has(m)).length
        : 0;
    const liveReasons = PARTY_OR_LOCATION_KINDS.includes(
      entity.kind.toLocaleLowerCase('en-US'),
    )
      ? []
      : describeOrphanReasons(
          orphanReasonCodes(
            {
              owner: ownerRef,
              ownerFound: found(model.owner),
              memberCount: ownerMembers,
              tier: block?.tier,
              escalationPolicy: policyRef,
              escalationPolicyFound: found(block?.escalationPolicy),
              expiresAt: block?.expiresAt,
              verificationOverdue: isOverdue(verification, now.toJSDate()),
              catalogErrorCount: catalogErrors.length,
              completedHandoffTo: handoffs.completedHandoffTo,
              now: now.toJSDate(),
            },
            this.options.rules ?? DEFAULT_RULES,
          ),
          {
            owner: ownerRef,
            escalationPolicy: policyRef,
            expiresAt: block?.expiresAt,
            verifiedAt: verification.verifiedAt,
            verificationPeriodDays: verification.periodDays,
            handoffTo: handoffs.completedHandoffTo,
          },
        );

    const owner = ownerTeam(model.owner, {
      team: ownerGroup
        ? { ...teamOf(ownerGroup), parents: ownerParents }
        : undefined,
      person,
    });
    return {
      entityRef: ref,
      title: entity.metadata.title,
      owner,
      hasOwnershipBlock: Boolean(block),
      primary: block?.primary ? person(block.primary) : undefined,
      secondary: block?.secondary ? person(block.secondary) : undefined,
      channels: block?.channels ?? {},
      tier: block?.tier,
      level: block?.level,
      feature: block?.feature,
      expires: block?.expires,
      transferTo: block?.transferTo
        ? collaborator(block.transferTo)
        : undefined,
      collaborators: model.refs
        .filter(r => r.role === 'collaborator' && r.ref)
        .map(r => collaborator(r.ref!)),
      workingHours: block?.workingHours ?? {},
      escalationPolicy: block?.escalationPolicy
        ? {
            entityRef: policy?.ref ?? block.escalationPolicy,
            exists: Boolean(policy),
            title: policy?.entity.metadata.title,
            levels: (policy?.model.levels ?? []).map(level =>
              resolveLevel(
                level,
                target => {
                  if (target.type === 'user') {
                    return target.ref ? [person(target.ref)] : [];
                  }
                  if (target.type === 'group' && target.ref) {
                    return teamOf(target.ref).memberRefs.map(person);
                  }
                  return [];
                },
                id => shift(schedules.get(id)?.current),
              ),
            ),
          }
        : undefined,
      onCall,
      raci: matrices.map(m =>
        toRaciSummary(m, [
          ...checkDocument(m.entity, now),
          ...(notFound.get(m) ?? []),
        ]),
      ),
      findings: mergeFindings({
        entityRef: subject,
        live,
        catalogErrors,
        index: indexed,
        liveReasons,
      }),
      catalogErrors,
      verification,
      indexed: indexed.indexed,
      ...((indexed.indexed || fromIndex) && indexed.indexedAt
        ? { indexedAt: indexed.indexedAt.toISOString() }
        : {}),
      ...(handoffs.open ? { handoff: handoffs.open } : {}),
    };
  }

  /**
   * The entity's orphan reasons, handoffs and stored verification, as the
   * index holds them at one moment.
   */
  private indexFacts(ref: string) {
    return this.options.index.getEntityFacts(ref);
  }

  /** The users and groups among `refs` that the index holds. */
  private async partiesFromIndex(
    refs: Iterable<string>,
  ): Promise<Map<string, OwnershipPerson>> {
    const found = await this.options.index.getParties([...refs]);
    return new Map(
      [...found.values()].map(p => [
        p.entityRef,
        {
          entityRef: p.entityRef,
          exists: true,
          displayName: p.displayName,
          email: p.email,
          picture: p.picture,
        },
      ]),
    );
  }

  /** The policy and the matrices as the index holds them (see readRelated). */
  private async readRelatedFromIndex(
    entity: Entity,
    policyRef: string | undefined,
  ): Promise<{ policy?: Read; matrices: Read[] }> {
    const matrixRefs = raciMatrixRefs(entity);
    const refs = [...(policyRef ? [policyRef] : []), ...matrixRefs];
    if (!refs.length) {
      return { matrices: [] };
    }
    const documents = await this.options.index.getDocuments(refs);
    const read = (r: string): Read[] => {
      const document = documents.get(r);
      return document
        ? [{ ref: r, entity: document, model: documentModel(document) }]
        : [];
    };
    return {
      policy: policyRef ? read(policyRef)[0] : undefined,
      matrices: matrixRefs.flatMap(read),
    };
  }

  /**
   * The escalation policy and the RACI matrices that apply to the entity, in
   * one catalog call. The matrices are the targets of the entity's
   * `hasRaciMatrix` relations: the catalog module emits that relation for
   * every matrix whose `appliesTo` names the entity (a catalog query by
   * `relations.raciAppliesTo` costs 50 to 150 ms per request at 10k
   * entities on SQLite).
   */
  private async readRelated(
    entity: Entity,
    policyRef: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<{ policy?: Read; matrices: Read[] }> {
    const matrixRefs = raciMatrixRefs(entity);
    const refs = [...(policyRef ? [policyRef] : []), ...matrixRefs];
    if (!refs.length) {
      return { matrices: [] };
    }
    const { items } = await guardCatalog(
      this.options.catalog,
      stringifyEntityRef(entity),
    ).getEntitiesByRefs({ entityRefs: refs }, { credentials });
    const found = new Map<string, Read>();
    for (const item of items) {
      if (item) {
        const ref = lower(stringifyEntityRef(item));
        found.set(ref, { ref, entity: item, model: readOwnershipModel(item) });
      }
    }
    return {
      policy: policyRef ? found.get(policyRef) : undefined,
      matrices: matrixRefs.flatMap(r => found.get(r) ?? []),
    };
  }
}
