import { spawn } from 'node:child_process';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import {
  FakeCatalogServer,
  startFakeCatalog,
} from './__testUtils__/catalogServer';
import {
  COMPONENT_YAML,
  createTempDir,
  ORG_YAML,
  OWNERSHIP_YAML,
  removeTempDir,
  SYSTEMS_YAML,
} from './__testUtils__/fixtures';
import { main } from './cli';

const BROKEN_YAML = `apiVersion: ownership.dev/v1alpha1
kind: RaciMatrix
metadata:
  name: checkout-raci
spec:
  owner: payments
  activities:
    - name: Deploy
      responsible: [user:jane.doe]
      accountable: [payments, user:bob]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: "checkout
`;

const WARNING_YAML = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
spec:
  type: service
  lifecycle: production
  owner: payments
  ownership:
    level: feature
    feature: one-click
`;

const dirs: string[] = [];
function tempDir(files: Record<string, string>) {
  const dir = createTempDir(files);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeTempDir));

async function closedPortUrl() {
  const server = http.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise(r => server.close(r));
  return `http://127.0.0.1:${port}`;
}

async function run(
  args: string[],
  options: { cwd: string; env?: Record<string, string | undefined> },
) {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'ownership-lint', ...args], {
    cwd: options.cwd,
    env: options.env ?? {},
    stdout: text => {
      stdout += text;
    },
    stderr: text => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

describe('main', () => {
  it('exits 0 on a clean catalog', async () => {
    const dir = tempDir({
      'catalog-info.yaml': COMPONENT_YAML,
      'org/catalog-info.yaml': ORG_YAML,
      'systems/catalog-info.yaml': SYSTEMS_YAML,
      'ownership/catalog-info.yaml': OWNERSHIP_YAML,
    });
    await expect(run([], { cwd: dir })).resolves.toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings in 4 files\n',
      stderr: '',
    });
    await expect(
      run(['--entities', '.', '--strict'], { cwd: dir }),
    ).resolves.toMatchObject({ code: 0 });
  });

  it('exits 1 on errors, in every format', async () => {
    const dir = tempDir({ 'catalog-info.yaml': BROKEN_YAML });

    const text = await run([], { cwd: dir });
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')).toEqual([
      'catalog-info.yaml:10:7  error  raci-one-accountable  spec.activities[0].accountable  Activity "Deploy" has 2 Accountables; exactly one is required (in racimatrix:default/checkout-raci)',
      '    fix: Name exactly one person or team as accountable; move the others to responsible or consulted.',
      'catalog-info.yaml:15:9  error  yaml-syntax           -                               YAML syntax error in document 2: Missing closing "quote (in component:default/checkout)',
      '    fix: Fix the YAML syntax at the position shown.',
      '',
      '2 errors, 0 warnings in 1 file',
      '',
    ]);

    const json = await run(['--format', 'json'], { cwd: dir });
    expect(json.code).toBe(1);
    const parsed = JSON.parse(json.stdout);
    expect(parsed).toMatchObject({
      files: ['catalog-info.yaml'],
      errorCount: 2,
      warningCount: 0,
    });
    expect(parsed.findings[0]).toEqual({
      file: 'catalog-info.yaml',
      line: 10,
      column: 7,
      entityRef: 'racimatrix:default/checkout-raci',
      path: 'spec.activities[0].accountable',
      rule: 'raci-one-accountable',
      severity: 'error',
      message: 'Activity "Deploy" has 2 Accountables; exactly one is required',
      fix: 'Name exactly one person or team as accountable; move the others to responsible or consulted.',
    });

    const github = await run(['-f', 'github'], { cwd: dir });
    expect(github.code).toBe(1);
    expect(github.stdout.split('\n')[0]).toBe(
      '::error file=catalog-info.yaml,line=10,col=7,title=raci-one-accountable::Activity "Deploy" has 2 Accountables; exactly one is required — Name exactly one person or team as accountable; move the others to responsible or consulted.',
    );
    expect(github.stdout.split('\n')[1]).toMatch(
      /^::error file=catalog-info\.yaml,line=15,col=9,title=yaml-syntax::/,
    );
  });

  it('exits 0 on warnings, and 1 with --strict', async () => {
    const dir = tempDir({ 'catalog-info.yaml': WARNING_YAML });
    const relaxed = await run([], { cwd: dir });
    expect(relaxed.code).toBe(0);
    expect(relaxed.stdout).toContain('warning  feature-expires-required');
    expect(relaxed.stdout).toContain('0 errors, 1 warning in 1 file');
    expect((await run(['--strict'], { cwd: dir })).code).toBe(1);
  });

  it('exits 2 on bad usage and missing files', async () => {
    const dir = tempDir({ 'catalog-info.yaml': COMPONENT_YAML });
    const badFormat = await run(['--format', 'xml'], { cwd: dir });
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toMatch(/Allowed choices are text, json, github/);

    const unknown = await run(['--fix'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--fix'/);

    const missing = await run(['nope/catalog-info.yaml'], { cwd: dir });
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: `ownership-lint: No catalog files found for nope/catalog-info.yaml in ${dir}\n`,
    });

    const nothing = await run(['**/*.yml'], { cwd: dir });
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/No catalog files found for \*\*\/\*\.yml/);

    const noEntities = await run(['--entities', 'catalog'], { cwd: dir });
    expect(noEntities.code).toBe(2);
    expect(noEntities.stderr).toMatch(/No such directory/);
  });

  it('exits 0 for --help and --version', async () => {
    const dir = tempDir({});
    const help = await run(['--help'], { cwd: dir });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(
      /Usage: ownership-lint \[options\] \[patterns\.\.\.\]/,
    );
    expect(help.stdout).toMatch(/--catalog <url>/);
    const version = await run(['--version'], { cwd: dir });
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  describe('--catalog', () => {
    let server: FakeCatalogServer;
    beforeAll(async () => {
      server = await startFakeCatalog({
        token: 'from-env',
        entityRefs: ['group:default/payments'],
      });
    });
    afterAll(() => server.close());

    it('takes the token from OWNERSHIP_LINT_TOKEN and reports unknown refs', async () => {
      const dir = tempDir({ 'catalog-info.yaml': WARNING_YAML });
      const result = await run(['--catalog', server.url, '--format', 'json'], {
        cwd: dir,
        env: { OWNERSHIP_LINT_TOKEN: 'from-env' },
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(server.requests).toEqual([
        {
          entityRefs: ['group:default/payments'],
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
      ]);
    });

    it('exits 2 with a clear message when the catalog refuses or cannot be reached', async () => {
      const dir = tempDir({ 'catalog-info.yaml': WARNING_YAML });
      const refused = await run(['--catalog', server.url, '--token', 'bad'], {
        cwd: dir,
      });
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toMatch(
        /^ownership-lint: The catalog at http:\/\/127\.0\.0\.1:\d+\/api\/catalog\/entities\/by-refs answered 401 Unauthorized/,
      );
      expect(refused.stderr.split('\n')).toHaveLength(2);

      const down = await run(['--catalog', await closedPortUrl()], {
        cwd: dir,
      });
      expect(down.code).toBe(2);
      expect(down.stderr).toMatch(
        /^ownership-lint: Could not reach the catalog at http:\/\/127\.0\.0\.1:\d+\/api\/catalog\/entities\/by-refs: ECONNREFUSED/,
      );
      expect(down.stderr).not.toMatch(/\n\s+at /);
    });
  });
});

describe('bin/ownership-lint', () => {
  const bin = path.resolve(__dirname, '../bin/ownership-lint');

  function runBin(
    args: string[],
    cwd: string,
    env: Record<string, string> = {},
  ) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], {
          cwd,
          env: { ...process.env, ...env },
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', chunk => {
          stdout += chunk;
        });
        child.stderr.on('data', chunk => {
          stderr += chunk;
        });
        child.on('error', reject);
        child.on('close', code => resolve({ code, stdout, stderr }));
      },
    );
  }

  it('lints a directory as a separate process, with exit codes', async () => {
    const dir = tempDir({
      'catalog-info.yaml': COMPONENT_YAML,
      'services/checkout/catalog-info.yaml': BROKEN_YAML,
      'org/org.yaml': ORG_YAML,
    });
    const broken = await runBin(['--format', 'json'], dir);
    expect(broken.stderr).toBe('');
    expect(broken.code).toBe(1);
    const parsed = JSON.parse(broken.stdout);
    expect(parsed.files).toEqual([
      'catalog-info.yaml',
      'services/checkout/catalog-info.yaml',
    ]);
    expect(parsed.findings.map((f: { rule: string }) => f.rule)).toEqual([
      'raci-one-accountable',
      'yaml-syntax',
    ]);

    const clean = await runBin(['catalog-info.yaml', 'org'], dir);
    expect(clean).toEqual({
      code: 0,
      stdout: '0 errors, 0 warnings in 2 files\n',
      stderr: '',
    });

    const usage = await runBin(['--nope'], dir);
    expect(usage.code).toBe(2);
  }, 60_000);
});
