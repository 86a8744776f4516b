import { HumanDuration } from '@backstage/types';

export interface Config {
  /** Settings of the ownership backend (plugin id `ownership`). */
  ownership?: {
    /** The scheduled refresh of the ownership index from the catalog. */
    refresh?: {
      /**
       * How often the index is refreshed. Default `{ minutes: 1 }`: a refresh
       * first compares the catalog's etags and does little when nothing
       * changed. An object
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
    resolver?: {
      /**
       * Where the owner card reads an entity and the teams, people,
       * policies and RACI matrices it names: `index` (default; all from the
       * suite's index as of its last refresh, `indexedAt` in the response,
       * with one batched `catalog.entity.read` authorize call of the entity
       * and every ref shown; an entity not indexed yet is read from the
       * catalog) or `live` (everything from the catalog with the caller's
       * credentials, several calls per card).
       */
      source?: 'index' | 'live';
      /**
       * How long the index source reuses the permission policy's decision
       * on `catalog.entity.read` for one user token (an allow or deny holds
       * for every entity, so a user opening several cards makes one
       * permission call between them). A change of policy, roles or group
       * membership reaches the card this much later at most; a conditional
       * decision still checks the refs of every card. Default 10 seconds;
       * 0 asks on every card.
       */
      permissionDecisionTtl?: HumanDuration | string;
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
    /** Ownership handoffs between teams. */
    handoffs?: {
      /**
       * Days of the shadow period: the default, and the bounds a handoff may
       * override it within. Default `{ default: 14, min: 0, max: 90 }`.
       * Numbers or numeric strings (e.g. from `${OWNERSHIP_HANDOFF_SHADOW_DAYS:-14}`).
       */
      shadowDays?: {
        default?: number | string;
        min?: number | string;
        max?: number | string;
      };
      /** Minimum days of the reverse shadow. Default `{ default: 7, min: 0, max: 60 }`. */
      reverseShadowDays?: {
        default?: number | string;
        min?: number | string;
        max?: number | string;
      };
      /** Days the other open states are expected to take (due dates). Defaults 3, 7, 7. */
      stageDays?: {
        initiated?: number | string;
        documentationReview?: number | string;
        validation?: number | string;
      };
      /**
       * Checklist items added after the guide's nine; ids kebab-case and
       * unique.
       */
      checklist?: Array<{ id: string; label: string; description?: string }>;
      reminders?: {
        /** How often overdue handoffs are looked for (each reminded at most daily). Default `{ hours: 1 }`. */
        frequency?: HumanDuration | string;
      };
    };
    /** Incidents for the ownership metrics (`POST /incidents/batch` and pulled sources). */
    incidents?: {
      /** Response SLA in minutes where the policy's level-1 escalateAfter is unknown. Default 15. */
      defaultResponseSlaMinutes?: number;
      /** Targets; defaults are the ownership model guide's. */
      targets?: {
        mttrMinutes?: number;
        escalationRate?: number;
        responseSlaCompliance?: number;
        /** Share of services owned, at least (0–1). Default 0.99. */
        coverage?: number;
        /** Share of closed handoffs completed, at least (0–1). Default 0.95. */
        handoffSuccess?: number;
        /** Days since a team's last ownership review, at most. Default 90. */
        reviewFreshnessDays?: number;
        /** On-call load above this multiple of the teams' median is recommended on. Default 2. */
        onCallLoadFactor?: number;
        /** Orphans the coverage recommendation names (0–100). Default 5. */
        orphansNamed?: number;
      };
      /**
       * Scheduled pulls of incident sources. Defaults: frequency 10 min,
       * timeout 15 min, initialDelay 1 min, lookback 7 days, initialWindow
       * 90 days.
       */
      pull?: {
        frequency?: HumanDuration | string;
        timeout?: HumanDuration | string;
        initialDelay?: HumanDuration | string;
        /** Re-read this far before the last successful pull. */
        lookback?: HumanDuration | string;
        /** How far back the first pull of a source reads. */
        initialWindow?: HumanDuration | string;
        /**
         * Stored open incidents created before the pull window, re-read by
         * id, at most maxIncidents per pull (with more, the pulls take them
         * in turn). Defaults: maxIncidents 200 (0 turns it off), maxAge 90
         * days.
         */
        reread?: {
          maxIncidents?: number;
          maxAge?: HumanDuration | string;
        };
      };
      sources?: {
        /** A CSV or JSON file of incidents (format from the extension unless given). */
        file?: { path: string; format?: 'csv' | 'json' };
        /** PagerDuty's REST API, for services with the pagerduty.com/service-id annotation. */
        pagerduty?: {
          /** @visibility secret */
          token: string;
          /** Default https://api.pagerduty.com */
          baseUrl?: string;
        };
      };
    };
  };
}
