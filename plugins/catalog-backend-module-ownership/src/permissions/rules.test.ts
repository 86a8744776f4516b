import { Entity } from '@backstage/catalog-model';
import { GroupHierarchy } from './GroupHierarchy';
import {
  createIsEntityOwnerViaChildGroupsRule,
  IS_ENTITY_OWNER_VIA_CHILD_GROUPS,
  ownershipCatalogConditions,
} from './rules';

const ownedBy = (...owners: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'svc' },
  relations: owners.map(targetRef => ({ type: 'ownedBy', targetRef })),
});

describe('IS_ENTITY_OWNER_VIA_CHILD_GROUPS', () => {
  const hierarchy = new GroupHierarchy();
  hierarchy.replace([
    { ref: 'group:default/team', parents: ['group:default/dept'] },
    { ref: 'group:default/dept', parents: ['group:default/org'] },
    { ref: 'group:default/other', parents: [] },
  ]);
  const rule = createIsEntityOwnerViaChildGroupsRule(hierarchy);
  const claims = ['user:default/alice', 'group:default/team'];

  it('matches owners among the claims and their parent groups', () => {
    expect(rule.apply(ownedBy('group:default/team'), { claims })).toBe(true);
    expect(rule.apply(ownedBy('group:default/org'), { claims })).toBe(true);
    expect(rule.apply(ownedBy('user:default/alice'), { claims })).toBe(true);
    expect(rule.apply(ownedBy('Group:default/Dept'), { claims })).toBe(true);
  });

  it('does not match other owners, child groups or unowned entities', () => {
    expect(rule.apply(ownedBy('group:default/other'), { claims })).toBe(false);
    expect(
      rule.apply(ownedBy('group:default/team'), {
        claims: ['group:default/dept'],
      }),
    ).toBe(false);
    expect(rule.apply(ownedBy(), { claims })).toBe(false);
    expect(rule.apply(ownedBy('group:default/org'), { claims: [] })).toBe(
      false,
    );
  });

  it('filters catalog queries by the claims and their ancestors', () => {
    const query = rule.toQuery({ claims });
    expect(query).toEqual({
      key: 'relations.ownedBy',
      values: expect.arrayContaining([
        'user:default/alice',
        'group:default/team',
        'group:default/dept',
        'group:default/org',
      ]),
    });
    expect((query as { values: string[] }).values).toHaveLength(4);
  });

  it('gives policies a condition for the catalog', () => {
    expect(
      ownershipCatalogConditions.isEntityOwnerViaChildGroups({ claims }),
    ).toEqual({
      rule: IS_ENTITY_OWNER_VIA_CHILD_GROUPS,
      resourceType: 'catalog-entity',
      params: { claims },
    });
  });
});
