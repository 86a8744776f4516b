import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ownershipAuditReadPermission,
  ownershipHandoffDecidePermission,
  ownershipHandoffStartPermission,
  ownershipHandoffUpdatePermission,
  ownershipVerifyPermission,
} from '@service-ownership/plugin-ownership-common';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

const makePolicy = () => new PortalPermissionPolicy();

const user = {
  credentials: mockCredentials.user('user:default/guest'),
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: [
      'user:default/guest',
      'group:default/payments-backend',
    ],
  },
};

describe('PortalPermissionPolicy', () => {
  it('lets the catalog decide verification, counting membership through child groups', async () => {
    const decision = (await makePolicy().handle(
      { permission: ownershipVerifyPermission },
      user,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.resourceType).toBe('catalog-entity');
    expect(decision.conditions).toEqual({
      rule: 'IS_ENTITY_OWNER_VIA_CHILD_GROUPS',
      resourceType: 'catalog-entity',
      params: {
        claims: ['user:default/guest', 'group:default/payments-backend'],
      },
    });
  });

  it.each([
    ownershipHandoffStartPermission,
    ownershipHandoffUpdatePermission,
    ownershipHandoffDecidePermission,
  ])('answers $name with the same owner condition', async permission => {
    const decision = (await makePolicy().handle(
      { permission },
      user,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.conditions).toEqual({
      rule: 'IS_ENTITY_OWNER_VIA_CHILD_GROUPS',
      resourceType: 'catalog-entity',
      params: {
        claims: ['user:default/guest', 'group:default/payments-backend'],
      },
    });
    const anonymous = (await makePolicy().handle({
      permission,
    })) as ConditionalPolicyDecision;
    expect(anonymous.conditions).toMatchObject({ params: { claims: [] } });
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
