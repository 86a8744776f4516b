import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ESCALATION_POLICY_KIND,
  findingEntityRef,
  OWNERSHIP_BLOCK_KINDS,
  OwnershipFinding,
  RACI_MATRIX_KIND,
} from '@service-ownership/plugin-ownership-common';

/** Rule id of refs that match no entity. */
export const REF_NOT_FOUND_RULE = 'ref-not-found';

/** One entity ref written in an entity, resolved to its full form. */
export interface RefUse {
  /** Field path, e.g. `spec.ownership.primary`. */
  path: string;
  /** The ref as written in the file. */
  written: string;
  /** The full ref, e.g. `user:default/jane`. */
  ref: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The key under which refs are compared: the catalog ignores case. */
export function refKey(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * Collects the refs of an entity that should point at existing entities:
 * owner, system, the ownership block, escalation targets and rota members,
 * RACI participants and appliesTo, and the org structure (memberOf,
 * parent). Refs that are malformed, or of a kind the field does not accept,
 * are left out: the rules already report those as `ref-malformed`.
 */
export function collectEntityRefs(entity: Entity): RefUse[] {
  const uses: RefUse[] = [];
  const namespace =
    typeof entity.metadata?.namespace === 'string'
      ? entity.metadata.namespace
      : 'default';
  const add = (
    value: unknown,
    path: string,
    defaultKind: string,
    allowedKinds?: string[],
  ) => {
    if (typeof value !== 'string' || !value.trim() || value.length > 255) {
      return;
    }
    try {
      const parsed = parseEntityRef(value.trim(), {
        defaultKind,
        defaultNamespace: namespace,
      });
      if (
        allowedKinds &&
        !allowedKinds.some(k => refKey(k) === refKey(parsed.kind))
      ) {
        return;
      }
      uses.push({ path, written: value, ref: stringifyEntityRef(parsed) });
    } catch {
      // malformed refs are reported by the rules or the catalog's own schema
    }
  };

  const spec = entity.spec;
  if (!isObject(spec)) {
    return uses;
  }
  const kind = entity.kind;

  if (kind === ESCALATION_POLICY_KIND) {
    add(spec.owner, 'spec.owner', 'group', ['Group', 'User']);
    asArray(spec.levels).forEach((level, i) => {
      if (!isObject(level)) {
        return;
      }
      asArray(level.targets).forEach((target, j) => {
        if (!isObject(target)) {
          return;
        }
        const path = `spec.levels[${i}].targets[${j}]`;
        if (target.type === 'user') {
          add(target.id, `${path}.id`, 'user', ['User']);
        } else if (target.type === 'group') {
          add(target.id, `${path}.id`, 'group', ['Group']);
        }
        if (isObject(target.rota)) {
          asArray(target.rota.members).forEach((member, k) =>
            add(member, `${path}.rota.members[${k}]`, 'user', ['User']),
          );
        }
      });
    });
    return uses;
  }

  if (kind === RACI_MATRIX_KIND) {
    add(spec.owner, 'spec.owner', 'group', ['Group', 'User']);
    asArray(spec.appliesTo).forEach((ref, i) =>
      add(ref, `spec.appliesTo[${i}]`, 'component', [
        'Component',
        'System',
        'API',
        'Resource',
        'Domain',
      ]),
    );
    asArray(spec.activities).forEach((activity, i) => {
      if (!isObject(activity)) {
        return;
      }
      const path = `spec.activities[${i}]`;
      if (Array.isArray(activity.accountable)) {
        activity.accountable.forEach((ref, j) =>
          add(ref, `${path}.accountable[${j}]`, 'group', ['Group', 'User']),
        );
      } else {
        add(activity.accountable, `${path}.accountable`, 'group', [
          'Group',
          'User',
        ]);
      }
      for (const role of [
        'responsible',
        'consulted',
        'informed',
        'escalationPath',
      ]) {
        asArray(activity[role]).forEach((ref, j) =>
          add(ref, `${path}.${role}[${j}]`, 'group', ['Group', 'User']),
        );
      }
    });
    return uses;
  }

  add(spec.owner, 'spec.owner', 'group');
  if (OWNERSHIP_BLOCK_KINDS.includes(kind)) {
    add(spec.system, 'spec.system', 'system');
    const ownership = spec.ownership;
    if (isObject(ownership)) {
      add(ownership.primary, 'spec.ownership.primary', 'user', ['User']);
      add(ownership.secondary, 'spec.ownership.secondary', 'user', ['User']);
      add(
        ownership.escalationPolicy,
        'spec.ownership.escalationPolicy',
        'escalationpolicy',
        ['EscalationPolicy'],
      );
    }
  }
  if (kind === 'User') {
    asArray(spec.memberOf).forEach((ref, i) =>
      add(ref, `spec.memberOf[${i}]`, 'group'),
    );
  }
  if (kind === 'Group') {
    add(spec.parent, 'spec.parent', 'group');
  }
  return uses;
}

/**
 * The finding for a ref that matches no entity.
 *
 * @param where - where the entity was looked for, for the message
 */
export function refNotFoundFinding(
  entity: Entity,
  use: RefUse,
  where: string,
): OwnershipFinding {
  const { kind } = parseEntityRef(use.ref);
  const resolved =
    refKey(use.written.trim()) === refKey(use.ref)
      ? ''
      : ` (it resolves to ${use.ref})`;
  return {
    entityRef: findingEntityRef(entity),
    path: use.path,
    rule: REF_NOT_FOUND_RULE,
    severity: 'error',
    message: `${use.path} refers to ${use.ref}, which matches no entity in ${where}`,
    fix: `Check the spelling, kind and namespace of "${use.written.slice(
      0,
      100,
    )}"${resolved}, or add the ${kind} entity to the catalog.`,
  };
}
