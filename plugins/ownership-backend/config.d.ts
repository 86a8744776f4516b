import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Settings of the ownership backend (plugin id `ownership`). */
  ownership?: {
    /** The scheduled refresh of the ownership index from the catalog. */
    refresh?: {
      /**
       * How often the index is refreshed. Default `{ minutes: 5 }`. An object
       * with units, an ISO 8601 duration (`PT5M`) or a string such as `5m`.
       */
      frequency?: HumanDuration | string;
      /** How long one refresh may run before it is abandoned. Default `{ minutes: 15 }`. */
      timeout?: HumanDuration | string;
      /** Delay of the first refresh after start. Default `{ seconds: 15 }`. */
      initialDelay?: HumanDuration | string;
      /** Entities per catalog page while refreshing. Default 500. */
      pageSize?: number;
    };
    verification?: {
      /**
       * How many days a verification ("this is still ours") is valid. After
       * that, and for services never verified, this many days after they
       * first entered the index, the service is flagged `not-verified`.
       * Default 90.
       */
      periodDays?: number;
    };
    /** Kinds whose entities count as services for coverage and orphans. Default `[Component]`. */
    serviceKinds?: string[];
    /** If set, only entities with one of these `spec.type`s count as services. */
    serviceTypes?: string[];
    /**
     * Group (or user) refs whose members may verify any entity's ownership,
     * in addition to whoever the permission policy allows.
     */
    admins?: string[];
    rules?: {
      /** Flag tier-1 services without an existing escalation policy (`tier1-no-escalation`). Default true. */
      tier1RequiresEscalationPolicy?: boolean;
      /** Flag services whose owner team has a single member (`owner-single-member`). Default true. */
      warnSingleMemberTeams?: boolean;
    };
    coverage?: {
      /** How many days of daily coverage snapshots are kept. Default 400. */
      snapshotRetentionDays?: number;
    };
  };
}
