export interface Config {
  app?: {
    signIn?: {
      /**
       * The sign-in choices of the sign-in page, in order: `guest`
       * (development only; the backend's guest provider refuses sign-in when
       * NODE_ENV=production) and `oidc` (auth.providers.oidc). Default: guest.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'oidc'>;
    };
  };
}
