import { entityRefSchema, longTextSchema, shortTextSchema } from './fragments';

const refList = (description: string) => ({
  type: 'array',
  description,
  items: entityRefSchema,
  maxItems: 100,
});

/**
 * JSON schema of the `RaciMatrix` kind.
 *
 * @public
 */
export const raciMatrixEntitySchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  $id: 'RaciMatrixV1alpha1',
  description:
    'A RACI matrix: for each activity who is Responsible, the one Accountable, who is Consulted and who is Informed.',
  allOf: [
    { $ref: 'Entity' },
    {
      type: 'object',
      required: ['spec'],
      properties: {
        apiVersion: { enum: ['ownership.dev/v1alpha1'] },
        kind: { enum: ['RaciMatrix'] },
        spec: {
          type: 'object',
          required: ['owner', 'activities'],
          properties: {
            owner: {
              ...entityRefSchema,
              description: 'The team that owns this matrix.',
            },
            appliesTo: refList(
              'Entity refs of what the matrix applies to (components, systems, …).',
            ),
            activities: {
              type: 'array',
              description: 'The activities (rows) of the matrix.',
              maxItems: 500,
              items: {
                type: 'object',
                required: ['name'],
                properties: {
                  name: {
                    ...shortTextSchema,
                    minLength: 1,
                    description: 'Activity name.',
                  },
                  description: {
                    ...longTextSchema,
                    description: 'What the activity covers.',
                  },
                  responsible: refList('Who does the work (at least one).'),
                  accountable: {
                    description:
                      'The one person or team accountable. A list is accepted only so that the rule can report it.',
                    anyOf: [
                      entityRefSchema,
                      refList('More than one accountable (invalid).'),
                    ],
                  },
                  consulted: refList('Who is consulted before decisions.'),
                  informed: refList('Who is kept informed.'),
                  decisionAuthority: {
                    ...longTextSchema,
                    description: 'What the accountable party may decide alone.',
                  },
                  escalationPath: refList('Who to escalate to, in order.'),
                },
              },
            },
          },
        },
      },
    },
  ],
};
