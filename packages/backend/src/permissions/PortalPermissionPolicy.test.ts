import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ownershipAuditReadPermission,
  ownershipVerifyPermission,
} from '@service-ownership/plugin-ownership-common';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

// Backends and databases start slowly when CI's two cores are busy.
jest.setTimeout(60_000);

const group = (name: string, parent?: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
});

function makePolicy() {
  return new PortalPermissionPolicy({
    userInfo: mockServices.userInfo({
      userEntityRef: 'user:default/guest',
      ownershipEntityRefs: ['user:default/guest', 'group:default/payments-backend'],
    }),
    auth: mockServices.auth(),
    catalog: catalogServiceMock({
      entities: [
        group('acme'),
        group('engineering', 'acme'),
        group('payments', 'group:default/engineering'),
        group('payments-backend', 'payments'),
      ],
    }),
  });
}

const user = {
  credentials: mockCredentials.user('user:default/guest'),
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/payments-backend'],
  },
};

describe('PortalPermissionPolicy', () => {
  it('lets the catalog decide verification with isEntityOwner, counting parent teams', async () => {
    const decision = (await makePolicy().handle(
      { permission: ownershipVerifyPermission },
      user,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.resourceType).toBe('catalog-entity');
    expect(decision.conditions).toEqual({
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: {
        claims: [
          'user:default/guest',
          'group:default/payments-backend',
          'group:default/payments',
          'group:default/engineering',
          'group:default/acme',
        ],
      },
    });
  });

  it('ends the walk at a malformed parent instead of failing', async () => {
    const policy = new PortalPermissionPolicy({
      userInfo: mockServices.userInfo({
        userEntityRef: 'user:default/guest',
        ownershipEntityRefs: ['group:default/broken'],
      }),
      auth: mockServices.auth(),
      catalog: catalogServiceMock({
        entities: [group('broken', 'user:default/not-a-group')],
      }),
    });
    const decision = (await policy.handle(
      { permission: ownershipVerifyPermission },
      user,
    )) as ConditionalPolicyDecision;
    expect(decision.conditions).toMatchObject({
      params: { claims: ['group:default/broken'] },
    });
  });

  it('gives no claims to callers without a user', async () => {
    const decision = (await makePolicy().handle({
      permission: ownershipVerifyPermission,
    })) as ConditionalPolicyDecision;
    expect(decision.conditions).toMatchObject({ params: { claims: [] } });
  });

  it('allows the audit trail to signed-in users only', async () => {
    const policy = makePolicy();
    await expect(
      policy.handle({ permission: ownershipAuditReadPermission }, user),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission: ownershipAuditReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows everything else', async () => {
    await expect(
      makePolicy().handle({ permission: catalogEntityDeletePermission }, user),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
