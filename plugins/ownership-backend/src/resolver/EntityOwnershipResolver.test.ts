import { mockCredentials } from '@backstage/backend-test-utils';
import {
  EntityOwnershipResponse,
  OwnershipFinding,
} from '@service-ownership/plugin-ownership-common';
import {
  createResolver,
  fakeIndex,
  INDEXED_AT,
} from './__testUtils__/resolverFixtures';

const ann = mockCredentials.user('user:default/ann');

const notFound = (findings: OwnershipFinding[]) =>
  findings
    .filter(f => f.rule === 'ref-not-found')
    .map(f => ({ entityRef: f.entityRef, path: f.path }));
const codes = (res: EntityOwnershipResponse) => res.findings.map(f => f.rule);

describe('EntityOwnershipResolver', () => {
  it('reports escalation targets, rota members, stakeholders and RACI participants that match no entity', async () => {
    const { resolver } = createResolver();
    const res = await resolver.getEntityOwnership(
      'component:default/gappy-service',
      ann,
    );
    expect(notFound(res.findings)).toEqual([
      {
        entityRef: 'escalationpolicy:default/gappy',
        path: 'spec.levels[0].targets[1].id',
      },
      {
        entityRef: 'escalationpolicy:default/gappy',
        path: 'spec.levels[0].targets[3].id',
      },
      {
        entityRef: 'escalationpolicy:default/gappy',
        path: 'spec.levels[1].targets[1].rota.members[1]',
      },
      {
        entityRef: 'escalationpolicy:default/gappy',
        path: 'spec.stakeholders[1]',
      },
    ]);
    expect(
      res.findings.find(f => f.path === 'spec.levels[0].targets[1].id'),
    ).toEqual({
      entityRef: 'escalationpolicy:default/gappy',
      path: 'spec.levels[0].targets[1].id',
      rule: 'ref-not-found',
      severity: 'error',
      message:
        'spec.levels[0].targets[1].id refers to user:default/nobody-here, which matches no entity in the catalog',
      fix: 'Point spec.levels[0].targets[1].id at an existing User, or add it to the organisation data.',
    });

    expect(res.raci).toHaveLength(1);
    expect(notFound(res.raci[0].findings)).toEqual([
      {
        entityRef: 'racimatrix:default/gappy-raci',
        path: 'spec.activities[0].accountable',
      },
      // escalationPath participants are checked like the RACI roles
      {
        entityRef: 'racimatrix:default/gappy-raci',
        path: 'spec.activities[0].escalationPath[1]',
      },
      {
        entityRef: 'racimatrix:default/gappy-raci',
        path: 'spec.activities[0].responsible[1]',
      },
    ]);
    expect(res.raci[0].activities[0]).toEqual({
      name: 'Deployment',
      responsible: ['group:default/payments', 'group:default/nowhere'],
      accountable: ['user:default/ghost-boss'],
      consulted: [],
      informed: ['user:default/invisible'],
      escalationPath: ['user:default/eve', 'user:default/gone-lead'],
    });

    // the last level may go without escalateAfter
    expect(res.escalationPolicy!.levels[1]).toMatchObject({
      level: 2,
      escalateAfter: '',
      escalateAfterMinutes: 0,
    });
  });

  it('does not report a ref the caller may not read but the index knows', async () => {
    const { resolver } = createResolver();
    const res = await resolver.getEntityOwnership(
      'component:default/gappy-service',
      ann,
    );
    const all = [...res.findings, ...res.raci[0].findings];
    expect(all.map(f => f.message).join('\n')).not.toContain(
      'user:default/invisible',
    );
    // nor shown: the caller sees only that it cannot be resolved
    expect(res.escalationPolicy!.levels[0].targets[4].people).toEqual([
      { entityRef: 'user:default/invisible', exists: false },
    ]);
  });

  it('shows the open handoff, and checks a completed one the catalog does not show yet live', async () => {
    const open = {
      id: 'h-1',
      state: 'shadow-period' as const,
      fromTeam: 'group:default/empty-team',
      toTeam: 'group:default/identity',
      stateDueAt: '2026-03-20T12:00:00.000Z',
    };
    const { resolver } = createResolver(
      fakeIndex(
        {},
        {},
        {},
        {
          'component:default/mobile-bff': { open },
          'component:default/checkout-v2': {
            completedHandoffTo: 'group:default/identity',
          },
        },
      ),
    );
    const mobile = await resolver.getEntityOwnership(
      'component:default/mobile-bff',
      ann,
    );
    expect(mobile.handoff).toEqual(open);
    expect(codes(mobile)).not.toContain('handoff-not-applied');

    const checkout = await resolver.getEntityOwnership(
      'component:default/checkout-v2',
      ann,
    );
    expect(checkout.handoff).toBeUndefined();
    expect(
      checkout.findings.find(f => f.rule === 'handoff-not-applied'),
    ).toMatchObject({
      severity: 'warning',
      path: 'spec.owner',
      message: expect.stringMatching(
        /^The handoff to group:default\/identity is complete, but spec.owner still names /,
      ),
      fix: "Apply the handoff's patch to catalog-info.yaml so that spec.owner names group:default/identity.",
    });
  });

  it('lists the index reasons instead of the live coverage findings when the index holds the entity', async () => {
    const index = fakeIndex(
      {
        'component:default/identity-web': [
          'tier1-no-escalation',
          'owner-single-member',
          'not-verified',
        ],
        'component:default/mobile-bff': ['owner-no-members', 'not-verified'],
      },
      {
        'component:default/identity-web': 'group:default/identity',
        'component:default/mobile-bff': 'group:default/empty-team',
      },
    );
    const { resolver } = createResolver(index);
    const indexed = await index.getEntityReasons(
      'component:default/identity-web',
    );

    const identity = await resolver.getEntityOwnership(
      'component:default/identity-web',
      ann,
    );
    expect(identity.indexedAt).toBe(INDEXED_AT.toISOString());
    // exactly the coverage page's reasons: same code, severity and words
    expect(
      identity.findings.map(f => ({
        code: f.rule,
        severity: f.severity,
        message: f.message,
        fix: f.fix,
      })),
    ).toEqual(indexed.reasons);
    expect(identity.findings.map(f => f.path)).toEqual([
      'spec.ownership.escalationPolicy',
      'spec.owner',
      '',
    ]);

    const mobile = await resolver.getEntityOwnership(
      'component:default/mobile-bff',
      ann,
    );
    expect(mobile.owner).toMatchObject({ exists: true, members: [] });
    expect(mobile.findings).toEqual([
      {
        entityRef: 'component:default/mobile-bff',
        path: 'spec.owner',
        rule: 'owner-no-members',
        severity: 'error',
        message:
          'The owner group:default/empty-team has no members, directly or through child groups',
        fix: 'Add members to group:default/empty-team, or move the service to a team with people in it.',
      },
      expect.objectContaining({ rule: 'not-verified', severity: 'warning' }),
    ]);
  });

  it('checks the orphan reasons live when the index does not hold the entity', async () => {
    const { resolver } = createResolver(fakeIndex());
    const identity = await resolver.getEntityOwnership(
      'component:default/identity-web',
      ann,
    );
    expect(identity.findings).toEqual([
      expect.objectContaining({
        rule: 'tier1-no-escalation',
        severity: 'error',
        path: 'spec.ownership.escalationPolicy',
        message: 'Tier-1 service without an escalation policy',
      }),
      expect.objectContaining({
        rule: 'owner-single-member',
        severity: 'warning',
        path: 'spec.owner',
        message:
          'The owner group:default/identity has a single member (bus factor 1)',
      }),
    ]);
    expect(identity.indexed).toBe(false);
    expect(identity.indexedAt).toBeUndefined();

    const ghost = await resolver.getEntityOwnership(
      'component:default/ghost-service',
      ann,
    );
    expect(ghost.findings).toEqual([
      {
        entityRef: 'component:default/ghost-service',
        path: 'spec.owner',
        rule: 'owner-not-found',
        severity: 'error',
        message:
          'The owner group:default/ghosts matches no User or Group in the catalog',
        fix: 'Correct spec.owner, or add the group to the organisation data.',
      },
    ]);
  });

  it('counts the members of an owner group the caller may not read as the index does', async () => {
    // group:default/ghosts is not readable here; the index knows it, with 3 members
    const { resolver } = createResolver(
      fakeIndex({}, {}, { 'group:default/ghosts': 3 }),
    );
    const ghost = await resolver.getEntityOwnership(
      'component:default/ghost-service',
      ann,
    );
    expect(ghost.indexed).toBe(false);
    expect(ghost.findings.map(f => f.rule)).not.toContain('owner-not-found');
    expect(ghost.findings.map(f => f.rule)).not.toContain('owner-no-members');
    const lonely = await createResolver(
      fakeIndex({}, {}, { 'group:default/ghosts': 1 }),
    ).resolver.getEntityOwnership('component:default/ghost-service', ann);
    expect(lonely.findings.map(f => f.rule)).toContain('owner-single-member');
  });

  it('reports the catalog processing errors, once, with the live message', async () => {
    const index = fakeIndex({
      'component:default/search-api': [
        'catalog-processing-error',
        'owner-single-member',
      ],
    });
    for (const { resolver } of [createResolver(index), createResolver()]) {
      const res = await resolver.getEntityOwnership(
        'component:default/search-api',
        ann,
      );
      expect(res.catalogErrors).toEqual([
        {
          message: expect.stringContaining('Policy check failed'),
          name: 'InputError',
        },
      ]);
      const errors = res.findings.filter(
        f => f.rule === 'catalog-processing-error',
      );
      expect(errors).toEqual([
        expect.objectContaining({
          severity: 'error',
          path: '',
          message: expect.stringMatching(
            /^The catalog could not process the latest version: InputError: Policy check failed/,
          ),
        }),
      ]);
    }
    const indexed = await createResolver(index).resolver.getEntityOwnership(
      'component:default/search-api',
      ann,
    );
    expect(codes(indexed)).toEqual([
      'catalog-processing-error',
      'owner-single-member',
    ]);
  });

  it('resolves collaborators, the transfer target and working hours', async () => {
    const { resolver } = createResolver();
    const res = await resolver.getEntityOwnership(
      'component:default/checkout-v2',
      ann,
    );
    expect(res.collaborators).toEqual([
      {
        entityRef: 'group:default/identity',
        kind: 'Group',
        exists: true,
        displayName: 'Identity',
      },
      {
        entityRef: 'user:default/dan',
        kind: 'User',
        exists: true,
        displayName: 'Dan Dare',
      },
      { entityRef: 'group:default/vanished', kind: 'Group', exists: false },
      { entityRef: 'user:default/invisible', kind: 'User', exists: false },
    ]);
    expect(res.transferTo).toEqual({
      entityRef: 'group:default/payments',
      kind: 'Group',
      exists: true,
      displayName: 'Payments',
    });
    expect(res.workingHours).toEqual({
      primary: {
        timeZone: 'Europe/Berlin',
        days: ['mon', 'tue', 'wed', 'thu'],
        start: '08:00',
        end: '16:00',
      },
    });
    // a collaborator is never the owner
    expect(res.owner?.entityRef).toBe('group:default/sre');
    expect(notFound(res.findings)).toEqual([
      {
        entityRef: 'component:default/checkout-v2',
        path: 'spec.ownership.collaborators[2]',
      },
    ]);
    expect(res.catalogErrors).toEqual([]);
  });

  it('resolves the owner, contacts, policy levels and on-call', async () => {
    const { resolver } = createResolver();
    const res = await resolver.getEntityOwnership(
      'component:default/payments-api',
      ann,
    );
    expect(res.owner).toMatchObject({
      entityRef: 'group:default/payments',
      exists: true,
      displayName: 'Payments',
      parents: [
        { entityRef: 'group:default/platform', displayName: 'Platform' },
      ],
    });
    expect(res.owner!.members.map(m => m.entityRef)).toEqual([
      'user:default/ann',
      'user:default/bob',
      'user:default/cem',
    ]);
    expect(res.secondary).toMatchObject({
      entityRef: 'user:default/bob',
      displayName: 'Bob Builder',
    });
    expect(
      res.escalationPolicy!.levels.map(l => [
        l.escalateAfter,
        l.escalateAfterMinutes,
      ]),
    ).toEqual([
      ['PT15M', 15],
      ['PT1H30M', 90],
      ['PT2H', 120],
    ]);
    expect(
      res.escalationPolicy!.levels[1].targets[0].people.map(p => p.displayName),
    ).toEqual(['Eve Evans', 'Fay Fox']);
    // week of 2026-03-09, 09:00 Berlin: the second member of the rota
    expect(res.onCall).toEqual([
      expect.objectContaining({
        schedule: 'payments-primary',
        provider: 'rota',
        current: expect.objectContaining({
          person: expect.objectContaining({
            entityRef: 'user:default/bob',
            displayName: 'Bob Builder',
          }),
        }),
        next: expect.objectContaining({
          person: expect.objectContaining({ entityRef: 'user:default/cem' }),
        }),
      }),
    ]);
    expect(res.raci[0].findings.map(f => f.rule)).toEqual([
      'raci-one-accountable',
    ]);
    expect(res.findings).toEqual([]);
  });

  it('reads the catalog in as few calls as before, or fewer', async () => {
    const { resolver, callCount, resetCalls } = createResolver();
    const count = async (name: string) => {
      resetCalls();
      await resolver.getEntityOwnership(`component:default/${name}`, ann);
      return callCount();
    };
    // before: 9, 5, 2 and 10 (the policy and the matrices read apart, one
    // BFS per group target, a separate visibility call for RACI participants)
    expect(await count('payments-api')).toBe(7);
    expect(await count('payments-ledger')).toBe(5);
    expect(await count('mobile-bff')).toBe(2);
    expect(await count('gappy-service')).toBe(7);
    // before: 3, without collaborators and transfer target, which now come
    // in the same batched call as the people
    expect(await count('checkout-v2')).toBe(3);
  });

  it('answers 404 for an entity the caller may not read', async () => {
    const { resolver } = createResolver();
    await expect(
      resolver.getEntityOwnership('component:default/no-such-thing', ann),
    ).rejects.toThrow('Entity component:default/no-such-thing not found');
  });
});
