import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import request from 'supertest';
import { catalogModuleOwnership } from './module';
import { OwnershipEntitiesProcessor } from './processor/OwnershipEntitiesProcessor';
import { ownershipCatalogConditions } from './permissions/rules';

// Backends and databases start slowly when CI's two cores are busy.
jest.setTimeout(60_000);

// A backend with the real catalog and the module, reading the given files.
async function startCatalog(files: string[]) {
  const { server } = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleOwnership,
      mockServices.rootConfig.factory({
        data: {
          catalog: {
            rules: [
              {
                allow: [
                  'Component',
                  'API',
                  'System',
                  'Domain',
                  'Group',
                  'User',
                  'Location',
                  'EscalationPolicy',
                  'RaciMatrix',
                ],
              },
            ],
            locations: files.map(target => ({ type: 'file', target })),
          },
        },
      }),
    ],
  });
  return server;
}

describe('catalogModuleOwnership', () => {
  it('registers the ownership processor with the catalog', async () => {
    const addProcessor = jest.fn();
    await startTestBackend({
      extensionPoints: [[catalogProcessingExtensionPoint, { addProcessor }]],
      features: [
        catalogModuleOwnership,
        catalogServiceMock.factory(),
        mockServices.permissionsRegistry.factory(),
      ],
    });
    expect(addProcessor).toHaveBeenCalledWith(
      expect.any(OwnershipEntitiesProcessor),
    );
  });

  describe('with the real catalog', () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'catalog-module-ownership-'));
      const doc = (kind: string, name: string, spec: object) =>
        JSON.stringify({
          apiVersion: 'backstage.io/v1alpha1',
          kind,
          metadata: { name },
          spec,
        });
      const group = (name: string, spec: object = {}) =>
        doc('Group', name, { type: 'team', children: [], ...spec });
      const component = (name: string, owner: string) =>
        doc('Component', name, {
          type: 'service',
          lifecycle: 'production',
          owner,
        });
      writeFileSync(
        join(dir, 'catalog.yaml'),
        [
          group('org'),
          group('dept', { parent: 'org' }),
          group('team', { parent: 'dept', members: ['alice'] }),
          group('platform', { children: ['sre'] }),
          group('sre'),
          group('other'),
          doc('User', 'alice', { memberOf: ['team'] }),
          component('svc-team', 'team'),
          component('svc-dept', 'dept'),
          component('svc-org', 'group:default/org'),
          component('svc-platform', 'platform'),
          component('svc-other', 'other'),
          component('svc-alice', 'user:alice'),
        ].join('\n---\n'),
      );
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('stores the relations the model reader gives, in both directions', async () => {
      const suite = (kind: string, name: string, spec: object) =>
        JSON.stringify({
          apiVersion: 'ownership.dev/v1alpha1',
          kind,
          metadata: { name },
          spec,
        });
      writeFileSync(
        join(dir, 'ownership.yaml'),
        [
          suite('EscalationPolicy', 'team-policy', {
            owner: 'team',
            levels: [
              {
                name: 'On-call',
                escalateAfter: '15m',
                targets: [{ type: 'user', id: 'alice' }],
              },
              {
                name: 'Executives',
                targets: [{ type: 'group', id: 'org' }],
                notifyStakeholders: true,
              },
            ],
            stakeholders: ['group:default/other'],
          }),
          suite('RaciMatrix', 'team-raci', {
            owner: 'team',
            appliesTo: ['component:svc-team', 'group:default/platform'],
            activities: [
              {
                name: 'Deploy',
                responsible: ['team'],
                accountable: 'user:alice',
                escalationPath: ['dept', 'org'],
              },
            ],
          }),
          JSON.stringify({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'svc-feature' },
            spec: {
              type: 'service',
              lifecycle: 'experimental',
              owner: 'team',
              ownership: {
                level: 'feature',
                expires: '2099-01-31',
                transferTo: 'platform',
                collaborators: ['sre'],
                escalationPolicy: 'team-policy',
              },
            },
          }),
        ].join('\n---\n'),
      );
      const server = await startCatalog([
        join(dir, 'catalog.yaml'),
        join(dir, 'ownership.yaml'),
      ]);
      const relationsOf = async (ref: string) => {
        const [kind, rest] = ref.split(':');
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/${kind}/${rest}`)
          .set('authorization', mockCredentials.service.header());
        if (res.status !== 200) return [];
        return (res.body.relations ?? []).map(
          (r: { type: string; targetRef: string }) =>
            `${r.type} ${r.targetRef}`.toLocaleLowerCase('en-US'),
        );
      };
      const expected: Record<string, string[]> = {
        'racimatrix:default/team-raci': [
          'raciAppliesTo component:default/svc-team',
          'hasEscalationContact group:default/dept',
          'hasEscalationContact group:default/org',
        ],
        'group:default/org': [
          'escalationContactFor racimatrix:default/team-raci',
          'escalationTargetOf escalationpolicy:default/team-policy',
        ],
        'escalationpolicy:default/team-policy': [
          'hasStakeholder group:default/other',
          'escalatesTo user:default/alice',
        ],
        'group:default/other': [
          'stakeholderOf escalationpolicy:default/team-policy',
        ],
        'component:default/svc-feature': [
          'transfersTo group:default/platform',
          'hasCollaborator group:default/sre',
          'hasEscalationPolicy escalationpolicy:default/team-policy',
        ],
        'group:default/platform': [
          'transferTargetOf component:default/svc-feature',
        ],
        'group:default/sre': ['collaboratorOn component:default/svc-feature'],
      };
      for (const [ref, relations] of Object.entries(expected)) {
        const wanted = relations.map(r => r.toLocaleLowerCase('en-US'));
        const hasAll = (actual: string[]) =>
          wanted.every(r => actual.includes(r));
        let actual = await relationsOf(ref);
        for (let i = 0; i <= 200 && !hasAll(actual); i++) {
          await new Promise(r => setTimeout(r, 100));
          actual = await relationsOf(ref);
        }
        expect({ ref, relations: actual }).toEqual({
          ref,
          relations: expect.arrayContaining(wanted),
        });
      }
      // appliesTo naming a Group becomes no relation on either side
      expect(
        (await relationsOf('racimatrix:default/team-raci')).filter(
          (r: string) => r.startsWith('raciappliesto'),
        ),
      ).toEqual(['raciappliesto component:default/svc-team']);
      expect(
        (await relationsOf('group:default/platform')).filter((r: string) =>
          r.startsWith('hasracimatrix'),
        ),
      ).toEqual([]);
    });

    it('ingests every seed translation in examples/seeds without a processing error', async () => {
      const seeds = join(__dirname, '../../../examples/seeds');
      const files = readdirSync(seeds).filter(f => f.endsWith('.yaml'));
      const expected = files
        .map(f => readFileSync(join(seeds, f), 'utf8').match(/^kind: /gm))
        .reduce((n, kinds) => n + (kinds?.length ?? 0), 0);
      const server = await startCatalog(files.map(f => join(seeds, f)));
      // an entity with a processing error never appears in the catalog
      const kinds = [
        'component',
        'api',
        'system',
        'domain',
        'group',
        'user',
        'escalationpolicy',
        'racimatrix',
      ];
      const count = async () => {
        const res = await request(server)
          .get(
            `/api/catalog/entities/by-query?limit=1&${kinds
              .map(k => `filter=kind=${k}`)
              .join('&')}`,
          )
          .set('authorization', mockCredentials.service.header());
        return (res.body.totalItems as number | undefined) ?? 0;
      };
      let total = 0;
      for (let i = 0; i <= 300 && total < expected; i++) {
        total = await count();
        if (total < expected) await new Promise(r => setTimeout(r, 100));
      }
      expect(total).toBe(expected);
    });

    it('lets the catalog decide membership through child groups', async () => {
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          catalogModuleOwnership,
          // the real scheduler, so that the module's local task runs on its own
          schedulerServiceFactory,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                rules: [{ allow: ['Component', 'Group', 'User', 'Location'] }],
                locations: [
                  { type: 'file', target: join(dir, 'catalog.yaml') },
                ],
              },
              ownership: {
                groupHierarchy: {
                  schedule: {
                    frequency: { milliseconds: 200 },
                    timeout: { seconds: 30 },
                  },
                },
              },
            },
          }),
        ],
      });

      const apply = async (claims: string[], names: string[]) => {
        const res = await request(server)
          .post(
            '/api/catalog/.well-known/backstage/permissions/apply-conditions',
          )
          .set('authorization', mockCredentials.service.header())
          .send({
            items: names.map(name => ({
              id: name,
              resourceRef: `component:default/${name}`,
              resourceType: 'catalog-entity',
              conditions:
                ownershipCatalogConditions.isEntityOwnerViaChildGroups({
                  claims,
                }),
            })),
          });
        expect(res.status).toBe(200);
        return Object.fromEntries(
          res.body.items.map((i: { id: string; result: string }) => [
            i.id,
            i.result,
          ]),
        );
      };
      const names = [
        'svc-team',
        'svc-dept',
        'svc-org',
        'svc-platform',
        'svc-other',
        'svc-alice',
      ];
      const alice = ['user:default/alice', 'group:default/team'];

      // wait for the catalog to process everything
      for (let i = 0; ; i++) {
        const res = await request(server)
          .get(
            '/api/catalog/entities/by-query?filter=kind=group,kind=user,kind=component&limit=1',
          )
          .set('authorization', mockCredentials.service.header());
        if (res.status === 200 && res.body.totalItems === 13) break;
        if (i > 200)
          throw new Error('the catalog did not process the entities');
        await new Promise(r => setTimeout(r, 100));
      }
      // then for the module's task to load the group tree after that
      for (let i = 0; ; i++) {
        const { 'svc-org': org, 'svc-platform': platform } = await apply(
          ['group:default/team', 'group:default/sre'],
          ['svc-org', 'svc-platform'],
        );
        if (org === 'ALLOW' && platform === 'ALLOW') break;
        if (i > 200) throw new Error('the group hierarchy was never loaded');
        await new Promise(r => setTimeout(r, 100));
      }
      expect(await apply(alice, names)).toEqual({
        'svc-team': 'ALLOW',
        'svc-dept': 'ALLOW',
        'svc-org': 'ALLOW',
        'svc-platform': 'DENY',
        'svc-other': 'DENY',
        'svc-alice': 'ALLOW',
      });
      // spec.children counts as much as spec.parent; parents do not inherit
      expect(
        await apply(['group:default/sre', 'group:default/dept'], names),
      ).toEqual({
        'svc-team': 'DENY',
        'svc-dept': 'ALLOW',
        'svc-org': 'ALLOW',
        'svc-platform': 'ALLOW',
        'svc-other': 'DENY',
        'svc-alice': 'DENY',
      });

      const invalid = await request(server)
        .post('/api/catalog/.well-known/backstage/permissions/apply-conditions')
        .set('authorization', mockCredentials.service.header())
        .send({
          items: [
            {
              id: 'x',
              resourceRef: 'component:default/svc-team',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER_VIA_CHILD_GROUPS',
                resourceType: 'catalog-entity',
                params: { claims: 'group:default/team' },
              },
            },
          ],
        });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.message).toMatch(
        /Parameters to rule are invalid.*expected array/,
      );
    });
  });
});
