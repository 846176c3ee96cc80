// Paged views of the dominator tree: the children of a node (largest retained first, as the graph keeps them
// sorted) and the chain of dominators from a top-level dominator down to an object.

import type { DominatorChain, DominatorTop, ObjectRow, Page, PathWindow, PathWindowOptions } from '../api.ts';
import type { ObjectIndex } from '../units.ts';
import { NO_NODE, pageBounds, type QueryContext } from './context.ts';
import { windowOfWalk, windowRanges } from './long-paths.ts';
import { nextAccumulation } from './suspects.ts';

/** Children of `parent` in the dominator tree; parent -1 = the virtual root (the top-level dominators). */
export function dominatorChildren(ctx: QueryContext, parent: ObjectIndex, offset: number, limit: number): Page<ObjectRow> {
  const g = ctx.graph;
  if (parent !== -1) ctx.assertIndex(parent);
  const list = g.sortedChildren(parent);
  const { start, end } = pageBounds(offset, limit, list.length);
  const items: ObjectRow[] = [];
  for (let i = start; i < end; i++) items.push(ctx.row(list[i]));
  return { offset: start, total: list.length, items };
}

/** Dominators of `index`, from its top-level dominator down to the object itself: a window of them. Two walks up
 *  the idom column (one to count, one to pick the window's steps); rows only for the wanted. */
export function dominatorPath(ctx: QueryContext, index: ObjectIndex, wanted?: PathWindowOptions): PathWindow<ObjectRow> {
  ctx.assertIndex(index);
  const idom = ctx.graph.idomByIndex;
  const limit = ctx.graph.nodeCount;
  let length = 0;
  // The tree has no cycles; the bound only guards against a corrupt idom column.
  for (let v = index; v !== NO_NODE && length <= limit; v = idom[v]) length++;
  const r = windowRanges(length, wanted);
  const head: ObjectRow[] = [];
  const tail: ObjectRow[] = [];
  // Walking up, position length - 1 (the object) comes first: collect backwards, then reverse.
  let p = length - 1;
  for (let v = index; v !== NO_NODE && p >= r.offset; v = idom[v], p--) {
    if (p >= r.tailStart) tail.push(ctx.row(v));
    else if (p < r.headEnd) head.push(ctx.row(v));
  }
  return { length, offset: r.offset, head: head.reverse(), tail: tail.reverse() };
}

/** Where `start`'s memory accumulates (nextAccumulation in suspects.ts, walked without keeping the chain): a
 *  window of the chain, the object first. */
export function accumulationPath(ctx: QueryContext, start: ObjectIndex, wanted?: PathWindowOptions): PathWindow<ObjectRow> {
  ctx.assertIndex(start);
  const w = windowOfWalk(start, (v) => nextAccumulation(ctx, v), wanted);
  return { length: w.ranges.length, offset: w.ranges.offset, head: w.head.map((v) => ctx.row(v)), tail: w.tail.map((v) => ctx.row(v)) };
}

/** From `start` down while each node has exactly one dominator-tree child: the chain's length and its end (the
 *  first node with no child or several). One step per node, no row built on the way. */
export function dominatorChain(ctx: QueryContext, start: ObjectIndex): DominatorChain {
  ctx.assertIndex(start);
  const g = ctx.graph;
  const cls = g.classByIndex[start];
  let sameClass = true;
  let length = 0;
  let v = start;
  while (g.dominatedCount(v) === 1 && length < g.nodeCount) {
    if (g.classByIndex[v] !== cls) sameClass = false;
    v = g.sortedChildren(v)[0];
    length++;
  }
  return { start: ctx.row(start), length, sameClass, end: ctx.row(v) };
}

/** The most nodes dominatorTop returns, whatever is asked. */
export const DOMINATOR_TOP_MAX_NODES = 20_000;

interface TopEntry {
  node: ObjectIndex;
  parent: ObjectIndex | -1;
  /** The node's position among its parent's children (sorted largest first). */
  rank: number;
  level: number;
  retained: number;
  /** Push order: ties in retained size pop in the order they were pushed. */
  seq: number;
}

function before(a: TopEntry, b: TopEntry): boolean {
  return a.retained > b.retained || (a.retained === b.retained && a.seq < b.seq);
}

/** A node taken by bestFirst and its parent in the tree (-1 for a top-level node). */
export interface TakenNode {
  node: ObjectIndex;
  parent: ObjectIndex | -1;
}

/**
 * The `limit` largest nodes of a tree down to `depth` levels, best first, given each node's children sorted largest
 * first (parent -1: the top level). Since a child never retains more than its parent, the nodes taken form a
 * connected subtree, parents before children. The frontier holds, per expanded node, only its next child not yet
 * taken (a node's next sibling enters it when the node is taken), so the cost is O(k log k) for k nodes taken,
 * however many children a node has.
 */
export function bestFirst(
  childrenOf: (parent: ObjectIndex | -1) => ArrayLike<ObjectIndex>,
  retainedOf: (node: ObjectIndex) => number,
  depth: number,
  limit: number,
): TakenNode[] {
  const maxLevel = Math.max(1, Math.floor(depth));
  const heap: TopEntry[] = [];
  let seq = 0;
  const push = (e: Omit<TopEntry, 'seq' | 'retained'>): void => {
    heap.push({ ...e, retained: retainedOf(e.node), seq: seq++ });
    for (let i = heap.length - 1; i > 0;) {
      const up = (i - 1) >> 1;
      if (!before(heap[i], heap[up])) break;
      [heap[up], heap[i]] = [heap[i], heap[up]];
      i = up;
    }
  };
  const pop = (): TopEntry => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < heap.length && before(heap[l], heap[best])) best = l;
        if (r < heap.length && before(heap[r], heap[best])) best = r;
        if (best === i) break;
        [heap[best], heap[i]] = [heap[i], heap[best]];
        i = best;
      }
    }
    return top;
  };
  const roots = childrenOf(-1);
  if (roots.length > 0) push({ node: roots[0], parent: -1, rank: 0, level: 1 });
  const taken: TakenNode[] = [];
  while (heap.length > 0 && taken.length < limit) {
    const e = pop();
    taken.push({ node: e.node, parent: e.parent });
    const siblings = childrenOf(e.parent);
    if (e.rank + 1 < siblings.length) push({ node: siblings[e.rank + 1], parent: e.parent, rank: e.rank + 1, level: e.level });
    if (e.level < maxLevel) {
      const children = childrenOf(e.node);
      if (children.length > 0) push({ node: children[0], parent: e.node, rank: 0, level: e.level + 1 });
    }
  }
  return taken;
}

/** The `maxNodes` largest nodes of the dominator tree down to `depth` levels, best first (see bestFirst). */
export function dominatorTop(ctx: QueryContext, depth: number, maxNodes: number): DominatorTop {
  const g = ctx.graph;
  const limit = Math.max(0, Math.min(Math.floor(maxNodes), DOMINATOR_TOP_MAX_NODES));
  const retained = g.retainedByIndex;
  const taken = bestFirst(
    (p) => (p === -1 || g.dominatedCount(p) > 0 ? g.sortedChildren(p) : EMPTY),
    (v) => retained[v],
    depth,
    limit,
  );
  return { nodes: taken.map((t) => ({ ...ctx.row(t.node), parent: t.parent })), topLevel: g.sortedChildren(-1).length };
}

const EMPTY = new Uint32Array(0);
