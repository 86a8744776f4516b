import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import { GroupHierarchy } from './GroupHierarchy';

const group = (
  name: string,
  spec: Record<string, unknown> = {},
  namespace?: string,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { type: 'team', children: [], ...spec },
});

describe('GroupHierarchy', () => {
  it('knows no parents before the first load', () => {
    const hierarchy = new GroupHierarchy();
    expect(hierarchy.loadedAt).toBeUndefined();
    expect([...hierarchy.withAncestors(['group:default/team'])]).toEqual([
      'group:default/team',
    ]);
  });

  it('adds ancestors at any depth, lower-cases refs and stops at cycles', () => {
    const hierarchy = new GroupHierarchy();
    hierarchy.replace([
      { ref: 'group:default/team', parents: ['group:default/Dept'] },
      { ref: 'group:default/dept', parents: ['group:default/org'] },
      { ref: 'group:default/org', parents: ['group:default/team'] },
      { ref: 'group:default/other', parents: [] },
    ]);
    expect(
      [
        ...hierarchy.withAncestors([
          'user:default/alice',
          'group:default/TEAM',
        ]),
      ].sort(),
    ).toEqual([
      'group:default/dept',
      'group:default/org',
      'group:default/team',
      'user:default/alice',
    ]);
    expect([...hierarchy.withAncestors(['group:default/other'])]).toEqual([
      'group:default/other',
    ]);
    expect(hierarchy.size).toBe(4);
  });

  it('loads the tree from spec.parent and spec.children in every namespace', async () => {
    const catalog = catalogServiceMock({
      entities: [
        group('org'),
        group('dept', { parent: 'org' }),
        group('team', { parent: 'group:default/dept' }),
        group('platform', { children: ['sre', 'group:ops/oncall'] }),
        group('sre'),
        group('oncall', {}, 'ops'),
        group('broken', {
          parent: 'user:default/alice',
          children: ['not a ref!'],
        }),
      ],
    });
    const hierarchy = new GroupHierarchy();
    await hierarchy.load({ catalog, auth: mockServices.auth() });
    expect(hierarchy.loadedAt).toBeInstanceOf(Date);
    expect([...hierarchy.withAncestors(['group:default/team'])].sort()).toEqual(
      ['group:default/dept', 'group:default/org', 'group:default/team'],
    );
    expect([...hierarchy.withAncestors(['group:ops/oncall'])].sort()).toEqual([
      'group:default/platform',
      'group:ops/oncall',
    ]);
    expect([...hierarchy.withAncestors(['group:default/broken'])]).toEqual([
      'group:default/broken',
    ]);
  });

  it('reads parent and child refs as the model reader does', async () => {
    // readOwnershipModel takes a lone child ref as a list of one, in the
    // group's own namespace, like every other ref list of the model
    const catalog = catalogServiceMock({
      entities: [
        group('Platform', { children: 'Infra' }, 'ops'),
        group('infra', {}, 'ops'),
      ],
    });
    const hierarchy = new GroupHierarchy();
    await hierarchy.load({ catalog, auth: mockServices.auth() });
    expect([...hierarchy.withAncestors(['group:ops/infra'])].sort()).toEqual([
      'group:ops/infra',
      'group:ops/platform',
    ]);
  });

  it('keeps the previous tree when reading the catalog fails', async () => {
    const hierarchy = new GroupHierarchy();
    hierarchy.replace([
      { ref: 'group:default/team', parents: ['group:default/dept'] },
    ]);
    const catalog = {
      streamEntities: () => ({
        [Symbol.asyncIterator]: () => ({
          next: () => Promise.reject(new Error('catalog down')),
        }),
      }),
    };
    await expect(
      hierarchy.load({ catalog, auth: mockServices.auth() }),
    ).rejects.toThrow('catalog down');
    expect(
      hierarchy.withAncestors(['group:default/team']).has('group:default/dept'),
    ).toBe(true);
  });
});
