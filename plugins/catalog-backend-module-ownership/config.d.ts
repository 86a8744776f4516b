import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  ownership?: {
    /**
     * The copy of the catalog's group tree that the catalog module keeps for
     * the `IS_ENTITY_OWNER_VIA_CHILD_GROUPS` permission rule (one per
     * replica).
     */
    groupHierarchy?: {
      /**
       * How often the tree is re-read from the catalog. Default: every
       * minute, the first time 5 seconds after start. Changes to the group
       * tree reach permission decisions this much later.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
