import {
  buildHandoffPatch,
  handoffPatchChanges,
  renderEntityYaml,
} from './patch';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    uid: 'generated',
    annotations: { 'backstage.io/techdocs-ref': 'dir:.' },
    tags: ['payments', 'tier-1'],
  },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'payments',
    ownership: {
      primary: 'group:default/payments',
      secondary: 'user:default/bob',
      escalationPolicy: 'escalationpolicy:default/payments-tier-1',
      tier: 'tier-1',
    },
  },
};

describe('handoff patch', () => {
  it('renders catalog-info.yaml without generated metadata', () => {
    expect(renderEntityYaml(entity)).toEqual([
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      '  name: payments-api',
      '  namespace: default',
      '  annotations:',
      '    backstage.io/techdocs-ref: dir:.',
      '  tags:',
      '    - payments',
      '    - tier-1',
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '  owner: payments',
      '  ownership:',
      '    primary: group:default/payments',
      '    secondary: user:default/bob',
      '    escalationPolicy: escalationpolicy:default/payments-tier-1',
      '    tier: tier-1',
    ]);
  });

  it('changes the owner as written, the contacts naming the old team and flags its policy', () => {
    const input = {
      entity,
      fromTeam: 'group:default/payments',
      toTeam: 'group:default/checkout',
      escalationPolicyOwner: 'group:default/payments',
    };
    expect(handoffPatchChanges(input).map(c => [c.path, c.to])).toEqual([
      ['spec.owner', 'checkout'],
      ['spec.ownership.primary', 'group:default/checkout'],
      [
        'spec.ownership.escalationPolicy',
        'escalationpolicy:default/payments-tier-1',
      ],
    ]);
    expect(buildHandoffPatch(input)).toBe(
      [
        '--- a/catalog-info.yaml',
        '+++ b/catalog-info.yaml',
        '@@ -11,9 +11,9 @@',
        ' spec:',
        '   type: service',
        '   lifecycle: production',
        '-  owner: payments',
        '+  owner: checkout',
        '   ownership:',
        '-    primary: group:default/payments',
        '+    primary: group:default/checkout',
        '     secondary: user:default/bob',
        '-    escalationPolicy: escalationpolicy:default/payments-tier-1',
        "+    escalationPolicy: escalationpolicy:default/payments-tier-1 # owned by group:default/payments: replace with group:default/checkout's escalation policy",
        '     tier: tier-1',
        '',
      ].join('\n'),
    );
  });

  it('is empty once the file names the receiving team', () => {
    expect(
      buildHandoffPatch({
        entity: {
          ...entity,
          spec: { ...entity.spec, owner: 'checkout', ownership: {} },
        },
        fromTeam: 'group:default/payments',
        toTeam: 'group:default/checkout',
      }),
    ).toBe('');
  });

  it('writes a team of another namespace in full', () => {
    const [change] = handoffPatchChanges({
      entity,
      fromTeam: 'group:default/payments',
      toTeam: 'group:shop/checkout',
    });
    expect(change).toEqual({
      path: 'spec.owner',
      from: 'payments',
      to: 'group:shop/checkout',
    });
  });
});
