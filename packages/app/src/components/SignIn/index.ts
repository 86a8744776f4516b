export {
  ConfiguredSignInPage,
  signInProvidersFromConfig,
} from './ConfiguredSignInPage';
export { oidcAuthApiFactory, oidcAuthApiRef } from './oidcAuthApi';
