import { Entity } from '@backstage/catalog-model';
import { CatalogProcessorResult } from '@backstage/plugin-catalog-node';
import {
  getOwnershipRule,
  ownershipRelations,
  readOwnershipModel,
} from '@service-ownership/plugin-ownership-common';
import { OwnershipEntitiesProcessor } from './OwnershipEntitiesProcessor';

const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

async function process(entity: Entity) {
  const processor = new OwnershipEntitiesProcessor();
  const results: CatalogProcessorResult[] = [];
  await processor.postProcessEntity(entity, location, r => results.push(r));
  const relations = results
    .filter(r => r.type === 'relation')
    .map(r => {
      const { source, type, target } = (
        r as Extract<CatalogProcessorResult, { type: 'relation' }>
      ).relation;
      return `${source.kind}:${source.namespace}/${source.name} ${type} ${target.kind}:${target.namespace}/${target.name}`.toLocaleLowerCase(
        'en-US',
      );
    });
  const errors = results.filter(r => r.type === 'error');
  return { relations, errors };
}

const policy: Entity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'EscalationPolicy',
  metadata: { name: 'payments-tier-1' },
  spec: {
    owner: 'group:default/payments',
    levels: [
      {
        name: 'Primary on-call',
        escalateAfter: '15m',
        targets: [
          {
            type: 'schedule',
            id: 'payments-primary',
            rota: {
              members: ['user:default/jane', 'bob'],
              rotation: '1w',
              start: '2026-01-05',
            },
          },
        ],
      },
      {
        name: 'Team lead',
        escalateAfter: 'PT30M',
        targets: [
          { type: 'user', id: 'user:default/lead' },
          { type: 'group', id: 'payments' },
          { type: 'channel', id: '#payments' },
        ],
      },
      {
        // the last level may leave out escalateAfter
        name: 'Executive response',
        targets: [{ type: 'user', id: 'cto' }],
        conditions: { severity: ['critical'], customerImpact: true },
        notifyStakeholders: true,
      },
    ],
    stakeholders: ['group:default/leadership', 'user:default/vp'],
  },
};

const matrix: Entity = {
  apiVersion: 'ownership.dev/v1alpha1',
  kind: 'RaciMatrix',
  metadata: { name: 'payments-raci' },
  spec: {
    owner: 'group:default/payments',
    appliesTo: [
      'component:default/payments-api',
      'system:payments',
      'group:default/payments',
    ],
    activities: [
      {
        name: 'Deploy to production',
        responsible: ['group:default/payments'],
        accountable: 'user:default/lead',
        consulted: ['group:default/platform'],
        informed: ['group:default/support'],
        escalationPath: ['user:default/lead', 'user:default/cto'],
      },
      {
        name: 'Two accountables',
        responsible: ['group:default/payments'],
        accountable: ['user:default/a', 'user:default/b'],
      },
    ],
  },
};

describe('OwnershipEntitiesProcessor', () => {
  const processor = new OwnershipEntitiesProcessor();

  it('accepts its own kinds and leaves others to other processors', async () => {
    await expect(processor.validateEntityKind(policy)).resolves.toBe(true);
    await expect(processor.validateEntityKind(matrix)).resolves.toBe(true);
    await expect(
      processor.validateEntityKind({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'x' },
        spec: {},
      }),
    ).resolves.toBe(false);
    await expect(
      processor.validateEntityKind({
        ...policy,
        apiVersion: 'backstage.io/v1alpha1',
      }),
    ).resolves.toBe(false);
  });

  it('rejects schema errors with the field and the rule', async () => {
    const broken = {
      ...policy,
      spec: { owner: 'group:default/payments', levels: [{ name: 'L1' }] },
    };
    const error = await processor.validateEntityKind(broken).then(
      () => undefined,
      e => e as Error,
    );
    expect(error?.message).toMatch(
      /^escalationpolicy:default\/payments-tier-1: spec.levels\[0\] must have required property 'targets'.*\(rule schema\)\. /,
    );
    // the fix text is the rulebook's
    expect(error?.message).toContain(getOwnershipRule('schema').fix);
  });

  it('emits policy relations in both directions', async () => {
    const { relations, errors } = await process(policy);
    expect(errors).toEqual([]);
    expect(relations).toEqual(
      expect.arrayContaining([
        'escalationpolicy:default/payments-tier-1 ownedby group:default/payments',
        'group:default/payments ownerof escalationpolicy:default/payments-tier-1',
        'escalationpolicy:default/payments-tier-1 escalatesto user:default/jane',
        'user:default/bob escalationtargetof escalationpolicy:default/payments-tier-1',
        'escalationpolicy:default/payments-tier-1 escalatesto user:default/lead',
        'escalationpolicy:default/payments-tier-1 escalatesto group:default/payments',
        'escalationpolicy:default/payments-tier-1 escalatesto user:default/cto',
        'user:default/cto escalationtargetof escalationpolicy:default/payments-tier-1',
      ]),
    );
    expect(relations.filter(r => r.includes('#payments'))).toEqual([]);
  });

  it('emits RACI relations for every participant, including a rule-breaking row', async () => {
    const { relations, errors } = await process(matrix);
    expect(errors).toEqual([]);
    expect(relations).toEqual(
      expect.arrayContaining([
        'racimatrix:default/payments-raci raciappliesto component:default/payments-api',
        'system:default/payments hasracimatrix racimatrix:default/payments-raci',
        'racimatrix:default/payments-raci hasresponsible group:default/payments',
        'group:default/payments responsiblefor racimatrix:default/payments-raci',
        'user:default/lead accountablefor racimatrix:default/payments-raci',
        'racimatrix:default/payments-raci hasconsulted group:default/platform',
        'group:default/support informedof racimatrix:default/payments-raci',
        'user:default/a accountablefor racimatrix:default/payments-raci',
        'user:default/b accountablefor racimatrix:default/payments-raci',
      ]),
    );
    // a Group is no RACI_APPLIES_TO_KINDS target: it stays out of the graph
    expect(relations.filter(r => r.includes('raciappliesto'))).toEqual([
      'racimatrix:default/payments-raci raciappliesto component:default/payments-api',
      'racimatrix:default/payments-raci raciappliesto system:default/payments',
    ]);
    expect(relations.filter(r => r.includes('hasracimatrix'))).toHaveLength(2);
    // the same participant in many rows yields one relation
    expect(
      relations.filter(
        r =>
          r ===
          'racimatrix:default/payments-raci hasresponsible group:default/payments',
      ),
    ).toHaveLength(1);
  });

  it('emits contact and policy relations for the ownership block', async () => {
    const { relations, errors } = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'payments-api', namespace: 'default' },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:payments',
        ownership: {
          primary: 'jane',
          secondary: 'user:default/bob',
          escalationPolicy: 'payments-tier-1',
          tier: 'tier-1',
        },
      },
    });
    expect(errors).toEqual([]);
    expect(relations).toEqual([
      'component:default/payments-api hasprimarycontact user:default/jane',
      'user:default/jane primarycontactof component:default/payments-api',
      'component:default/payments-api hassecondarycontact user:default/bob',
      'user:default/bob secondarycontactof component:default/payments-api',
      'component:default/payments-api hasescalationpolicy escalationpolicy:default/payments-tier-1',
      'escalationpolicy:default/payments-tier-1 escalationpolicyof component:default/payments-api',
    ]);
  });

  it('emits policy stakeholders in both directions', async () => {
    const { relations } = await process(policy);
    expect(relations).toEqual(
      expect.arrayContaining([
        'escalationpolicy:default/payments-tier-1 hasstakeholder group:default/leadership',
        'group:default/leadership stakeholderof escalationpolicy:default/payments-tier-1',
        'escalationpolicy:default/payments-tier-1 hasstakeholder user:default/vp',
        'user:default/vp stakeholderof escalationpolicy:default/payments-tier-1',
      ]),
    );
  });

  it('emits the RACI escalation path in both directions', async () => {
    const { relations } = await process(matrix);
    expect(relations).toEqual(
      expect.arrayContaining([
        'racimatrix:default/payments-raci hasescalationcontact user:default/lead',
        'user:default/lead escalationcontactfor racimatrix:default/payments-raci',
        'racimatrix:default/payments-raci hasescalationcontact user:default/cto',
        'user:default/cto escalationcontactfor racimatrix:default/payments-raci',
      ]),
    );
  });

  it('emits collaborators and the transfer target in both directions, never as owner', async () => {
    const { relations, errors } = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout-redesign' },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:checkout',
        ownership: {
          level: 'feature',
          feature: 'One-page checkout',
          expires: '2026-06-30',
          transferTo: 'payments',
          collaborators: ['group:default/design', 'user:default/jane'],
          workingHours: {
            primary: {
              timeZone: 'Europe/Berlin',
              start: '09:00',
              end: '17:00',
            },
          },
        },
      },
    });
    expect(errors).toEqual([]);
    expect(relations).toEqual([
      'component:default/checkout-redesign hascollaborator group:default/design',
      'group:default/design collaboratoron component:default/checkout-redesign',
      'component:default/checkout-redesign hascollaborator user:default/jane',
      'user:default/jane collaboratoron component:default/checkout-redesign',
      'component:default/checkout-redesign transfersto group:default/payments',
      'group:default/payments transfertargetof component:default/checkout-redesign',
    ]);
    // spec.owner of a built-in kind is the catalog's own processor's job
    expect(relations.filter(r => r.includes('ownedby'))).toEqual([]);
  });

  it('emits exactly the relations the model reader gives, in both directions', async () => {
    for (const entity of [policy, matrix]) {
      const { relations } = await process(entity);
      const self =
        `${entity.kind}:default/${entity.metadata.name}`.toLocaleLowerCase(
          'en-US',
        );
      const expected = ownershipRelations(readOwnershipModel(entity)).flatMap(
        r => [
          `${self} ${r.type} ${r.targetRef}`.toLocaleLowerCase('en-US'),
          `${r.targetRef} ${r.reverse} ${self}`.toLocaleLowerCase('en-US'),
        ],
      );
      expect(relations).toEqual(expected);
    }
  });

  it('reports a broken ownership block as an input error and emits nothing', async () => {
    const { relations, errors } = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'broken' },
      spec: {
        type: 'service',
        owner: 'group:payments',
        ownership: { primary: 'jane', tier: 'tier-9' },
      },
    });
    expect(relations).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(
      (errors[0] as Extract<CatalogProcessorResult, { type: 'error' }>).error
        .message,
    ).toMatch(
      /component:default\/broken: spec.ownership.tier must be equal to one of the allowed values/,
    );
  });

  it('ingests rule violations and malformed refs without errors', async () => {
    const { relations, errors } = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'risky' },
      spec: {
        type: 'service',
        owner: 'group:payments',
        ownership: { primary: 'group:default/not-a-user', tier: 'tier-1' },
      },
    });
    expect(errors).toEqual([]);
    expect(relations).toEqual([]);
  });

  it('leaves plain entities alone', async () => {
    const { relations, errors } = await process({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'payments' },
      spec: { type: 'team', children: [] },
    });
    expect(relations).toEqual([]);
    expect(errors).toEqual([]);
  });
});
