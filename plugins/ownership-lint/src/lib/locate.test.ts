import { parseCatalogText } from './loadFiles';
import {
  locateFindingPath,
  offsetToPosition,
  splitFindingPath,
} from './locate';

const YAML = [
  'apiVersion: ownership.dev/v1alpha1', // 1
  'kind: RaciMatrix', // 2
  'metadata:', // 3
  '  name: payments-raci', // 4
  '  annotations:', // 5
  '    backstage.io/techdocs-ref: dir:.', // 6
  'spec:', // 7
  '  owner: team-payments', // 8
  '  activities:', // 9
  '    - name: Deploy', // 10
  '      responsible: [jane]', // 11
  '      accountable:', // 12
  '        - jane', // 13
  '        - bob', // 14
  '    - name: Empty', // 15
  '      description:', // 16
  '---', // 17
  'kind: Component', // 18
  'spec: {owner: x, ownership: {tier: tier-1}}', // 19
].join('\n');

describe('splitFindingPath', () => {
  it('splits dotted paths with indexes', () => {
    expect(splitFindingPath('spec.activities[0].accountable[1]')).toEqual([
      'spec',
      'activities',
      0,
      'accountable',
      1,
    ]);
    expect(splitFindingPath('')).toEqual([]);
  });
});

describe('locateFindingPath', () => {
  const file = parseCatalogText(YAML, 'x.yaml');
  const at = (path: string, doc = 0) =>
    offsetToPosition(
      file.lineCounter,
      locateFindingPath(file.documents[doc].document, path),
    );

  it('points at the value of a scalar field', () => {
    expect(at('spec.owner')).toEqual({ line: 8, column: 10 });
    expect(at('metadata.name')).toEqual({ line: 4, column: 9 });
  });

  it('points at the key of a field holding a list or mapping', () => {
    expect(at('spec.activities[0].accountable')).toEqual({
      line: 12,
      column: 7,
    });
    expect(at('spec')).toEqual({ line: 7, column: 1 });
  });

  it('points at list items', () => {
    expect(at('spec.activities[0].accountable[1]')).toEqual({
      line: 14,
      column: 11,
    });
    expect(at('spec.activities[1]')).toEqual({ line: 15, column: 7 });
  });

  it('falls back to the nearest existing parent', () => {
    expect(at('spec.activities[1].accountable')).toEqual({
      line: 15,
      column: 7,
    });
    expect(at('spec.activities[7].name')).toEqual({ line: 9, column: 3 });
    expect(at('spec.nothing.deeper')).toEqual({ line: 7, column: 1 });
  });

  it('points at the key of a field without a value', () => {
    expect(at('spec.activities[1].description')).toEqual({
      line: 16,
      column: 7,
    });
  });

  it('finds keys that contain dots or escaped slashes', () => {
    expect(at('metadata.annotations.backstage.io/techdocs-ref')).toEqual({
      line: 6,
      column: 32,
    });
    expect(at('metadata.annotations.backstage.io~1techdocs-ref')).toEqual({
      line: 6,
      column: 32,
    });
  });

  it('points at the document for an empty path', () => {
    expect(at('')).toEqual({ line: 1, column: 1 });
    expect(at('', 1)).toEqual({ line: 18, column: 1 });
  });

  it('walks flow collections', () => {
    expect(at('spec.ownership.tier', 1)).toEqual({ line: 19, column: 36 });
    expect(at('spec.ownership.escalationPolicy', 1)).toEqual({
      line: 19,
      column: 18,
    });
  });
});
