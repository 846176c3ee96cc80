// The viewer's tree rows: cut nodes stay expandable and say how many children the share left out.
import { describe, expect, it } from 'vitest';
import type { ObjectRow } from '../../../core/api.ts';
import { flattenSharedTree, ROOT, sharedParentRowOf, sharedRowOf, type SharedTreeRow } from './shared-tree-model.ts';

const row = (index: number, dominatedCount: number): ObjectRow => ({
  index,
  address: '0x' + index.toString(16),
  className: 'C' + index,
  shallowBytes: 16,
  retainedBytes: 1000 - index,
  dominatedCount,
});

const text = (rows: SharedTreeRow[]) =>
  rows.map(
    (r) =>
      '  '.repeat(r.depth) +
      (r.kind === 'object'
        ? `C${r.row.index}${r.expandable ? (r.expanded ? ' -' : ' +') : ''}`
        : r.kind === 'omitted'
          ? `(${r.count} omitted)`
          : '…'),
  );

describe('flattenSharedTree', () => {
  // 1 has shared children 3, 4 and 12 left out; 2 was cut at the depth limit (no shared child, 5 left out);
  // 3 is a real leaf.
  const children = new Map<number, ObjectRow[]>([
    [ROOT, [row(1, 2), row(2, 0)]],
    [1, [row(3, 0), row(4, 0)]],
    [2, []],
  ]);
  const omittedChildren = new Map([
    [1, 12],
    [2, 5],
  ]);

  it('shows cut nodes as expandable and counts their left-out children after the shared ones', () => {
    expect(text(flattenSharedTree({ children, expanded: new Set(), omittedChildren }))).toEqual(['C1 +', 'C2 +']);
    const open = flattenSharedTree({ children, expanded: new Set([1, 2]), omittedChildren });
    expect(text(open)).toEqual(['C1 -', '  C3', '  C4', '  (12 omitted)', 'C2 -', '  (5 omitted)']);
    expect(open[3]).toEqual({ kind: 'omitted', depth: 1, parent: 1, count: 12 });
    expect(sharedRowOf(open, 2)).toBe(4);
    expect(sharedParentRowOf(open, 3)).toBe(0);
    expect(sharedParentRowOf(open, 4)).toBe(-1);
  });

  it('marks children not loaded yet, and ignores expanding a leaf', () => {
    const partial = new Map([[ROOT, [row(1, 2), row(3, 0)]]]);
    expect(text(flattenSharedTree({ children: partial, expanded: new Set([1, 3]), omittedChildren: new Map() }))).toEqual([
      'C1 -',
      '  …',
      'C3',
    ]);
  });
});
