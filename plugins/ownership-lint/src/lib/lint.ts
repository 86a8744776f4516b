import path from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  createFinding,
  findingEntityRef,
  lintOwnershipEntity,
  OwnershipFinding,
  OwnershipRuleOptions,
} from '@service-ownership/plugin-ownership-common';
import { byRefsUrl, findExistingRefs } from './catalogClient';
import { checkEntityEnvelope, documentEntityRef } from './envelope';
import { OwnershipLintError } from './errors';
import { validateLikeCatalog } from './catalogValidation';
import {
  addFound,
  DEFAULT_PATTERNS,
  findFiles,
  findYamlFiles,
  FoundFile,
  isInsideDirectory,
  loadCatalogFile,
  ParsedCatalogFile,
  realPathOf,
  YamlProblem,
} from './loadFiles';
import {
  isOptionalLocation,
  locationTargets,
  placeholderFiles,
  resolveTarget,
  templateContentDirs,
  withPlaceholdersResolved,
} from './locations';
import { capMessage } from './text';
import { locateFindingPath, offsetToPosition } from './locate';
import { collectEntityRefs, refKey, refNotFoundFinding, RefUse } from './refs';

/**
 * Options of {@link runLint}.
 *
 * @public
 */
export interface RunLintOptions {
  /**
   * Files, directories or glob patterns to lint, relative to `cwd`. Defaults
   * to `catalog-info.yaml` and `**\/catalog-info.yaml` (node_modules is
   * always skipped).
   */
  patterns?: string[];
  /** Directory that patterns and reported paths are relative to; defaults to `process.cwd()`. */
  cwd?: string;
  /**
   * A directory of catalog YAML files used, together with the linted files,
   * as a local catalog: refs that match no entity in it are reported.
   */
  entitiesDir?: string;
  /**
   * Base URL of a Backstage backend whose catalog is asked for refs that
   * the linted files (and `entitiesDir`) do not define.
   */
  catalogUrl?: string;
  /** Token for `catalogUrl`, sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Options passed to the ownership rules, e.g. the time to check expiry against. */
  ruleOptions?: OwnershipRuleOptions;
}

/**
 * A finding with the place in the file it is about.
 *
 * @public
 */
export interface LintFinding extends OwnershipFinding {
  /** Path of the file relative to the working directory, with `/` separators. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/**
 * The result of a lint run.
 *
 * @public
 */
export interface LintResult {
  /** The files that were linted, relative to the working directory. */
  files: string[];
  /** All findings, ordered by file, line and column. */
  findings: LintFinding[];
  errorCount: number;
  warningCount: number;
}

// A ref to check against the catalog, already located: the parsed documents
// are not kept around, so memory stays flat however many files are linted.
interface PendingRef {
  entity: Entity;
  use: RefUse;
  file: string;
  line: number;
  column: number;
}

function displayPath(cwd: string, file: string) {
  return path.relative(cwd, file).split(path.sep).join('/') || file;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// The refs a file defines, for the local catalog; documents that are not
// entities are skipped, they are not what is being linted.
function definedRefs(file: ParsedCatalogFile): string[] {
  const refs: string[] = [];
  for (const { value } of file.documents) {
    if (
      isObject(value) &&
      typeof value.kind === 'string' &&
      isObject(value.metadata) &&
      typeof value.metadata.name === 'string'
    ) {
      try {
        refs.push(
          stringifyEntityRef({
            kind: value.kind,
            namespace:
              typeof value.metadata.namespace === 'string'
                ? value.metadata.namespace
                : 'default',
            name: value.metadata.name,
          }),
        );
      } catch {
        // not an entity
      }
    }
  }
  return refs;
}

function compareFindings(a: LintFinding, b: LintFinding) {
  if (a.file !== b.file) {
    return a.file < b.file ? -1 : 1;
  }
  return a.line - b.line || a.column - b.column;
}

// What one file gave, kept until the end: whether it is linted as an
// entity file is only known once every Location and placeholder is read.
interface FileResult {
  file: FoundFile;
  findings: LintFinding[];
  pendingRefs: PendingRef[];
  definedRefs: string[];
  isLocation: boolean;
}

// A non-regular or binary file is not an entity file; the warning says why
// it was passed over.
function skippedFileFinding(shownPath: string, reason: string): LintFinding {
  return {
    file: shownPath,
    line: 1,
    column: 1,
    ...createFinding('file-skipped', {
      entityRef: 'unknown',
      path: '',
      message: `Skipped: ${reason}, not a catalog file`,
    }),
  };
}

interface LintContext {
  cwd: string;
  checkingRefs: boolean;
  options: RunLintOptions;
  /** Called with the files each Location names, to be linted too. */
  onTargets: (files: string[]) => void;
  /** Called with the real paths of files pulled in through placeholders. */
  onPlaceholders: (realPaths: string[]) => void;
  /** Called with the real paths of a Template's skeleton folders. */
  onContentDirs: (realPaths: string[]) => void;
}

async function lintFile(
  found: FoundFile,
  context: LintContext,
): Promise<FileResult> {
  const { cwd, checkingRefs, options } = context;
  const filePath = found.path;
  const shownPath = displayPath(cwd, filePath);
  const result: FileResult = {
    file: found,
    findings: [],
    pendingRefs: [],
    definedRefs: [],
    isLocation: false,
  };
  const loaded = loadCatalogFile(filePath);
  if ('skipped' in loaded) {
    result.findings.push(
      loaded.limit
        ? {
            file: shownPath,
            line: 1,
            column: 1,
            ...createFinding('yaml-syntax', {
              entityRef: 'unknown',
              path: '',
              message: `File not linted: ${loaded.skipped}`,
              fix: 'Split the file into smaller catalog files.',
            }),
          }
        : skippedFileFinding(shownPath, loaded.skipped),
    );
    return result;
  }
  const file = loaded;
  const findings = result.findings;
  const position = (offset: number) =>
    offsetToPosition(file.lineCounter, offset);
  const at = (finding: OwnershipFinding, offset: number): LintFinding => ({
    file: shownPath,
    ...position(offset),
    ...finding,
    message: capMessage(finding.message),
  });
  if (checkingRefs) {
    result.definedRefs = definedRefs(file);
  }
  const problemMessage = (problem: YamlProblem, where: string) => {
    if (problem.kind === 'limit') {
      return where === 'File'
        ? problem.message
        : `${where} not linted: ${problem.message}`;
    }
    return `YAML syntax error${
      where === 'File' ? '' : ` in ${where.toLowerCase()}`
    }: ${problem.message}`;
  };
  const problemFinding = (
    problem: YamlProblem,
    entityRef: string,
    where: string,
  ) =>
    at(
      createFinding('yaml-syntax', {
        entityRef,
        path: '',
        message: problemMessage(problem, where),
        ...(problem.kind === 'limit'
          ? {
              fix: 'Simplify the document: catalog entities need neither deep nesting nor many aliases.',
            }
          : {}),
      }),
      problem.offset,
    );
  for (const problem of file.problems) {
    findings.push(problemFinding(problem, 'unknown', 'File'));
  }

  for (const document of file.documents) {
    if (document.problems.length) {
      for (const problem of document.problems) {
        findings.push(
          problemFinding(
            problem,
            documentEntityRef(document.value),
            `Document ${document.index + 1}`,
          ),
        );
      }
      continue;
    }
    if (document.value === null || document.value === undefined) {
      // an empty document, e.g. from a trailing `---`
      continue;
    }
    const locate = (finding: OwnershipFinding) =>
      at(finding, locateFindingPath(document.document, finding.path));

    context.onPlaceholders(
      placeholderFiles(filePath, document.value).map(realPathOf),
    );
    context.onContentDirs(templateContentDirs(filePath, document.value));
    const { entity, findings: envelopeFindings } = checkEntityEnvelope(
      document.value,
      document.index,
    );
    findings.push(...envelopeFindings.map(locate));
    if (!entity) {
      continue;
    }
    findings.push(
      ...(await validateLikeCatalog(withPlaceholdersResolved(entity))).map(
        locate,
      ),
    );
    findings.push(
      ...lintOwnershipEntity(entity, options.ruleOptions).map(locate),
    );
    if (entity.kind === 'Location') {
      result.isLocation = true;
      for (const { field, target } of locationTargets(entity)) {
        const named = resolveTarget(filePath, target, cwd);
        named.skipped.forEach(s =>
          findings.push(skippedFileFinding(displayPath(cwd, s.path), s.reason)),
        );
        if (named.outside) {
          findings.push(
            locate(
              createFinding('location-target-outside', {
                entityRef: findingEntityRef(entity),
                path: field,
                message: `Location target ${JSON.stringify(
                  target,
                )} leads outside the directory being linted; it is not read`,
              }),
            ),
          );
        } else if (!named.files.length && !isOptionalLocation(entity)) {
          findings.push(
            locate(
              createFinding('location-target-missing', {
                entityRef: findingEntityRef(entity),
                path: field,
                message: `Location target ${JSON.stringify(
                  target,
                )} matches no file next to ${path.basename(filePath)}`,
              }),
            ),
          );
        }
        context.onTargets(named.files);
      }
    }
    if (checkingRefs) {
      for (const use of collectEntityRefs(entity)) {
        result.pendingRefs.push({
          entity,
          use,
          file: shownPath,
          ...position(locateFindingPath(document.document, use.path)),
        });
      }
    }
  }
  return result;
}

/**
 * Lints catalog files: YAML syntax, the entity envelope, what the catalog's
 * own validators reject, the ownership schemas and rules, and, with
 * `entitiesDir` or `catalogUrl`, refs that match no entity. Location
 * entities bring the local files they name into the lint; files pulled in
 * through `$text`, `$json` and `$yaml` placeholders are content, not
 * entities, and are left out.
 *
 * @public
 * @throws OwnershipLintError when no file matches, files match but none is
 *   an entity file (so nothing would be linted), a file cannot be read, or
 *   the catalog cannot be asked.
 */
export async function runLint(
  options: RunLintOptions = {},
): Promise<LintResult> {
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const patterns = options.patterns?.length ? options.patterns : undefined;
  if (options.catalogUrl) {
    // fail on a bad URL before any work is done
    byRefsUrl(options.catalogUrl);
  }
  const entityFiles = options.entitiesDir
    ? await findYamlFiles(path.resolve(cwd, options.entitiesDir))
    : [];
  const found = await findFiles(patterns, cwd);
  if (!found.files.length && !found.skipped.length) {
    throw new OwnershipLintError(
      `No catalog files found for ${(patterns ?? DEFAULT_PATTERNS).join(
        ', ',
      )} in ${cwd}`,
    );
  }

  const checkingRefs = Boolean(options.entitiesDir || options.catalogUrl);
  const byRealPath = new Map<string, FoundFile>(
    found.files.map(f => [f.realPath, f]),
  );
  const queue: FoundFile[] = [...found.files];
  const results = new Map<string, FileResult>();
  const namedByLocation = new Set<string>();
  const placeholders = new Set<string>();
  const contentDirs: string[] = [];
  const context: LintContext = {
    cwd,
    checkingRefs,
    options,
    onTargets: files =>
      addFound(byRealPath, files).forEach(f => {
        namedByLocation.add(f.realPath);
        queue.push(f);
      }),
    onPlaceholders: realPaths => realPaths.forEach(p => placeholders.add(p)),
    onContentDirs: realPaths => contentDirs.push(...realPaths),
  };
  for (let i = 0; i < queue.length; i++) {
    if (!results.has(queue[i].realPath)) {
      results.set(queue[i].realPath, await lintFile(queue[i], context));
    }
  }

  // A directory with a Location in it is linted as the catalog reads it:
  // its Locations and what they name.
  const locationDirectories = [...found.directories.values()].filter(inside =>
    [...inside].some(real => results.get(real)?.isLocation),
  );
  const isEntityFile = ({ file, isLocation }: FileResult) => {
    const real = file.realPath;
    if (found.named.has(real) || namedByLocation.has(real) || isLocation) {
      return true;
    }
    if (
      placeholders.has(real) ||
      contentDirs.some(dir => isInsideDirectory(real, dir))
    ) {
      return false;
    }
    return (
      found.globbed.has(real) ||
      !locationDirectories.some(inside => inside.has(real))
    );
  };
  const linted = [...results.values()]
    .filter(isEntityFile)
    .sort((a, b) => (a.file.path < b.file.path ? -1 : 1));
  if (results.size && !linted.length) {
    // "0 errors in 0 files" must not pass a check that matched files
    throw new OwnershipLintError(
      `None of the ${results.size} files found for ${(
        patterns ?? DEFAULT_PATTERNS
      ).join(
        ', ',
      )} in ${cwd} is an entity file (all are Template skeleton or placeholder content); nothing was linted`,
    );
  }

  const findings: LintFinding[] = found.skipped.map(s =>
    skippedFileFinding(displayPath(cwd, s.path), s.reason),
  );
  const pendingRefs: PendingRef[] = [];
  const knownRefs = new Set<string>();
  for (const result of linted) {
    findings.push(...result.findings);
    pendingRefs.push(...result.pendingRefs);
    result.definedRefs.forEach(ref => knownRefs.add(refKey(ref)));
  }

  if (checkingRefs) {
    findings.push(
      ...(await checkRefs(
        pendingRefs,
        knownRefs,
        entityFiles,
        new Set(linted.map(r => r.file.path)),
        options,
      )),
    );
  }

  findings.sort(compareFindings);
  return {
    files: linted.map(r => displayPath(cwd, r.file.path)),
    findings,
    errorCount: findings.filter(f => f.severity === 'error').length,
    warningCount: findings.filter(f => f.severity === 'warning').length,
  };
}

/**
 * The exit code for a result: 1 when there are errors, or warnings with
 * `strict`; 0 otherwise.
 *
 * @public
 */
export function lintExitCode(
  result: LintResult,
  options: { strict?: boolean } = {},
): 0 | 1 {
  if (result.errorCount > 0) {
    return 1;
  }
  return options.strict && result.warningCount > 0 ? 1 : 0;
}

async function checkRefs(
  pendingRefs: PendingRef[],
  knownRefs: Set<string>,
  entityFiles: string[],
  lintedFiles: Set<string>,
  options: RunLintOptions,
): Promise<LintFinding[]> {
  for (const filePath of entityFiles) {
    const loaded = lintedFiles.has(filePath)
      ? undefined
      : loadCatalogFile(filePath);
    if (loaded && !('skipped' in loaded)) {
      definedRefs(loaded).forEach(ref => knownRefs.add(refKey(ref)));
    }
  }

  let missing = pendingRefs.filter(p => !knownRefs.has(refKey(p.use.ref)));

  const places: string[] = [];
  if (options.entitiesDir) {
    places.push(options.entitiesDir);
  }
  places.push('the linted files');
  if (options.catalogUrl) {
    places.push(`the catalog at ${options.catalogUrl}`);
    if (missing.length) {
      const existing = await findExistingRefs(
        missing.map(m => m.use.ref),
        { baseUrl: options.catalogUrl, token: options.token },
      );
      missing = missing.filter(m => !existing.has(refKey(m.use.ref)));
    }
  }
  const where =
    places.length > 1
      ? `${places.slice(0, -1).join(', ')} or ${places[places.length - 1]}`
      : places[0];

  return missing.map(({ entity, use, file, line, column }) => ({
    file,
    line,
    column,
    ...refNotFoundFinding(entity, use, where),
  }));
}
