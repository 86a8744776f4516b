import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ownershipAuditReadPermission,
  ownershipVerifyPermission,
} from '@service-ownership/plugin-ownership-common';
import { PortalPermissionPolicy } from './PortalPermissionPolicy';

const guest = {
  token: 'token',
  identity: {
    type: 'user' as const,
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: ['user:default/guest', 'group:default/payments'],
  },
};

describe('PortalPermissionPolicy', () => {
  const policy = new PortalPermissionPolicy();

  it('lets the catalog decide ownership verification with isEntityOwner', async () => {
    const decision = (await policy.handle(
      { permission: ownershipVerifyPermission },
      guest,
    )) as ConditionalPolicyDecision;
    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.resourceType).toBe('catalog-entity');
    expect(decision.conditions).toEqual({
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: ['user:default/guest', 'group:default/payments'] },
    });
  });

  it('gives no claims to callers without a user identity', async () => {
    const decision = (await policy.handle({
      permission: ownershipVerifyPermission,
    })) as ConditionalPolicyDecision;
    expect(decision.conditions).toMatchObject({ params: { claims: [] } });
  });

  it('allows the audit trail to signed-in users only', async () => {
    await expect(
      policy.handle({ permission: ownershipAuditReadPermission }, guest),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    await expect(
      policy.handle({ permission: ownershipAuditReadPermission }),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('allows everything else', async () => {
    await expect(
      policy.handle({ permission: catalogEntityDeletePermission }, guest),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
