import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createTempDir, removeTempDir } from '../__testUtils__/fixtures';
import { runLint } from './lint';
import { MAX_DOCUMENTS_PER_FILE, MAX_FILE_BYTES } from './loadFiles';

// Hostile trees, generated here and removed afterwards: nothing big is
// committed. Every run must end, with findings instead of a hang or a crash;
// the timeouts are generous and no assertion is about time.
jest.setTimeout(180_000);

const COMPONENT = (name: string) => `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: payments
`;

const dirs: string[] = [];
function tempDir(files: Record<string, string> = {}) {
  const dir = createTempDir(files);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeTempDir));

const summary = (result: Awaited<ReturnType<typeof runLint>>) =>
  result.findings.map(
    f => `${f.file}:${f.line} ${f.severity} ${f.rule} ${f.message}`,
  );

describe('hostile trees', () => {
  it('walks symlink loops once and lints each real file once', async () => {
    const dir = tempDir({ 'a/catalog-info.yaml': COMPONENT('a') });
    fs.symlinkSync('../a', path.join(dir, 'a/self'));
    fs.mkdirSync(path.join(dir, 'a/sub'));
    fs.symlinkSync('..', path.join(dir, 'a/sub/up'));
    fs.symlinkSync('.', path.join(dir, 'dot'));
    fs.symlinkSync('a/catalog-info.yaml', path.join(dir, 'link.yaml'));
    for (const patterns of [undefined, ['.'], ['**/*.yaml'], ['a', 'dot']]) {
      const result = await runLint({ cwd: dir, patterns });
      expect(result.files).toEqual(['a/catalog-info.yaml']);
      expect(result.findings).toEqual([]);
    }
  });

  it('skips a named pipe, a socket-like or dangling entry with a warning instead of blocking', async () => {
    const dir = tempDir({ 'catalog-info.yaml': COMPONENT('ok') });
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    fs.symlinkSync('nowhere.yaml', path.join(dir, 'dangling.yaml'));
    const named = await runLint({
      cwd: dir,
      patterns: ['pipe.yaml', 'dangling.yaml', 'catalog-info.yaml'],
    });
    expect(summary(named)).toEqual([
      'dangling.yaml:1 warning file-skipped Skipped: a symlink to nothing, not a catalog file',
      'pipe.yaml:1 warning file-skipped Skipped: a named pipe, not a catalog file',
    ]);
    expect(named.files).toEqual(['catalog-info.yaml']);
    const globbed = await runLint({ cwd: dir, patterns: ['.'] });
    expect(summary(globbed)).toEqual(summary(named));
  });

  it('does not follow a symlink out of the directory being linted', async () => {
    const outside = tempDir({
      'catalog-info.yaml': 'SECRET-LINE: [unclosed\n',
    });
    const dir = tempDir({ 'catalog-info.yaml': COMPONENT('ok') });
    fs.symlinkSync(outside, path.join(dir, 'link'));
    fs.mkdirSync(path.join(dir, 'x'));
    fs.symlinkSync(
      path.join(outside, 'catalog-info.yaml'),
      path.join(dir, 'x/catalog-info.yaml'),
    );
    const skipped =
      'x/catalog-info.yaml:1 warning file-skipped Skipped: a symlink to a file outside the directory being linted, not a catalog file';
    for (const patterns of [
      undefined,
      ['.'],
      ['**/*.yaml'],
      ['catalog-info.yaml', 'x/catalog-info.yaml', 'link'],
    ]) {
      const result = await runLint({ cwd: dir, patterns });
      expect(result.files).toEqual(['catalog-info.yaml']);
      expect(summary(result)).toEqual([skipped]);
      expect(JSON.stringify(result)).not.toContain('SECRET');
    }
  });

  it('skips a binary file and refuses a huge one without reading it', async () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, 'binary.yaml'),
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0xff, 0xfe]),
    );
    const huge = path.join(dir, 'huge.yaml');
    const line = `description: ${'x'.repeat(1024 * 1024)}\n`;
    const fd = fs.openSync(huge, 'w');
    for (let i = 0; i < 20; i++) fs.writeSync(fd, line);
    fs.closeSync(fd);
    expect(fs.statSync(huge).size).toBeGreaterThan(MAX_FILE_BYTES);
    const result = await runLint({ cwd: dir, patterns: ['.'] });
    expect(summary(result)).toEqual([
      'binary.yaml:1 warning file-skipped Skipped: a binary file, not a catalog file',
      'huge.yaml:1 error yaml-syntax File not linted: 20.0 MB is more than the 5 MB a catalog file may have',
    ]);
  });

  it('caps a 2 MB line in the message that quotes it', async () => {
    const long = 'x'.repeat(2 * 1024 * 1024);
    const dir = tempDir({
      'a.yaml': `${COMPONENT('a')}  tags: ["${long}"]\n`,
      'b.yaml': `a: [${long} } ]\n`,
      'c.yaml': `kind: Component\nmetadata:\n  name: "${long}`,
    });
    const result = await runLint({ cwd: dir, patterns: ['.'] });
    expect(result.findings.length).toBeGreaterThan(2);
    for (const finding of result.findings) {
      expect(finding.message.length).toBeLessThan(500);
      expect(finding.entityRef.length + finding.path.length).toBeLessThan(
        3 * long.length,
      );
    }
  });

  it('says "nesting too deep" for deep block and flow nesting', async () => {
    const depth = 5000;
    const dir = tempDir({
      'seq.yaml': `${COMPONENT('seq')}  x:\n    ${'- '.repeat(depth)}1\n`,
      'map.yaml': `${COMPONENT('map')}${Array.from(
        { length: 300 },
        (_, i) => `${' '.repeat(i + 2)}k${i}:`,
      ).join('\n')} 1\n`,
      'flow.yaml': `${COMPONENT('flow')}  x: ${'['.repeat(depth)}${']'.repeat(
        depth,
      )}\n`,
      'brackets.yaml': `x: ${'{a: '.repeat(200_000)}\n`,
    });
    const result = await runLint({ cwd: dir, patterns: ['.'] });
    const messages = summary(result);
    expect(messages.join('\n')).not.toMatch(/call stack/i);
    for (const file of ['brackets', 'flow', 'map', 'seq']) {
      expect(messages).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${file}\\.yaml:\\d+ error yaml-syntax .*nesting too deep \\(limit 100 levels\\)$`,
          ),
        ),
      );
    }
  });

  it('stops a YAML alias bomb', async () => {
    const lines = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const dir = tempDir({ 'bomb.yaml': `${lines.join('\n')}\n` });
    const result = await runLint({ cwd: dir, patterns: ['bomb.yaml'] });
    expect(summary(result)).toEqual([
      expect.stringMatching(
        /^bomb\.yaml:1 error yaml-syntax Document 1 not linted: .*alias.*\(limit 100 alias expansions\)$/i,
      ),
    ]);
  });

  it('lints 10 000 documents of one file, and no more than the cap', async () => {
    const docs = Array.from({ length: 10_000 }, (_, i) => COMPONENT(`c${i}`));
    const dir = tempDir({
      'many.yaml': docs.join('---\n'),
      'too-many.yaml': Array.from(
        { length: MAX_DOCUMENTS_PER_FILE + 5 },
        () => '- 1\n',
      ).join('---\n'),
    });
    const many = await runLint({ cwd: dir, patterns: ['many.yaml'] });
    expect(many.findings).toEqual([]);
    const tooMany = await runLint({ cwd: dir, patterns: ['too-many.yaml'] });
    expect(tooMany.errorCount).toBe(MAX_DOCUMENTS_PER_FILE + 1);
    expect(summary(tooMany).pop()).toMatch(
      /error yaml-syntax More than 10000 documents in one file; the rest are not linted$/,
    );
  });

  it('lints 10 000 small files', async () => {
    const dir = tempDir();
    for (let i = 0; i < 10_000; i++) {
      const sub = path.join(dir, `s${i % 100}`, `c${i}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, 'catalog-info.yaml'), COMPONENT(`c${i}`));
    }
    const result = await runLint({ cwd: dir });
    expect(result.files).toHaveLength(10_000);
    expect(result.findings).toEqual([]);
  });
});

describe('Location files and placeholders', () => {
  const API = `apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: checkout-api
spec:
  type: openapi
  lifecycle: production
  owner: payments
  definition:
    $text: ./openapi.yaml
`;
  const LOCATION = `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: all
spec:
  targets:
    - ./components/*.yaml
    - ./apis/checkout-api.yaml
    - ../outside/catalog-info.yaml
    - https://github.com/acme/x/blob/main/catalog-info.yaml
`;
  const files = {
    'catalog/all.yaml': LOCATION,
    'catalog/components/a.yaml': COMPONENT('a'),
    'catalog/components/b.yaml': COMPONENT('b'),
    'catalog/apis/checkout-api.yaml': API,
    'catalog/apis/openapi.yaml': 'openapi: 3.0.0\ninfo: {title: x}\n',
    'catalog/stray/workflow.yaml': 'on: push\n',
    'outside/catalog-info.yaml': COMPONENT('outside'),
  };

  it('lints what a Location names, relative to it, and not the files placeholders pull in', async () => {
    const dir = tempDir(files);
    const viaFile = await runLint({ cwd: dir, patterns: ['catalog/all.yaml'] });
    expect(viaFile.findings).toEqual([]);
    const linted = [
      'catalog/all.yaml',
      'catalog/apis/checkout-api.yaml',
      'catalog/components/a.yaml',
      'catalog/components/b.yaml',
      'outside/catalog-info.yaml',
    ];
    expect(viaFile.files).toEqual(linted);
    // a directory with a Location is linted as the catalog reads it
    const viaDirectory = await runLint({ cwd: dir, patterns: ['catalog'] });
    expect(viaDirectory.findings).toEqual([]);
    expect(viaDirectory.files).toEqual(linted);
    // a plain glob still lints every file it matches, except placeholder files
    const viaGlob = await runLint({
      cwd: dir,
      patterns: ['catalog/apis/*.yaml'],
    });
    expect(viaGlob.files).toEqual(['catalog/apis/checkout-api.yaml']);
    expect(viaGlob.findings).toEqual([]);
  });

  it('reports a target that names no file, unless the Location is optional', async () => {
    const dir = tempDir({
      'catalog-info.yaml': `${LOCATION.replace('./apis/', './missing/')}`,
      'optional.yaml': `${LOCATION.replace('./apis/', './missing/').replace(
        'spec:\n',
        'spec:\n  presence: optional\n',
      )}`,
    });
    const result = await runLint({
      cwd: dir,
      patterns: ['catalog-info.yaml', 'optional.yaml'],
    });
    expect(summary(result)).toEqual([
      'catalog-info.yaml:7 error location-target-missing Location target "./components/*.yaml" matches no file next to catalog-info.yaml',
      'catalog-info.yaml:8 error location-target-missing Location target "./missing/checkout-api.yaml" matches no file next to catalog-info.yaml',
      'catalog-info.yaml:9 warning location-target-outside Location target "../outside/catalog-info.yaml" leads outside the directory being linted; it is not read',
      'optional.yaml:10 warning location-target-outside Location target "../outside/catalog-info.yaml" leads outside the directory being linted; it is not read',
    ]);
  });

  it('follows Locations that name each other without looping', async () => {
    const loc = (name: string, target: string) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: ${name}}\nspec: {target: ${target}}\n`;
    const dir = tempDir({
      'a.yaml': loc('a', './b.yaml'),
      'b.yaml': loc('b', './a.yaml'),
    });
    const result = await runLint({ cwd: dir, patterns: ['a.yaml'] });
    expect(result.files).toEqual(['a.yaml', 'b.yaml']);
    expect(result.findings).toEqual([]);
  });

  it("leaves out a scaffolder Template's skeleton, which is not an entity file", async () => {
    const dir = tempDir({
      'template/template.yaml': `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: example}
spec:
  owner: user:guest
  type: service
  steps:
    - id: fetch
      action: fetch:template
      input:
        url: ./content
`,
      'template/content/catalog-info.yaml': `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name | dump }}
spec: {type: service, owner: user:guest, lifecycle: experimental}
`,
    });
    const result = await runLint({ cwd: dir, patterns: ['.'] });
    expect(result.files).toEqual(['template/template.yaml']);
    expect(result.findings).toEqual([]);
  });

  it('reads no Location target outside the directory being linted, and says so once per target', async () => {
    const outside = tempDir({
      'catalog-info.yaml': 'SECRET-LINE: [unclosed\n',
      'deep/other.yaml': 'SECRET-OTHER: [unclosed\n',
    });
    const dir = tempDir({
      'inside/ok.yaml': COMPONENT('ok'),
      'sub/ok.yaml': COMPONENT('sub'),
    });
    fs.symlinkSync(outside, path.join(dir, 'link'));
    fs.symlinkSync(
      path.join(outside, 'catalog-info.yaml'),
      path.join(dir, 'inside/evil.yaml'),
    );
    const outsideName = path.basename(outside);
    const targets = [
      path.join(outside, 'catalog-info.yaml'),
      `../${outsideName}/catalog-info.yaml`,
      `${outside}/**/*.yaml`,
      '/**/*.yaml',
      `../${outsideName}/*.yaml`,
      './sub/../../x/*.yaml',
      './link/**/*.yaml',
      './link/catalog-info.yaml',
      './inside/*.yaml',
      './sub/../inside/ok.yaml',
    ];
    fs.writeFileSync(
      path.join(dir, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: all
spec:
  targets:
${targets.map(t => `    - ${JSON.stringify(t)}`).join('\n')}
`,
    );
    const readdir = jest.spyOn(fs, 'readdirSync');
    let result;
    try {
      result = await runLint({ cwd: dir });
      for (const [read] of readdir.mock.calls) {
        expect(fs.realpathSync(String(read))).not.toContain(outside);
      }
    } finally {
      readdir.mockRestore();
    }
    expect(result.files).toEqual(['catalog-info.yaml', 'inside/ok.yaml']);
    const outsideLines = [7, 8, 9, 10, 11, 12, 13, 14, 15];
    expect(summary(result)).toEqual(
      outsideLines.map(
        line =>
          `catalog-info.yaml:${line} warning location-target-outside Location target ${JSON.stringify(
            targets[line - 7],
          )} leads outside the directory being linted; it is not read`,
      ),
    );
    expect(JSON.stringify(result)).not.toContain('SECRET');
  });
});

describe('scaffolder Templates', () => {
  const TEMPLATE = (steps: Array<{ action: string; url: string }>) =>
    `apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: example}
spec:
  owner: user:guest
  type: service
  steps:
${steps
  .map(
    (s, i) =>
      `    - id: s${i}\n      action: ${s.action}\n      input:\n        url: ${s.url}\n`,
  )
  .join('')}`;
  const SKELETON = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: \${{ values.name | dump }}
spec: {type: service, owner: user:guest, lifecycle: experimental}
`;

  it('hides only content strictly below the Template, fetched by a fetch action', async () => {
    const dir = tempDir({
      'catalog-info.yaml': COMPONENT('root'),
      'template/template.yaml': TEMPLATE([
        { action: 'fetch:template', url: './' },
        { action: 'fetch:template', url: '.' },
        { action: 'fetch:plain', url: '..' },
        { action: 'fetch:template', url: './up' },
        { action: 'fetch:template:file', url: './template.yaml' },
        { action: 'debug:log', url: './docs' },
        { action: 'fetch:template', url: './skeleton' },
        { action: 'fetch:plain:file', url: './one-file.yaml' },
      ]),
      'template/catalog-info.yaml': COMPONENT('template-repo'),
      'template/docs/catalog-info.yaml': COMPONENT('docs'),
      'template/skeleton/catalog-info.yaml': SKELETON,
      'template/one-file.yaml': SKELETON,
    });
    fs.symlinkSync('..', path.join(dir, 'template/up'));
    const expected = [
      'catalog-info.yaml',
      'template/catalog-info.yaml',
      'template/docs/catalog-info.yaml',
      'template/template.yaml',
    ];
    const viaDirectory = await runLint({ cwd: dir, patterns: ['.'] });
    expect(viaDirectory.files).toEqual(expected);
    expect(viaDirectory.findings).toEqual([]);
    const viaGlobs = await runLint({
      cwd: dir,
      patterns: ['**/catalog-info.yaml', 'template/*.yaml'],
    });
    expect(viaGlobs.files).toEqual(expected);
    expect(viaGlobs.findings).toEqual([]);
  });

  it('fails instead of passing when files were found but none is an entity file', async () => {
    const dir = tempDir({
      'a.yaml': 'x:\n  $text: ./b.yaml\n',
      'b.yaml': 'x:\n  $text: ./a.yaml\n',
    });
    await expect(runLint({ cwd: dir, patterns: ['*.yaml'] })).rejects.toThrow(
      /None of the 2 files found for \*\.yaml .* is an entity file.*nothing was linted/,
    );
  });
});
