import { orphanReasonCodes, OrphanReasonFacts } from './orphanReasonCodes';

const now = new Date('2026-06-01T12:00:00Z');
const healthy: OrphanReasonFacts = {
  owner: 'group:default/payments',
  ownerFound: true,
  memberCount: 4,
  tier: 'tier-1',
  escalationPolicy: 'escalationpolicy:default/payments-tier-1',
  escalationPolicyFound: true,
  verificationOverdue: false,
  catalogErrorCount: 0,
  now,
};
const on = { tier1RequiresEscalationPolicy: true, warnSingleMemberTeams: true };

describe('orphanReasonCodes', () => {
  it('finds nothing wrong with a well-owned service', () => {
    expect(orphanReasonCodes(healthy, on)).toEqual([]);
  });

  it.each([
    [{ owner: undefined }, ['no-owner']],
    [{ ownerFound: false }, ['owner-not-found']],
    [{ memberCount: 0 }, ['owner-no-members']],
    [{ memberCount: 1 }, ['owner-single-member']],
    [{ escalationPolicy: undefined }, ['tier1-no-escalation']],
    [{ escalationPolicyFound: false }, ['tier1-no-escalation']],
    [{ catalogErrorCount: 2 }, ['catalog-processing-error']],
    [{ expiresAt: '2026-05-31T23:59:59.999Z' }, ['ownership-expired']],
    [{ expiresAt: '2026-06-30T23:59:59.999Z' }, []],
    [{ verificationOverdue: true }, ['not-verified']],
    [{ completedHandoffTo: 'group:default/identity' }, ['handoff-not-applied']],
    [{ completedHandoffTo: 'group:default/payments' }, []],
    [
      {
        completedHandoffTo: 'group:default/identity',
        verificationOverdue: true,
      },
      ['handoff-not-applied', 'not-verified'],
    ],
    [
      { owner: undefined, completedHandoffTo: 'group:default/identity' },
      ['no-owner', 'handoff-not-applied'],
    ],
    [
      { ownerFound: false, verificationOverdue: true, catalogErrorCount: 1 },
      ['owner-not-found', 'catalog-processing-error', 'not-verified'],
    ],
  ])('%j gives %j, most serious first', (change, codes) => {
    expect(orphanReasonCodes({ ...healthy, ...change }, on)).toEqual(codes);
  });

  it('counts members only for a Group owner', () => {
    expect(
      orphanReasonCodes(
        { ...healthy, owner: 'user:default/tom', memberCount: 0 },
        on,
      ),
    ).toEqual([]);
  });

  it('honours the coverage policy switches', () => {
    const off = {
      tier1RequiresEscalationPolicy: false,
      warnSingleMemberTeams: false,
    };
    expect(
      orphanReasonCodes(
        { ...healthy, memberCount: 1, escalationPolicy: undefined },
        off,
      ),
    ).toEqual([]);
  });
});
