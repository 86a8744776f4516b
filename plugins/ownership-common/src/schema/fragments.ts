// Shared JSON schema fragments. Lengths are capped so that a runaway value
// (a pasted log, a 10 000-character string) is reported as a schema error
// naming the field instead of ending up on every owner card.

export const entityRefSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description:
    'An entity reference such as `user:default/jane` or `group:payments`.',
};

export const durationSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description:
    'A duration: ISO 8601 (`PT15M`, `P1D`) or shorthand (`15m`, `1h`, `2d`, `1w`, `1h30m`).',
};

export const shortTextSchema = {
  type: 'string',
  maxLength: 200,
};

export const longTextSchema = {
  type: 'string',
  maxLength: 4000,
};

export const channelsSchema = {
  type: 'object',
  description: 'Ways to reach the owner.',
  properties: {
    slack: {
      ...shortTextSchema,
      description: 'Slack channel, e.g. `#payments-oncall`.',
    },
    email: { ...shortTextSchema, description: 'Team e-mail address.' },
    teams: { ...shortTextSchema, description: 'Microsoft Teams channel.' },
    phone: { ...shortTextSchema, description: 'Phone number or bridge.' },
    url: {
      ...shortTextSchema,
      description: 'Any other contact page (runbook, chat room).',
    },
  },
  additionalProperties: { ...shortTextSchema, description: 'Another channel.' },
};

export const notificationChannelSchema = {
  type: 'object',
  description: 'A channel that is notified.',
  required: ['type', 'target'],
  properties: {
    type: {
      enum: ['slack', 'email', 'teams', 'webhook'],
      description: 'The kind of channel.',
    },
    target: {
      ...shortTextSchema,
      minLength: 1,
      description: 'Channel name, address or URL.',
    },
  },
};

export const workingHoursSchema = {
  type: 'object',
  description: 'When a contact can be reached, in local time.',
  required: ['timeZone', 'start', 'end'],
  properties: {
    timeZone: {
      ...shortTextSchema,
      description: 'IANA time zone, e.g. `Europe/Berlin`.',
    },
    days: {
      type: 'array',
      description: 'Working days (default mon to fri).',
      items: { enum: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] },
      maxItems: 7,
    },
    start: {
      type: 'string',
      maxLength: 5,
      description: 'Local start, `HH:mm`.',
    },
    end: { type: 'string', maxLength: 5, description: 'Local end, `HH:mm`.' },
  },
};
