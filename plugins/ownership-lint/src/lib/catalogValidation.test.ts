import {
  componentEntityV1alpha1Validator,
  DefaultNamespaceEntityPolicy,
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  groupEntityV1alpha1Validator,
  KindValidator,
  locationEntityV1alpha1Validator,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
} from '@backstage/catalog-model';
import { parseDocument } from 'yaml';
import { createTempDir, removeTempDir } from '../__testUtils__/fixtures';
import { LintFinding, runLint } from './lint';

// Each entity is one the catalog refuses; the comment names the check.
const REJECTED: Record<string, string> = {
  'bad name format': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout_service_
spec: {type: service, lifecycle: production, owner: payments}`,
  'bad namespace': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  namespace: Team_A
spec: {type: service, lifecycle: production, owner: payments}`,
  'missing spec.type on Component': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: no-type
spec:
  lifecycle: production
  owner: payments`,
  'owner missing, with an ownership block': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: no-owner
spec:
  type: service
  lifecycle: production
  ownership:
    tier: tier-2`,
  'no spec at all': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: no-spec`,
  'unknown root field': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: extra-root
spec: {type: service, lifecycle: production, owner: payments}
owner: payments`,
  'invalid tag': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: tagged
  tags: [java, go 1.15.3]
spec: {type: service, lifecycle: production, owner: payments}`,
  'invalid label key': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: labelled
  labels:
    bad key!: x
spec: {type: service, lifecycle: production, owner: payments}`,
  'tags not a list': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: tags-string
  tags: java
spec: {type: service, lifecycle: production, owner: payments}`,
  'Group without spec.children': `apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: payments
spec:
  type: team`,
  'Location with a target that is not a string': `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: nowhere
spec:
  type: url
  target: 5`,
  'built-in kind under an unknown apiVersion': `apiVersion: backstage.io/v2
kind: Component
metadata:
  name: future
spec: {type: service, lifecycle: production, owner: payments}`,
};

// What the catalog's own checks say about an entity: each of the default
// entity policies of CatalogBuilder on its own, then the built-in kind
// validators. The catalog stops at the first; any of them is the family the
// lint must speak.
async function catalogRejections(yaml: string): Promise<string[]> {
  const entity = parseDocument(yaml).toJS() as Entity;
  const messages: string[] = [];
  const policies = [
    new SchemaValidEntityPolicy(),
    new DefaultNamespaceEntityPolicy(),
    new NoForeignRootFieldsEntityPolicy(),
    new FieldFormatEntityPolicy(),
  ];
  for (const policy of policies) {
    try {
      await EntityPolicies.allOf([policy]).enforce(entity);
    } catch (error) {
      messages.push((error as Error).message);
    }
  }
  const validators: KindValidator[] = [
    componentEntityV1alpha1Validator,
    groupEntityV1alpha1Validator,
    locationEntityV1alpha1Validator,
  ];
  let recognized = false;
  for (const validator of validators) {
    try {
      recognized = recognized || (await validator.check(entity));
    } catch (error) {
      recognized = true;
      messages.push((error as Error).message);
    }
  }
  if (!recognized) {
    messages.push('No processor recognized the entity');
  }
  return messages;
}

const family = (message: string) =>
  message
    .replace(/\s*To learn more.*$/s, '')
    .replace(/^No processor recognized the entity$/, 'no processor recognizes')
    .slice(0, 80);

const dirs: string[] = [];
function tempDir(files: Record<string, string>) {
  const dir = createTempDir(files);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeTempDir));

describe('built-in kinds, validated as the catalog validates them', () => {
  const dir = createTempDir(
    Object.fromEntries(
      Object.values(REJECTED).map((yaml, i) => [
        `e${i}/catalog-info.yaml`,
        yaml,
      ]),
    ),
  );
  afterAll(() => removeTempDir(dir));
  let findings: LintFinding[];
  beforeAll(async () => {
    findings = (await runLint({ cwd: dir })).findings;
  });

  it.each(Object.entries(REJECTED).map(([name, yaml], i) => [name, yaml, i]))(
    'rejects %s, with the message of the catalog',
    async (_name, yaml, i) => {
      const catalogSays = await catalogRejections(yaml as string);
      expect(catalogSays.length).toBeGreaterThan(0);
      const mine = findings.filter(f => f.file === `e${i}/catalog-info.yaml`);
      expect(mine.some(f => f.severity === 'error')).toBe(true);
      const said = mine.map(f => f.message).join('\n');
      expect(catalogSays.filter(m => said.includes(family(m)))).not.toEqual([]);
      if (!catalogSays.some(m => said.includes(family(m)))) {
        throw new Error(`${said}\n---\n${catalogSays.join('\n')}`);
      }
    },
  );

  it('points at the field, and reports every bad tag and label', async () => {
    const result = await runLint({
      cwd: tempDir({
        'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: many
  tags: [ok, "go 1.15.3", Bad]
  labels:
    bad key!: x
    good: "not valid!"
spec:
  type: service
  lifecycle: production
  owner: payments
extra: 1
`,
      }),
    });
    expect(
      result.findings.map(f => `${f.line}:${f.column} ${f.rule} ${f.path}`),
    ).toEqual([
      '5:14 entity-envelope metadata.tags[1]',
      '5:27 entity-envelope metadata.tags[2]',
      '7:15 entity-envelope metadata.labels.bad key!',
      '8:11 entity-envelope metadata.labels.good',
      '13:8 entity-envelope extra',
    ]);
    expect(result.findings[0].message).toBe(
      'The catalog rejects this entity: "tags.1" is not valid; expected a string that is sequences of [a-z0-9+#] separated by [-], at most 63 characters in total but found "go 1.15.3".',
    );
    expect(result.findings[4].message).toBe(
      'The catalog rejects this entity: Unknown field extra',
    );
  });

  it('passes what the catalog accepts, and leaves other kinds to their processors', async () => {
    const result = await runLint({
      cwd: tempDir({
        'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: fine
  tags: [java, c++]
  labels: {backstage.io/tier: "1"}
spec: {type: service, lifecycle: production, owner: payments}
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: t
spec: {steps: []}
`,
      }),
    });
    expect(result.findings).toEqual([]);
  });
});
