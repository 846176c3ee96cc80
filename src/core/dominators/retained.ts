// Retained sizes from a dominator tree: each node's shallow size plus everything it dominates.
// One sweep in reverse DFS preorder (a node's idom always comes before it in preorder), no recursion and no
// tree built: retained[idom[v]] += retained[v]. The sweep runs in preorder space, where it reads sequentially
// and makes one random update per node; gathering and scattering by node are independent accesses that the CPU
// overlaps (a node-space sweep chains two dependent cache misses per node: ~4x slower on 20 M nodes).

import { minRetainedByClassInPreorder } from './class-retained.ts';
import type { DominatorTree } from './types.ts';

/** Retained bytes by node; 0 for nodes unreachable from the root. Sums are exact to 2^53. Nodes at or past
 *  shallowByNode.length have shallow size 0. */
export function retainedSizes(tree: DominatorTree, shallowByNode: Float64Array | Uint32Array): Float64Array {
  const { idomByPre, preorder, reachableCount } = tree;
  const retainedByPre = new Float64Array(reachableCount);
  // A node past the end of shallowByNode (e.g. a virtual root appended to the graph) counts 0 bytes.
  const sized = shallowByNode.length;
  for (let p = 0; p < reachableCount; p++) {
    const v = preorder[p];
    retainedByPre[p] = v < sized ? shallowByNode[v] : 0;
  }
  for (let p = reachableCount - 1; p >= 1; p--) retainedByPre[idomByPre[p]] += retainedByPre[p];
  const retained = new Float64Array(tree.idom.length);
  for (let p = 0; p < reachableCount; p++) retained[preorder[p]] = retainedByPre[p];
  return retained;
}

/**
 * Retained bytes by node and MAT's minimum retained per class in one go, sharing the preorder-space columns
 * (retained sizes and classes by preorder number) that both passes need; see minRetainedByClass.
 */
export function retainedSizesAndByClass(
  tree: DominatorTree,
  shallowByNode: Float64Array | Uint32Array,
  classByNode: Uint32Array,
  classCount: number,
): { retained: Float64Array; retainedByClass: Float64Array } {
  const { idomByPre, preorder, reachableCount } = tree;
  const retainedByPre = new Float64Array(reachableCount);
  const classByPre = new Uint32Array(reachableCount);
  const sized = shallowByNode.length;
  const classed = classByNode.length;
  for (let p = 0; p < reachableCount; p++) {
    const v = preorder[p];
    retainedByPre[p] = v < sized ? shallowByNode[v] : 0;
    classByPre[p] = v < classed ? classByNode[v] : classCount;
  }
  for (let p = reachableCount - 1; p >= 1; p--) retainedByPre[idomByPre[p]] += retainedByPre[p];
  // The class pass first: its scratch arrays are dropped before the by-node column is allocated.
  const retainedByClass = minRetainedByClassInPreorder(tree, retainedByPre, classByPre, classCount);
  const retained = new Float64Array(tree.idom.length);
  for (let p = 0; p < reachableCount; p++) retained[preorder[p]] = retainedByPre[p];
  return { retained, retainedByClass };
}
