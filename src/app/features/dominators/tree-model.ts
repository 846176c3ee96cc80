// Pure logic of the lazy dominator tree: loaded child pages per node, which nodes are expanded, and the flat
// list of visible rows (objects, "group by class" rows, "show more" rows) the virtual list renders.
import type { ObjectRow, Page } from '../../../core/api.ts';

export const ROOT = -1;

export interface ChildPage {
  items: ObjectRow[];
  total: number;
  /** Children fetched in pages, contiguous from offset 0 (items may also hold children inserted out of order). */
  loaded: number;
}

export interface TreeState {
  /** Loaded children by parent index (ROOT for the top-level dominators). */
  children: ReadonlyMap<number, ChildPage>;
  /** Expanded object indices. */
  expanded: ReadonlySet<number>;
  /** With groupByClass: expanded class groups, keyed `${parent}:${className}`. */
  expandedGroups: ReadonlySet<string>;
  groupByClass: boolean;
}

export type TreeRow =
  | { kind: 'object'; depth: number; parent: number; row: ObjectRow; expanded: boolean; loading: boolean }
  | { kind: 'group'; depth: number; parent: number; key: string; className: string; count: number; shallowBytes: number; retainedBytes: number; expanded: boolean }
  | { kind: 'more'; depth: number; parent: number; shown: number; total: number; nextOffset: number }
  | { kind: 'loading'; depth: number; parent: number };

/** Adds a loaded page, dropping duplicates (a child inserted early by "show in tree" may come again in a page). */
export function mergePage(prev: ChildPage | undefined, page: Page<ObjectRow>): ChildPage {
  const items = prev ? [...prev.items] : [];
  const seen = new Set(items.map((r) => r.index));
  for (const r of page.items) if (!seen.has(r.index)) items.push(r);
  return { items, total: page.total, loaded: Math.max(prev?.loaded ?? 0, page.offset + page.items.length) };
}

/** Inserts one known child (from a dominator path) so it can be shown before its page is loaded. */
export function withChild(prev: ChildPage | undefined, child: ObjectRow, total: number): ChildPage {
  if (prev?.items.some((r) => r.index === child.index)) return prev;
  return { items: [...(prev?.items ?? []), child], total: prev?.total ?? total, loaded: prev?.loaded ?? 0 };
}

export function flattenTree(state: TreeState): TreeRow[] {
  const out: TreeRow[] = [];
  const walk = (parent: number, depth: number) => {
    const page = state.children.get(parent);
    if (!page) {
      out.push({ kind: 'loading', depth, parent });
      return;
    }
    const pushObject = (row: ObjectRow, d: number) => {
      const expanded = state.expanded.has(row.index) && row.dominatedCount > 0;
      out.push({ kind: 'object', depth: d, parent, row, expanded, loading: expanded && !state.children.has(row.index) });
      if (expanded) walk(row.index, d + 1);
    };
    if (state.groupByClass) {
      for (const g of groupChildren(page.items)) {
        const key = `${parent}:${g.className}`;
        const expanded = state.expandedGroups.has(key);
        out.push({ kind: 'group', depth, parent, key, className: g.className, count: g.rows.length, shallowBytes: g.shallowBytes, retainedBytes: g.retainedBytes, expanded });
        if (expanded) for (const r of g.rows) pushObject(r, depth + 1);
      }
    } else {
      for (const r of page.items) pushObject(r, depth);
    }
    if (page.loaded < page.total) out.push({ kind: 'more', depth, parent, shown: page.items.length, total: page.total, nextOffset: page.loaded });
  };
  walk(ROOT, 0);
  return out;
}

export interface ClassGroup {
  className: string;
  rows: ObjectRow[];
  shallowBytes: number;
  retainedBytes: number;
}

/** Loaded children grouped by class, groups by retained size descending (dominator subtrees are disjoint, so sums are exact). */
export function groupChildren(rows: ObjectRow[]): ClassGroup[] {
  const byClass = new Map<string, ClassGroup>();
  for (const r of rows) {
    let g = byClass.get(r.className);
    if (!g) {
      g = { className: r.className, rows: [], shallowBytes: 0, retainedBytes: 0 };
      byClass.set(r.className, g);
    }
    g.rows.push(r);
    g.shallowBytes += r.shallowBytes;
    g.retainedBytes += r.retainedBytes;
  }
  return [...byClass.values()].sort((a, b) => b.retainedBytes - a.retainedBytes || (a.className < b.className ? -1 : 1));
}

/** Index of the visible row of an object, or -1. */
export function rowOf(rows: TreeRow[], index: number): number {
  return rows.findIndex((r) => r.kind === 'object' && r.row.index === index);
}

/** Index of the row of a row's parent object (for Left on a collapsed row), or -1 at the top level. */
export function parentRowOf(rows: TreeRow[], at: number): number {
  const depth = rows[at]?.depth ?? 0;
  for (let i = at - 1; i >= 0; i--) if (rows[i].depth < depth) return i;
  return -1;
}
