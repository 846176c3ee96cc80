import { describe, expect, it } from 'vitest';
import type { ObjectRow } from '../../../core/api.ts';
import {
  flattenTree,
  groupKey,
  mergeClasses,
  mergePage,
  parentRowOf,
  ROOT,
  rowOf,
  topLevelStatus,
  withChild,
  type TreeRow,
  type TreeState,
} from './tree-model.ts';

function obj(index: number, className: string, retainedBytes: number, dominatedCount = 0): ObjectRow {
  return { index, address: '0x' + index.toString(16), className, shallowBytes: 16, retainedBytes, dominatedCount };
}

function text(rows: TreeRow[]): string[] {
  return rows.map((r) => {
    const pad = '  '.repeat(r.depth);
    switch (r.kind) {
      case 'object':
        return `${pad}${r.row.className}#${r.row.index}${r.expanded ? ' -' : r.row.dominatedCount > 0 ? ' +' : ''}`;
      case 'group':
        return `${pad}[${r.className} x${r.count} ${r.retainedBytes}]`;
      case 'more':
        return `${pad}(${r.shown} of ${r.total})`;
      case 'loading':
        return `${pad}…`;
      case 'chain':
        return `${pad}{${r.chain.start.className} x${r.chain.length} -> ${r.chain.end.className}#${r.chain.end.index}${r.open ? ' open' : ''}}`;
      case 'elided':
        return `${pad}… ${r.jump.elided} levels …`;
      case 'omitted':
        return `${pad}(${r.count} not included)`;
    }
  });
}

const top = { items: [obj(1, 'a.Cache', 900, 2), obj(2, 'a.Node', 50, 0), obj(3, 'a.Node', 40, 1)], total: 5, loaded: 3 };
const under1 = { items: [obj(10, 'byte[]', 500), obj(11, 'java.lang.String', 300, 1)], total: 2, loaded: 2 };

function state(partial: Partial<TreeState>): TreeState {
  return { children: new Map([[ROOT, top]]), expanded: new Set(), expandedGroups: new Set(), groupByClass: false, ...partial };
}

describe('flattenTree', () => {
  it('shows the loaded top level and a "more" row', () => {
    expect(text(flattenTree(state({})))).toEqual(['a.Cache#1 +', 'a.Node#2', 'a.Node#3 +', '(3 of 5)']);
  });
  it('shows children of expanded nodes, or a loading row until they arrive', () => {
    expect(text(flattenTree(state({ expanded: new Set([1]) })))).toEqual(['a.Cache#1 -', '  …', 'a.Node#2', 'a.Node#3 +', '(3 of 5)']);
    const loaded = state({
      expanded: new Set([1]),
      children: new Map([
        [ROOT, top],
        [1, under1],
      ]),
    });
    expect(text(flattenTree(loaded))).toEqual([
      'a.Cache#1 -',
      '  byte[]#10',
      '  java.lang.String#11 +',
      'a.Node#2',
      'a.Node#3 +',
      '(3 of 5)',
    ]);
  });
  it('ignores an expanded flag on a leaf', () => {
    expect(text(flattenTree(state({ expanded: new Set([2]) })))[1]).toBe('a.Node#2');
  });
  it('groups children by class from the aggregation over all children, paging classes and members', () => {
    // The root has 5 children: 1 a.Cache, 4 a.Node (only 2 of them loaded as members so far), in 3 classes.
    const classes = mergeClasses(undefined, {
      parent: ROOT,
      children: 6,
      shallowBytes: 96,
      retainedBytes: 1100,
      page: {
        offset: 0,
        total: 3,
        items: [
          { classIndex: 7, className: 'a.Cache', count: 1, shallowBytes: 16, retainedBytes: 900 },
          { classIndex: 8, className: 'a.Node', count: 4, shallowBytes: 64, retainedBytes: 190 },
        ],
      },
    });
    expect(classes).toMatchObject({ total: 3, loaded: 2, children: 6 });
    const nodes = { items: [obj(2, 'a.Node', 50), obj(3, 'a.Node', 40, 1)], total: 4, loaded: 2 };
    const grouped = { groupByClass: true, classes: new Map([[ROOT, classes]]), expandedGroups: new Set([groupKey(ROOT, 8)]) };
    // Group rows carry the totals over all children, not the loaded members' sums.
    expect(text(flattenTree(state({ ...grouped, members: new Map([[groupKey(ROOT, 8), nodes]]) })))).toEqual([
      '[a.Cache x1 900]',
      '[a.Node x4 190]',
      '  a.Node#2',
      '  a.Node#3 +',
      '  (2 of 4)',
      '(2 of 3)',
    ]);
    const rows = flattenTree(state({ ...grouped, members: new Map([[groupKey(ROOT, 8), nodes]]) }));
    expect(rows[4]).toMatchObject({ kind: 'more', list: { kind: 'members', classIndex: 8 }, nextOffset: 2 });
    expect(rows[5]).toMatchObject({ kind: 'more', list: { kind: 'classes' }, nextOffset: 2 });
    // An open group whose members are not loaded yet, and a node whose classes are not loaded yet.
    expect(text(flattenTree(state(grouped)))[2]).toBe('  …');
    expect(text(flattenTree(state({ groupByClass: true })))).toEqual(['…']);
  });
  it("shows the parent's field of a child", () => {
    const rows = flattenTree(
      state({
        expanded: new Set([1]),
        children: new Map([
          [ROOT, top],
          [1, under1],
        ]),
        fields: new Map([[10, 'value']]),
      }),
    );
    expect(rows[1]).toMatchObject({ kind: 'object', field: 'value' });
    expect(rows[2]).not.toHaveProperty('field');
  });
});

describe('folded chains', () => {
  it('folds an only child starting a long chain into one row that opens to its end', () => {
    const head = { items: [obj(20, 'a.ListNode', 800, 1)], total: 1, loaded: 1 };
    const chain = { start: obj(20, 'a.ListNode', 800, 1), length: 5000, sameClass: true, end: obj(99, 'a.ListNode', 16, 0) };
    const base = {
      expanded: new Set([1]),
      children: new Map([
        [ROOT, top],
        [1, head],
      ]),
      chains: new Map([[1, chain]]),
    };
    expect(text(flattenTree(state(base))).slice(0, 3)).toEqual(['a.Cache#1 -', '  {a.ListNode x5000 -> a.ListNode#99}', 'a.Node#2']);
    expect(text(flattenTree(state({ ...base, openChains: new Set([1]) }))).slice(0, 4)).toEqual([
      'a.Cache#1 -',
      '  {a.ListNode x5000 -> a.ListNode#99 open}',
      '    a.ListNode#99',
      'a.Node#2',
    ]);
    // A short chain is not folded.
    const short = new Map([[1, { ...chain, length: 2 }]]);
    expect(text(flattenTree(state({ ...base, chains: short })))[1]).toBe('  a.ListNode#20 +');
  });
});

describe('pages', () => {
  it('merges pages without duplicating a child inserted early', () => {
    const early = withChild(undefined, obj(3, 'a.Node', 40), 5);
    expect(early).toEqual({ items: [obj(3, 'a.Node', 40)], total: 5, loaded: 0 });
    const merged = mergePage(early, { offset: 0, total: 5, items: top.items });
    expect(merged.items.map((r) => r.index)).toEqual([3, 1, 2]);
    expect(merged.loaded).toBe(3);
    expect(withChild(merged, obj(1, 'a.Cache', 900), 5)).toBe(merged);
  });

  it("takes the page's row for a child inserted early, in place (its size in one heap replaces the whole one)", () => {
    const early = withChild(undefined, obj(2, 'a.Node', 40), 5);
    const merged = mergePage(early, { offset: 0, total: 2, items: [obj(1, 'a.Cache', 30), obj(2, 'a.Node', 12)] });
    expect(merged.items).toEqual([obj(2, 'a.Node', 12), obj(1, 'a.Cache', 30)]);
  });
});

describe('a child inserted before its page', () => {
  it('keeps "show more" at the next unfetched offset', () => {
    // The focused object is the 300th child: inserted alone, page 0 not fetched yet.
    const inserted = withChild(undefined, obj(300, 'a.Deep', 10), 500);
    const rows = flattenTree(state({ children: new Map([[ROOT, inserted]]) }));
    expect(rows[rows.length - 1]).toMatchObject({ kind: 'more', shown: 1, total: 500, nextOffset: 0 });
    const afterPage = mergePage(inserted, { offset: 0, total: 500, items: [obj(1, 'a.A', 99), obj(2, 'a.B', 98)] });
    const more = flattenTree(state({ children: new Map([[ROOT, afterPage]]) })).at(-1);
    expect(more).toMatchObject({ kind: 'more', shown: 3, nextOffset: 2 });
  });
});

describe('navigation helpers', () => {
  it('finds rows and parents', () => {
    const rows = flattenTree(
      state({
        expanded: new Set([1]),
        children: new Map([
          [ROOT, top],
          [1, under1],
        ]),
      }),
    );
    expect(rowOf(rows, 11)).toBe(2);
    expect(parentRowOf(rows, 2)).toBe(0);
    expect(parentRowOf(rows, 0)).toBe(-1);
  });
});

describe('a focused path with its middle left out', () => {
  it('draws the path’s top, one row for the levels between, then the levels above the object', () => {
    // 1 -> 3 shown, 2,000 levels left out, then 100 -> 101 (the focused object).
    const deep = obj(100, 'a.Node', 30, 1);
    const focused = obj(101, 'a.Node', 20, 0);
    const rows = flattenTree(
      state({
        expanded: new Set([1, 3, 100]),
        children: new Map([
          [ROOT, top],
          [1, under1],
          [100, { items: [focused], total: 1, loaded: 1 }],
        ]),
        jumps: new Map([[3, { target: 101, offset: 3, elided: 2000, to: deep }]]),
      }),
    );
    expect(text(rows)).toEqual([
      'a.Cache#1 -',
      '  byte[]#10',
      '  java.lang.String#11 +',
      'a.Node#2',
      'a.Node#3 -',
      '  … 2000 levels …',
      '    a.Node#100 -',
      '      a.Node#101',
      '(3 of 5)',
    ]);
    expect(rowOf(rows, 101)).toBe(7);
  });
  it('keeps a chain unfolded on a focused path', () => {
    const chain = { start: obj(20, 'a.Link', 90, 1), length: 10, sameClass: true, end: obj(29, 'byte[]', 10) };
    const children = new Map([
      [ROOT, top],
      [3, { items: [obj(20, 'a.Link', 90, 1)], total: 1, loaded: 1 }],
    ]);
    const folded = flattenTree(state({ expanded: new Set([3]), children, chains: new Map([[3, chain]]) }));
    expect(text(folded)).toContain('  {a.Link x10 -> byte[]#29}');
    const unfolded = flattenTree(state({ expanded: new Set([3]), children, chains: new Map([[3, chain]]), unchained: new Set([3]) }));
    expect(text(unfolded)).toContain('  a.Link#20 +');
  });
});

describe('a shared tree, part of the real one', () => {
  it('counts the children a node left out once its shared ones are all shown, and keeps the count across pages', () => {
    const shared = mergePage(undefined, { offset: 0, total: 2, items: [obj(10, 'byte[]', 60), obj(11, 'a.Node', 30)], omitted: 7 });
    expect(shared).toMatchObject({ total: 2, loaded: 2, omitted: 7 });
    const rows = flattenTree(
      state({
        expanded: new Set([1, 3]),
        children: new Map([
          [ROOT, { ...top, omitted: 40 }],
          [1, shared],
          // Every child left out: the node still opens, to say so.
          [3, mergePage(undefined, { offset: 0, total: 0, items: [], omitted: 1 })],
        ]),
      }),
    );
    expect(text(rows)).toEqual([
      'a.Cache#1 -',
      '  byte[]#10',
      '  a.Node#11',
      '  (7 not included)',
      'a.Node#2',
      'a.Node#3 -',
      '  (1 not included)',
      '(3 of 5)',
    ]);
    // A child inserted by a focused path keeps the page's count.
    expect(withChild(shared, obj(12, 'a.Node', 5), 9).omitted).toBe(7);
  });
  it('says how much of the top level is included', () => {
    expect(topLevelStatus(52, 3314)).toBe('52 of 3,366 top-level dominators included');
    expect(topLevelStatus(1, 1)).toBe('1 of 2 top-level dominators included');
    expect(topLevelStatus(3)).toBe('3 top-level dominators');
    expect(topLevelStatus(1)).toBe('1 top-level dominator');
    expect(topLevelStatus(12, 0, 4)).toBe('12 top-level dominators of 4 classes');
  });
});
