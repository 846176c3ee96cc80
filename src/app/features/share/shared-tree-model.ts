// The viewer's dominator tree as visible rows: the snapshot holds the shared part whole, so there is no paging;
// instead each expanded node whose children were cut by the share's depth or size limit ends with a row saying
// how many were left out.
import type { ObjectRow } from '../../../core/api.ts';

export const ROOT = -1;

export type SharedTreeRow =
  | { kind: 'object'; depth: number; row: ObjectRow; expandable: boolean; expanded: boolean }
  | { kind: 'omitted'; depth: number; parent: number; count: number }
  | { kind: 'loading'; depth: number };

export interface SharedTreeState {
  /** Shared children by parent index (ROOT for the top level), largest retained first. */
  children: ReadonlyMap<number, readonly ObjectRow[]>;
  expanded: ReadonlySet<number>;
  /** Children left out of the share, by object index. */
  omittedChildren: ReadonlyMap<number, number>;
}

/** A node can open when it has shared children or children that were left out (which the open node then counts). */
export function isExpandable(row: ObjectRow, omittedChildren: ReadonlyMap<number, number>): boolean {
  return row.dominatedCount > 0 || (omittedChildren.get(row.index) ?? 0) > 0;
}

export function flattenSharedTree(state: SharedTreeState): SharedTreeRow[] {
  const out: SharedTreeRow[] = [];
  const walk = (parent: number, depth: number) => {
    const rows = state.children.get(parent);
    if (!rows) {
      out.push({ kind: 'loading', depth });
      return;
    }
    for (const row of rows) {
      const expandable = isExpandable(row, state.omittedChildren);
      const expanded = expandable && state.expanded.has(row.index);
      out.push({ kind: 'object', depth, row, expandable, expanded });
      if (expanded) walk(row.index, depth + 1);
    }
    // The top level's count is in the toolbar; each node's own cut is said under its children.
    const omitted = parent === ROOT ? 0 : (state.omittedChildren.get(parent) ?? 0);
    if (omitted > 0) out.push({ kind: 'omitted', depth, parent, count: omitted });
  };
  walk(ROOT, 0);
  return out;
}

/** Index of the visible row of an object, or -1. */
export function sharedRowOf(rows: readonly SharedTreeRow[], index: number): number {
  return rows.findIndex((r) => r.kind === 'object' && r.row.index === index);
}

/** Index of the row of a row's parent object (for Left on a collapsed row), or -1 at the top level. */
export function sharedParentRowOf(rows: readonly SharedTreeRow[], at: number): number {
  const depth = rows[at]?.depth ?? 0;
  for (let i = at - 1; i >= 0; i--) if (rows[i].depth < depth) return i;
  return -1;
}
