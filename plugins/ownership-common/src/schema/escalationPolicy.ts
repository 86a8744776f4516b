import {
  durationSchema,
  entityRefSchema,
  longTextSchema,
  notificationChannelSchema,
  shortTextSchema,
} from './fragments';

const rotaSchema = {
  type: 'object',
  description:
    'A simple on-call rota from which the current and next on-call are computed.',
  required: ['members', 'rotation', 'start'],
  properties: {
    members: {
      type: 'array',
      description: 'User entity refs in rotation order.',
      items: entityRefSchema,
      maxItems: 200,
    },
    rotation: {
      ...durationSchema,
      description: 'Length of one shift, e.g. `1w`.',
    },
    handoverTime: {
      type: 'string',
      maxLength: 5,
      description: 'Local hand-over time, `HH:mm` (default 09:00).',
    },
    timeZone: {
      ...shortTextSchema,
      description:
        'IANA time zone of the hand-over, e.g. `Europe/Berlin` (default UTC).',
    },
    start: {
      type: 'string',
      maxLength: 64,
      description: "ISO date on which the first member's first shift starts.",
    },
  },
};

/**
 * JSON schema of the `EscalationPolicy` kind.
 *
 * @public
 */
export const escalationPolicyEntitySchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'EscalationPolicyV1alpha1',
  description:
    'An escalation policy: ordered levels, each notifying targets and escalating to the next level after its response SLA.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: ['ownership.dev/v1alpha1'] },
        kind: { enum: ['EscalationPolicy'] },
        spec: {
          type: 'object',
          required: ['owner', 'levels'],
          properties: {
            owner: {
              ...entityRefSchema,
              description: 'The team that owns this policy.',
            },
            description: {
              ...longTextSchema,
              description: 'What the policy is for.',
            },
            levels: {
              type: 'array',
              description: 'Escalation levels in order, first notified first.',
              maxItems: 20,
              items: {
                type: 'object',
                required: ['name', 'targets'],
                properties: {
                  level: {
                    type: 'integer',
                    minimum: 1,
                    description:
                      'Level number; when given, strictly increasing.',
                  },
                  name: {
                    ...shortTextSchema,
                    minLength: 1,
                    description: 'Level name.',
                  },
                  escalateAfter: {
                    ...durationSchema,
                    description:
                      'Response SLA: time after which the next level is notified. Required on every level but the last.',
                  },
                  repeat: {
                    type: 'integer',
                    minimum: 0,
                    maximum: 10,
                    description:
                      'How often this level is re-notified before escalating.',
                  },
                  targets: {
                    type: 'array',
                    description: 'Who or what this level notifies.',
                    maxItems: 50,
                    items: {
                      type: 'object',
                      required: ['type', 'id'],
                      properties: {
                        type: {
                          enum: [
                            'user',
                            'group',
                            'schedule',
                            'channel',
                            'email',
                          ],
                          description: 'Kind of target.',
                        },
                        id: {
                          ...entityRefSchema,
                          description:
                            'Entity ref (user, group), schedule name, channel name or e-mail address.',
                        },
                        rota: rotaSchema,
                      },
                    },
                  },
                  conditions: {
                    type: 'object',
                    description: 'When this level is engaged at all.',
                    properties: {
                      severity: {
                        type: 'array',
                        description:
                          'Incident severities that engage this level.',
                        items: { enum: ['critical', 'high', 'medium', 'low'] },
                      },
                      customerImpact: {
                        type: 'boolean',
                        description: 'Only when customers are affected.',
                      },
                    },
                  },
                  notify: {
                    type: 'array',
                    description:
                      'Channels notified when this level is reached.',
                    items: notificationChannelSchema,
                  },
                  notifyStakeholders: {
                    type: 'boolean',
                    description:
                      "Whether the policy's stakeholders are notified when this level is reached.",
                  },
                },
              },
            },
            stakeholders: {
              type: 'array',
              description:
                'Teams and people notified on escalation (at levels with notifyStakeholders).',
              items: entityRefSchema,
              maxItems: 100,
            },
            notifications: {
              type: 'object',
              description: 'Channels notified on escalation and resolution.',
              properties: {
                onEscalation: {
                  type: 'array',
                  items: notificationChannelSchema,
                },
                onResolution: {
                  type: 'array',
                  items: notificationChannelSchema,
                },
              },
            },
          },
        },
      },
    },
  ],
};
