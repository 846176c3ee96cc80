// A pruned, nested view of the dominator tree by retained size for a squarified treemap. Expanded breadth-first so
// the node budget goes to the upper levels; small children (under minFraction of the root) and those beyond the
// budget fold into one "N others" node (omitted when they weigh 0 bytes). Each parent keeps its shallow bytes:
// retained = shallow + the children's sum, so areas add up.

import type { TreemapNode, TreemapOptions } from '../api.ts';
import { toHex, type ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';

export const VIRTUAL_ROOT = -1;
export const FOLDED = -2;

function nodeOf(ctx: QueryContext, index: ObjectIndex): TreemapNode {
  const g = ctx.graph;
  const node: TreemapNode = {
    index,
    address: toHex(g.idOf(index)),
    className: ctx.className(index),
    retainedBytes: g.retainedByIndex[index],
    shallowBytes: g.shallowByIndex[index],
  };
  const label = ctx.label(index);
  if (label) node.label = label;
  return node;
}

export function treemap(ctx: QueryContext, root: ObjectIndex, options: TreemapOptions = {}): TreemapNode {
  const depth = Math.max(0, options.depth ?? 4);
  const maxNodes = Math.max(1, options.maxNodes ?? 2000);
  const minFraction = Math.max(0, options.minFraction ?? 0.002);
  const g = ctx.graph;

  let rootNode: TreemapNode;
  if (root === VIRTUAL_ROOT) {
    let total = 0;
    const top = g.sortedChildren(-1);
    for (let i = 0; i < top.length; i++) total += g.retainedByIndex[top[i]];
    rootNode = { index: VIRTUAL_ROOT, className: 'All objects', retainedBytes: total, shallowBytes: 0 };
  } else {
    ctx.assertIndex(root);
    rootNode = nodeOf(ctx, root);
  }
  const threshold = minFraction * rootNode.retainedBytes;
  let budget = maxNodes - 1;

  const pending: Array<{ node: TreemapNode; level: number }> = [{ node: rootNode, level: 0 }];
  for (let q = 0; q < pending.length && budget > 0; q++) {
    const { node, level } = pending[q];
    if (level >= depth) continue;
    const children = g.sortedChildren(node.index === VIRTUAL_ROOT ? -1 : node.index);
    if (children.length === 0) continue;
    const kept: TreemapNode[] = [];
    let keptBytes = 0;
    let i = 0;
    // Children are sorted by retained size descending: stop at the first one too small or over budget.
    for (; i < children.length; i++) {
      const c = children[i];
      // Zero-byte objects (class objects without statics) have no area at any threshold.
      if (g.retainedByIndex[c] < threshold || g.retainedByIndex[c] <= 0) break;
      const needed = i + 1 < children.length ? 2 : 1; // the child, plus room for an "others" node after it
      if (budget < needed) break;
      const child = nodeOf(ctx, c);
      kept.push(child);
      keptBytes += child.retainedBytes;
      budget--;
    }
    if (kept.length === 0) continue; // shown as a leaf: its area is its retained size
    const rest = children.length - i;
    const restBytes = node.retainedBytes - node.shallowBytes - keptBytes;
    if (rest > 0 && restBytes > 0) {
      kept.push({
        index: FOLDED,
        className: `${rest} others`,
        retainedBytes: restBytes,
        shallowBytes: 0,
        foldedCount: rest,
      });
      budget--;
    }
    node.children = kept;
    for (const child of kept) if (child.index !== FOLDED) pending.push({ node: child, level: level + 1 });
  }
  return rootNode;
}
