// A seeded random flow graph shaped like the benchmark heap (a route planner: nodes with a few references to
// random nodes, every object referencing its class), built straight into CSR typed arrays. No dump needed.

import type { SuccessorGraph } from '../src/core/dominators/index.ts';

export interface SyntheticGraph extends SuccessorGraph {
  /** Class of each node (0 for the root and the class nodes themselves). */
  classByNode: Uint32Array;
  classCount: number;
  shallowByNode: Uint32Array;
}

/**
 * Node 0 is the virtual root; nodes 1..classCount are "class objects" (root -> each); `rootCount` random nodes
 * are GC roots. Every other node references one class and 0..(2 x meanRefs) random nodes, so that the total
 * edge count is about `edgeCount`.
 */
export function syntheticGraph(nodeCount: number, edgeCount: number, seed = 1, classCount = 2000, rootCount = 1000): SyntheticGraph {
  if (edgeCount > 0xffffffff) throw new RangeError(`synthetic graph: ${edgeCount} edges exceed 2^32 - 1`);
  const meanRefs = Math.max(0, (edgeCount - classCount - rootCount) / (nodeCount - 1 - classCount) - 1);
  // Uniform over 0..2 x mean: floor(u x (2 x mean + 1)) has the wanted mean.
  const refChoices = 2 * meanRefs + 1;
  let state = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: fast and good enough to scatter edges.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const below = (n: number): number => Math.floor((next() / 4294967296) * n);

  const succStart = new Uint32Array(nodeCount + 1);
  const refsByNode = new Uint8Array(nodeCount);
  let total = classCount + rootCount;
  for (let v = 1 + classCount; v < nodeCount; v++) {
    const refs = below(refChoices);
    refsByNode[v] = refs;
    total += 1 + refs;
  }
  if (total > 0xffffffff) throw new RangeError(`synthetic graph: ${total} edges exceed 2^32 - 1`);
  const succ = new Uint32Array(total);
  const classByNode = new Uint32Array(nodeCount);
  const shallowByNode = new Uint32Array(nodeCount);
  let e = 0;
  for (let c = 1; c <= classCount; c++) succ[e++] = c;
  for (let r = 0; r < rootCount; r++) succ[e++] = 1 + classCount + below(nodeCount - 1 - classCount);
  succStart[1] = e;
  for (let v = 1; v < nodeCount; v++) {
    if (v > classCount) {
      const cls = 1 + below(classCount);
      classByNode[v] = cls;
      shallowByNode[v] = 16 + 8 * (cls % 7);
      succ[e++] = cls;
      for (let k = refsByNode[v]; k > 0; k--) succ[e++] = 1 + classCount + below(nodeCount - 1 - classCount);
    }
    succStart[v + 1] = e;
  }
  return { nodeCount, root: 0, succStart, succ, classByNode, classCount: classCount + 1, shallowByNode };
}
