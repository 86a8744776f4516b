import { Entity, parseEntityRef } from '@backstage/catalog-model';
import {
  createFinding,
  findingEntityRef,
  OwnershipFinding,
  OwnershipRef,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';

/** One well-formed ref of an entity, as the model reader reports it. */
export type RefUse = OwnershipRef & { ref: string };

/** The key under which refs are compared: the catalog ignores case. */
export function refKey(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

/**
 * The refs of an entity that should point at existing entities: every ref
 * the model reader finds (spec.owner, spec.system, the ownership block,
 * escalation targets, rota members and stakeholders, RACI participants and
 * appliesTo, and the org structure). Refs that are malformed, or of a kind
 * the field does not accept, have no `ref`: the rules report those as
 * `ref-malformed`, so they are left out here.
 */
export function collectEntityRefs(entity: Entity): RefUse[] {
  return readOwnershipModel(entity).refs.filter(
    (r): r is RefUse => r.ref !== undefined,
  );
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
  const written = String(use.written);
  const resolved =
    refKey(written.trim()) === refKey(use.ref)
      ? ''
      : ` (it resolves to ${use.ref})`;
  return createFinding('ref-not-found', {
    entityRef: findingEntityRef(entity),
    path: use.path,
    message: `${use.path} refers to ${use.ref}, which matches no entity in ${where}`,
    fix: `Check the spelling, kind and namespace of "${written.slice(
      0,
      100,
    )}"${resolved}, or add the ${kind} entity to the catalog.`,
  });
}
