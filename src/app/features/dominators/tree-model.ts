// Pure logic of the lazy dominator tree: loaded child pages per node, which nodes are expanded, and the flat
// list of visible rows (objects, "group by class" rows, "show more" rows) the virtual list renders. Grouped by
// class, a node's classes come from the core's aggregation over all its children (their counts and sizes are
// totals, whatever was loaded), and an open class pages its own members.
import { countOf, formatCount } from '../../format.ts';
import type { ChildrenByClass, ClassGroupRow, DominatorChain, ObjectRow, Page } from '../../../core/api.ts';

export const ROOT = -1;

export interface ChildPage {
  items: ObjectRow[];
  total: number;
  /** Children fetched in pages, contiguous from offset 0 (items may also hold children inserted out of order). */
  loaded: number;
  /** Children beyond `total` that the engine does not hold (a shared analysis): shown as a count. */
  omitted?: number;
}

/** A node's classes (grouped by class), loaded in pages from offset 0. */
export interface ClassPage {
  items: ClassGroupRow[];
  /** Classes among the children. */
  total: number;
  loaded: number;
  /** All the node's children. */
  children: number;
}

export interface TreeState {
  /** Loaded children by parent index (ROOT for the top-level dominators). */
  children: ReadonlyMap<number, ChildPage>;
  /** Expanded object indices. */
  expanded: ReadonlySet<number>;
  /** With groupByClass: expanded class groups, keyed by groupKey(parent, classIndex). */
  expandedGroups: ReadonlySet<string>;
  groupByClass: boolean;
  /** With groupByClass: the classes of each node's children. */
  classes?: ReadonlyMap<number, ClassPage>;
  /** With groupByClass: the loaded members of each class group, by groupKey. */
  members?: ReadonlyMap<string, ChildPage>;
  /** The field of its parent through which each object is referenced, by object index ('' when none). */
  fields?: ReadonlyMap<number, string>;
  /** Chains of single children folded into one row, by the parent whose only child starts the chain. */
  chains?: ReadonlyMap<number, DominatorChain>;
  /** Folded chains opened to their end, by parent. */
  openChains?: ReadonlySet<number>;
  /** Parents on a focused path: their chains stay unfolded, so the path's own rows show. */
  unchained?: ReadonlySet<number>;
  /** Levels of a long focused path left out under a node: its children are one "… N more levels …" row, then the
   *  path's next shown step (with its own subtree). */
  jumps?: ReadonlyMap<number, Jump>;
}

/** A focused dominator path's middle, left out: drawn rows stay bounded however deep the object is. */
export interface Jump {
  /** The focused object (whose dominator path this is). */
  target: number;
  /** Position in the path of the first step left out. */
  offset: number;
  /** Steps left out. */
  elided: number;
  /** The step after them. */
  to: ObjectRow;
}

/** A chain of single children this long or longer folds into one row. */
export const FOLD_MIN = 3;

/** What a "show more" row loads: more children, more classes of a node, or more members of one class. */
export type MoreList = { kind: 'children' } | { kind: 'classes' } | { kind: 'members'; classIndex: number };

export type TreeRow =
  | { kind: 'object'; depth: number; parent: number; row: ObjectRow; expanded: boolean; loading: boolean; field?: string }
  | {
      kind: 'group';
      depth: number;
      parent: number;
      key: string;
      classIndex: number;
      className: string;
      count: number;
      shallowBytes: number;
      retainedBytes: number;
      expanded: boolean;
    }
  | { kind: 'more'; depth: number; parent: number; shown: number; total: number; nextOffset: number; list: MoreList }
  | { kind: 'loading'; depth: number; parent: number }
  | { kind: 'omitted'; depth: number; parent: number; count: number }
  | { kind: 'chain'; depth: number; parent: number; chain: DominatorChain; open: boolean }
  | { kind: 'elided'; depth: number; parent: number; jump: Jump };

/** The key of a class group under a parent. */
export function groupKey(parent: number, classIndex: number): string {
  return `${parent}:${classIndex}`;
}

/** Adds a loaded page of a node's classes. */
export function mergeClasses(prev: ClassPage | undefined, result: ChildrenByClass): ClassPage {
  const items = prev ? [...prev.items] : [];
  const seen = new Set(items.map((r) => r.classIndex));
  for (const r of result.page.items) if (!seen.has(r.classIndex)) items.push(r);
  return {
    items,
    total: result.page.total,
    loaded: Math.max(prev?.loaded ?? 0, result.page.offset + result.page.items.length),
    children: result.children,
  };
}

/** Adds a loaded page, dropping duplicates (a child inserted early by "show in tree" may come again in a page: the
 *  page's row replaces it, in place, as it carries the sizes the page is about, e.g. the parts in one heap). */
export function mergePage(prev: ChildPage | undefined, page: Page<ObjectRow>): ChildPage {
  const items = prev ? [...prev.items] : [];
  const at = new Map(items.map((r, i) => [r.index, i]));
  for (const r of page.items) {
    const i = at.get(r.index);
    if (i === undefined) items.push(r);
    else items[i] = r;
  }
  const loaded = Math.max(prev?.loaded ?? 0, page.offset + page.items.length);
  return { items, total: page.total, loaded, ...(page.omitted ? { omitted: page.omitted } : {}) };
}

/** Inserts one known child (from a dominator path) so it can be shown before its page is loaded. */
export function withChild(prev: ChildPage | undefined, child: ObjectRow, total: number): ChildPage {
  if (prev?.items.some((r) => r.index === child.index)) return prev;
  return { ...prev, items: [...(prev?.items ?? []), child], total: prev?.total ?? total, loaded: prev?.loaded ?? 0 };
}

export function flattenTree(state: TreeState): TreeRow[] {
  const out: TreeRow[] = [];
  const walk = (parent: number, depth: number) => {
    const pushObject = (row: ObjectRow, d: number) => {
      const expanded = state.expanded.has(row.index) && row.dominatedCount > 0;
      const field = state.fields?.get(row.index);
      out.push({
        kind: 'object',
        depth: d,
        parent,
        row,
        expanded,
        loading: expanded && !loadedUnder(row.index),
        ...(field ? { field } : {}),
      });
      if (expanded) walk(row.index, d + 1);
    };
    const jump = state.jumps?.get(parent);
    if (jump) {
      out.push({ kind: 'elided', depth, parent, jump });
      pushObject(jump.to, depth + 1);
      return;
    }
    if (state.groupByClass) {
      const classes = state.classes?.get(parent);
      if (!classes) {
        out.push({ kind: 'loading', depth, parent });
        return;
      }
      for (const g of classes.items) {
        const key = groupKey(parent, g.classIndex);
        const expanded = state.expandedGroups.has(key);
        out.push({
          kind: 'group',
          depth,
          parent,
          key,
          classIndex: g.classIndex,
          className: g.className,
          count: g.count,
          shallowBytes: g.shallowBytes,
          retainedBytes: g.retainedBytes,
          expanded,
        });
        if (!expanded) continue;
        const members = state.members?.get(key);
        if (!members) {
          out.push({ kind: 'loading', depth: depth + 1, parent });
          continue;
        }
        for (const r of members.items) pushObject(r, depth + 1);
        if (members.loaded < members.total) {
          out.push({
            kind: 'more',
            depth: depth + 1,
            parent,
            shown: members.items.length,
            total: members.total,
            nextOffset: members.loaded,
            list: { kind: 'members', classIndex: g.classIndex },
          });
        }
      }
      if (classes.loaded < classes.total)
        out.push({
          kind: 'more',
          depth,
          parent,
          shown: classes.items.length,
          total: classes.total,
          nextOffset: classes.loaded,
          list: { kind: 'classes' },
        });
      return;
    }
    const page = state.children.get(parent);
    if (!page) {
      out.push({ kind: 'loading', depth, parent });
      return;
    }
    const chain = state.chains?.get(parent);
    if (chain && page.total === 1 && chain.length >= FOLD_MIN && !state.unchained?.has(parent)) {
      const open = state.openChains?.has(parent) ?? false;
      out.push({ kind: 'chain', depth, parent, chain, open });
      if (open) pushObject(chain.end, depth + 1);
      return;
    }
    for (const r of page.items) pushObject(r, depth);
    if (page.loaded < page.total)
      out.push({
        kind: 'more',
        depth,
        parent,
        shown: page.items.length,
        total: page.total,
        nextOffset: page.loaded,
        list: { kind: 'children' },
      });
    // Children a shared analysis left out: counted under the node (the toolbar counts the top level's).
    else if (page.omitted && parent !== ROOT) out.push({ kind: 'omitted', depth, parent, count: page.omitted });
  };
  const loadedUnder = (index: number) => (state.groupByClass ? state.classes?.has(index) : state.children.has(index)) ?? false;
  walk(ROOT, 0);
  return out;
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

/** The toolbar's line on the top level: how many top-level dominators (of how many classes, when grouped), and,
 *  for a shared analysis that left some out, how many of them are included. */
export function topLevelStatus(count: number, omitted = 0, classes?: number): string {
  if (omitted > 0) return `${formatCount(count)} of ${countOf(count + omitted, 'top-level dominator')} included`;
  return countOf(count, 'top-level dominator') + (classes !== undefined ? ` of ${countOf(classes, 'class', 'classes')}` : '');
}
