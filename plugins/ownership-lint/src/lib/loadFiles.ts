import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import {
  Document,
  isScalar,
  LineCounter,
  parseAllDocuments,
  Scalar,
  visit,
} from 'yaml';
import { OwnershipLintError } from './errors';

/** The files linted when no pattern is given. */
export const DEFAULT_PATTERNS = ['catalog-info.yaml', '**/catalog-info.yaml'];

const IGNORE = ['**/node_modules/**', '**/.git/**'];

// Aliases are legal YAML but a catalog file has no use for many of them; the
// cap keeps an alias bomb from exhausting memory.
const MAX_ALIAS_COUNT = 100;

const MAX_SYNTAX_ERRORS_PER_DOCUMENT = 5;

const MAX_RECOVERIES = 50;

// yaml runs out of memory, fatally, on flow collections nested some 100 000
// levels deep; no catalog file comes anywhere near this.
const MAX_FLOW_DEPTH = 10_000;

/** A YAML problem at an offset of the file text. */
export interface YamlProblem {
  offset: number;
  message: string;
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

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Expands the patterns to a sorted list of absolute file paths; without
 * patterns, the {@link DEFAULT_PATTERNS}. A pattern that names an existing
 * file or directory is taken as it is, even if it looks like a glob. Like a
 * glob, a path that does not exist matches nothing, so that
 * `catalog-info.yaml '**\/catalog-info.yaml'` works in any repository; the
 * caller decides what to do when nothing matches at all.
 */
export async function findFiles(
  patterns: string[] | undefined,
  cwd: string,
): Promise<string[]> {
  const files = new Set<string>();
  const globs: string[] = [];
  for (const pattern of patterns ?? []) {
    const file = path.resolve(cwd, pattern);
    const stat = statOrUndefined(file);
    if (stat?.isDirectory()) {
      globs.push(
        `${fg.convertPathToPattern(
          path.relative(cwd, file) || '.',
        )}/**/*.{yaml,yml}`,
      );
    } else if (stat) {
      files.add(file);
    } else if (fg.isDynamicPattern(pattern)) {
      globs.push(pattern);
    }
  }
  if (!patterns) {
    globs.push(...DEFAULT_PATTERNS);
  }
  if (globs.length) {
    const found = await fg(globs, {
      cwd,
      absolute: true,
      onlyFiles: true,
      dot: false,
      ignore: IGNORE,
    });
    for (const file of found) {
      files.add(path.resolve(file));
    }
  }
  return [...files].sort();
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
  const found = await fg('**/*.{yaml,yml}', {
    cwd: dir,
    absolute: true,
    onlyFiles: true,
    ignore: IGNORE,
  });
  return found.map(f => path.resolve(f)).sort();
}

/** Reads a file, turning IO errors into usage errors. */
export function readTextFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OwnershipLintError(
      `Cannot read ${file}${code ? ` (${code})` : ''}`,
    );
  }
}

const DOCUMENT_START = /^---(?=[ \t]|\r?$)/gm;

function firstDocumentStart(text: string, from: number, to: number) {
  DOCUMENT_START.lastIndex = from;
  const match = DOCUMENT_START.exec(text);
  return match && match.index < to ? match.index : undefined;
}

function firstLine(message: string) {
  return message.split('\n')[0].trim();
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
    return {
      value: undefined,
      problem: {
        offset: doc.range[0],
        message: firstLine(
          error instanceof Error ? error.message : String(error),
        ),
      },
    };
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

// Where [ and { first nest deeper than MAX_FLOW_DEPTH, as a cheap upper
// bound: brackets in quotes and comments are counted too.
function tooDeeplyNestedAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > MAX_FLOW_DEPTH) {
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
  const tooDeepAt = tooDeeplyNestedAt(text);
  if (tooDeepAt !== undefined) {
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
          offset: tooDeepAt,
          message: `Flow collections ([ ] and { }) nested more than ${MAX_FLOW_DEPTH} levels deep`,
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
        {
          offset: 0,
          message: `The file could not be parsed: ${firstLine(
            error instanceof Error ? error.message : String(error),
          )}`,
        },
      ],
    };
  }
  const documents: ParsedDocument[] = [];
  for (const doc of docs) {
    const problems: YamlProblem[] = doc.errors
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
    if (converted.problem && !problems.length) {
      problems.push(converted.problem);
    }
    const value = converted.value;
    documents.push({ index: documents.length, document: doc, value, problems });
  }
  return { path: filePath, lineCounter, documents, problems: [] };
}

/** Reads and parses a catalog file. */
export function loadCatalogFile(file: string): ParsedCatalogFile {
  return parseCatalogText(readTextFile(file), file);
}
