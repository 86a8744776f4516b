import { normalizeOwnershipRef } from './refs';

const user = { defaultKind: 'user', allowedKinds: ['User'] };
const owner = { defaultKind: 'group', allowedKinds: ['Group', 'User'] };

describe('normalizeOwnershipRef', () => {
  it.each([
    ['jane-doe', 'user:default/jane-doe'],
    ['user:jane-doe', 'user:default/jane-doe'],
    ['user:default/jane-doe', 'user:default/jane-doe'],
    ['default/jane-doe', 'user:default/jane-doe'],
    ['user:emea/jane-doe', 'user:emea/jane-doe'],
    ['  user:default/jane-doe  ', 'user:default/jane-doe'],
    ['User:Default/Jane-Doe', 'user:default/jane-doe'],
    ['user:default/j.doe_2', 'user:default/j.doe_2'],
  ])('normalises %j to %s', (ref, expected) => {
    expect(normalizeOwnershipRef(ref, user)).toBe(expected);
  });

  it('applies the default namespace', () => {
    expect(
      normalizeOwnershipRef('jane-doe', {
        defaultKind: 'user',
        defaultNamespace: 'emea',
      }),
    ).toBe('user:emea/jane-doe');
  });

  it('accepts any kind when no kinds are listed', () => {
    expect(
      normalizeOwnershipRef('group:payments', { defaultKind: 'user' }),
    ).toBe('group:default/payments');
  });

  it('accepts each allowed kind, case-insensitively', () => {
    expect(normalizeOwnershipRef('payments', owner)).toBe(
      'group:default/payments',
    );
    expect(normalizeOwnershipRef('USER:jane-doe', owner)).toBe(
      'user:default/jane-doe',
    );
    expect(
      normalizeOwnershipRef('escalationpolicy:payments-tier-1', {
        defaultKind: 'escalationpolicy',
        allowedKinds: ['EscalationPolicy'],
      }),
    ).toBe('escalationpolicy:default/payments-tier-1');
  });

  it('rejects refs to other kinds', () => {
    expect(normalizeOwnershipRef('group:default/x', user)).toBeUndefined();
    expect(
      normalizeOwnershipRef('component:default/payments-api', owner),
    ).toBeUndefined();
  });

  it.each([
    [''],
    ['   '],
    ['user:'],
    ['user:default/'],
    [':jane'],
    ['user:default/jane/doe'],
    ['user:default/jane doe'],
    ['user:default/jürgen'],
    ['user:default/@jane'],
  ])('rejects the malformed ref %j', ref => {
    expect(normalizeOwnershipRef(ref, user)).toBeUndefined();
  });

  it('rejects values that are not strings', () => {
    expect(normalizeOwnershipRef(undefined, user)).toBeUndefined();
    expect(normalizeOwnershipRef(null, user)).toBeUndefined();
    expect(normalizeOwnershipRef(42, user)).toBeUndefined();
    expect(normalizeOwnershipRef(['jane-doe'], user)).toBeUndefined();
    expect(normalizeOwnershipRef({ name: 'jane-doe' }, user)).toBeUndefined();
  });

  it('rejects refs longer than 255 characters', () => {
    expect(normalizeOwnershipRef(`user:default/${'a'.repeat(242)}`, user)).toBe(
      `user:default/${'a'.repeat(242)}`,
    );
    expect(
      normalizeOwnershipRef(`user:default/${'a'.repeat(243)}`, user),
    ).toBeUndefined();
    expect(normalizeOwnershipRef('a'.repeat(10_000), user)).toBeUndefined();
  });
});

describe('normalizeOwnershipRef namespaces', () => {
  it('rejects a namespace with characters an entity namespace cannot have', () => {
    expect(
      normalizeOwnershipRef('user:foo bar/jane', { defaultKind: 'user' }),
    ).toBeUndefined();
    expect(
      normalizeOwnershipRef('user:team-a/jane', { defaultKind: 'user' }),
    ).toBe('user:team-a/jane');
  });
});
