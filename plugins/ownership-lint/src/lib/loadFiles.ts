import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import {
  Document,
  isCollection,
  isPair,
  isScalar,
  LineCounter,
  parseAllDocuments,
  Scalar,
  visit,
} from 'yaml';
import { OwnershipLintError } from './errors';
import { capMessage } from './text';

/** The files linted when no pattern is given. */
export const DEFAULT_PATTERNS = ['catalog-info.yaml', '**/catalog-info.yaml'];

const IGNORE = ['**/node_modules/**', '**/.git/**'];

// Aliases are legal YAML but a catalog file has no use for many of them; the
// cap keeps an alias bomb from exhausting memory.
const MAX_ALIAS_COUNT = 100;

const MAX_SYNTAX_ERRORS_PER_DOCUMENT = 5;

const MAX_RECOVERIES = 50;

/** Deepest nesting of mappings and lists a document may have. */
export const MAX_NESTING_DEPTH = 100;

// yaml runs out of memory, fatally, on flow collections nested some 100 000
// levels deep, before it could tell; brackets are counted on the raw text.
const MAX_FLOW_BRACKETS = 10_000;

/** Largest file the lint reads, in bytes. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Most documents of one file that are linted. */
export const MAX_DOCUMENTS_PER_FILE = 10_000;

const NESTING_TOO_DEEP = `nesting too deep (limit ${MAX_NESTING_DEPTH} levels)`;

/** A YAML problem at an offset of the file text. */
export interface YamlProblem {
  offset: number;
  message: string;
  /**
   * `limit` when the document is beyond what the lint reads (too deep, too
   * many aliases, too many documents) rather than broken YAML.
   */
  kind?: 'limit';
}

/** One YAML document of a file. */
export interface ParsedDocument {
  /** Position of the document in its file, from 0. */
  index: number;
  document: Document.Parsed;
  /**
   * The plain value, undefined when the document could not be converted;
   * only partial when there are problems.
   */
  value: unknown;
  problems: YamlProblem[];
}

/** One catalog file, parsed. */
export interface ParsedCatalogFile {
  /** Absolute path. */
  path: string;
  lineCounter: LineCounter;
  documents: ParsedDocument[];
  /** Problems with the file as a whole, which kept it from being parsed. */
  problems: YamlProblem[];
}

/** A file the lint found, with the path it was found under. */
export interface FoundFile {
  /** Absolute path as found (through symlinks), used for display. */
  path: string;
  /** The real path, which identifies the file. */
  realPath: string;
}

/** A path that was found but is not a regular file, and why. */
export interface SkippedPath {
  path: string;
  reason: string;
}

/** What {@link findFiles} found. */
export interface FoundFiles {
  /** Regular files, one per real path, sorted by path. */
  files: FoundFile[];
  /** Real paths of the files given by name. */
  named: Set<string>;
  /** Real paths of the files that a glob matched. */
  globbed: Set<string>;
  /** The directories given, as real paths, with the real paths of their files. */
  directories: Map<string, Set<string>>;
  skipped: SkippedPath[];
}

function describeNonFile(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSymbolicLink()) return 'a symlink to nothing';
  return 'not a regular file';
}

/** Why a path is not a regular file, or undefined when it is one. */
export function notRegularFileReason(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    try {
      fs.lstatSync(file);
      return 'a symlink to nothing';
    } catch {
      return 'missing';
    }
  }
  return stat.isFile() ? undefined : describeNonFile(stat);
}

/** The real path of a file, or the path itself when it has none. */
export function realPathOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** Whether `file` is `dir` itself or below it; both absolute and normalised. */
export function isInsideDirectory(
  file: string,
  dir: string,
  { strictly = false }: { strictly?: boolean } = {},
): boolean {
  if (file === dir) {
    return !strictly;
  }
  return file.startsWith(dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`);
}

// fast-glob follows symlinked directories; reading each real directory only
// once keeps it from walking a symlink cycle forever, and from reading a
// directory that two links point at twice. With a root, a directory whose
// real path is outside it is not read at all.
function readEachDirectoryOnce(root?: string) {
  const read = new Set<string>();
  const readdirSync = ((dir: string, options: any) => {
    const real = realPathOf(dir);
    if (
      read.has(real) ||
      (root !== undefined && !isInsideDirectory(real, root))
    ) {
      return [];
    }
    read.add(real);
    return fs.readdirSync(dir, options);
  }) as typeof fs.readdirSync;
  return { readdirSync };
}

/** Why a path inside the linted tree that leads outside it is not read. */
export const OUTSIDE_REASON =
  'a symlink to a file outside the directory being linted';

/**
 * The fixed folders in front of a glob pattern, and the glob after them,
 * split at the first segment with glob syntax.
 */
export function splitGlob(pattern: string): { base: string; glob: string } {
  const segments = pattern.split('/');
  const first = segments.findIndex(s => fg.isDynamicPattern(s));
  return first < 0
    ? { base: pattern, glob: '' }
    : {
        base: segments.slice(0, first).join('/') || '.',
        glob: segments.slice(first).join('/'),
      };
}

// The folder a walk stays in: the lint's root for what is inside it, or
// else the folder the user named.
function walkRoot(base: string, cwd: string): string {
  return realPathOf(isInsideDirectory(base, cwd) ? cwd : base);
}

/**
 * Globs, following each real directory once. Entries that are not regular
 * files (named pipes, sockets, devices, dangling symlinks) are returned as
 * skipped rather than read later, where a pipe would block. With `root` (a
 * real path), no directory outside it is read, and entries whose real path
 * is outside it are returned as `outside` instead.
 */
export function globFiles(
  patterns: string[],
  cwd: string,
  root?: string,
): { files: string[]; skipped: SkippedPath[]; outside: string[] } {
  const entries = fg.sync(patterns, {
    cwd,
    absolute: true,
    onlyFiles: false,
    dot: false,
    ignore: IGNORE,
    objectMode: true,
    fs: readEachDirectoryOnce(root),
  });
  const files: string[] = [];
  const skipped: SkippedPath[] = [];
  const outside: string[] = [];
  for (const entry of entries) {
    const file = path.resolve(entry.path);
    if (entry.dirent.isDirectory()) {
      continue;
    }
    if (root !== undefined && !isInsideDirectory(realPathOf(file), root)) {
      outside.push(file);
    } else if (entry.dirent.isFile()) {
      files.push(file);
    } else {
      const reason = notRegularFileReason(file);
      if (reason === undefined) {
        files.push(file);
      } else if (reason !== 'missing') {
        skipped.push({ path: file, reason });
      }
    }
  }
  return { files, skipped, outside };
}

// Of the paths that lead to one real file, the one without symlinks, or
// else the first.
function preferredPath(a: FoundFile, b: FoundFile) {
  if (a.path === a.realPath) return a;
  if (b.path === b.realPath) return b;
  return a.path <= b.path ? a : b;
}

/** Adds files to a map keyed by real path, one path per real file. */
export function addFound(byRealPath: Map<string, FoundFile>, files: string[]) {
  const added: FoundFile[] = [];
  for (const file of files) {
    const found = { path: file, realPath: realPathOf(file) };
    const existing = byRealPath.get(found.realPath);
    const kept = existing ? preferredPath(existing, found) : found;
    byRealPath.set(found.realPath, kept);
    added.push(kept);
  }
  return added;
}

/**
 * Expands the patterns to absolute file paths, one per real file; without
 * patterns, the {@link DEFAULT_PATTERNS}. A pattern that names an existing
 * file or directory is taken as it is, even if it looks like a glob. Like a
 * glob, a path that does not exist matches nothing, so that
 * `catalog-info.yaml '**\/catalog-info.yaml'` works in any repository; the
 * caller decides what to do when nothing matches at all. A path inside `cwd`
 * whose real path is outside it is skipped, and no directory outside it is
 * walked (a folder the user names outside `cwd` is walked inside itself).
 */
export async function findFiles(
  patterns: string[] | undefined,
  cwd: string,
): Promise<FoundFiles> {
  const byRealPath = new Map<string, FoundFile>();
  const named = new Set<string>();
  const globbed = new Set<string>();
  const directories = new Map<string, Set<string>>();
  const skipped: SkippedPath[] = [];
  const globs: string[] = [];
  const outside = (file: string) => ({ path: file, reason: OUTSIDE_REASON });
  for (const pattern of patterns ?? []) {
    const file = path.resolve(cwd, pattern);
    const reason = notRegularFileReason(file);
    if (
      reason === undefined &&
      !isInsideDirectory(realPathOf(file), walkRoot(file, cwd))
    ) {
      skipped.push(outside(file));
    } else if (reason === undefined) {
      const [found] = addFound(byRealPath, [file]);
      named.add(found.realPath);
    } else if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      const result = globFiles(['**/*.{yaml,yml}'], file, walkRoot(file, cwd));
      skipped.push(...result.skipped, ...result.outside.map(outside));
      const real = realPathOf(file);
      const inside = directories.get(real) ?? new Set<string>();
      addFound(byRealPath, result.files).forEach(f => inside.add(f.realPath));
      directories.set(real, inside);
    } else if (reason !== 'missing') {
      skipped.push({ path: file, reason });
    } else if (fg.isDynamicPattern(pattern)) {
      globs.push(pattern);
    }
  }
  if (!patterns) {
    globs.push(...DEFAULT_PATTERNS);
  }
  for (const glob of globs) {
    const base = path.resolve(cwd, splitGlob(glob).base);
    const result = globFiles([glob], cwd, walkRoot(base, cwd));
    skipped.push(...result.skipped, ...result.outside.map(outside));
    addFound(byRealPath, result.files).forEach(f => globbed.add(f.realPath));
  }
  const files = [...byRealPath.values()].sort((a, b) =>
    a.path.localeCompare(b.path, 'en'),
  );
  return { files, named, globbed, directories, skipped };
}

/**
 * Every YAML file under a directory, for the local catalog of `--entities`.
 */
export async function findYamlFiles(dir: string): Promise<string[]> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    throw new OwnershipLintError(`No such directory: ${dir}`);
  }
  if (!stat.isDirectory()) {
    throw new OwnershipLintError(`Not a directory: ${dir}`);
  }
  const byRealPath = new Map<string, FoundFile>();
  addFound(byRealPath, globFiles(['**/*.{yaml,yml}'], dir).files);
  return [...byRealPath.values()].map(f => f.path).sort();
}

/** The text of a file, or why it was not read. */
export type ReadResult =
  | { text: string; skipped?: undefined }
  | { text?: undefined; skipped: string; limit?: boolean };

/**
 * Reads a regular text file. A path that turned out not to be a regular
 * file is opened without blocking and not read, so a named pipe cannot hang
 * the lint; binary and oversized files are not read either. IO errors are
 * usage errors.
 */
export function readTextFile(file: string): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && notRegularFileReason(file) !== 'missing') {
      return { skipped: 'a symlink to nothing' };
    }
    throw new OwnershipLintError(
      `Cannot read ${file}${code ? ` (${code})` : ''}`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      return { skipped: describeNonFile(stat) };
    }
    if (stat.size > MAX_FILE_BYTES) {
      return {
        skipped: `${(stat.size / 1024 / 1024).toFixed(1)} MB is more than the ${
          MAX_FILE_BYTES / 1024 / 1024
        } MB a catalog file may have`,
        limit: true,
      };
    }
    const buffer = fs.readFileSync(fd);
    if (buffer.subarray(0, 8192).includes(0)) {
      return { skipped: 'a binary file' };
    }
    return { text: buffer.toString('utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OwnershipLintError(
      `Cannot read ${file}${code ? ` (${code})` : ''}`,
    );
  } finally {
    fs.closeSync(fd);
  }
}

const DOCUMENT_START = /^---(?=[ \t]|\r?$)/gm;

function firstDocumentStart(text: string, from: number, to: number) {
  DOCUMENT_START.lastIndex = from;
  const match = DOCUMENT_START.exec(text);
  return match && match.index < to ? match.index : undefined;
}

function firstLine(message: string) {
  return capMessage(message.split('\n')[0].trim());
}

function isStackOverflow(message: string) {
  return /Maximum call stack size exceeded/i.test(message);
}

// Where the document first nests deeper than MAX_NESTING_DEPTH, found
// without recursion; everything after the parser (conversion, visitors, the
// catalog's policies) recurses.
function tooDeepAt(doc: Document.Parsed): number | undefined {
  const stack: Array<{ node: unknown; depth: number }> = [
    { node: doc.contents, depth: 1 },
  ];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (!isCollection(node)) {
      continue;
    }
    if (depth > MAX_NESTING_DEPTH) {
      return node.range?.[0] ?? doc.range[0];
    }
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        stack.push({ node: item.key, depth: depth + 1 });
        stack.push({ node: item.value, depth: depth + 1 });
      } else {
        stack.push({ node: item, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

// yaml reports an unterminated quote where the input ends; the start of the
// quoted scalar is the place that needs fixing.
function problemOffset(doc: Document.Parsed, offset: number) {
  let result = offset;
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (
        isScalar(node) &&
        node.range &&
        (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') &&
        node.range[0] < offset &&
        offset <= node.range[1]
      ) {
        result = node.range[0];
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return result;
}

function toValue(doc: Document.Parsed): {
  value: unknown;
  problem?: YamlProblem;
} {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    const message = firstLine(
      error instanceof Error ? error.message : String(error),
    );
    const offset = doc.range[0];
    if (isStackOverflow(message)) {
      return {
        value: undefined,
        problem: { offset, message: NESTING_TOO_DEEP, kind: 'limit' },
      };
    }
    if (/alias/i.test(message)) {
      return {
        value: undefined,
        problem: {
          offset,
          message: `${message} (limit ${MAX_ALIAS_COUNT} alias expansions)`,
          kind: 'limit',
        },
      };
    }
    return { value: undefined, problem: { offset, message } };
  }
}

// Parses text[from, to) in place: the text before `from` is blanked out
// rather than cut, so that node offsets stay offsets into the whole file.
function parseRange(
  text: string,
  from: number,
  to: number,
  lineCounter?: LineCounter,
): Document.Parsed[] {
  const source =
    from === 0 && to === text.length
      ? text
      : text.slice(0, from).replace(/[^\r\n]/g, ' ') + text.slice(from, to);
  const docs = parseAllDocuments(source, {
    lineCounter,
    prettyErrors: false,
    // problems are reported as findings, not as process warnings
    logLevel: 'error',
  });
  return Array.isArray(docs) ? docs : [];
}

// A broken quote or flow collection makes yaml read on into the following
// documents. A `---` line cannot be part of any scalar, so a broken
// document is cut at the next one and the rest is parsed on its own: one bad
// document does not hide the problems, or the entities, of the next ones.
// Each recovery parses the rest of the file again, hence the cap.
function parseResilient(
  text: string,
  lineCounter: LineCounter,
): Document.Parsed[] {
  const result: Document.Parsed[] = [];
  let from = 0;
  for (let recoveries = 0; ; recoveries++) {
    const docs = parseRange(
      text,
      from,
      text.length,
      from === 0 ? lineCounter : undefined,
    );
    let cut: number | undefined;
    for (let i = 0; i < docs.length && cut === undefined; i++) {
      const doc = docs[i];
      const docStart = i === 0 ? from : docs[i - 1].range[2];
      if (doc.errors.length && recoveries < MAX_RECOVERIES) {
        cut = firstDocumentStart(text, doc.range[0] + 1, doc.range[2]);
      }
      if (cut !== undefined && cut > docStart) {
        result.push(...parseRange(text, docStart, cut));
      } else {
        cut = undefined;
        result.push(doc);
      }
    }
    if (cut === undefined) {
      return result;
    }
    from = cut;
  }
}

// Where [ and { first nest deeper than MAX_FLOW_BRACKETS, as a cheap upper
// bound: brackets in quotes and comments are counted too.
function tooManyBracketsAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > MAX_FLOW_BRACKETS) {
        return i;
      }
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth -= 1;
    }
  }
  return undefined;
}

/** Parses the text of a catalog file into its documents. */
export function parseCatalogText(
  text: string,
  filePath: string,
): ParsedCatalogFile {
  const lineCounter = new LineCounter();
  const bracketsAt = tooManyBracketsAt(text);
  if (bracketsAt !== undefined) {
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      lineCounter.addNewLine(lineStart);
      lineStart = i + 1;
    }
    lineCounter.addNewLine(lineStart);
    return {
      path: filePath,
      lineCounter,
      documents: [],
      problems: [
        {
          offset: bracketsAt,
          message: `File not linted: ${NESTING_TOO_DEEP}`,
          kind: 'limit',
        },
      ],
    };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseResilient(text, lineCounter);
  } catch (error) {
    return {
      path: filePath,
      lineCounter,
      documents: [],
      problems: [
        isStackOverflow(String((error as Error)?.message ?? error))
          ? {
              offset: 0,
              message: `File not linted: ${NESTING_TOO_DEEP}`,
              kind: 'limit',
            }
          : {
              offset: 0,
              message: `The file could not be parsed: ${firstLine(
                error instanceof Error ? error.message : String(error),
              )}`,
            },
      ],
    };
  }
  const documents: ParsedDocument[] = [];
  const problems: YamlProblem[] = [];
  for (const doc of docs) {
    if (documents.length === MAX_DOCUMENTS_PER_FILE) {
      problems.push({
        offset: doc.range[0],
        message: `More than ${MAX_DOCUMENTS_PER_FILE} documents in one file; the rest are not linted`,
        kind: 'limit',
      });
      break;
    }
    const deepAt = tooDeepAt(doc);
    const overflow = doc.errors.find(e => isStackOverflow(e.message));
    if (deepAt !== undefined || overflow) {
      documents.push({
        index: documents.length,
        document: doc,
        value: undefined,
        problems: [
          {
            offset: deepAt ?? overflow?.pos[0] ?? doc.range[0],
            message: NESTING_TOO_DEEP,
            kind: 'limit',
          },
        ],
      });
      continue;
    }
    const docProblems: YamlProblem[] = doc.errors
      .slice(0, MAX_SYNTAX_ERRORS_PER_DOCUMENT)
      .map(error => ({
        offset:
          error.code === 'MISSING_CHAR'
            ? problemOffset(doc, error.pos[0])
            : error.pos[0],
        message: firstLine(error.message),
      }));
    // Converted even when broken: what could be read still names the entity.
    const converted = toValue(doc);
    if (converted.problem && !docProblems.length) {
      docProblems.push(converted.problem);
    }
    documents.push({
      index: documents.length,
      document: doc,
      value: converted.value,
      problems: docProblems,
    });
  }
  return { path: filePath, lineCounter, documents, problems };
}

/** Reads and parses a catalog file. */
export function loadCatalogFile(
  file: string,
): ParsedCatalogFile | { skipped: string; limit?: boolean } {
  const read = readTextFile(file);
  if (read.text === undefined) {
    return read;
  }
  return parseCatalogText(read.text, file);
}
