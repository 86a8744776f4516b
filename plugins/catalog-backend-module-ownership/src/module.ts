import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { OwnershipEntitiesProcessor } from './processor/OwnershipEntitiesProcessor';

/**
 * Catalog module that validates the suite's kinds and ownership block and
 * emits their relations.
 *
 * @public
 */
export const catalogModuleOwnership = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ownership',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ catalog, logger }) {
        catalog.addProcessor(new OwnershipEntitiesProcessor());
        logger.info(
          'Validating EscalationPolicy, RaciMatrix and spec.ownership; emitting ownership relations',
        );
      },
    });
  },
});
