// Retained sizes from a dominator tree: each node's shallow size plus everything it dominates.
// One sweep in reverse DFS preorder (a node's idom always comes before it in preorder), no recursion and no
// tree built: retained[idom[v]] += retained[v]. The sweep runs in preorder space, where it reads sequentially
// and makes one random update per node; gathering and scattering by node are independent accesses that the CPU
// overlaps (a node-space sweep chains two dependent cache misses per node: ~4x slower on 20 M nodes).

import { minRetainedByClassInPreorder } from './class-retained.ts';
import type { DominatorTree, PreorderTree } from './types.ts';

/** A column of retained sizes: Uint32 (4 bytes per node) when every sum fits, i.e. when the shallow sizes
 *  add up to less than 4 GiB; Float64 (exact to 2^53) otherwise. */
export type RetainedColumn = Float64Array | Uint32Array;

function retainedColumn(length: number, shallowByNode: Float64Array | Uint32Array): RetainedColumn {
  let total = 0;
  for (let v = 0; v < shallowByNode.length; v++) total += shallowByNode[v];
  return total <= 0xffffffff ? new Uint32Array(length) : new Float64Array(length);
}

/** Reverse-preorder sweep: each node's retained size added to its idom's (preorder space). */
function gatherAndSum(tree: Omit<PreorderTree, 'nodeCount'>, shallowByNode: Float64Array | Uint32Array): RetainedColumn {
  const { idomByPre, preorder, reachableCount } = tree;
  const retainedByPre = retainedColumn(reachableCount, shallowByNode);
  // A node past the end of shallowByNode (e.g. a virtual root appended to the graph) counts 0 bytes.
  const sized = shallowByNode.length;
  for (let p = 0; p < reachableCount; p++) {
    const v = preorder[p];
    retainedByPre[p] = v < sized ? shallowByNode[v] : 0;
  }
  for (let p = reachableCount - 1; p >= 1; p--) retainedByPre[idomByPre[p]] += retainedByPre[p];
  return retainedByPre;
}

/** Scatters a preorder-space column back to node space (one entry per node of the flow graph; 0 for
 *  unreachable nodes). */
function byNode(tree: DominatorTree | PreorderTree, retainedByPre: RetainedColumn): RetainedColumn {
  const { preorder, reachableCount } = tree;
  const length = 'idom' in tree ? tree.idom.length : tree.nodeCount;
  const retained = retainedByPre instanceof Uint32Array ? new Uint32Array(length) : new Float64Array(length);
  for (let p = 0; p < reachableCount; p++) retained[preorder[p]] = retainedByPre[p];
  return retained;
}

/** Retained bytes by node; 0 for nodes unreachable from the root. Nodes at or past shallowByNode.length have
 *  shallow size 0. Uint32 when the shallow sizes sum below 4 GiB, else Float64 (exact to 2^53). */
export function retainedSizes(tree: DominatorTree, shallowByNode: Float64Array | Uint32Array): RetainedColumn {
  return byNode(tree, gatherAndSum(tree, shallowByNode));
}

/**
 * Retained bytes by node and MAT's minimum retained per class in one go, sharing the preorder-space columns
 * (retained sizes and classes by preorder number) that both passes need; see minRetainedByClass.
 */
export function retainedSizesAndByClass(
  tree: DominatorTree,
  shallowByNode: Float64Array | Uint32Array,
  classByNode: Uint16Array | Uint32Array,
  classCount: number,
): { retained: RetainedColumn; retainedByClass: Float64Array } {
  const { retainedByPre, retainedByClass } = retainedInPreorderAndByClass(tree, shallowByNode, classByNode, classCount);
  return { retained: retainedByNode(tree, retainedByPre), retainedByClass };
}

/**
 * retainedSizesAndByClass in two halves, for a caller that releases scratch arrays between them: this one
 * returns the retained sizes by preorder number and pushes its scratch arrays (the class pass's) onto `spent`.
 */
export function retainedInPreorderAndByClass(
  tree: Omit<PreorderTree, 'nodeCount'>,
  shallowByNode: Float64Array | Uint32Array,
  classByNode: Uint16Array | Uint32Array,
  classCount: number,
  spent: ArrayBufferView[] = [],
): { retainedByPre: RetainedColumn; retainedByClass: Float64Array } {
  const { preorder, reachableCount } = tree;
  const retainedByPre = gatherAndSum(tree, shallowByNode);
  // 2 bytes per node when the classes and the "no class" value (classCount) fit.
  const classByPre =
    classByNode instanceof Uint16Array && classCount < 0xffff ? new Uint16Array(reachableCount) : new Uint32Array(reachableCount);
  const classed = classByNode.length;
  for (let p = 0; p < reachableCount; p++) {
    const v = preorder[p];
    classByPre[p] = v < classed ? classByNode[v] : classCount;
  }
  spent.push(classByPre);
  const retainedByClass = minRetainedByClassInPreorder(tree, retainedByPre, classByPre, classCount, spent);
  return { retainedByPre, retainedByClass };
}

/** The second half: retained sizes by node from those by preorder number. */
export function retainedByNode(tree: DominatorTree | PreorderTree, retainedByPre: RetainedColumn): RetainedColumn {
  return byNode(tree, retainedByPre);
}
