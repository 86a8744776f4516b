import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { stringifyError } from '@backstage/errors';
import { OwnershipEntitiesProcessor } from './processor/OwnershipEntitiesProcessor';
import { GroupHierarchy } from './permissions/GroupHierarchy';
import { createIsEntityOwnerViaChildGroupsRule } from './permissions/rules';

const DEFAULT_HIERARCHY_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 1 },
  initialDelay: { seconds: 5 },
};

/**
 * Catalog module that validates the suite's kinds and ownership block, emits
 * their relations, and adds the `IS_ENTITY_OWNER_VIA_CHILD_GROUPS` permission
 * rule for catalog entities.
 *
 * @public
 */
export const catalogModuleOwnership = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ownership',
  register(reg) {
    reg.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({
        catalogProcessing,
        permissionsRegistry,
        scheduler,
        config,
        auth,
        catalog,
        logger,
      }) {
        catalogProcessing.addProcessor(new OwnershipEntitiesProcessor());

        const hierarchy = new GroupHierarchy();
        permissionsRegistry.addPermissionRules([
          createIsEntityOwnerViaChildGroupsRule(hierarchy),
        ]);
        const scheduleConfig = config.getOptionalConfig(
          'ownership.groupHierarchy.schedule',
        );
        // Every replica keeps its own copy of the tree, hence a local task.
        await scheduler.scheduleTask({
          id: 'ownership-group-hierarchy',
          scope: 'local',
          ...(scheduleConfig
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                scheduleConfig,
              )
            : DEFAULT_HIERARCHY_SCHEDULE),
          fn: async () => {
            try {
              await hierarchy.load({ catalog, auth, logger });
            } catch (error) {
              logger.warn(
                `Could not load the group hierarchy, keeping the one from ${
                  hierarchy.loadedAt?.toISOString() ??
                  'no earlier load (membership through child groups is not recognised yet)'
                }: ${stringifyError(error)}`,
              );
            }
          },
        });
        logger.info(
          'Validating EscalationPolicy, RaciMatrix and spec.ownership; emitting ownership relations; ' +
            'permission rule IS_ENTITY_OWNER_VIA_CHILD_GROUPS added',
        );
      },
    });
  },
});
