import { durationToMilliseconds } from '@backstage/types';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { ownershipPermissions } from '@service-ownership/plugin-ownership-common';
import {
  IncidentSource,
  OnCallProvider,
  ownershipIncidentSourceExtensionPoint,
  ownershipOnCallProviderExtensionPoint,
} from '@service-ownership/plugin-ownership-node';
import { AuditService } from './audit/AuditService';
import { DatabaseAuditStore } from './audit/DatabaseAuditStore';
import { applyHandoffReason } from './catalogIndex/coveragePolicy';
import { DatabaseHandoffStakeholders } from './catalogIndex/DatabaseHandoffStakeholders';
import { DatabaseIndexStore } from './catalogIndex/DatabaseIndexStore';
import { DatabaseIndexVerificationHook } from './catalogIndex/DatabaseIndexVerificationHook';
import { DatabaseResolverIndex } from './catalogIndex/DatabaseResolverIndex';
import { OwnershipIndexer } from './catalogIndex/OwnershipIndexer';
import { readOwnershipConfig } from './config';
import { DatabaseHandoffDirectory } from './handoffs/HandoffDirectory';
import { DatabaseHandoffStore } from './handoffs/DatabaseHandoffStore';
import { HandoffEvidence } from './handoffs/HandoffEvidence';
import { HandoffService } from './handoffs/HandoffService';
import { NotificationsHandoffNotifier } from './handoffs/notifications/NotificationsHandoffNotifier';
import { DatabaseHistoryStore } from './history/DatabaseHistoryStore';
import { readIncidentsConfig } from './incidents/config';
import { DatabaseIncidentStore } from './incidents/DatabaseIncidentStore';
import { IncidentPullRunner } from './incidents/IncidentPullRunner';
import { IncidentService } from './incidents/IncidentService';
import { FileIncidentSource } from './incidents/sources/FileIncidentSource';
import {
  PagerDutyIncidentSource,
  pagerDutyServicesFromCatalog,
} from './incidents/sources/PagerDutyIncidentSource';
import { DatabaseIncidentTrendStore } from './metrics/DatabaseIncidentTrendStore';
import { DatabaseMetricsStore } from './metrics/DatabaseMetricsStore';
import { DatabaseOwnershipMetricsStore } from './metrics/DatabaseOwnershipMetricsStore';
import { IncidentMetricsService } from './metrics/IncidentMetricsService';
import { OwnershipMetricsService } from './metrics/OwnershipMetricsService';
import { registerOwnershipGauges } from './metrics/telemetry';
import { DatabaseReportsStore } from './reports/DatabaseReportsStore';
import { OwnershipReports } from './reports/OwnershipReports';
import { CatalogReadDecisions } from './resolver/CatalogReadDecisions';
import { EntityOwnershipResolver } from './resolver/EntityOwnershipResolver';
import { OnCallResolver } from './resolver/OnCallResolver';
import { createRouter } from './router';
import { DatabaseVerificationStore } from './verification/DatabaseVerificationStore';
import { VerificationService } from './verification/VerificationService';

/** The id of the scheduled task that refreshes the ownership index. */
export const OWNERSHIP_INDEX_TASK_ID = 'ownership-index-refresh';

/** The id of the scheduled task that sends overdue handoff reminders. */
export const OWNERSHIP_HANDOFF_REMINDERS_TASK_ID =
  'ownership-handoff-reminders';

/**
 * The ownership backend plugin: resolved ownership per entity,
 * verification with an audit trail, and coverage, orphaned services and team
 * views from its own index of the catalog.
 *
 * @public
 */
export const ownershipPlugin = createBackendPlugin({
  pluginId: 'ownership',
  register(env) {
    let onCallProvider: OnCallProvider | undefined;
    env.registerExtensionPoint(ownershipOnCallProviderExtensionPoint, {
      setOnCallProvider(provider) {
        if (onCallProvider) {
          throw new Error(
            'An on-call provider has already been set for the ownership plugin',
          );
        }
        onCallProvider = provider;
      },
    });
    const incidentSources: IncidentSource[] = [];
    env.registerExtensionPoint(ownershipIncidentSourceExtensionPoint, {
      addIncidentSource(source) {
        incidentSources.push(source);
      },
    });

    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        // always resolves: without the notifications backend, sends fail
        // and are logged, never failing a handoff write
        notifications: notificationService,
      },
      async init({
        rootConfig,
        logger,
        lifecycle,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        userInfo,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        notifications,
      }) {
        const config = readOwnershipConfig(rootConfig);
        const incidentsConfig = readIncidentsConfig(rootConfig);
        permissionsRegistry.addPermissions(ownershipPermissions);
        const history = await DatabaseHistoryStore.create({ database });

        const indexer = new OwnershipIndexer({
          catalog,
          auth,
          store: await DatabaseIndexStore.create({ database }),
          logger,
          config,
          history,
        });
        await scheduler.scheduleTask({
          id: OWNERSHIP_INDEX_TASK_ID,
          scope: 'global',
          frequency: config.refresh.frequency,
          timeout: config.refresh.timeout,
          initialDelay: config.refresh.initialDelay,
          fn: async abortSignal => {
            await indexer.refresh({ signal: abortSignal });
          },
        });

        const verification = new VerificationService({
          catalog,
          store: await DatabaseVerificationStore.create({
            database,
            index: await DatabaseIndexVerificationHook.create({ database }),
          }),
          permissions,
          userInfo,
          auditor,
          config,
        });
        const directory = await DatabaseHandoffDirectory.create({ database });
        const handoffs = new HandoffService({
          catalog,
          store: await DatabaseHandoffStore.create({
            database,
            // in the write's transaction: the index's handoff-not-applied
            // reason and the ownership history follow at once
            afterWrite: async (trx, handoff) => {
              await applyHandoffReason(trx, handoff.entityRef);
              if (handoff.state === 'completed' && handoff.completedAt) {
                await history.recordHandoffCompleted(trx, {
                  entityRef: handoff.entityRef,
                  toTeam: handoff.toTeam,
                  at: new Date(handoff.completedAt),
                });
              }
            },
          }),
          directory,
          evidence: new HandoffEvidence(catalog, directory),
          permissions,
          userInfo,
          notifier: new NotificationsHandoffNotifier({
            notifications,
            stakeholders: await DatabaseHandoffStakeholders.create({
              database,
            }),
            logger,
          }),
          logger,
          config,
        });
        await scheduler.scheduleTask({
          id: OWNERSHIP_HANDOFF_REMINDERS_TASK_ID,
          scope: 'global',
          frequency: config.handoffs.reminderFrequency,
          timeout: { minutes: 10 },
          initialDelay: { minutes: 1 },
          fn: async () => {
            const sent = await handoffs.remindOverdue();
            if (sent) {
              logger.info(`Sent ${sent} overdue handoff reminders`);
            }
          },
        });

        const incidentStore = await DatabaseIncidentStore.create({
          database,
          defaultResponseSlaMinutes: incidentsConfig.defaultResponseSlaMinutes,
        });
        const incidents = new IncidentService({
          store: incidentStore,
          permissions,
        });
        if (incidentsConfig.sources.file) {
          incidentSources.push(
            new FileIncidentSource(incidentsConfig.sources.file),
          );
        }
        if (incidentsConfig.sources.pagerduty) {
          incidentSources.push(
            new PagerDutyIncidentSource({
              ...incidentsConfig.sources.pagerduty,
              services: () => pagerDutyServicesFromCatalog({ catalog, auth }),
              logger,
            }),
          );
        }
        await new IncidentPullRunner({
          sources: incidentSources,
          incidents,
          store: incidentStore,
          logger,
          config: incidentsConfig.pull,
        }).schedule(scheduler);

        const incidentMetricsStore = await DatabaseMetricsStore.create({
          database,
        });
        const ownershipMetricsStore =
          await DatabaseOwnershipMetricsStore.create({ database });
        const unregisterGauges = registerOwnershipGauges({
          store: ownershipMetricsStore,
          incidents: incidentMetricsStore,
          defaultResponseSlaMinutes: incidentsConfig.defaultResponseSlaMinutes,
          logger,
        });
        lifecycle.addShutdownHook(unregisterGauges);

        httpRouter.use(
          await createRouter({
            httpAuth,
            catalog,
            verification,
            resolver: new EntityOwnershipResolver({
              catalog,
              verification,
              readChecks: new CatalogReadDecisions({
                permissions,
                auth,
                ttlMs: durationToMilliseconds(
                  config.resolver.permissionDecisionTtl,
                ),
              }),
              auth,
              source: config.resolver.source,
              index: await DatabaseResolverIndex.create({
                database,
                verificationPeriodDays: config.verificationPeriodDays,
              }),
              onCall: new OnCallResolver({ provider: onCallProvider, logger }),
              rules: config.rules,
            }),
            reports: new OwnershipReports({
              store: await DatabaseReportsStore.create({ database }),
              config,
            }),
            audit: new AuditService({
              store: await DatabaseAuditStore.create({ database }),
              permissions,
              auditor,
            }),
            handoffs,
            history,
            incidents,
            metrics: new OwnershipMetricsService({
              incidents: new IncidentMetricsService({
                store: incidentMetricsStore,
                config: incidentsConfig,
              }),
              store: ownershipMetricsStore,
              config: incidentsConfig,
            }),
            incidentTrends: await DatabaseIncidentTrendStore.create({
              database,
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
