import { ConfigReader } from '@backstage/config';
import { DEFAULT_HANDOFF_CHECKLIST } from '@service-ownership/plugin-ownership-common';
import { readOwnershipConfig } from './config';

const read = (handoffs: object) =>
  readOwnershipConfig(new ConfigReader({ ownership: { handoffs } }));

describe('ownership.handoffs config', () => {
  it('defaults to the guide: 14 days of shadow, 7 of reverse shadow, nine items', () => {
    const { handoffs } = readOwnershipConfig(new ConfigReader({}));
    expect(handoffs).toEqual({
      shadowDays: { default: 14, min: 0, max: 90 },
      reverseShadowDays: { default: 7, min: 0, max: 60 },
      stageDays: { initiated: 3, 'documentation-review': 7, validation: 7 },
      checklist: DEFAULT_HANDOFF_CHECKLIST,
      reminderFrequency: { hours: 1 },
    });
  });

  it('reads numbers given as strings, as environment substitution gives them', () => {
    const { handoffs } = read({
      shadowDays: { default: '0' },
      reverseShadowDays: { default: '0', max: '30' },
      stageDays: { documentationReview: 2 },
      reminders: { frequency: { minutes: 15 } },
    });
    expect(handoffs.shadowDays).toEqual({ default: 0, min: 0, max: 90 });
    expect(handoffs.reverseShadowDays).toEqual({ default: 0, min: 0, max: 30 });
    expect(handoffs.stageDays['documentation-review']).toBe(2);
    expect(handoffs.reminderFrequency).toEqual({ minutes: 15 });
  });

  it('appends extra checklist items after the guide’s', () => {
    const { handoffs } = read({
      checklist: [
        {
          id: 'security-review',
          label: 'Security review',
          description: 'Threat model',
        },
      ],
    });
    expect(handoffs.checklist).toHaveLength(10);
    expect(handoffs.checklist[9]).toEqual({
      id: 'security-review',
      label: 'Security review',
      description: 'Threat model',
    });
  });

  it.each([
    [
      { checklist: [{ id: 'Security Review', label: 'x' }] },
      /checklist\[0\]\.id: "Security Review" must be kebab-case/,
    ],
    [
      { checklist: [{ id: 'runbooks-reviewed', label: 'x' }] },
      /already a checklist item/,
    ],
    [
      {
        checklist: [
          { id: 'a-b', label: 'x' },
          { id: 'a-b', label: 'y' },
        ],
      },
      /checklist\[1\]\.id: "a-b" is already/,
    ],
    [
      { checklist: [{ id: 'a-b', label: ' ' }] },
      /checklist\[0\]\.label: must not be empty/,
    ],
    [
      { shadowDays: { default: 100 } },
      /shadowDays: needs min <= default <= max/,
    ],
    [
      { reverseShadowDays: { min: -1 } },
      /reverseShadowDays\.min: must be a whole number/,
    ],
    [{ shadowDays: { default: 'two' } }, /shadowDays/],
  ])('refuses %j', (handoffs, message) => {
    expect(() => read(handoffs)).toThrow(message);
  });
});

describe('ownership.resolver config', () => {
  const resolver = (value?: object) =>
    readOwnershipConfig(
      new ConfigReader(value ? { ownership: { resolver: value } } : {}),
    ).resolver;

  it('reads the index and reuses a permission decision for 10 seconds by default', () => {
    expect(resolver()).toEqual({
      source: 'index',
      permissionDecisionTtl: { seconds: 10 },
    });
  });

  it('reads the decision ttl as a duration, 0 included', () => {
    expect(resolver({ permissionDecisionTtl: 'PT30S' })).toEqual({
      source: 'index',
      permissionDecisionTtl: { seconds: 30 },
    });
    expect(resolver({ permissionDecisionTtl: { seconds: 0 } })).toEqual({
      source: 'index',
      permissionDecisionTtl: { seconds: 0 },
    });
  });

  it('names a bad source or ttl', () => {
    expect(() => resolver({ source: 'cache' })).toThrow(
      'Invalid config ownership.resolver.source: must be index or live, got cache',
    );
    expect(() => resolver({ permissionDecisionTtl: 'soon' })).toThrow(
      /resolver\.permissionDecisionTtl/,
    );
  });
});
