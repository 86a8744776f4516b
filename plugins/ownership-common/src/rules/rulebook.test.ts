import {
  compareCodes,
  createFinding,
  getOwnershipRule,
  isOrphanReasonCode,
  ORPHAN_REASON_CODES,
  OWNERSHIP_RULEBOOK,
  sortFindings,
} from './rulebook';
import { describeOrphanReason, describeOrphanReasons } from './orphanReasons';

describe('the rulebook', () => {
  it('gives every code a label, a fix and a unique order', () => {
    const orders = new Set<number>();
    for (const [code, rule] of Object.entries(OWNERSHIP_RULEBOOK)) {
      expect([code, rule.label.length > 0, rule.fix.length > 0]).toEqual([
        code,
        true,
        true,
      ]);
      expect(orders.has(rule.order)).toBe(false);
      orders.add(rule.order);
    }
  });

  it('lists the orphan reasons most serious first', () => {
    expect(ORPHAN_REASON_CODES).toEqual([
      'no-owner',
      'owner-not-found',
      'owner-no-members',
      'catalog-processing-error',
      'tier1-no-escalation',
      'ownership-expired',
      'owner-single-member',
      'handoff-not-applied',
      'not-verified',
    ]);
    expect(isOrphanReasonCode('owner-no-members')).toBe(true);
    expect(isOrphanReasonCode('raci-one-accountable')).toBe(false);
    expect(isOrphanReasonCode('constructor')).toBe(false);
  });

  it('has one severity per code, whoever reports it', () => {
    expect(getOwnershipRule('ownership-expired').severity).toBe('error');
    expect(getOwnershipRule('tier1-no-escalation').severity).toBe('error');
    expect(getOwnershipRule('raci-responsible-required').severity).toBe(
      'warning',
    );
    expect(
      createFinding('ownership-expired', {
        entityRef: 'component:default/a',
        path: 'spec.ownership.expires',
        message: 'expired',
      }),
    ).toEqual({
      entityRef: 'component:default/a',
      path: 'spec.ownership.expires',
      rule: 'ownership-expired',
      severity: 'error',
      message: 'expired',
      fix: OWNERSHIP_RULEBOOK['ownership-expired'].fix,
    });
  });

  it('treats an unknown code as a neutral warning', () => {
    expect(getOwnershipRule('from-a-newer-server')).toMatchObject({
      severity: 'warning',
      label: 'from-a-newer-server',
    });
  });

  it('sorts errors first, then by the order of the book', () => {
    expect(
      ['not-verified', 'unknown-field', 'owner-no-members', 'schema'].sort(
        compareCodes,
      ),
    ).toEqual(['owner-no-members', 'schema', 'not-verified', 'unknown-field']);
    const sorted = sortFindings([
      { rule: 'distinct-contacts', entityRef: 'a', path: 'x' },
      { rule: 'ref-not-found', entityRef: 'b', path: 'y' },
      { rule: 'ref-not-found', entityRef: 'a', path: 'z' },
    ]);
    expect(sorted.map(f => `${f.rule}@${f.entityRef}`)).toEqual([
      'ref-not-found@a',
      'ref-not-found@b',
      'distinct-contacts@a',
    ]);
  });
});

describe('describeOrphanReason', () => {
  const context = {
    owner: 'group:default/mobile',
    verificationPeriodDays: 90,
    firstSeenAt: new Date('2026-01-02T10:00:00Z'),
  };

  it('takes severity and fix from the book and names the owner', () => {
    expect(describeOrphanReason('owner-no-members', context)).toEqual({
      code: 'owner-no-members',
      severity: 'error',
      message:
        'The owner group:default/mobile has no members, directly or through child groups',
      fix: 'Add members to group:default/mobile, or move the service to a team with people in it.',
    });
    expect(describeOrphanReason('not-verified', context).message).toBe(
      'Ownership never verified since the service appeared on 2026-01-02 (due every 90 days)',
    );
    expect(
      describeOrphanReason('not-verified', {
        ...context,
        verifiedAt: '2025-10-01T00:00:00Z',
      }).message,
    ).toBe('Ownership last verified on 2025-10-01, more than 90 days ago');
  });

  it('names the catalog error and the missing policy', () => {
    expect(
      describeOrphanReason('catalog-processing-error', {
        ...context,
        catalogError:
          'spec.ownership.tier must be equal to one of the allowed values',
      }).message,
    ).toMatch(/could not process the latest version: spec.ownership.tier/);
    expect(
      describeOrphanReason('tier1-no-escalation', {
        ...context,
        escalationPolicy: 'escalationpolicy:default/gone',
      }).message,
    ).toBe(
      'Tier-1 service whose escalation policy escalationpolicy:default/gone does not exist',
    );
  });

  it('names the receiving team of a handoff not applied', () => {
    expect(
      describeOrphanReason('handoff-not-applied', {
        ...context,
        handoffTo: 'group:default/identity',
      }),
    ).toEqual({
      code: 'handoff-not-applied',
      severity: 'warning',
      message:
        'The handoff to group:default/identity is complete, but spec.owner still names group:default/mobile',
      fix: "Apply the handoff's patch to catalog-info.yaml so that spec.owner names group:default/identity.",
    });
    expect(describeOrphanReason('handoff-not-applied', context).fix).toBe(
      getOwnershipRule('handoff-not-applied').fix,
    );
  });

  it('describes a set of codes most serious first, without duplicates or non-reasons', () => {
    expect(
      describeOrphanReasons(
        [
          'not-verified',
          'schema',
          'owner-single-member',
          'no-owner',
          'no-owner',
        ],
        context,
      ).map(r => r.code),
    ).toEqual(['no-owner', 'owner-single-member', 'not-verified']);
  });
});
