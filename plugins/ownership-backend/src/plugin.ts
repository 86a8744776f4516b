import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ownershipPermissions } from '@service-ownership/plugin-ownership-common';
import {
  OnCallProvider,
  ownershipOnCallProviderExtensionPoint,
} from '@service-ownership/plugin-ownership-node';
import { AuditService } from './audit/AuditService';
import { DatabaseAuditStore } from './audit/DatabaseAuditStore';
import { DatabaseIndexStore } from './catalogIndex/DatabaseIndexStore';
import { DatabaseIndexVerificationHook } from './catalogIndex/DatabaseIndexVerificationHook';
import { DatabaseResolverIndex } from './catalogIndex/DatabaseResolverIndex';
import { OwnershipIndexer } from './catalogIndex/OwnershipIndexer';
import { readOwnershipConfig } from './config';
import { DatabaseReportsStore } from './reports/DatabaseReportsStore';
import { OwnershipReports } from './reports/OwnershipReports';
import { EntityOwnershipResolver } from './resolver/EntityOwnershipResolver';
import { OnCallResolver } from './resolver/OnCallResolver';
import { createRouter } from './router';
import { DatabaseVerificationStore } from './verification/DatabaseVerificationStore';
import { VerificationService } from './verification/VerificationService';

/** The id of the scheduled task that refreshes the ownership index. */
export const OWNERSHIP_INDEX_TASK_ID = 'ownership-index-refresh';

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

    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
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
      },
      async init({
        rootConfig,
        logger,
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
      }) {
        const config = readOwnershipConfig(rootConfig);
        permissionsRegistry.addPermissions(ownershipPermissions);

        const indexer = new OwnershipIndexer({
          catalog,
          auth,
          store: await DatabaseIndexStore.create({ database }),
          logger,
          config,
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
        httpRouter.use(
          await createRouter({
            httpAuth,
            verification,
            resolver: new EntityOwnershipResolver({
              catalog,
              verification,
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
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
