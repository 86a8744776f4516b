/*
 * The backend that load-bench.ts starts as a child process (not a test;
 * never run in CI): the catalog with the suite's catalog module, the
 * ownership plugin, the permission backend with the portal's kind of policy
 * (ownership actions conditional on owning the entity, everything else
 * allowed) and guest sign-in, so that the benchmark calls as a user and every
 * permission check is a real call, as in the dev portal.
 */
import { createBackend } from '@backstage/backend-defaults';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ownershipCatalogConditions } from '@service-ownership/plugin-catalog-backend-module-ownership';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// SIGUSR2 runs a full garbage collection, so that load-bench.ts can tell
// memory still held from V8 heap it merely has not given back yet.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
process.on('SIGUSR2', () => {
  gc();
  gc();
});

const portalLikePolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'load-bench-policy',
  register(env) {
    env.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(request, user) {
            if (
              request.permission.name.startsWith('ownership.handoff.') ||
              request.permission.name === 'ownership.verify'
            ) {
              return createCatalogConditionalDecision(
                request.permission as never,
                ownershipCatalogConditions.isEntityOwnerViaChildGroups({
                  claims: user?.info.ownershipEntityRefs ?? [],
                }),
              );
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(portalLikePolicy);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@service-ownership/plugin-catalog-backend-module-ownership'),
);
backend.add(import('@service-ownership/plugin-ownership-backend'));
backend.start();
