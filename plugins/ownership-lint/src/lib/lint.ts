import path from 'node:path';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  createFinding,
  lintOwnershipEntity,
  OwnershipFinding,
  OwnershipRuleOptions,
} from '@service-ownership/plugin-ownership-common';
import { byRefsUrl, findExistingRefs } from './catalogClient';
import { checkEntityEnvelope, documentEntityRef } from './envelope';
import { OwnershipLintError } from './errors';
import {
  DEFAULT_PATTERNS,
  findFiles,
  findYamlFiles,
  loadCatalogFile,
  ParsedCatalogFile,
} from './loadFiles';
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

/**
 * Lints catalog files: YAML syntax, the entity envelope, the ownership
 * schemas and rules, and, with `entitiesDir` or `catalogUrl`, refs that
 * match no entity.
 *
 * @public
 * @throws OwnershipLintError when no file matches, a file cannot be read,
 *   or the catalog cannot be asked.
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
  const filePaths = await findFiles(patterns, cwd);
  if (!filePaths.length) {
    throw new OwnershipLintError(
      `No catalog files found for ${(patterns ?? DEFAULT_PATTERNS).join(
        ', ',
      )} in ${cwd}`,
    );
  }

  const checkingRefs = Boolean(options.entitiesDir || options.catalogUrl);
  const findings: LintFinding[] = [];
  const pendingRefs: PendingRef[] = [];
  const knownRefs = new Set<string>();

  for (const filePath of filePaths) {
    const file = loadCatalogFile(filePath);
    const shownPath = displayPath(cwd, filePath);
    const position = (offset: number) =>
      offsetToPosition(file.lineCounter, offset);
    const at = (finding: OwnershipFinding, offset: number): LintFinding => ({
      file: shownPath,
      ...position(offset),
      ...finding,
    });
    if (checkingRefs) {
      definedRefs(file).forEach(ref => knownRefs.add(refKey(ref)));
    }
    for (const problem of file.problems) {
      findings.push(
        at(
          createFinding('yaml-syntax', {
            entityRef: 'unknown',
            path: '',
            message: `YAML syntax error: ${problem.message}`,
          }),
          problem.offset,
        ),
      );
    }

    for (const document of file.documents) {
      if (document.problems.length) {
        for (const problem of document.problems) {
          findings.push(
            at(
              createFinding('yaml-syntax', {
                entityRef: documentEntityRef(document.value),
                path: '',
                message: `YAML syntax error in document ${
                  document.index + 1
                }: ${problem.message}`,
              }),
              problem.offset,
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

      const { entity, findings: envelopeFindings } = checkEntityEnvelope(
        document.value,
        document.index,
      );
      findings.push(...envelopeFindings.map(locate));
      if (!entity) {
        continue;
      }
      findings.push(
        ...lintOwnershipEntity(entity, options.ruleOptions).map(locate),
      );
      if (checkingRefs) {
        for (const use of collectEntityRefs(entity)) {
          pendingRefs.push({
            entity,
            use,
            file: shownPath,
            ...position(locateFindingPath(document.document, use.path)),
          });
        }
      }
    }
  }

  if (checkingRefs) {
    findings.push(
      ...(await checkRefs(
        pendingRefs,
        knownRefs,
        entityFiles,
        new Set(filePaths),
        options,
      )),
    );
  }

  findings.sort(compareFindings);
  return {
    files: filePaths.map(f => displayPath(cwd, f)),
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
    if (!lintedFiles.has(filePath)) {
      definedRefs(loadCatalogFile(filePath)).forEach(ref =>
        knownRefs.add(refKey(ref)),
      );
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
