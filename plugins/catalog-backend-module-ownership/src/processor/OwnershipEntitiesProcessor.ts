import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  RELATION_OWNER_OF,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  EntityWithOwnership,
  EscalationPolicyEntityV1alpha1,
  isEscalationPolicyEntity,
  isOwnershipBlockEntity,
  isRaciMatrixEntity,
  normalizeOwnershipRef,
  OWNERSHIP_API_VERSION,
  RaciMatrixEntityV1alpha1,
  RELATION_ACCOUNTABLE_FOR,
  RELATION_CONSULTED_ON,
  RELATION_ESCALATES_TO,
  RELATION_ESCALATION_POLICY_OF,
  RELATION_ESCALATION_TARGET_OF,
  RELATION_HAS_ACCOUNTABLE,
  RELATION_HAS_CONSULTED,
  RELATION_HAS_ESCALATION_POLICY,
  RELATION_HAS_INFORMED,
  RELATION_HAS_PRIMARY_CONTACT,
  RELATION_HAS_RACI_MATRIX,
  RELATION_HAS_RESPONSIBLE,
  RELATION_HAS_SECONDARY_CONTACT,
  RELATION_INFORMED_OF,
  RELATION_PRIMARY_CONTACT_OF,
  RELATION_RACI_APPLIES_TO,
  RELATION_RESPONSIBLE_FOR,
  RELATION_SECONDARY_CONTACT_OF,
  validateOwnershipEntitySchema,
  ESCALATION_POLICY_KIND,
  RACI_MATRIX_KIND,
} from '@service-ownership/plugin-ownership-common';

function formatSchemaError(entity: Entity): string | undefined {
  const [finding] = validateOwnershipEntitySchema(entity);
  if (!finding) {
    return undefined;
  }
  return `${finding.entityRef}: ${finding.message} (rule ${finding.rule}). ${finding.fix}`;
}

/**
 * Validates the shape of the suite's kinds and of the ownership block, and
 * emits the suite's relations in both directions.
 *
 * @remarks
 *
 * Only schema errors are processing errors: they keep a new entity out of the
 * catalog and freeze an existing one. The ownership model's rules (one
 * Accountable, tier-1 needs a policy, …) are not checked here, so a
 * rule-breaking entity is still ingested and the backend and the lint report
 * its findings. The processor never queries the catalog.
 *
 * @public
 */
export class OwnershipEntitiesProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'OwnershipEntitiesProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    if (
      entity.apiVersion !== OWNERSHIP_API_VERSION ||
      (entity.kind !== ESCALATION_POLICY_KIND &&
        entity.kind !== RACI_MATRIX_KIND)
    ) {
      return false;
    }
    const error = formatSchemaError(entity);
    if (error) {
      throw new TypeError(error);
    }
    return true;
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (isEscalationPolicyEntity(entity)) {
      this.emitPolicyRelations(entity, emit);
    } else if (isRaciMatrixEntity(entity)) {
      this.emitRaciRelations(entity, emit);
    } else if (
      isOwnershipBlockEntity(entity) &&
      entity.spec?.ownership !== undefined
    ) {
      const error = formatSchemaError(entity);
      if (error) {
        emit(processingResult.inputError(location, error));
        return entity;
      }
      this.emitOwnershipBlockRelations(entity, emit);
    }
    return entity;
  }

  private emitPair(
    emit: CatalogProcessorEmit,
    entity: Entity,
    ref: string | undefined,
    forward: string,
    reverse: string,
  ) {
    if (!ref) {
      return;
    }
    const self = getCompoundEntityRef(entity);
    const other = parseEntityRef(ref);
    emit(
      processingResult.relation({ source: self, type: forward, target: other }),
    );
    emit(
      processingResult.relation({ source: other, type: reverse, target: self }),
    );
  }

  private emitOwnershipBlockRelations(
    entity: EntityWithOwnership,
    emit: CatalogProcessorEmit,
  ) {
    const ownership = entity.spec?.ownership ?? {};
    const namespace = entity.metadata.namespace;
    const user = (value: unknown) =>
      normalizeOwnershipRef(value, {
        defaultKind: 'user',
        defaultNamespace: namespace,
        allowedKinds: ['User'],
      });
    this.emitPair(
      emit,
      entity,
      user(ownership.primary),
      RELATION_HAS_PRIMARY_CONTACT,
      RELATION_PRIMARY_CONTACT_OF,
    );
    this.emitPair(
      emit,
      entity,
      user(ownership.secondary),
      RELATION_HAS_SECONDARY_CONTACT,
      RELATION_SECONDARY_CONTACT_OF,
    );
    this.emitPair(
      emit,
      entity,
      normalizeOwnershipRef(ownership.escalationPolicy, {
        defaultKind: 'escalationpolicy',
        defaultNamespace: namespace,
        allowedKinds: [ESCALATION_POLICY_KIND],
      }),
      RELATION_HAS_ESCALATION_POLICY,
      RELATION_ESCALATION_POLICY_OF,
    );
  }

  private emitOwner(
    entity: Entity,
    owner: unknown,
    emit: CatalogProcessorEmit,
  ) {
    this.emitPair(
      emit,
      entity,
      normalizeOwnershipRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace,
        allowedKinds: ['Group', 'User'],
      }),
      RELATION_OWNED_BY,
      RELATION_OWNER_OF,
    );
  }

  private emitPolicyRelations(
    entity: EscalationPolicyEntityV1alpha1,
    emit: CatalogProcessorEmit,
  ) {
    this.emitOwner(entity, entity.spec.owner, emit);
    const targets = new Set<string>();
    const namespace = entity.metadata.namespace;
    for (const level of entity.spec.levels ?? []) {
      for (const target of level.targets ?? []) {
        if (target.type === 'user' || target.type === 'group') {
          const ref = normalizeOwnershipRef(target.id, {
            defaultKind: target.type,
            defaultNamespace: namespace,
            allowedKinds: [target.type],
          });
          if (ref) targets.add(ref);
        }
        for (const member of target.rota?.members ?? []) {
          const ref = normalizeOwnershipRef(member, {
            defaultKind: 'user',
            defaultNamespace: namespace,
            allowedKinds: ['User'],
          });
          if (ref) targets.add(ref);
        }
      }
    }
    for (const ref of targets) {
      this.emitPair(
        emit,
        entity,
        ref,
        RELATION_ESCALATES_TO,
        RELATION_ESCALATION_TARGET_OF,
      );
    }
  }

  private emitRaciRelations(
    entity: RaciMatrixEntityV1alpha1,
    emit: CatalogProcessorEmit,
  ) {
    this.emitOwner(entity, entity.spec.owner, emit);
    const namespace = entity.metadata.namespace;
    const seen = new Set<string>();
    const pair = (
      value: unknown,
      defaultKind: string,
      allowedKinds: string[] | undefined,
      forward: string,
      reverse: string,
    ) => {
      const ref = normalizeOwnershipRef(value, {
        defaultKind,
        defaultNamespace: namespace,
        allowedKinds,
      });
      const key = `${forward}|${ref}`;
      if (ref && !seen.has(key)) {
        seen.add(key);
        this.emitPair(emit, entity, ref, forward, reverse);
      }
    };
    for (const target of entity.spec.appliesTo ?? []) {
      pair(
        target,
        'component',
        undefined,
        RELATION_RACI_APPLIES_TO,
        RELATION_HAS_RACI_MATRIX,
      );
    }
    const people = ['Group', 'User'];
    for (const activity of entity.spec.activities ?? []) {
      const accountable = Array.isArray(activity.accountable)
        ? activity.accountable
        : [activity.accountable];
      for (const ref of activity.responsible ?? []) {
        pair(
          ref,
          'group',
          people,
          RELATION_HAS_RESPONSIBLE,
          RELATION_RESPONSIBLE_FOR,
        );
      }
      for (const ref of accountable) {
        pair(
          ref,
          'group',
          people,
          RELATION_HAS_ACCOUNTABLE,
          RELATION_ACCOUNTABLE_FOR,
        );
      }
      for (const ref of activity.consulted ?? []) {
        pair(
          ref,
          'group',
          people,
          RELATION_HAS_CONSULTED,
          RELATION_CONSULTED_ON,
        );
      }
      for (const ref of activity.informed ?? []) {
        pair(ref, 'group', people, RELATION_HAS_INFORMED, RELATION_INFORMED_OF);
      }
    }
  }
}
