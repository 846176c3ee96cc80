// Paged views of the dominator tree: the children of a node (largest retained first, as the graph keeps them
// sorted) and the chain of dominators from a top-level dominator down to an object.

import type { DominatorChain, ObjectRow, Page, PathWindow, PathWindowOptions } from '../api.ts';
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
