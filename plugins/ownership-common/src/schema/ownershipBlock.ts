import {
  channelsSchema,
  entityRefSchema,
  shortTextSchema,
  workingHoursSchema,
} from './fragments';
import { OWNERSHIP_TIERS } from '../kinds/tiers';

/**
 * JSON schema of the `spec.ownership` block, applied to the kinds in
 * `OWNERSHIP_BLOCK_KINDS`.
 *
 * @public
 */
export const ownershipBlockEntitySchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'OwnershipBlockV1alpha1',
  description:
    'The ownership block of a Component, System, API or Resource: who to call, how escalation goes and how critical it is. spec.owner stays the one accountable owner team.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      properties: {
        kind: { enum: ['Component', 'System', 'API', 'Resource'] },
        spec: {
          type: 'object',
          properties: {
            ownership: {
              type: 'object',
              description: 'Ownership details beside spec.owner.',
              properties: {
                primary: {
                  ...entityRefSchema,
                  description: 'The primary contact, a User entity ref.',
                },
                secondary: {
                  ...entityRefSchema,
                  description:
                    'The secondary contact (backup), a User entity ref.',
                },
                escalationPolicy: {
                  ...entityRefSchema,
                  description:
                    'The EscalationPolicy entity ref, e.g. `escalationpolicy:payments-tier-1`.',
                },
                tier: {
                  enum: [...OWNERSHIP_TIERS],
                  description:
                    'Criticality; tier-1 services must name an escalation policy.',
                },
                level: {
                  enum: ['service', 'component', 'feature'],
                  description: 'Ownership level from the ownership model.',
                },
                feature: {
                  ...shortTextSchema,
                  description: 'For feature ownership: the feature owned.',
                },
                expires: {
                  type: 'string',
                  maxLength: 64,
                  description:
                    'For feature ownership: ISO date after which the ownership counts as a gap.',
                },
                transferTo: {
                  ...entityRefSchema,
                  description:
                    'For feature ownership: the team (or person) that takes over when it expires, e.g. after launch.',
                },
                channels: channelsSchema,
                collaborators: {
                  type: 'array',
                  description:
                    'Teams (or people) that work on it beside the one accountable owner; never counted as the owner.',
                  items: entityRefSchema,
                  maxItems: 50,
                },
                workingHours: {
                  type: 'object',
                  description: 'Working hours and time zone of the contacts.',
                  properties: {
                    primary: workingHoursSchema,
                    secondary: workingHoursSchema,
                  },
                  additionalProperties: false,
                },
              },
            },
          },
        },
      },
    },
  ],
};
