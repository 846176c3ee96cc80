// Paged views of the dominator tree: the children of a node (largest retained first, as the graph keeps them
// sorted) and the chain of dominators from a top-level dominator down to an object.

import type { DominatorChain, ObjectRow, Page } from '../api.ts';
import type { ObjectIndex } from '../units.ts';
import { NO_NODE, pageBounds, type QueryContext } from './context.ts';

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

/** Dominators of `index`, from its top-level dominator down to the object itself. */
export function dominatorPath(ctx: QueryContext, index: ObjectIndex): ObjectRow[] {
  ctx.assertIndex(index);
  const chain: ObjectIndex[] = [];
  const idom = ctx.graph.idomByIndex;
  let v = index;
  // The tree has no cycles; the bound only guards against a corrupt idom column.
  while (v !== NO_NODE && chain.length <= ctx.graph.nodeCount) {
    chain.push(v);
    v = idom[v];
  }
  const rows: ObjectRow[] = [];
  for (let i = chain.length - 1; i >= 0; i--) rows.push(ctx.row(chain[i]));
  return rows;
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
