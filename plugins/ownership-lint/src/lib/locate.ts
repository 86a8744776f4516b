import {
  Document,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  Pair,
} from 'yaml';

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

type Segment = string | number;

/**
 * Splits a finding path such as `spec.activities[0].accountable` into
 * `['spec', 'activities', 0, 'accountable']`.
 */
export function splitFindingPath(findingPath: string): Segment[] {
  const segments: Segment[] = [];
  for (const match of findingPath.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    segments.push(match[1] !== undefined ? Number(match[1]) : match[2]);
  }
  return segments;
}

function unescapePointer(key: string) {
  return key.replace(/~1/g, '/').replace(/~0/g, '~');
}

function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) {
    return String(key.value);
  }
  return typeof key === 'string' || typeof key === 'number'
    ? String(key)
    : undefined;
}

function start(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

// Where to point at an element: the value of a scalar field, but the key of
// a field holding a mapping or a list, since that is the line that names it.
function pairOffset(pair: Pair): number | undefined {
  const value = pair.value;
  // `field:` without a value still has a (null, empty) scalar node
  const empty =
    isNode(value) && value.range && value.range[0] === value.range[1];
  if (value && !isCollection(value) && !empty) {
    const offset = start(value);
    if (offset !== undefined) {
      return offset;
    }
  }
  return start(pair.key) ?? start(value);
}

/**
 * The offset of the node at a finding path in a parsed document, or of its
 * nearest existing parent when the path leads to a field that is missing.
 */
export function locateFindingPath(
  doc: Document.Parsed,
  findingPath: string,
): number {
  const segments = splitFindingPath(findingPath);
  let node: unknown = doc.contents;
  let offset = start(node) ?? doc.range[0];
  let i = 0;
  while (i < segments.length) {
    const segment = segments[i];
    if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      const itemOffset = start(item);
      if (item === undefined || itemOffset === undefined) {
        break;
      }
      node = item;
      offset = itemOffset;
      i += 1;
      continue;
    }
    if (isMap(node)) {
      // A key may itself contain dots (`backstage.io/techdocs-ref`), so
      // try the longest run of segments that names a key.
      let found: { pair: Pair; consumed: number } | undefined;
      for (let j = segments.length; j > i && !found; j--) {
        const parts = segments.slice(i, j);
        if (parts.some(p => typeof p === 'number') && j - i > 1) {
          continue;
        }
        const key = unescapePointer(parts.join('.'));
        const pair = node.items.find(p => keyText(p) === key);
        if (pair) {
          found = { pair, consumed: j - i };
        }
      }
      if (!found) {
        break;
      }
      const pairAt = pairOffset(found.pair);
      if (pairAt !== undefined) {
        offset = pairAt;
      }
      node = found.pair.value;
      i += found.consumed;
      continue;
    }
    break;
  }
  return offset;
}

/** Turns an offset into a 1-based line and column. */
export function offsetToPosition(
  lineCounter: LineCounter,
  offset: number,
): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line: Math.max(line, 1), column: Math.max(col, 1) };
}
