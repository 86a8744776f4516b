import path from 'node:path';
import {
  FakeCatalogServer,
  startFakeCatalog,
} from '../__testUtils__/catalogServer';
import {
  COMPONENT_YAML,
  createTempDir,
  ORG_YAML,
  OWNERSHIP_YAML,
  removeTempDir,
  SYSTEMS_YAML,
} from '../__testUtils__/fixtures';
import { getOwnershipRule } from '@service-ownership/plugin-ownership-common';
import { OwnershipLintError } from './errors';
import { LintFinding, lintExitCode, runLint } from './lint';

const dirs: string[] = [];
function tempDir(files: Record<string, string>) {
  const dir = createTempDir(files);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeTempDir));

const brief = (f: LintFinding) =>
  `${f.file}:${f.line}:${f.column} ${f.severity} ${f.rule} ${f.entityRef} ${f.path}`;

describe('runLint', () => {
  it('finds nothing wrong in a plain Backstage catalog and valid ownership data', async () => {
    const dir = tempDir({
      'catalog-info.yaml': COMPONENT_YAML,
      'org/catalog-info.yaml': ORG_YAML,
      'systems/catalog-info.yaml': SYSTEMS_YAML,
      'services/checkout/catalog-info.yaml': OWNERSHIP_YAML,
      'node_modules/broken/catalog-info.yaml': 'kind: [',
    });
    const result = await runLint({ cwd: dir });
    expect(result.findings).toEqual([]);
    expect(result.files).toEqual([
      'catalog-info.yaml',
      'org/catalog-info.yaml',
      'services/checkout/catalog-info.yaml',
      'systems/catalog-info.yaml',
    ]);
    expect(result.errorCount).toBe(0);
    expect(result.warningCount).toBe(0);
    expect(lintExitCode(result)).toBe(0);
    expect(lintExitCode(result, { strict: true })).toBe(0);

    const withRefs = await runLint({ cwd: dir, entitiesDir: '.' });
    expect(withRefs.findings).toEqual([]);
  });

  it('reports each problem with file, position, entity, field and rule, and never lets a bad document block the others', async () => {
    const longRef = 'x'.repeat(10_000);
    const dir = tempDir({
      'catalog-info.yaml': [
        /* 1 */ 'apiVersion: backstage.io/v1alpha1',
        /* 2 */ 'kind: Component',
        /* 3 */ 'metadata:',
        /* 4 */ '  name: checkout',
        /* 5 */ '  description: Zahlungsabwicklung für 🛒 — ünïcödé is fine',
        /* 6 */ 'spec:',
        /* 7 */ '  type: service',
        /* 8 */ '  owner: payments',
        /* 9 */ '  ownership:',
        /* 10 */ '    tier: 1',
        /* 11 */ '---',
        /* 12 */ 'apiVersion: backstage.io/v1alpha1',
        /* 13 */ 'kind: Component',
        /* 14 */ 'metadata:',
        /* 15 */ '  name: "unterminated',
        /* 16 */ '---',
        /* 17 */ 'apiVersion: ownership.dev/v1alpha1',
        /* 18 */ 'kind: RaciMatrix',
        /* 19 */ 'metadata:',
        /* 20 */ '  name: checkout-raci',
        /* 21 */ 'spec:',
        /* 22 */ '  owner: payments',
        /* 23 */ '  activities:',
        /* 24 */ '    - name: Deploy',
        /* 25 */ '      responsible: [jane]',
        /* 26 */ '      accountable: [jane, bob]',
        /* 27 */ '---',
        /* 28 */ 'apiVersion: ownership.dev/v1alpha1',
        /* 29 */ 'kind: RaciMatrix',
        /* 30 */ 'metadata:',
        /* 31 */ '  name: empty-raci',
        /* 32 */ 'spec:',
        /* 33 */ '  owner: payments',
        /* 34 */ '  activities: []',
        /* 35 */ '---',
        /* 36 */ 'apiVersion: backstage.io/v1alpha1',
        /* 37 */ 'kind: API',
        /* 38 */ 'metadata:',
        /* 39 */ '  name: checkout-api',
        /* 40 */ 'spec:',
        /* 41 */ '  type: openapi',
        /* 42 */ '  owner: payments',
        /* 43 */ '  ownership:',
        /* 44 */ `    primary: ${longRef}`,
        /* 45 */ '---',
        /* 46 */ 'apiVersion: backstage.io/v1alpha1',
        /* 47 */ 'kind: Resource',
        /* 48 */ 'metadata:',
        /* 49 */ '  name: db',
        /* 50 */ 'spec:',
        /* 51 */ '  owner: payments',
        /* 52 */ '  ownership:',
        /* 53 */ '    primary: group:payments',
        /* 54 */ '    secondary: user:jürgen',
        /* 55 */ '---',
        /* 56 */ '- just',
        /* 57 */ '- a list',
        /* 58 */ '---',
        /* 59 */ 'apiVersion: backstage.io/v1alpha1',
        /* 60 */ 'kind: Group',
        /* 61 */ 'metadata:',
        /* 62 */ `  name: ${'n'.repeat(10_000)}`,
        /* 63 */ '---',
        /* 64 */ 'apiVersion: backstage.io/v1alpha1',
        /* 65 */ 'kind: Component',
        /* 66 */ 'metadata:',
        /* 67 */ '  name: zahlungs-dienst-ü',
        /* 68 */ '---',
        /* 69 */ 'kind: System',
        /* 70 */ 'metadata: my-system',
        '',
      ].join('\n'),
    });
    const result = await runLint({ cwd: dir });
    expect(result.findings.map(brief)).toEqual([
      // what the catalog's own validators reject: a missing required field
      // is shown at its parent
      'catalog-info.yaml:6:1 error schema component:default/checkout spec.lifecycle',
      'catalog-info.yaml:10:11 error schema component:default/checkout spec.ownership.tier',
      'catalog-info.yaml:15:9 error yaml-syntax component:default/unterminated ',
      'catalog-info.yaml:26:7 error raci-one-accountable racimatrix:default/checkout-raci spec.activities[0].accountable',
      'catalog-info.yaml:34:3 error raci-activities-required racimatrix:default/empty-raci spec.activities',
      'catalog-info.yaml:40:1 error schema api:default/checkout-api spec.lifecycle',
      'catalog-info.yaml:44:14 error schema api:default/checkout-api spec.ownership.primary',
      'catalog-info.yaml:50:1 error schema resource:default/db spec.type',
      'catalog-info.yaml:53:14 error ref-malformed resource:default/db spec.ownership.primary',
      'catalog-info.yaml:54:16 error ref-malformed resource:default/db spec.ownership.secondary',
      'catalog-info.yaml:56:1 error entity-envelope unknown ',
      `catalog-info.yaml:59:1 error schema group:default/${'n'.repeat(
        10_000,
      )} spec`,
      `catalog-info.yaml:62:9 error entity-envelope group:default/${'n'.repeat(
        10_000,
      )} metadata.name`,
      'catalog-info.yaml:64:1 error schema component:default/zahlungs-dienst-ü spec',
      'catalog-info.yaml:67:9 error entity-envelope component:default/zahlungs-dienst-ü metadata.name',
      'catalog-info.yaml:69:1 error entity-envelope system:default/unknown apiVersion',
      'catalog-info.yaml:70:11 error entity-envelope system:default/unknown metadata',
    ]);
    const byRule = (rule: string) =>
      result.findings.filter(f => f.rule === rule);
    expect(byRule('schema')[0].message).toBe(
      "The catalog rejects this entity: /spec must have required property 'lifecycle' - missingProperty: lifecycle",
    );
    expect(byRule('schema')[1].message).toMatch(/spec\.ownership\.tier/);
    expect(byRule('schema')[3].message).toMatch(/must NOT have more than 255/);
    expect(byRule('raci-one-accountable')[0].message).toBe(
      'Activity "Deploy" has 2 Accountables; exactly one is required',
    );
    expect(byRule('yaml-syntax')[0].message).toMatch(
      /YAML syntax error in document 2: Missing closing "quote/,
    );
    // a 10 000-character value is not pasted whole into the message
    for (const finding of result.findings) {
      expect(finding.message.length).toBeLessThan(300);
      expect(finding.fix.length).toBeGreaterThan(0);
    }
    expect(result.errorCount).toBe(17);
    expect(lintExitCode(result)).toBe(1);
  });

  it('survives documents of every odd shape', async () => {
    const odd = [
      '~',
      '123',
      '"just a string"',
      '[]',
      '{kind: 1}',
      'kind: [a]\nmetadata: {name: [1]}',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: a}\nspec: {ownership: null}',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: b}\nspec: {ownership: {primary: 5, channels: "x"}}',
      'apiVersion: ownership.dev/v1alpha1\nkind: RaciMatrix\nmetadata: {name: c}\nspec: {owner: x, activities: [null, 1, {name: null}]}',
      'apiVersion: ownership.dev/v1alpha1\nkind: RaciMatrix\nmetadata: {name: d}\nspec: null',
      'apiVersion: ownership.dev/v1alpha1\nkind: EscalationPolicy\nmetadata: {name: e}\nspec: {owner: x, levels: [null, {name: a, escalateAfter: 5, targets: [null, {type: user, id: 5, rota: {members: "x", rotation: 1, start: null}}]}]}',
      'a: &x {b: 1}\nc: *x\nd: !!binary aGVsbG8=\ne: !custom 1',
      '? [complex, key]\n: value',
      '\t\tkind: tab',
      `x: ${'['.repeat(2000)}${']'.repeat(2000)}`,
      'apiVersion: ownership.dev/v1alpha1\nkind: RaciMatrix\nmetadata: {name: last}\nspec: {owner: x, activities: []}',
    ];
    const dir = tempDir({
      'catalog-info.yaml': odd.join('\n---\n'),
      'binary/catalog-info.yaml': '\u0000\u0001\u00ff\nk: v\n',
    });
    const result = await runLint({ cwd: dir, entitiesDir: '.' });
    for (const finding of result.findings) {
      expect(finding).toEqual({
        file: expect.any(String),
        line: expect.any(Number),
        column: expect.any(Number),
        entityRef: expect.any(String),
        path: expect.any(String),
        rule: expect.stringMatching(/^[a-z0-9-]+$/),
        severity: expect.stringMatching(/^(error|warning)$/),
        message: expect.any(String),
        fix: expect.any(String),
      });
    }
    expect(
      result.findings.filter(f => f.entityRef === 'racimatrix:default/last'),
    ).toEqual([
      expect.objectContaining({ rule: 'ref-not-found', path: 'spec.owner' }),
      expect.objectContaining({ rule: 'raci-activities-required' }),
    ]);
    expect(result.findings.map(f => f.file)).toContain(
      'binary/catalog-info.yaml',
    );
  });

  it('counts warnings, which fail only in strict mode', async () => {
    const dir = tempDir({
      'catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: feature-x
spec:
  type: service
  lifecycle: production
  owner: payments
  ownership:
    level: feature
    feature: one-click checkout
`,
    });
    const result = await runLint({ cwd: dir });
    expect(result.findings.map(brief)).toEqual([
      'catalog-info.yaml:9:3 warning feature-expires-required component:default/feature-x spec.ownership.expires',
    ]);
    expect(result.warningCount).toBe(1);
    expect(result.errorCount).toBe(0);
    expect(lintExitCode(result)).toBe(0);
    expect(lintExitCode(result, { strict: true })).toBe(1);
  });

  it('fails once a feature ownership has expired, with the severity and fix of the rulebook', async () => {
    const feature = (expires: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: feature-x
spec:
  type: service
  lifecycle: production
  owner: payments
  ownership:
    level: feature
    feature: one-click checkout
    expires: "${expires}"
    transferTo: group:default/payments
`;
    const expired = await runLint({
      cwd: tempDir({ 'catalog-info.yaml': feature('2001-02-03') }),
    });
    expect(expired.findings.map(brief)).toEqual([
      'catalog-info.yaml:12:14 error ownership-expired component:default/feature-x spec.ownership.expires',
    ]);
    expect(expired.findings[0]).toMatchObject({
      severity: getOwnershipRule('ownership-expired').severity,
      fix: getOwnershipRule('ownership-expired').fix,
    });
    expect(lintExitCode(expired)).toBe(1);

    const current = await runLint({
      cwd: tempDir({ 'catalog-info.yaml': feature('2999-02-03') }),
    });
    expect(current.findings).toEqual([]);
  });

  it('takes severity and fix of every finding it makes itself from the rulebook', async () => {
    const dir = tempDir({
      'catalog-info.yaml': [
        'kind: [',
        '- just a list',
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: c}\nspec: {type: service, lifecycle: production, owner: nobody}',
      ].join('\n---\n'),
    });
    const result = await runLint({ cwd: dir, entitiesDir: '.' });
    expect(result.findings.map(f => f.rule)).toEqual([
      'yaml-syntax',
      'entity-envelope',
      'ref-not-found',
    ]);
    for (const finding of result.findings) {
      expect(finding.severity).toBe(getOwnershipRule(finding.rule).severity);
    }
    expect(result.findings[0].fix).toBe(getOwnershipRule('yaml-syntax').fix);
  });

  it('lints files named by glob, file or directory', async () => {
    const dir = tempDir({
      'catalog/a.yaml': COMPONENT_YAML,
      'catalog/b.yml': 'kind: [',
      'other/catalog-info.yaml': COMPONENT_YAML,
    });
    const result = await runLint({ cwd: dir, patterns: ['catalog'] });
    expect(result.files).toEqual(['catalog/a.yaml', 'catalog/b.yml']);
    expect(result.findings.map(f => f.rule)).toEqual(['yaml-syntax']);

    // as in the workflow of the repository README, without a root file
    const both = await runLint({
      cwd: dir,
      patterns: ['catalog-info.yaml', '**/catalog-info.yaml'],
    });
    expect(both.files).toEqual(['other/catalog-info.yaml']);
  });

  it('fails with a usage error when nothing matches or a file is missing', async () => {
    const dir = tempDir({ 'README.md': '# nothing to lint' });
    await expect(runLint({ cwd: dir })).rejects.toThrow(
      /No catalog files found/,
    );
    await expect(
      runLint({ cwd: dir, patterns: ['catalog-info.yaml'] }),
    ).rejects.toThrow(OwnershipLintError);
    await expect(
      runLint({ cwd: dir, patterns: ['**/*.yaml'], catalogUrl: 'nope' }),
    ).rejects.toThrow(/Invalid catalog URL/);
  });

  describe('with a local catalog (entitiesDir)', () => {
    const files = {
      'catalog/org.yaml': ORG_YAML,
      'catalog/systems.yaml': SYSTEMS_YAML,
      'catalog/broken.yaml': 'kind: [\n',
      'catalog/workflow.yml': 'on: push\njobs: {}\n',
      'service/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
spec:
  type: service
  lifecycle: production
  owner: Payments
  system: bliling
  ownership:
    primary: jane.doe
    secondary: user:default/robert
    escalationPolicy: checkout-policy
---
apiVersion: ownership.dev/v1alpha1
kind: EscalationPolicy
metadata:
  name: checkout-policy
spec:
  owner: payments
  levels:
    - name: On-call
      escalateAfter: 15m
      targets:
        - type: schedule
          id: checkout
          rota:
            members: [jane.doe, mallory]
            rotation: 1w
            start: "2024-01-01"
        - type: group
          id: payments-oncall
---
apiVersion: ownership.dev/v1alpha1
kind: RaciMatrix
metadata:
  name: checkout-raci
spec:
  owner: payments
  appliesTo: [checkout, system:billing, api:missing-api]
  activities:
    - name: Release
      responsible: [user:bob, user:eve]
      accountable: payments
      informed: [group:marketing]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: eve
spec:
  memberOf: [payments, security]
`,
    };

    it('reports refs that match no entity, and only those', async () => {
      const dir = tempDir(files);
      const result = await runLint({
        cwd: dir,
        patterns: ['service/catalog-info.yaml'],
        entitiesDir: 'catalog',
      });
      expect(
        result.findings.map(f => `${f.line}:${f.column} ${f.rule} ${f.path}`),
      ).toEqual([
        '9:11 ref-not-found spec.system',
        '12:16 ref-not-found spec.ownership.secondary',
        '28:33 ref-not-found spec.levels[0].targets[0].rota.members[1]',
        '32:15 ref-not-found spec.levels[0].targets[1].id',
        '40:41 ref-not-found spec.appliesTo[2]',
        '45:18 ref-not-found spec.activities[0].informed[0]',
        '52:24 ref-not-found spec.memberOf[1]',
      ]);
      expect(result.findings[0]).toEqual({
        file: 'service/catalog-info.yaml',
        line: 9,
        column: 11,
        entityRef: 'component:default/checkout',
        path: 'spec.system',
        rule: 'ref-not-found',
        severity: 'error',
        message:
          'spec.system refers to system:default/bliling, which matches no entity in catalog or the linted files',
        fix: 'Check the spelling, kind and namespace of "bliling" (it resolves to system:default/bliling), or add the system entity to the catalog.',
      });
      expect(lintExitCode(result)).toBe(1);
    });

    it('fails with a usage error when the directory does not exist', async () => {
      const dir = tempDir(files);
      await expect(runLint({ cwd: dir, entitiesDir: 'nope' })).rejects.toThrow(
        /No such directory/,
      );
    });
  });

  describe('with a live catalog', () => {
    let server: FakeCatalogServer;
    beforeAll(async () => {
      server = await startFakeCatalog({
        token: 'ci-token',
        entityRefs: [
          'group:default/payments',
          'user:default/jane.doe',
          'system:default/billing',
        ],
      });
    });
    afterAll(() => server.close());
    beforeEach(() => {
      server.requests.length = 0;
    });

    const component = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
spec:
  type: service
  lifecycle: production
  owner: payments
  system: billing
  ownership:
    primary: jane.doe
    secondary: ghost
    escalationPolicy: checkout-policy
---
apiVersion: ownership.dev/v1alpha1
kind: EscalationPolicy
metadata:
  name: checkout-policy
spec:
  owner: group:payments
  levels:
    - name: On-call
      escalateAfter: 15m
      targets: [{ type: user, id: jane.doe }, { type: group, id: Payments }]
`;

    it('asks the catalog for the refs the files do not define', async () => {
      const dir = tempDir({ 'catalog-info.yaml': component });
      const result = await runLint({
        cwd: dir,
        catalogUrl: server.url,
        token: 'ci-token',
      });
      expect(result.findings.map(brief)).toEqual([
        'catalog-info.yaml:12:16 error ref-not-found component:default/checkout spec.ownership.secondary',
      ]);
      expect(result.findings[0].message).toBe(
        `spec.ownership.secondary refers to user:default/ghost, which matches no entity in the linted files or the catalog at ${server.url}`,
      );
      // the policy is defined in the file itself, so the catalog is not asked for it
      expect(server.requests).toHaveLength(1);
      expect([...server.requests[0].entityRefs].sort()).toEqual([
        'group:default/payments',
        'system:default/billing',
        'user:default/ghost',
        'user:default/jane.doe',
      ]);
    });

    it('does not call the catalog when every ref is known locally', async () => {
      const dir = tempDir({
        'catalog-info.yaml': COMPONENT_YAML,
        'catalog/org.yaml': ORG_YAML,
        'catalog/systems.yaml': SYSTEMS_YAML,
      });
      const result = await runLint({
        cwd: dir,
        entitiesDir: 'catalog',
        catalogUrl: server.url,
        token: 'ci-token',
      });
      expect(result.findings).toEqual([]);
      expect(server.requests).toHaveLength(0);
    });

    it('fails with a clear error on a wrong token or an unreachable catalog', async () => {
      const dir = tempDir({ 'catalog-info.yaml': component });
      await expect(
        runLint({ cwd: dir, catalogUrl: server.url, token: 'wrong' }),
      ).rejects.toThrow(/401 Unauthorized/);
      await expect(
        runLint({ cwd: dir, catalogUrl: 'http://127.0.0.1:1' }),
      ).rejects.toThrow(/Could not reach the catalog/);
    });
  });

  it('reports paths relative to the working directory', async () => {
    const dir = tempDir({ 'a/b/catalog-info.yaml': '- not an entity\n' });
    const result = await runLint({ cwd: path.join(dir, 'a') });
    expect(result.findings[0].file).toBe('b/catalog-info.yaml');
  });
});
