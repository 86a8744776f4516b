import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizePermissionRequest,
  AuthorizeResult,
} from '@backstage/plugin-permission-common';
import { CatalogReadDecisions } from './CatalogReadDecisions';

const REFS = ['component:default/a', 'user:default/bob', 'group:default/b'];

function token(user: string, expiresAt = '2031-01-01T00:00:00Z') {
  return { ...mockCredentials.user(user), expiresAt: new Date(expiresAt) };
}

function setup(options: { ttlMs?: number; maxCallers?: number } = {}) {
  // the policy's own decision; a conditional one lets the catalog decide
  // per entity, here: everything but bob
  let policy: AuthorizeResult = AuthorizeResult.ALLOW;
  const authorizeConditional = jest.fn(async () => [{ result: policy }]);
  const authorize = jest.fn(async (requests: AuthorizePermissionRequest[]) =>
    requests.map(r => ({
      result:
        r.resourceRef === 'user:default/bob'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  );
  let now = 0;
  const decisions = new CatalogReadDecisions({
    permissions: { authorize, authorizeConditional } as any,
    auth: mockServices.auth(),
    ttlMs: options.ttlMs ?? 10_000,
    maxCallers: options.maxCallers,
    clock: () => now,
  });
  return {
    decisions,
    authorize,
    authorizeConditional,
    setPolicy: (result: AuthorizeResult) => {
      policy = result;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CatalogReadDecisions', () => {
  it('asks the policy once per token and ttl, and applies an allow or a deny to every ref', async () => {
    const { decisions, authorize, authorizeConditional, setPolicy, advance } =
      setup();
    const ann = token('user:default/ann');
    expect(await decisions.canRead(REFS, ann)).toEqual([true, true, true]);
    expect(await decisions.canRead(REFS, ann)).toEqual([true, true, true]);
    expect(authorizeConditional).toHaveBeenCalledTimes(1);
    expect(authorizeConditional.mock.calls[0]).toEqual([
      [
        {
          permission: expect.objectContaining({ name: 'catalog.entity.read' }),
        },
      ],
      { credentials: ann },
    ]);
    expect(authorize).not.toHaveBeenCalled();

    // revoked: seen once the remembered decision expires, not before
    setPolicy(AuthorizeResult.DENY);
    advance(9_999);
    expect(await decisions.canRead(REFS, ann)).toEqual([true, true, true]);
    advance(1);
    expect(await decisions.canRead(REFS, ann)).toEqual([false, false, false]);
    expect(authorizeConditional).toHaveBeenCalledTimes(2);
  });

  it('asks again for a new token of the same user, and for another user', async () => {
    const { decisions, authorizeConditional, setPolicy } = setup();
    await decisions.canRead(REFS, token('user:default/ann'));
    setPolicy(AuthorizeResult.DENY);
    expect(
      await decisions.canRead(
        REFS,
        token('user:default/ann', '2031-01-01T01:00:00Z'),
      ),
    ).toEqual([false, false, false]);
    expect(await decisions.canRead(REFS, token('user:default/eve'))).toEqual([
      false,
      false,
      false,
    ]);
    expect(authorizeConditional).toHaveBeenCalledTimes(3);
  });

  it('checks the refs in one batched call every time the decision is conditional', async () => {
    const { decisions, authorize, authorizeConditional, setPolicy } = setup();
    setPolicy(AuthorizeResult.CONDITIONAL);
    const ann = token('user:default/ann');
    expect(await decisions.canRead(REFS, ann)).toEqual([true, false, true]);
    expect(await decisions.canRead(REFS, ann)).toEqual([true, false, true]);
    expect(authorizeConditional).toHaveBeenCalledTimes(1);
    expect(authorize).toHaveBeenCalledTimes(2);
    expect(authorize.mock.calls[0][0].map(r => r.resourceRef)).toEqual(REFS);
  });

  it('asks per card for services, tokens without expiry, and when the ttl is 0', async () => {
    const cases = [
      { credentials: mockCredentials.service('plugin:other'), ttlMs: 10_000 },
      { credentials: mockCredentials.user('user:default/ann'), ttlMs: 10_000 },
      { credentials: token('user:default/ann'), ttlMs: 0 },
    ];
    for (const { credentials, ttlMs } of cases) {
      const { decisions, authorize, authorizeConditional } = setup({ ttlMs });
      expect(await decisions.canRead(REFS, credentials)).toEqual([
        true,
        false,
        true,
      ]);
      await decisions.canRead(REFS, credentials);
      expect(authorize).toHaveBeenCalledTimes(2);
      expect(authorizeConditional).not.toHaveBeenCalled();
    }
  });

  it('makes one call for concurrent cards of one token, and none for no refs', async () => {
    const { decisions, authorizeConditional } = setup();
    const ann = token('user:default/ann');
    expect(await decisions.canRead([], ann)).toEqual([]);
    await Promise.all(
      Array.from({ length: 20 }, () => decisions.canRead(REFS, ann)),
    );
    expect(authorizeConditional).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed call', async () => {
    const { decisions, authorizeConditional } = setup();
    const ann = token('user:default/ann');
    authorizeConditional.mockRejectedValueOnce(new Error('permission down'));
    await expect(decisions.canRead(REFS, ann)).rejects.toThrow(
      'permission down',
    );
    expect(await decisions.canRead(REFS, ann)).toEqual([true, true, true]);
    expect(authorizeConditional).toHaveBeenCalledTimes(2);
  });

  it('forgets the oldest tokens beyond maxCallers', async () => {
    const { decisions, authorizeConditional } = setup({ maxCallers: 2 });
    for (const user of ['ann', 'bob', 'eve', 'ann']) {
      await decisions.canRead(REFS, token(`user:default/${user}`));
    }
    // ann was forgotten when eve came, so asked again; eve is still remembered
    expect(authorizeConditional).toHaveBeenCalledTimes(4);
    await decisions.canRead(REFS, token('user:default/eve'));
    expect(authorizeConditional).toHaveBeenCalledTimes(4);
  });
});
