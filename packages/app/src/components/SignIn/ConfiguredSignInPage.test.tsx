import { screen } from '@testing-library/react';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  ConfiguredSignInPage,
  signInProvidersFromConfig,
} from './ConfiguredSignInPage';
import { oidcAuthApiRef } from './oidcAuthApi';

describe('signInProvidersFromConfig', () => {
  it('offers the guest when config names no provider', () => {
    expect(signInProvidersFromConfig(undefined)).toEqual(['guest']);
  });

  it('offers the providers config lists, in order', () => {
    const providers = signInProvidersFromConfig(['oidc', 'guest']);
    expect(providers).toHaveLength(2);
    expect(providers[0]).toMatchObject({
      id: 'oidc-auth-provider',
      apiRef: oidcAuthApiRef,
    });
    expect(providers[1]).toBe('guest');
  });

  it('names an unknown provider and the known ones', () => {
    expect(() => signInProvidersFromConfig(['github'])).toThrow(
      "app.signIn.providers names 'github'; the app knows guest, oidc",
    );
  });
});

describe('ConfiguredSignInPage', () => {
  it('offers the configured OIDC provider and no guest', async () => {
    const oidcApi = {
      getBackstageIdentity: jest.fn().mockResolvedValue(undefined),
      getProfile: jest.fn().mockResolvedValue(undefined),
      getIdToken: jest.fn(),
      signIn: jest.fn(),
      signOut: jest.fn(),
      sessionState$: jest.fn(),
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            configApiRef,
            mockApis.config({
              data: {
                app: { title: 'Portal', signIn: { providers: ['oidc'] } },
              },
            }),
          ],
          [oidcAuthApiRef, oidcApi],
        ]}
      >
        <ConfiguredSignInPage onSignInSuccess={jest.fn()} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Single sign-on')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign In' })).toBeInTheDocument();
    expect(screen.queryByText('Guest')).not.toBeInTheDocument();
  });
});
