import fs from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { globFiles, SkippedPath } from './loadFiles';

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

/**
 * The files a Location target names, relative to the Location's file, as
 * the catalog's file reader resolves them: a path, or a glob.
 */
export function resolveTarget(
  locationFile: string,
  target: string,
): { files: string[]; skipped: SkippedPath[] } {
  const base = path.dirname(locationFile);
  const resolved = path.resolve(base, target);
  if (fs.existsSync(resolved) || !fg.isDynamicPattern(target)) {
    return fs.existsSync(resolved) && fs.statSync(resolved).isFile()
      ? { files: [resolved], skipped: [] }
      : { files: [], skipped: [] };
  }
  return globFiles([target.replace(/^\.\//, '')], base);
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

/**
 * The local skeleton folders of a scaffolder Template (`fetch:template` and
 * `fetch:plain` steps' `input.url`), resolved against the Template's file:
 * their catalog-info.yaml files hold `${{ values.* }}` and are not entities.
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
  const dirs: string[] = [];
  for (const step of entity.spec.steps) {
    const url =
      isObject(step) && isObject(step.input) ? step.input.url : undefined;
    if (typeof url === 'string' && isLocalTarget(url)) {
      dirs.push(path.resolve(path.dirname(entityFile), url));
    }
  }
  return dirs;
}
