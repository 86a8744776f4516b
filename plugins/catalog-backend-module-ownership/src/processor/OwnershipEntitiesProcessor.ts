import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ESCALATION_POLICY_KIND,
  getOwnershipRule,
  isOwnershipBlockEntity,
  OWNERSHIP_API_VERSION,
  ownershipRelations,
  RACI_MATRIX_KIND,
  readOwnershipModel,
  validateOwnershipEntitySchema,
} from '@service-ownership/plugin-ownership-common';

function formatSchemaError(entity: Entity): string | undefined {
  const [finding] = validateOwnershipEntitySchema(entity);
  if (!finding) {
    return undefined;
  }
  return `${finding.entityRef}: ${finding.message} (rule ${finding.rule}). ${
    getOwnershipRule(finding.rule).fix
  }`;
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
 * its findings. Which fields hold refs, and which relation each becomes, is
 * the model reader's answer (`readOwnershipModel`), not this processor's.
 * The processor never queries the catalog.
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
    if (
      isOwnershipBlockEntity(entity) &&
      entity.spec?.ownership !== undefined
    ) {
      const error = formatSchemaError(entity);
      if (error) {
        emit(processingResult.inputError(location, error));
        return entity;
      }
    }

    const selfRef = getCompoundEntityRef(entity);
    const doEmit = (targetRef: string, outgoing: string, incoming: string) => {
      const target = parseEntityRef(targetRef);
      emit(
        processingResult.relation({
          source: selfRef,
          type: outgoing,
          target,
        }),
      );
      emit(
        processingResult.relation({
          source: target,
          type: incoming,
          target: selfRef,
        }),
      );
    };

    for (const { type, reverse, targetRef } of ownershipRelations(
      readOwnershipModel(entity),
    )) {
      doEmit(targetRef, type, reverse);
    }
    return entity;
  }
}
