import {
  SignInPage,
  SignInProviderConfig,
  IdentityProviders,
} from '@backstage/core-components';
import {
  configApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { oidcAuthApiRef } from './oidcAuthApi';

const knownProviders: Record<string, 'guest' | SignInProviderConfig> = {
  guest: 'guest',
  oidc: {
    id: 'oidc-auth-provider',
    title: 'Single sign-on',
    message: "Sign in with your organisation's OpenID Connect provider",
    apiRef: oidcAuthApiRef,
  },
};

/** The sign-in choices `app.signIn.providers` names (guest when unset). */
export function signInProvidersFromConfig(
  names: string[] | undefined,
): IdentityProviders {
  return (names ?? ['guest']).map(name => {
    const provider = knownProviders[name];
    if (!provider) {
      throw new Error(
        `app.signIn.providers names '${name}'; the app knows ${Object.keys(
          knownProviders,
        ).join(', ')}`,
      );
    }
    return provider;
  });
}

/**
 * The sign-in page with the providers config lists, so that a deploy
 * switches from guest to its identity provider without a rebuild.
 */
export function ConfiguredSignInPage(props: SignInPageProps) {
  const configApi = useApi(configApiRef);
  const providers = signInProvidersFromConfig(
    configApi.getOptionalStringArray('app.signIn.providers'),
  );
  return <SignInPage {...props} auto providers={providers} />;
}
