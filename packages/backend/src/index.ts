import { createBackend } from '@backstage/backend-defaults';
import { authProvidersFromConfig } from './auth';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// auth, with the provider modules config names under auth.providers (guest
// in development, oidc in production; see ./auth.ts)
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(authProvidersFromConfig);

// catalog, with processing errors logged and listed on the unprocessed-entities page
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));

// the service ownership suite
backend.add(
  import('@service-ownership/plugin-catalog-backend-module-ownership'),
);
backend.add(import('@service-ownership/plugin-ownership-backend'));

// notifications (handoff state changes and reminders), with signals for live updates
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// permissions, with the portal's own policy
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissions/policyModule'));

backend.start();
