/*
 * A local OpenID Connect provider for the production sign-in test: the
 * `oidc-provider` package (a certified OpenID Provider implementation) on
 * 127.0.0.1 with one confidential client, the portal's backend. Its built-in
 * development login and consent pages accept any login; the account's email
 * is <login>@acme.example, which the backend's
 * emailMatchingUserEntityProfileEmail resolver maps to the catalog user with
 * that email (guest → user:default/guest).
 * Plain http: openid-client (inside @backstage/plugin-auth-backend-module-oidc-provider)
 * accepts an http issuer, so no certificate is needed.
 */

const crypto = require('node:crypto');

/**
 * Starts the provider on 127.0.0.1:<port> for a client whose redirect URI is
 * the backend's OIDC handler. Returns its issuer, the client's credentials
 * and close().
 */
async function startOidcProvider({ port, redirectUri }) {
  const { default: Provider } = await import('oidc-provider');
  const issuer = `http://127.0.0.1:${port}`;
  const client = {
    client_id: 'ownership-portal',
    client_secret: crypto.randomBytes(24).toString('base64url'),
    redirect_uris: [redirectUri],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  };
  const provider = new Provider(issuer, {
    clients: [client],
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    // refresh tokens without the offline_access scope, as many company
    // providers do: the portal's session refresh (a reload) needs one
    async issueRefreshToken(_ctx, c) {
      return c.grantTypeAllowed('refresh_token');
    },
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: `${sub}@acme.example`,
            email_verified: true,
            name: sub,
          };
        },
      };
    },
  });
  const server = await new Promise((resolve, reject) => {
    const s = provider.listen(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });
  return {
    issuer,
    metadataUrl: `${issuer}/.well-known/openid-configuration`,
    clientId: client.client_id,
    clientSecret: client.client_secret,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

module.exports = { startOidcProvider };
