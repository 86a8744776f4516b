import path from 'node:path';
import { createTempDir, removeTempDir } from '../__testUtils__/fixtures';
import { findFiles, findYamlFiles, parseCatalogText } from './loadFiles';
import { offsetToPosition } from './locate';

function positions(text: string) {
  const file = parseCatalogText(text, 'test.yaml');
  return file.documents.map(d => ({
    value: d.value,
    problems: d.problems.map(p => ({
      ...offsetToPosition(file.lineCounter, p.offset),
      message: p.message,
    })),
  }));
}

describe('parseCatalogText', () => {
  it('parses every document of a file', () => {
    const docs = positions('a: 1\n---\nb: 2\n---\n- 3\n');
    expect(docs.map(d => d.value)).toEqual([{ a: 1 }, { b: 2 }, [3]]);
    expect(docs.every(d => d.problems.length === 0)).toBe(true);
  });

  it('keeps empty documents as null values', () => {
    const docs = positions('---\na: 1\n---\n# only a comment\n---\n');
    expect(docs.map(d => d.value)).toEqual([{ a: 1 }, null, null]);
  });

  it('reads a byte order mark and CRLF line endings', () => {
    const docs = positions('\uFEFFa: 1\r\nb: "ü"\r\n---\r\nc: 3\r\n');
    expect(docs.map(d => d.value)).toEqual([{ a: 1, b: 'ü' }, { c: 3 }]);
  });

  it('reports an unterminated quote at the quote, and still reads the documents after it', () => {
    const docs = positions(
      [
        'kind: A', // line 1
        '---',
        'kind: B',
        'metadata:',
        '  name: "broken', // line 5
        '---',
        'kind: C',
        '---',
        'kind: D',
      ].join('\n'),
    );
    expect(docs).toHaveLength(4);
    expect(docs[0]).toEqual({ value: { kind: 'A' }, problems: [] });
    expect(docs[1].problems[0]).toMatchObject({
      line: 5,
      column: 9,
      message: expect.stringContaining('Missing closing "quote'),
    });
    expect(docs[2]).toEqual({ value: { kind: 'C' }, problems: [] });
    expect(docs[3]).toEqual({ value: { kind: 'D' }, problems: [] });
  });

  it('recovers after an unclosed flow sequence', () => {
    const docs = positions('a: [1, 2\n---\nb: 2\n');
    expect(docs).toHaveLength(2);
    expect(docs[0].problems.length).toBeGreaterThan(0);
    expect(docs[1]).toEqual({ value: { b: 2 }, problems: [] });
  });

  it('reports duplicate keys with their line', () => {
    const docs = positions('kind: A\nmetadata:\n  name: x\nkind: B\n');
    expect(docs[0].problems[0]).toMatchObject({
      line: 4,
      message: expect.stringMatching(/unique/i),
    });
  });

  it('reports bad indentation', () => {
    const docs = positions('kind: A\nmetadata:\n  name: x\n   bad: y\n');
    expect(docs[0].problems.length).toBeGreaterThan(0);
    expect(docs[0].problems[0].line).toBeGreaterThanOrEqual(3);
  });

  it('stops alias bombs instead of expanding them', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const docs = positions(lines.join('\n'));
    expect(docs[0].problems[0].message).toMatch(/alias/i);
  });

  it('refuses flow collections nested deep enough to exhaust memory', () => {
    const file = parseCatalogText(
      `kind: A\n---\nx: ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`,
      'deep.yaml',
    );
    expect(file.documents).toEqual([]);
    expect(file.problems).toEqual([
      {
        offset: 10_015,
        message: 'File not linted: nesting too deep (limit 100 levels)',
        kind: 'limit',
      },
    ]);
    expect(offsetToPosition(file.lineCounter, 10_015)).toEqual({
      line: 3,
      column: 10_004,
    });
  });

  it('handles an empty file', () => {
    expect(positions('')).toEqual([]);
    expect(positions('\n\n# nothing\n')).toEqual([]);
  });
});

describe('findFiles', () => {
  const dir = createTempDir({
    'catalog-info.yaml': 'a: 1\n',
    'services/a/catalog-info.yaml': 'a: 1\n',
    'services/b/catalog-info.yaml': 'a: 1\n',
    'services/b/other.yaml': 'a: 1\n',
    'node_modules/pkg/catalog-info.yaml': 'a: 1\n',
    'catalog/org.yml': 'a: 1\n',
    'old (2019)/catalog-info.yaml': 'a: 1\n',
  });
  afterAll(() => removeTempDir(dir));

  const rel = (found: { files: { path: string }[] } | string[]) =>
    (Array.isArray(found) ? found : found.files.map(f => f.path)).map(f =>
      path.relative(dir, f),
    );

  it('finds catalog-info.yaml files outside node_modules by default', async () => {
    expect(rel(await findFiles(undefined, dir))).toEqual([
      'catalog-info.yaml',
      'old (2019)/catalog-info.yaml',
      'services/a/catalog-info.yaml',
      'services/b/catalog-info.yaml',
    ]);
  });

  it('takes globs, files and directories', async () => {
    expect(
      rel(await findFiles(['services/*/other.yaml', 'catalog'], dir)),
    ).toEqual(['catalog/org.yml', 'services/b/other.yaml']);
    expect(rel(await findFiles(['catalog-info.yaml'], dir))).toEqual([
      'catalog-info.yaml',
    ]);
  });

  it('takes paths that look like globs literally when they exist', async () => {
    expect(rel(await findFiles(['old (2019)/catalog-info.yaml'], dir))).toEqual(
      ['old (2019)/catalog-info.yaml'],
    );
    expect(rel(await findFiles(['old (2019)'], dir))).toEqual([
      'old (2019)/catalog-info.yaml',
    ]);
  });

  it('matches nothing for a named file that does not exist', async () => {
    expect(rel(await findFiles(['missing.yaml'], dir))).toEqual([]);
    expect(
      rel(await findFiles(['missing.yaml', 'catalog-info.yaml'], dir)),
    ).toEqual(['catalog-info.yaml']);
  });

  it('lists the YAML files of an entities directory', async () => {
    expect(rel(await findYamlFiles(path.join(dir, 'services')))).toEqual([
      'services/a/catalog-info.yaml',
      'services/b/catalog-info.yaml',
      'services/b/other.yaml',
    ]);
    await expect(findYamlFiles(path.join(dir, 'nope'))).rejects.toThrow(
      /No such directory/,
    );
  });
});

describe('parseCatalogText on many broken documents', () => {
  it('stays fast and keeps reporting', () => {
    const text = Array.from(
      { length: 2000 },
      (_, i) => `kind: Component\nmetadata:\n  name: "broken-${i}\n`,
    ).join('---\n');
    const start = Date.now();
    const file = parseCatalogText(text, 'x.yaml');
    expect(Date.now() - start).toBeLessThan(5000);
    expect(file.documents.length).toBeGreaterThan(50);
    expect(file.documents.every(d => d.problems.length > 0)).toBe(true);
  });
});
