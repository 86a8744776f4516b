import {
  Entity,
  entityKindSchemaValidator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { escalationPolicyEntitySchema } from '../schema/escalationPolicy';
import { ownershipBlockEntitySchema } from '../schema/ownershipBlock';
import { raciMatrixEntitySchema } from '../schema/raciMatrix';
import { createFinding, OwnershipFinding } from '../rules/rulebook';
import {
  ESCALATION_POLICY_KIND,
  OWNERSHIP_API_VERSION,
  OWNERSHIP_BLOCK_KINDS,
  RACI_MATRIX_KIND,
} from './constants';
import {
  EntityWithOwnership,
  EscalationPolicyEntityV1alpha1,
  RaciMatrixEntityV1alpha1,
} from './types';

const validateEscalationPolicy = entityKindSchemaValidator(
  escalationPolicyEntitySchema,
);
const validateRaciMatrix = entityKindSchemaValidator(raciMatrixEntitySchema);
const validateOwnershipBlock = entityKindSchemaValidator(
  ownershipBlockEntitySchema,
);

/**
 * Whether the entity is an `EscalationPolicy`.
 *
 * @public
 */
export function isEscalationPolicyEntity(
  entity: Entity,
): entity is EscalationPolicyEntityV1alpha1 {
  return (
    entity.apiVersion === OWNERSHIP_API_VERSION &&
    entity.kind === ESCALATION_POLICY_KIND
  );
}

/**
 * Whether the entity is a `RaciMatrix`.
 *
 * @public
 */
export function isRaciMatrixEntity(
  entity: Entity,
): entity is RaciMatrixEntityV1alpha1 {
  return (
    entity.apiVersion === OWNERSHIP_API_VERSION &&
    entity.kind === RACI_MATRIX_KIND
  );
}

/**
 * Whether the entity is of a kind that may carry an ownership block
 * (it does not need to have one).
 *
 * @public
 */
export function isOwnershipBlockEntity(
  entity: Entity,
): entity is EntityWithOwnership {
  return OWNERSHIP_BLOCK_KINDS.includes(entity.kind);
}

/**
 * A best-effort ref for findings, also for entities too broken to have a
 * valid ref.
 *
 * @public
 */
export function findingEntityRef(entity: unknown): string {
  const e = entity as Partial<Entity> | undefined;
  try {
    return stringifyEntityRef({
      kind: String(e?.kind ?? 'unknown'),
      namespace:
        typeof e?.metadata?.namespace === 'string'
          ? e.metadata.namespace
          : 'default',
      name: String(e?.metadata?.name ?? 'unknown'),
    });
  } catch {
    return 'unknown';
  }
}

function schemaFinding(entity: unknown, error: unknown): OwnershipFinding {
  // Not `instanceof Error`: errors thrown inside the catalog model's schema
  // validator can come from another realm (as under Jest), and String() of
  // those would prefix the message with "TypeError: " and break the path.
  const message = (error as { message?: unknown } | undefined)?.message;
  const text = typeof message === 'string' ? message : String(error);
  const match = /^(\S+) (.*)$/.exec(text);
  const pointer = match?.[1] ?? '<root>';
  const path =
    pointer === '<root>'
      ? ''
      : pointer
          .replace(/^\//, '')
          .split('/')
          .map(p => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
          .join('')
          .replace(/^\./, '');
  return createFinding('schema', {
    entityRef: findingEntityRef(entity),
    path,
    message: `${path || 'entity'} ${match?.[2] ?? text}`,
  });
}

/**
 * Validates the shape of one entity against the suite's JSON schemas: the
 * EscalationPolicy and RaciMatrix kinds and the ownership block of
 * Component, System, API and Resource. Entities of other kinds, and entities
 * without an ownership block, have nothing to check and yield no findings.
 *
 * @public
 */
export function validateOwnershipEntitySchema(
  entity: Entity,
): OwnershipFinding[] {
  try {
    if (entity?.kind === ESCALATION_POLICY_KIND) {
      validateEscalationPolicy(entity);
    } else if (entity?.kind === RACI_MATRIX_KIND) {
      validateRaciMatrix(entity);
    } else if (
      entity &&
      OWNERSHIP_BLOCK_KINDS.includes(entity.kind) &&
      (entity.spec as EntityWithOwnership['spec'])?.ownership !== undefined
    ) {
      validateOwnershipBlock(entity);
    }
    return [];
  } catch (error) {
    return [schemaFinding(entity, error)];
  }
}
