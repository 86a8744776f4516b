import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';

/**
 * The auth provider modules the portal can install, by their key under
 * `auth.providers`. A deploy picks its providers in config, with no code
 * change: development configures `guest`, production `oidc`.
 */
const providerModules = {
  guest: () => import('@backstage/plugin-auth-backend-module-guest-provider'),
  oidc: () => import('@backstage/plugin-auth-backend-module-oidc-provider'),
};

/** Installs the auth provider modules of the providers named in config. */
export const authProvidersFromConfig = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    const configured = config.getOptionalConfig('auth.providers')?.keys() ?? [];
    for (const key of configured) {
      if (!(key in providerModules)) {
        throw new Error(
          `auth.providers.${key} is configured but the portal has no module for it; known: ${Object.keys(
            providerModules,
          ).join(', ')}`,
        );
      }
      yield providerModules[key as keyof typeof providerModules]();
    }
  },
});
