import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import {
  globFiles,
  isInsideDirectory,
  realPathOf,
  SkippedPath,
  splitGlob,
} from './loadFiles';

/** A path the catalog reads from a local file, with the field naming it. */
export interface LocalTarget {
  /** Finding path of the field, e.g. `spec.targets[1]`. */
  field: string;
  /** The target as written. */
  target: string;
}

const URL_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a target is a path on this machine rather than a URL. */
export function isLocalTarget(target: string): boolean {
  return !URL_SCHEME.test(target) || /^[a-z]:[\\/]/i.test(target);
}

/** The local `spec.target` and `spec.targets` of a Location entity. */
export function locationTargets(entity: unknown): LocalTarget[] {
  if (
    !isObject(entity) ||
    entity.kind !== 'Location' ||
    !isObject(entity.spec)
  ) {
    return [];
  }
  const { target, targets } = entity.spec;
  const found: LocalTarget[] = [];
  if (typeof target === 'string') {
    found.push({ field: 'spec.target', target });
  }
  if (Array.isArray(targets)) {
    targets.forEach((t, i) => {
      if (typeof t === 'string') {
        found.push({ field: `spec.targets[${i}]`, target: t });
      }
    });
  }
  return found.filter(t => isLocalTarget(t.target));
}

/** Whether a Location says its targets may be missing. */
export function isOptionalLocation(entity: unknown): boolean {
  return (
    isObject(entity) &&
    isObject(entity.spec) &&
    entity.spec.presence === 'optional'
  );
}

/** What a Location target names, as {@link resolveTarget} resolves it. */
export interface ResolvedTarget {
  /** The files inside the root that the target names. */
  files: string[];
  /** Entries inside the root that were passed over, and why. */
  skipped: SkippedPath[];
  /**
   * Whether the target, or one of its matches, lies outside the root; what
   * lies outside is neither read nor returned.
   */
  outside: boolean;
}

/**
 * The files a Location target names, relative to the Location's file, as
 * the catalog's file reader resolves them: a path, or a glob. Only files
 * whose real path is inside `root` (the directory the lint runs in) are
 * returned: a Location in an untrusted change must not make the lint read,
 * and quote, files elsewhere on the machine, nor walk the whole filesystem.
 * A glob is expanded below its fixed leading folders only, and never
 * outside `root`.
 */
export function resolveTarget(
  locationFile: string,
  target: string,
  root: string,
): ResolvedTarget {
  const rootPath = path.resolve(root);
  const rootReal = realPathOf(rootPath);
  const inside = (file: string) =>
    isInsideDirectory(path.resolve(file), rootPath) &&
    isInsideDirectory(realPathOf(file), rootReal);
  const none = (outside: boolean): ResolvedTarget => ({
    files: [],
    skipped: [],
    outside,
  });
  const base = path.dirname(locationFile);
  const resolved = path.resolve(base, target);
  if (!isInsideDirectory(resolved, rootPath)) {
    return none(true);
  }
  const isGlob = fg.isDynamicPattern(target) && !fs.existsSync(resolved);
  if (!isGlob) {
    if (!inside(resolved)) {
      return none(true);
    }
    return fs.existsSync(resolved) && fs.statSync(resolved).isFile()
      ? { files: [resolved], skipped: [], outside: false }
      : none(false);
  }

  // The fixed folders before the first glob segment may climb with `..`
  // as long as they stay inside the root; the glob itself may not.
  const { base: fixed, glob } = splitGlob(target);
  if (path.isAbsolute(target) || glob.includes('..')) {
    return none(true);
  }
  const globBase = path.resolve(base, fixed);
  if (!inside(globBase)) {
    return none(true);
  }
  if (!fs.existsSync(globBase)) {
    return none(false);
  }
  const globbed = globFiles([glob], globBase, rootReal);
  return {
    files: globbed.files,
    skipped: globbed.skipped,
    outside: globbed.outside.length > 0,
  };
}

/**
 * The entity as the catalog validates it, after its placeholder processor
 * has put the content of `$text` (a string), `$json` and `$yaml` (data) in
 * place; the content itself is not read.
 */
export function withPlaceholdersResolved<T>(value: T): T {
  const resolve = (node: unknown): unknown => {
    if (Array.isArray(node)) {
      return node.map(resolve);
    }
    if (isObject(node)) {
      const keys = Object.keys(node);
      if (keys.length === 1 && ['$text', '$json', '$yaml'].includes(keys[0])) {
        return keys[0] === '$text' ? String(node[keys[0]]) : {};
      }
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) => [k, resolve(v)]),
      );
    }
    return node;
  };
  return resolve(value) as T;
}

/**
 * Local files that an entity pulls in through `$text`, `$json` and `$yaml`
 * placeholders, resolved against the entity's file: content, not entities.
 */
export function placeholderFiles(entityFile: string, value: unknown): string[] {
  const files: string[] = [];
  const stack: unknown[] = [value];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
    } else if (isObject(node)) {
      const keys = Object.keys(node);
      const ref = keys.length === 1 ? node[keys[0]] : undefined;
      if (
        ['$text', '$json', '$yaml'].includes(keys[0]) &&
        typeof ref === 'string' &&
        isLocalTarget(ref)
      ) {
        files.push(path.resolve(path.dirname(entityFile), ref));
      } else {
        stack.push(...Object.values(node));
      }
    }
  }
  return files;
}

// The scaffolder actions that copy local skeleton content: a folder, or
// with `:file` a single file.
const FETCH_CONTENT_ACTIONS = [
  'fetch:template',
  'fetch:plain',
  'fetch:template:file',
  'fetch:plain:file',
];

/**
 * The real paths of the local skeleton content of a scaffolder Template
 * (the `input.url` of its `fetch:template`, `fetch:plain` and their `:file`
 * steps), resolved against the Template's file: their catalog-info.yaml
 * files hold `${{ values.* }}` and are not entities. Only content strictly
 * below the Template's folder counts: a `./`, `.` or `..` url would
 * otherwise hide the Template itself and everything next to it.
 */
export function templateContentDirs(
  entityFile: string,
  entity: unknown,
): string[] {
  if (
    !isObject(entity) ||
    entity.kind !== 'Template' ||
    !isObject(entity.spec) ||
    !Array.isArray(entity.spec.steps)
  ) {
    return [];
  }
  const folder = path.dirname(entityFile);
  const folderReal = realPathOf(folder);
  const dirs: string[] = [];
  for (const step of entity.spec.steps) {
    if (
      !isObject(step) ||
      !FETCH_CONTENT_ACTIONS.includes(String(step.action)) ||
      !isObject(step.input)
    ) {
      continue;
    }
    const url = step.input.url;
    if (typeof url !== 'string' || !isLocalTarget(url)) {
      continue;
    }
    const resolved = path.resolve(folder, url);
    const real = realPathOf(resolved);
    if (
      isInsideDirectory(resolved, folder, { strictly: true }) &&
      isInsideDirectory(real, folderReal, { strictly: true }) &&
      real !== realPathOf(entityFile)
    ) {
      dirs.push(real);
    }
  }
  return dirs;
}
