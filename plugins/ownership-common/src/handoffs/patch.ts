import { normalizeOwnershipRef } from '../kinds/refs';

/**
 * What the catalog-info.yaml patch of a completed handoff is built from:
 * the entity as the catalog holds it, and the two teams (full refs).
 *
 * @public
 */
export interface HandoffPatchInput {
  entity: {
    apiVersion: string;
    kind: string;
    metadata: Record<string, unknown>;
    spec?: Record<string, unknown>;
  };
  fromTeam: string;
  toTeam: string;
  /** The owner of the entity's escalation policy, when known (full ref). */
  escalationPolicyOwner?: string;
  /** The file name in the diff header. Default `catalog-info.yaml`. */
  fileName?: string;
}

/**
 * One changed line of the patch: its YAML path, old and new text.
 *
 * @public
 */
export interface HandoffPatchChange {
  path: string;
  from: string;
  to: string;
  /** A YAML comment added to the line. */
  comment?: string;
}

// metadata fields the catalog adds, never written in catalog-info.yaml
const GENERATED_METADATA = ['uid', 'etag', 'generation'];

const PLAIN = /^[A-Za-z0-9_/][A-Za-z0-9 _./:@#()-]*$/;

function scalar(value: unknown): string {
  if (typeof value === 'string') {
    const ambiguous =
      /^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+(e[0-9]+)?)$/i.test(
        value,
      ) ||
      / #|: |:$/.test(value) ||
      value !== value.trim();
    return PLAIN.test(value) && !ambiguous ? value : JSON.stringify(value);
  }
  if (value === null || value === undefined) {
    return 'null';
  }
  return String(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return Array.isArray(value)
    ? value.length === 0
    : isObject(value) && Object.keys(value).length === 0;
}

function scalarOrEmpty(value: unknown): string {
  if (!isEmpty(value)) {
    return scalar(value);
  }
  return Array.isArray(value) ? '[]' : '{}';
}

/** YAML lines of an object (block style, two-space indent), with each line's path. */
function render(
  value: Record<string, unknown>,
  indent: string,
  path: string,
  out: Array<{ text: string; path: string }>,
  firstPrefix?: string,
): void {
  Object.entries(value).forEach(([key, v], index) => {
    if (v === undefined) {
      return;
    }
    const pad = index === 0 && firstPrefix !== undefined ? firstPrefix : indent;
    const here = path ? `${path}.${key}` : key;
    if (isEmpty(v)) {
      out.push({
        text: `${pad}${key}: ${Array.isArray(v) ? '[]' : '{}'}`,
        path: here,
      });
    } else if (Array.isArray(v)) {
      out.push({ text: `${pad}${key}:`, path: here });
      renderList(v, `${indent}  `, here, out);
    } else if (isObject(v)) {
      out.push({ text: `${pad}${key}:`, path: here });
      render(v, `${indent}  `, here, out);
    } else {
      out.push({ text: `${pad}${key}: ${scalar(v)}`, path: here });
    }
  });
}

function renderList(
  list: unknown[],
  indent: string,
  path: string,
  out: Array<{ text: string; path: string }>,
): void {
  list.forEach((item, i) => {
    const here = `${path}[${i}]`;
    if (isObject(item) && !isEmpty(item)) {
      render(item, `${indent}  `, here, out, `${indent}- `);
    } else if (Array.isArray(item) && item.length) {
      out.push({ text: `${indent}-`, path: here });
      renderList(item, `${indent}  `, here, out);
    } else {
      out.push({ text: `${indent}- ${scalarOrEmpty(item)}`, path: here });
    }
  });
}

/**
 * The entity as catalog-info.yaml would hold it: apiVersion, kind, metadata
 * (without what the catalog generates) and spec, in block style.
 *
 * @public
 */
export function renderEntityYaml(
  entity: HandoffPatchInput['entity'],
): string[] {
  return renderLines(entity).map(l => l.text);
}

function renderLines(
  entity: HandoffPatchInput['entity'],
): Array<{ text: string; path: string }> {
  const metadata = Object.fromEntries(
    Object.entries(entity.metadata).filter(
      ([key]) => !GENERATED_METADATA.includes(key),
    ),
  );
  const out: Array<{ text: string; path: string }> = [];
  render(
    {
      apiVersion: entity.apiVersion,
      kind: entity.kind,
      metadata,
      ...(entity.spec ? { spec: entity.spec } : {}),
    },
    '',
    '',
    out,
  );
  return out;
}

/** The team ref written the way the old one was: full, or the short name. */
function writtenLike(
  written: string,
  toTeam: string,
  namespace: string,
): string {
  if (written.includes(':')) {
    return toTeam;
  }
  const [, rest] = toTeam.split(':');
  const [ns, name] = rest.split('/');
  if (written.includes('/')) {
    return `${ns}/${name}`;
  }
  return ns === namespace ? name : toTeam;
}

/**
 * The changes catalog-info.yaml needs once ownership moved from `fromTeam`
 * to `toTeam`: `spec.owner`, and the ownership block's contacts
 * (`primary`, `secondary`) where they name the old team. An escalation
 * policy owned by the old team gets a comment: which policy the receiving
 * team uses is the team's choice, not something the suite can write.
 *
 * @public
 */
export function handoffPatchChanges(
  input: HandoffPatchInput,
): HandoffPatchChange[] {
  const { entity, fromTeam, toTeam } = input;
  const namespace =
    typeof entity.metadata.namespace === 'string'
      ? entity.metadata.namespace
      : 'default';
  const names = (value: unknown, defaultKind: string) =>
    normalizeOwnershipRef(value, {
      defaultKind,
      defaultNamespace: namespace,
    })?.toLocaleLowerCase('en-US') === fromTeam.toLocaleLowerCase('en-US');
  const spec = entity.spec ?? {};
  const changes: HandoffPatchChange[] = [];
  if (typeof spec.owner === 'string' && names(spec.owner, 'group')) {
    changes.push({
      path: 'spec.owner',
      from: spec.owner,
      to: writtenLike(spec.owner, toTeam, namespace),
    });
  }
  const block = isObject(spec.ownership) ? spec.ownership : undefined;
  for (const field of ['primary', 'secondary'] as const) {
    const value = block?.[field];
    if (typeof value === 'string' && names(value, 'user')) {
      changes.push({
        path: `spec.ownership.${field}`,
        from: value,
        to: writtenLike(value, toTeam, namespace),
      });
    }
  }
  const policy = block?.escalationPolicy;
  if (
    typeof policy === 'string' &&
    input.escalationPolicyOwner &&
    input.escalationPolicyOwner.toLocaleLowerCase('en-US') ===
      fromTeam.toLocaleLowerCase('en-US')
  ) {
    changes.push({
      path: 'spec.ownership.escalationPolicy',
      from: policy,
      to: policy,
      comment: `owned by ${fromTeam}: replace with ${toTeam}'s escalation policy`,
    });
  }
  return changes;
}

const CONTEXT = 3;

/**
 * A unified diff of catalog-info.yaml (as the catalog's copy of the entity
 * renders) with the changes of {@link handoffPatchChanges}; empty when the
 * file already names the receiving team.
 *
 * @public
 */
export function buildHandoffPatch(input: HandoffPatchInput): string {
  const changes = handoffPatchChanges(input);
  if (!changes.length) {
    return '';
  }
  const lines = renderLines(input.entity);
  const before = lines.map(l => l.text);
  const after = lines.map(line => {
    const change = changes.find(c => c.path === line.path);
    if (!change) {
      return line.text;
    }
    const key = line.text.slice(0, line.text.indexOf(':') + 1);
    return `${key} ${scalar(change.to)}${
      change.comment ? ` # ${change.comment}` : ''
    }`;
  });
  const differs = before.map((line, i) => line !== after[i]);
  const hunks: string[] = [];
  let i = 0;
  while (i < before.length) {
    if (!differs[i]) {
      i++;
      continue;
    }
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // extend the hunk while the next change is within twice the context
    for (let j = i; j < before.length; j++) {
      if (differs[j]) {
        end = j;
      } else if (j - end > CONTEXT * 2) {
        break;
      }
    }
    const stop = Math.min(before.length, end + CONTEXT + 1);
    const hunk: string[] = [];
    for (let k = start; k < stop; k++) {
      if (differs[k]) {
        hunk.push(`-${before[k]}`, `+${after[k]}`);
      } else {
        hunk.push(` ${before[k]}`);
      }
    }
    const length = stop - start;
    hunks.push(
      `@@ -${start + 1},${length} +${start + 1},${length} @@`,
      ...hunk,
    );
    i = stop;
  }
  const file = input.fileName ?? 'catalog-info.yaml';
  return `${[`--- a/${file}`, `+++ b/${file}`, ...hunks].join('\n')}\n`;
}
