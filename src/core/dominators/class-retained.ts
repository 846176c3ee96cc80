// MAT's "minimum retained size" per class: the sum of the retained sizes of the class's instances that have no
// dominator-tree ancestor of the same class (the others are already inside an ancestor's retained size).
// No traversal of the dominator tree (a DFS there chains dependent cache misses): two sweeps in flow-graph
// preorder give every node its interval in a preorder of the dominator tree (subtree sizes, then positions),
// and one sweep in that order keeps, per class, the end of the last counted instance's subtree.

import type { DominatorTree, PreorderTree } from './types.ts';

/**
 * Minimum retained bytes by class index. Nodes whose class is outside 0..classCount-1 (e.g. a virtual root
 * given class 0xFFFFFFFF, or left out of a shorter classByNode) are neither counted nor hide anything below them.
 */
export function minRetainedByClass(
  tree: DominatorTree,
  retainedByNode: Float64Array | Uint32Array,
  classByNode: Uint16Array | Uint32Array,
  classCount: number,
): Float64Array {
  const { preorder, reachableCount: n } = tree;
  // Gathered into preorder space first: the passes below then read one random slot per node, never a chain.
  const retainedByPre = new Float64Array(n);
  const classByPre = new Uint32Array(n);
  const classed = classByNode.length;
  for (let p = 0; p < n; p++) {
    const v = preorder[p];
    retainedByPre[p] = retainedByNode[v];
    classByPre[p] = v < classed ? classByNode[v] : classCount;
  }
  return minRetainedByClassInPreorder(tree, retainedByPre, classByPre, classCount);
}

/** minRetainedByClass with the retained sizes and classes already by preorder number (class >= classCount:
 *  not counted). Its two scratch arrays are pushed onto `spent`. */
export function minRetainedByClassInPreorder(
  tree: Omit<PreorderTree, 'nodeCount'>,
  retainedByPre: Float64Array | Uint32Array,
  classByPre: Uint16Array | Uint32Array,
  classCount: number,
  spent: ArrayBufferView[] = [],
): Float64Array {
  const { idomByPre, reachableCount: n } = tree;
  // Subtree sizes in the dominator tree (by flow-graph preorder number), then each node's position in a
  // dominator-tree preorder: a node's subtree occupies [position, position + size). The size slot of a node is
  // reused as its "next free position for a child" once it has been placed, and ends as its subtree's end.
  const endByPre = new Uint32Array(n).fill(1);
  for (let p = n - 1; p >= 1; p--) endByPre[idomByPre[p]] += endByPre[p];
  const preByDomOrder = new Uint32Array(n);
  spent.push(endByPre, preByDomOrder);
  preByDomOrder[0] = 0;
  endByPre[0] = 1;
  for (let p = 1; p < n; p++) {
    const d = idomByPre[p];
    const position = endByPre[d];
    endByPre[d] = position + endByPre[p];
    endByPre[p] = position + 1;
    preByDomOrder[position] = p;
  }
  // endByPre[p] is now the end of p's subtree. In dominator-tree preorder, an instance lies under an earlier
  // instance of its class iff it lies under the last counted one (subtrees nest or are disjoint).
  const retainedByClass = new Float64Array(classCount);
  const countedEndByClass = new Uint32Array(classCount);
  for (let position = 0; position < n; position++) {
    const p = preByDomOrder[position];
    const c = classByPre[p];
    if (c >= classCount || position < countedEndByClass[c]) continue;
    retainedByClass[c] += retainedByPre[p];
    countedEndByClass[c] = endByPre[p];
  }
  return retainedByClass;
}
