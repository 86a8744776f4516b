import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  checkOwnershipRules,
  describeOrphanReasons,
  EntityOwnershipResponse,
  findingEntityRef,
  ModelEscalationTarget,
  OnCallShift,
  OnCallStatus,
  orphanReasonCodes,
  OrphanReasonSwitches,
  OwnershipCollaborator,
  OwnershipFinding,
  OwnershipPerson,
  OwnershipRef,
  OwnershipVerification,
  readOwnershipModel,
  refOrWritten,
  RELATION_HAS_RACI_MATRIX,
  readCatalogProcessingErrors,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { mergeFindings, refNotFound } from './findings';
import { OnCallResolver } from './OnCallResolver';
import { loadParties, lower, profileOf, ResolverCatalog } from './parties';
import { ResolverIndex } from './ResolverIndex';
import { Read, ownerTeam, resolveLevel, toRaciSummary } from './responseParts';
import { TeamLoader } from './TeamLoader';

const MAX_MATRICES = 50;

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

/** Options of {@link EntityOwnershipResolver}. */
export interface EntityOwnershipResolverOptions {
  catalog: ResolverCatalog;
  verification: {
    getStatus(
      entityRef: string,
      credentials?: BackstageCredentials,
    ): Promise<OwnershipVerification>;
  };
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
 * Resolves everything about one entity's ownership live from the catalog,
 * with the caller's credentials, so that nothing the caller may not read
 * ends up in the response. The entity, its policy and its RACI matrices are
 * read through readOwnershipModel only; the orphan reasons come from the
 * index, so the card and the coverage page say the same.
 */
export class EntityOwnershipResolver {
  constructor(private readonly options: EntityOwnershipResolverOptions) {}

  async getEntityOwnership(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityOwnershipResponse> {
    const { catalog, index } = this.options;
    const now = DateTime.fromJSDate(this.options.clock?.() ?? new Date());
    const entity = await catalog.getEntityByRef(entityRef, { credentials });
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    const ref = stringifyEntityRef(entity);
    const model = readOwnershipModel(entity);
    const block = model.block;
    const ownerGroup = model.owner?.startsWith('group:')
      ? model.owner
      : undefined;
    const teams = new TeamLoader(catalog, credentials);

    const [ownerParents, related, verification, indexed] = await Promise.all([
      ownerGroup
        ? teams.load([ownerGroup]).then(() => teams.parents(ownerGroup))
        : [],
      this.readRelated(entity, block?.escalationPolicy, credentials),
      this.options.verification.getStatus(ref, credentials),
      index.getEntityReasons(ref),
    ]);
    const { policy, matrices } = related;

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
    const reads = [
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
    const parties = await loadParties(catalog, partyRefs, credentials);

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
      ...checkOwnershipRules(entity, { now }),
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
          ...checkOwnershipRules(m.entity, { now }),
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
      ...(indexed.indexed && indexed.indexedAt
        ? { indexedAt: indexed.indexedAt.toISOString() }
        : {}),
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
    const matrixRefs = [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => r.type === RELATION_HAS_RACI_MATRIX)
          .map(r => lower(r.targetRef)),
      ),
    ]
      .sort()
      .slice(0, MAX_MATRICES);
    const refs = [...(policyRef ? [policyRef] : []), ...matrixRefs];
    if (!refs.length) {
      return { matrices: [] };
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials },
    );
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
