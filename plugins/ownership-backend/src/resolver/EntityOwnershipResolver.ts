import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  checkOwnershipRules,
  EntityOwnershipResponse,
  EntityRaciSummary,
  EntityWithOwnership,
  EscalationLevel,
  EscalationTarget,
  findingEntityRef,
  normalizeOwnershipRef,
  OnCallShift,
  OnCallStatus,
  OwnershipFinding,
  OwnershipPerson,
  OwnershipTeam,
  parseOwnershipDuration,
  RaciActivity,
  RELATION_HAS_RACI_MATRIX,
  ResolvedEscalationLevel,
  ResolvedEscalationPolicy,
  ResolvedEscalationTarget,
} from '@service-ownership/plugin-ownership-common';
import { DateTime } from 'luxon';
import { OwnershipStore } from '../database/OwnershipStore';
import { OnCallResolver } from './OnCallResolver';
import { VerificationService } from '../service/VerificationService';

const PERSON_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
  'spec.profile.email',
  'spec.profile.picture',
];
const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'spec.profile.displayName',
  'spec.profile.email',
  'spec.parent',
  'spec.children',
  'spec.members',
  'relations',
];

// Bounds for very large organisations: a team card is not an org chart.
const MAX_GROUPS = 100;
const MAX_MEMBERS = 500;
const MAX_PARENTS = 20;
const MAX_MATRICES = 50;

type Catalog = Pick<CatalogService, 'getEntityByRef' | 'getEntitiesByRefs'>;

/** A ref in the entity or a related policy or matrix that must exist. */
type RefCheck = {
  /** The entity the ref is written in. */
  subject: string;
  path: string;
  ref: string;
  exists: boolean;
  fix: string;
};

const RACI_ROLES = [
  'responsible',
  'accountable',
  'consulted',
  'informed',
  'escalationPath',
] as const;

type ResolvedTeam = {
  entity?: Entity;
  memberRefs: string[];
  parents: Array<{ entityRef: string; displayName?: string }>;
};

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  return value === undefined || value === null ? [] : [value];
}

function profileOf(entity: Entity | undefined): {
  displayName?: string;
  email?: string;
  picture?: string;
} {
  const profile: unknown = entity?.spec?.profile;
  if (!isObject(profile)) {
    return {};
  }
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  return {
    displayName: text(profile.displayName),
    email: text(profile.email),
    picture: text(profile.picture),
  };
}

function displayName(entity: Entity | undefined): string | undefined {
  const profile = profileOf(entity);
  return profile.displayName ?? (entity?.metadata?.title || undefined);
}

function lower(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * Resolves everything about one entity's ownership live from the catalog,
 * with the caller's credentials, so that nothing the caller may not read
 * ends up in the response.
 */
export class EntityOwnershipResolver {
  constructor(
    private readonly options: {
      catalog: Catalog;
      onCall: OnCallResolver;
      verification: Pick<VerificationService, 'getStatus'>;
      /**
       * The plugin's index, read with its own credentials: a ref that the
       * caller cannot see but the index knows exists, and is not reported
       * as missing.
       */
      index?: Pick<OwnershipStore, 'filterIndexedRefs'>;
      clock?: () => Date;
    },
  ) {}

  async getEntityOwnership(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<EntityOwnershipResponse> {
    const { catalog } = this.options;
    const now = DateTime.fromJSDate(this.options.clock?.() ?? new Date());
    const entity = (await catalog.getEntityByRef(entityRef, {
      credentials,
    })) as EntityWithOwnership | undefined;
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRef} not found`);
    }
    const ref = stringifyEntityRef(entity);
    const namespace = entity.metadata.namespace ?? 'default';
    const spec = isObject(entity.spec) ? entity.spec : {};
    const ownership = isObject(spec.ownership) ? spec.ownership : undefined;
    const toRef = (value: unknown, defaultKind: string, kinds: string[]) => {
      const normalized = normalizeOwnershipRef(value, {
        defaultKind,
        defaultNamespace: namespace,
        allowedKinds: kinds,
      });
      return normalized && lower(normalized);
    };
    const ownerRef = toRef(spec.owner, 'group', ['Group', 'User']);
    const primaryRef = toRef(ownership?.primary, 'user', ['User']);
    const secondaryRef = toRef(ownership?.secondary, 'user', ['User']);
    const policyRef = toRef(ownership?.escalationPolicy, 'escalationpolicy', [
      'EscalationPolicy',
    ]);

    const [owner, policyEntity, matrices, verification] = await Promise.all([
      ownerRef?.startsWith('group:')
        ? this.resolveTeam(ownerRef, credentials, true)
        : undefined,
      policyRef
        ? catalog.getEntityByRef(policyRef, { credentials })
        : undefined,
      this.findRaciMatrices(entity, credentials),
      this.options.verification.getStatus(ref, credentials),
    ]);

    const policy = policyEntity && {
      ref: lower(stringifyEntityRef(policyEntity)),
      entity: policyEntity,
      levels: list(policyEntity.spec?.levels).filter(isObject) as Array<
        EscalationLevel & Record<string, unknown>
      >,
    };

    // Group targets of the policy, and the on-call of its schedules
    const groupTargets = new Map<string, ResolvedTeam>();
    const schedules = new Map<string, OnCallStatus | undefined>();
    if (policy) {
      const policyNamespace = policy.entity.metadata.namespace ?? 'default';
      const pending: Array<Promise<void>> = [];
      for (const level of policy.levels) {
        for (const target of list(level.targets).filter(isObject)) {
          const t = target as EscalationTarget;
          if (t.type === 'group') {
            const groupRef = normalizeOwnershipRef(t.id, {
              defaultKind: 'group',
              defaultNamespace: policyNamespace,
              allowedKinds: ['Group'],
            });
            if (groupRef && !groupTargets.has(lower(groupRef))) {
              groupTargets.set(lower(groupRef), {
                memberRefs: [],
                parents: [],
              });
              pending.push(
                this.resolveTeam(lower(groupRef), credentials, false).then(
                  team => {
                    groupTargets.set(lower(groupRef), team);
                  },
                ),
              );
            }
          } else if (t.type === 'schedule' && !schedules.has(String(t.id))) {
            schedules.set(String(t.id), undefined);
            pending.push(
              this.options.onCall
                .getOnCall({
                  schedule: String(t.id),
                  target: t,
                  policyRef: policy.ref,
                  now,
                })
                .then(status => {
                  schedules.set(String(t.id), status);
                }),
            );
          }
        }
      }
      await Promise.all(pending);
    }

    // Every person in the response, resolved in one catalog call
    const personRefs = new Set<string>();
    const addPerson = (value: string | undefined) => {
      if (value?.startsWith('user:')) {
        personRefs.add(lower(value));
      }
    };
    if (ownerRef?.startsWith('user:')) {
      addPerson(ownerRef);
    }
    owner?.memberRefs.forEach(addPerson);
    addPerson(primaryRef);
    addPerson(secondaryRef);
    for (const team of groupTargets.values()) {
      team.memberRefs.forEach(addPerson);
    }
    for (const status of schedules.values()) {
      addPerson(status?.current?.person.entityRef);
      addPerson(status?.next?.person.entityRef);
    }
    const policyRefs = policy ? this.policyRefs(policy.ref, policy.entity) : [];
    for (const r of policyRefs) {
      if (r.kind === 'user') {
        addPerson(r.ref);
      }
    }
    const raciRefs = matrices.flatMap(m =>
      this.raciRefs(m.matrixRef, m.matrix),
    );
    const [people, raciVisible] = await Promise.all([
      this.loadPeople([...personRefs], credentials),
      this.visibleRefs(
        raciRefs.map(r => r.ref),
        credentials,
      ),
    ]);
    const person = (value: string): OwnershipPerson =>
      people.get(lower(value)) ?? { entityRef: lower(value), exists: false };
    const enrichShift = (shift?: OnCallShift): OnCallShift | undefined => {
      if (!shift) {
        return undefined;
      }
      const known = people.get(lower(shift.person.entityRef));
      return {
        ...shift,
        person: known ?? { ...shift.person, exists: false },
      };
    };
    const onCall: OnCallStatus[] = [...schedules.values()]
      .filter((s): s is OnCallStatus => Boolean(s))
      .map(s => ({
        ...s,
        current: enrichShift(s.current),
        next: enrichShift(s.next),
      }));

    const findings: OwnershipFinding[] = checkOwnershipRules(entity, { now });
    const subject = findingEntityRef(entity);
    const checks: RefCheck[] = [];
    const notFound = (path: string, target: string, fix: string) =>
      checks.push({ subject, path, ref: target, exists: false, fix });

    let ownerTeam: OwnershipTeam | undefined;
    if (ownerRef?.startsWith('group:')) {
      ownerTeam = {
        entityRef: ownerRef,
        exists: Boolean(owner?.entity),
        kind: 'Group',
        displayName: displayName(owner?.entity),
        email: profileOf(owner?.entity).email,
        members: (owner?.memberRefs ?? []).map(person),
        parents: owner?.parents ?? [],
      };
    } else if (ownerRef) {
      const p = person(ownerRef);
      ownerTeam = {
        entityRef: ownerRef,
        exists: p.exists,
        kind: 'User',
        displayName: p.displayName,
        email: p.email,
        members: p.exists ? [p] : [],
        parents: [],
      };
    }
    if (ownerRef && ownerTeam && !ownerTeam.exists) {
      notFound(
        'spec.owner',
        ownerRef,
        'Correct spec.owner, or add the team to the organisation data.',
      );
    }
    const primary = primaryRef ? person(primaryRef) : undefined;
    const secondary = secondaryRef ? person(secondaryRef) : undefined;
    if (primary && !primary.exists) {
      notFound(
        'spec.ownership.primary',
        primary.entityRef,
        'Name an existing User as primary contact.',
      );
    }
    if (secondary && !secondary.exists) {
      notFound(
        'spec.ownership.secondary',
        secondary.entityRef,
        'Name an existing User as secondary contact.',
      );
    }

    let escalationPolicy: ResolvedEscalationPolicy | undefined;
    if (policyRef && !policy) {
      escalationPolicy = { entityRef: policyRef, exists: false, levels: [] };
      notFound(
        'spec.ownership.escalationPolicy',
        policyRef,
        'Point spec.ownership.escalationPolicy at an existing EscalationPolicy.',
      );
    } else if (policy) {
      escalationPolicy = {
        entityRef: policy.ref,
        exists: true,
        title: policy.entity.metadata.title,
        levels: policy.levels.map((level, i) =>
          this.resolveLevel(level, i, {
            namespace: policy.entity.metadata.namespace ?? 'default',
            person,
            groupTargets,
            schedules,
            enrichShift,
          }),
        ),
      };
    }

    for (const r of policyRefs) {
      const exists =
        r.kind === 'user'
          ? person(r.ref).exists
          : Boolean(groupTargets.get(r.ref)?.entity);
      checks.push({ ...r, exists });
    }
    const raciChecks = raciRefs.map(r => ({
      ...r,
      exists: raciVisible.has(r.ref),
    }));
    const missing = await this.missingRefFindings([...checks, ...raciChecks]);
    findings.push(...missing.filter(f => f.entityRef === subject));
    findings.push(
      ...missing.filter(
        f =>
          f.entityRef !== subject &&
          !matrices.some(m => m.matrixRef === f.entityRef),
      ),
    );
    const raci = matrices.map(m => {
      const summary = this.toRaciSummary(m.matrixRef, m.matrix);
      summary.findings.push(
        ...missing.filter(f => f.entityRef === m.matrixRef),
      );
      return summary;
    });

    const channels = isObject(ownership?.channels) ? ownership!.channels : {};
    return {
      entityRef: ref,
      title: entity.metadata.title,
      owner: ownerTeam,
      hasOwnershipBlock: Boolean(ownership),
      primary,
      secondary,
      channels,
      tier: ownership?.tier,
      level: ownership?.level,
      feature: ownership?.feature,
      expires:
        ownership?.expires === undefined
          ? undefined
          : String(ownership.expires),
      escalationPolicy,
      onCall,
      raci,
      findings,
      verification,
    };
  }

  /**
   * The refs of checks that fail, except those the index knows: the caller
   * may just not be allowed to read them, and is not told they are missing.
   */
  private async missingRefFindings(
    checks: RefCheck[],
  ): Promise<OwnershipFinding[]> {
    const failed = checks.filter(c => !c.exists);
    if (!failed.length) {
      return [];
    }
    const known =
      (await this.options.index?.filterIndexedRefs(failed.map(c => c.ref))) ??
      new Set<string>();
    return failed
      .filter(c => !known.has(c.ref))
      .map(c => ({
        entityRef: c.subject,
        path: c.path,
        rule: 'ref-not-found',
        severity: 'error',
        message: `${c.path} refers to ${c.ref}, which matches no entity in the catalog`,
        fix: c.fix,
      }));
  }

  /** User and group targets and rota members of a policy, with their paths. */
  private policyRefs(
    policyRef: string,
    policy: Entity,
  ): Array<Omit<RefCheck, 'exists'> & { kind: 'user' | 'group' }> {
    const namespace = policy.metadata.namespace ?? 'default';
    const refs: Array<Omit<RefCheck, 'exists'> & { kind: 'user' | 'group' }> =
      [];
    const toRef = (value: unknown, kind: 'user' | 'group') => {
      const ref = normalizeOwnershipRef(value, {
        defaultKind: kind,
        defaultNamespace: namespace,
        allowedKinds: [kind === 'user' ? 'User' : 'Group'],
      });
      return ref && lower(ref);
    };
    list(policy.spec?.levels).forEach((level, i) => {
      if (!isObject(level)) {
        return;
      }
      list(level.targets).forEach((target, j) => {
        if (!isObject(target)) {
          return;
        }
        const path = `spec.levels[${i}].targets[${j}]`;
        if (target.type === 'user' || target.type === 'group') {
          const ref = toRef(target.id, target.type);
          if (ref) {
            refs.push({
              subject: policyRef,
              path: `${path}.id`,
              ref,
              kind: target.type,
              fix: `Point the target at an existing ${
                target.type === 'user' ? 'User' : 'Group'
              }, or add it to the organisation data.`,
            });
          }
        } else if (target.type === 'schedule' && isObject(target.rota)) {
          list(target.rota.members).forEach((member, k) => {
            const ref = toRef(member, 'user');
            if (ref) {
              refs.push({
                subject: policyRef,
                path: `${path}.rota.members[${k}]`,
                ref,
                kind: 'user',
                fix: 'Name only existing Users as rota members.',
              });
            }
          });
        }
      });
    });
    return refs;
  }

  /** The participants of a RACI matrix, with their paths. */
  private raciRefs(
    matrixRef: string,
    matrix: Entity,
  ): Array<Omit<RefCheck, 'exists'>> {
    const refs: Array<Omit<RefCheck, 'exists'>> = [];
    list(matrix.spec?.activities).forEach((activity, i) => {
      if (!isObject(activity)) {
        return;
      }
      for (const role of RACI_ROLES) {
        const value = activity[role];
        list(value).forEach((participant, k) => {
          const ref = normalizeOwnershipRef(participant, {
            defaultKind: 'group',
            defaultNamespace: matrix.metadata.namespace,
            allowedKinds: ['Group', 'User'],
          });
          if (ref) {
            refs.push({
              subject: matrixRef,
              path: Array.isArray(value)
                ? `spec.activities[${i}].${role}[${k}]`
                : `spec.activities[${i}].${role}`,
              ref: lower(ref),
              fix: `Name an existing User or Group as ${role}, or add it to the organisation data.`,
            });
          }
        });
      }
    });
    return refs;
  }

  /** The refs among `refs` that the caller can read in the catalog. */
  private async visibleRefs(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Set<string>> {
    const unique = [...new Set(refs)];
    const visible = new Set<string>();
    if (!unique.length) {
      return visible;
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      {
        entityRefs: unique,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    for (const item of items) {
      if (item) {
        visible.add(lower(stringifyEntityRef(item)));
      }
    }
    return visible;
  }

  private resolveLevel(
    level: EscalationLevel & Record<string, unknown>,
    index: number,
    context: {
      namespace: string;
      person: (ref: string) => OwnershipPerson;
      groupTargets: Map<string, ResolvedTeam>;
      schedules: Map<string, OnCallStatus | undefined>;
      enrichShift: (shift?: OnCallShift) => OnCallShift | undefined;
    },
  ): ResolvedEscalationLevel {
    const duration = parseOwnershipDuration(level.escalateAfter);
    const targets: ResolvedEscalationTarget[] = list(level.targets)
      .filter(isObject)
      .map(target => {
        const t = target as EscalationTarget;
        const id = String(t.id ?? '');
        if (t.type === 'user') {
          const ref = normalizeOwnershipRef(id, {
            defaultKind: 'user',
            defaultNamespace: context.namespace,
            allowedKinds: ['User'],
          });
          return {
            type: t.type,
            id,
            people: ref ? [context.person(ref)] : [],
          };
        }
        if (t.type === 'group') {
          const ref = normalizeOwnershipRef(id, {
            defaultKind: 'group',
            defaultNamespace: context.namespace,
            allowedKinds: ['Group'],
          });
          const team = ref ? context.groupTargets.get(lower(ref)) : undefined;
          return {
            type: t.type,
            id,
            people: (team?.memberRefs ?? []).map(context.person),
          };
        }
        if (t.type === 'schedule') {
          const current = context.enrichShift(
            context.schedules.get(id)?.current,
          );
          return {
            type: t.type,
            id,
            people: current ? [current.person] : [],
            onCall: current,
          };
        }
        return { type: t.type, id, people: [] };
      });
    const conditions = isObject(level.conditions)
      ? {
          severity: Array.isArray(level.conditions.severity)
            ? level.conditions.severity.map(String)
            : undefined,
          customerImpact:
            typeof level.conditions.customerImpact === 'boolean'
              ? level.conditions.customerImpact
              : undefined,
        }
      : undefined;
    return {
      level: typeof level.level === 'number' ? level.level : index + 1,
      name: typeof level.name === 'string' ? level.name : `Level ${index + 1}`,
      escalateAfter: duration
        ? duration.rescale().toISO()!
        : String(level.escalateAfter ?? ''),
      escalateAfterMinutes: duration ? duration.as('minutes') : 0,
      repeat: typeof level.repeat === 'number' ? level.repeat : 0,
      conditions,
      targets,
    };
  }

  /**
   * A group's members directly and through child groups (breadth first,
   * bounded), and optionally its chain of parents.
   */
  private async resolveTeam(
    groupRef: string,
    credentials: BackstageCredentials,
    withParents: boolean,
  ): Promise<ResolvedTeam> {
    const { catalog } = this.options;
    const members = new Set<string>();
    const visited = new Set<string>([groupRef]);
    let root: Entity | undefined;
    let level = [groupRef];
    while (level.length && members.size < MAX_MEMBERS) {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: level, fields: GROUP_FIELDS },
        { credentials },
      );
      const next: string[] = [];
      for (const group of items) {
        if (!group) {
          continue;
        }
        const self = lower(stringifyEntityRef(group));
        if (self === groupRef) {
          root = group;
        }
        for (const ref of this.related(
          group,
          RELATION_HAS_MEMBER,
          'members',
          'user',
        )) {
          if (members.size < MAX_MEMBERS) {
            members.add(ref);
          }
        }
        for (const ref of this.related(
          group,
          RELATION_PARENT_OF,
          'children',
          'group',
        )) {
          if (!visited.has(ref) && visited.size < MAX_GROUPS) {
            visited.add(ref);
            next.push(ref);
          }
        }
      }
      level = next;
    }

    const parents: ResolvedTeam['parents'] = [];
    if (withParents && root) {
      const seen = new Set<string>([groupRef]);
      let current: Entity | undefined = root;
      while (current && parents.length < MAX_PARENTS) {
        const [parentRef] = this.related(
          current,
          RELATION_CHILD_OF,
          'parent',
          'group',
        );
        if (!parentRef || seen.has(parentRef)) {
          break;
        }
        seen.add(parentRef);
        current = await catalog.getEntityByRef(parentRef, { credentials });
        parents.push({
          entityRef: parentRef,
          displayName: displayName(current),
        });
      }
    }
    return {
      entity: root,
      memberRefs: [...members].sort(),
      parents,
    };
  }

  /** Refs from relations of a type, plus the spec field they come from. */
  private related(
    entity: Entity,
    relation: string,
    specField: string,
    defaultKind: string,
  ): string[] {
    const refs = new Set<string>();
    for (const r of entity.relations ?? []) {
      if (r.type === relation && r.targetRef) {
        refs.add(lower(r.targetRef));
      }
    }
    for (const value of list(entity.spec?.[specField])) {
      const ref = normalizeOwnershipRef(value, {
        defaultKind,
        defaultNamespace: entity.metadata.namespace,
        allowedKinds: [defaultKind],
      });
      if (ref) {
        refs.add(lower(ref));
      }
    }
    return [...refs];
  }

  private async loadPeople(
    refs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, OwnershipPerson>> {
    const people = new Map<string, OwnershipPerson>();
    if (!refs.length) {
      return people;
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: PERSON_FIELDS },
      { credentials },
    );
    for (const user of items) {
      if (!user) {
        continue;
      }
      const profile = profileOf(user);
      const ref = lower(stringifyEntityRef(user));
      people.set(ref, {
        entityRef: ref,
        exists: true,
        displayName: displayName(user),
        email: profile.email,
        picture: profile.picture,
      });
    }
    return people;
  }

  /**
   * RACI matrices that apply to the entity: the targets of its
   * `hasRaciMatrix` relations. The catalog module emits that relation for
   * every matrix whose `appliesTo` names the entity, so the entity itself
   * lists them (a catalog query by `relations.raciAppliesTo` costs 50 to 150
   * ms per request at 10k entities on SQLite).
   */
  private async findRaciMatrices(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Array<{ matrixRef: string; matrix: Entity }>> {
    const related = [
      ...new Set(
        (entity.relations ?? [])
          .filter(r => r.type === RELATION_HAS_RACI_MATRIX)
          .map(r => lower(r.targetRef)),
      ),
    ].slice(0, MAX_MATRICES);
    if (!related.length) {
      return [];
    }
    const { items } = await this.options.catalog.getEntitiesByRefs(
      { entityRefs: related },
      { credentials },
    );
    const found = new Map<string, Entity>();
    for (const matrix of items) {
      if (matrix) {
        found.set(lower(stringifyEntityRef(matrix)), matrix);
      }
    }
    return [...found.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([matrixRef, matrix]) => ({ matrixRef, matrix }));
  }

  private toRaciSummary(matrixRef: string, matrix: Entity): EntityRaciSummary {
    const namespace = matrix.metadata.namespace;
    const refs = (values: unknown) =>
      list(values)
        .map(
          v =>
            normalizeOwnershipRef(v, {
              defaultKind: 'group',
              defaultNamespace: namespace,
              allowedKinds: ['Group', 'User'],
            }) ?? (typeof v === 'string' ? v : undefined),
        )
        .filter((v): v is string => Boolean(v));
    const activities = list(matrix.spec?.activities).filter(
      isObject,
    ) as RaciActivity[];
    return {
      matrixRef,
      title: matrix.metadata.title,
      activities: activities.map(a => ({
        name: String(a.name ?? ''),
        responsible: refs(a.responsible),
        accountable: refs(a.accountable),
        consulted: refs(a.consulted),
        informed: refs(a.informed),
        decisionAuthority:
          typeof a.decisionAuthority === 'string'
            ? a.decisionAuthority
            : undefined,
        escalationPath: refs(a.escalationPath),
      })),
      findings: checkOwnershipRules(matrix),
    };
  }
}
