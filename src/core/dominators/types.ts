// Shared shapes of the dominator module: the successor graph it reads and the tree it produces.
// Everything is typed arrays in node space (0..nodeCount-1) unless a name says "preorder".

/** Marks "no node": the idom of an unreachable node, or an absent link. */
export const NO_NODE = 0xffffffff;

/** A flow graph as CSR: the successors of node v are succ[succStart[v] .. succStart[v+1]). */
export interface SuccessorGraph {
  nodeCount: number;
  root: number;
  /** nodeCount + 1 entries. */
  succStart: Uint32Array;
  succ: Uint32Array;
}

export interface DominatorTree {
  /** Immediate dominator by node; idom[root] = root; NO_NODE for nodes unreachable from the root. */
  idom: Uint32Array;
  /** Reachable nodes in DFS preorder of the flow graph (preorder[0] = root). Every node comes after its
   *  immediate dominator, which is what the one-sweep retained-size pass relies on. */
  preorder: Uint32Array;
  reachableCount: number;
  /** idomByPre[p] = preorder number of the idom of preorder[p] (idomByPre[0] = 0). The follow-up sweeps
   *  (retained sizes, per-class retained) run in preorder space with it: sequential reads instead of chains of
   *  dependent cache misses, which cost ~0.3-0.9 us each on a 20 M-node graph. */
  idomByPre: Uint32Array;
}

/** A dominator tree in preorder space only, before its node-space idom column is made (the pipeline carries
 *  this until its last step, so that the column is not resident under the steps before). */
export type PreorderTree = Omit<DominatorTree, 'idom'> & {
  /** Length of the idom column to make (nodes of the flow graph). */
  nodeCount: number;
};

/** Rejects a malformed CSR before any algorithm indexes past its arrays. */
export function checkSuccessorGraph(g: SuccessorGraph): void {
  const n = g.nodeCount;
  if (!Number.isInteger(n) || n < 1 || n >= NO_NODE) throw new RangeError(`dominators: bad nodeCount ${n}`);
  if (!Number.isInteger(g.root) || g.root < 0 || g.root >= n) {
    throw new RangeError(`dominators: root ${g.root} outside 0..${n - 1}`);
  }
  if (g.succStart.length !== n + 1) {
    throw new RangeError(`dominators: succStart has ${g.succStart.length} entries, expected nodeCount + 1 = ${n + 1}`);
  }
  if (g.succStart[n] > g.succ.length) {
    throw new RangeError(`dominators: succStart[nodeCount] = ${g.succStart[n]} but succ has ${g.succ.length} entries`);
  }
  // Two sequential passes (well under a second at 75 M edges) so that a bad index fails here, clearly, rather
  // than being read as "undefined" deep inside an algorithm.
  const { succStart, succ } = g;
  for (let v = 0; v < n; v++) {
    if (succStart[v] > succStart[v + 1]) throw new RangeError(`dominators: succStart decreases at node ${v}`);
  }
  for (let e = 0, end = succStart[n]; e < end; e++) {
    if (succ[e] >= n) throw new RangeError(`dominators: edge ${e} points at node ${succ[e]}, outside 0..${n - 1}`);
  }
}
