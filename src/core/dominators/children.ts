// The dominator tree as CSR (children of each node), built by counting then filling: no object per node.
// Optionally each list is ordered by a key descending (retained bytes for the UI): small lists by insertion
// sort, large ones (the root can have millions of children) by a native numeric sort of the keys and a stable
// counting sort by rank, since a comparator sort of 15 M entries takes over a minute.

import { NO_NODE, type DominatorTree } from './types.ts';

export interface DominatorChildren {
  /** nodeCount + 1 entries: the children of v are children[childStart[v] .. childStart[v+1]). */
  childStart: Uint32Array;
  children: Uint32Array;
}

const INSERTION_SORT_MAX = 32;

/**
 * Children lists of the dominator tree, each in ascending node order, or, with `sortKeyDescending`, by that key
 * descending with ties in ascending node order.
 */
export function dominatorChildren(
  tree: DominatorTree,
  nodeCount: number,
  sortKeyDescending?: Float64Array | Uint32Array,
): DominatorChildren {
  const { childStart, children } = childrenOfIdoms(tree.idom, nodeCount, tree.preorder[0], NO_NODE);
  if (sortKeyDescending) {
    for (let v = 0; v < nodeCount; v++) {
      const start = childStart[v];
      const end = childStart[v + 1];
      if (end - start <= 1) continue;
      if (end - start <= INSERTION_SORT_MAX) insertionSort(children, start, end, sortKeyDescending);
      else rankSort(children, start, end, sortKeyDescending);
    }
  }
  return { childStart, children };
}

/**
 * The children CSR of an idom column (its first nodeCount entries; childStart has one entry per parent slot plus
 * one, the slots being 0..nodeCount-1 and `orphansUnder`): `root` is nobody's child; a node whose idom is NO_NODE is a child of `orphansUnder` (NO_NODE: of nobody). A HeapGraph, whose
 * top-level dominators have idom NO_NODE, lists them under a slot of its own this way.
 */
export function childrenOfIdoms(idom: Uint32Array, nodeCount: number, root: number, orphansUnder: number): DominatorChildren {
  const childStart = new Uint32Array(Math.max(nodeCount, orphansUnder === NO_NODE ? 0 : orphansUnder + 1) + 1);
  // Count into childStart[d + 1] and prefix-sum; then fill through childStart[d] itself, which afterwards
  // holds the end of d's list, i.e. the start of d + 1's: one shift right restores the starts.
  const slots = childStart.length - 1;
  for (let v = 0; v < nodeCount; v++) {
    const d = idom[v] === NO_NODE ? orphansUnder : idom[v];
    if (d !== NO_NODE && v !== root) childStart[d + 1]++;
  }
  for (let v = 0; v < slots; v++) childStart[v + 1] += childStart[v];
  const children = new Uint32Array(childStart[slots]);
  for (let v = 0; v < nodeCount; v++) {
    const d = idom[v] === NO_NODE ? orphansUnder : idom[v];
    if (d !== NO_NODE && v !== root) children[childStart[d]++] = v;
  }
  childStart.copyWithin(1, 0, slots);
  childStart[0] = 0;
  return { childStart, children };
}

/** Sorts one children list in place by key descending, ties keeping their order (ascending node order as
 *  dominatorChildren lays them out). For sorting lazily, list by list, when a view asks for one. */
export function sortChildrenByKey(list: Uint32Array, key: Float64Array | Uint32Array): void {
  if (list.length <= 1) return;
  if (list.length <= INSERTION_SORT_MAX) insertionSort(list, 0, list.length, key);
  else rankSort(list, 0, list.length, key);
}

/** Stable: equal keys keep their (ascending node) order. */
function insertionSort(list: Uint32Array, start: number, end: number, key: Float64Array | Uint32Array): void {
  for (let i = start + 1; i < end; i++) {
    const item = list[i];
    const k = key[item];
    let j = i - 1;
    while (j >= start && key[list[j]] < k) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
}

/** Stable sort by key descending: sort the keys natively, rank each item by binary search among the distinct
 *  keys, then place items by counting sort on the rank. */
function rankSort(list: Uint32Array, start: number, end: number, key: Float64Array | Uint32Array): void {
  const m = end - start;
  const distinct = new Float64Array(m);
  for (let i = 0; i < m; i++) distinct[i] = key[list[start + i]];
  distinct.sort();
  let distinctCount = 0;
  for (let i = 0; i < m; i++) {
    if (distinctCount === 0 || distinct[distinctCount - 1] !== distinct[i]) distinct[distinctCount++] = distinct[i];
  }
  const rankByItem = new Uint32Array(m);
  const rankStart = new Uint32Array(distinctCount + 1);
  for (let i = 0; i < m; i++) {
    const k = key[list[start + i]];
    let lo = 0;
    let hi = distinctCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    // Largest key first.
    const rank = distinctCount - 1 - lo;
    rankByItem[i] = rank;
    rankStart[rank + 1]++;
  }
  for (let r = 0; r < distinctCount; r++) rankStart[r + 1] += rankStart[r];
  const sorted = new Uint32Array(m);
  for (let i = 0; i < m; i++) sorted[rankStart[rankByItem[i]]++] = list[start + i];
  list.set(sorted, start);
}

/**
 * The nodes of an idom column (its first n entries) children first: each node comes after all of its dominator
 * children, leaves first (a FIFO of the nodes whose subtree is complete). `order[0..count)` holds every node not
 * on a cycle of the column (none, in a well-formed one); an idom of NO_NODE or past n is no parent.
 */
export function childrenFirstOrder(idom: Uint32Array, n: number): { order: Uint32Array; count: number } {
  const waiting = new Uint32Array(n); // dominator children not yet taken
  for (let v = 0; v < n; v++) {
    const d = idom[v];
    if (d !== NO_NODE && d < n) waiting[d]++;
  }
  const order = new Uint32Array(n);
  let count = 0;
  for (let v = 0; v < n; v++) if (waiting[v] === 0) order[count++] = v;
  for (let head = 0; head < count; head++) {
    const d = idom[order[head]];
    if (d !== NO_NODE && d < n && --waiting[d] === 0) order[count++] = d;
  }
  return { order, count };
}
