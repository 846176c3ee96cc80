// Shared shapes of the dominator module: the successor graph it reads and the tree it produces.
// Everything is typed arrays in node space (0..nodeCount-1) unless a name says "preorder".

/** Marks "no node": the idom of an unreachable node, or an absent link. */
export const NO_NODE = 0xffffffff;

/** A flow graph as CSR: the successors of node v are succ[succStart[v] .. succStart[v+1]), after its implicit
 *  successor when the graph has one (see ImplicitEdges). */
export interface SuccessorGraph {
  nodeCount: number;
  root: number;
  /** nodeCount + 1 entries. */
  succStart: Uint32Array;
  succ: Uint32Array;
  implicit?: ImplicitEdges;
}

/**
 * One successor per node that is not stored in `succ`: the heap graph's edge from every object to its class
 * (4 bytes per object, a quarter of the edges, that the CSR does not hold). Node v's implicit successor is
 * nodeOfClass[classOf[v]]: none when classOf[v] >= nodeOfClass.length or the entry is NO_NODE. It comes first
 * in v's successor order.
 */
export interface ImplicitEdges {
  classOf: Uint16Array | Uint32Array;
  nodeOfClass: Uint32Array;
}

/** v's implicit successor, or NO_NODE. */
export function implicitSuccessor(implicit: ImplicitEdges, v: number): number {
  const c = implicit.classOf[v];
  return c < implicit.nodeOfClass.length ? implicit.nodeOfClass[c] : NO_NODE;
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
  /** The flow graph's nodes that no path from the root reaches, ascending (nodeCount - reachableCount), when
   *  the dominator pass listed them. */
  unreached?: Uint32Array;
};

/** The same graph with every implicit successor stored in `succ` (first in its node's list); for simple
 *  algorithms such as the test oracle. */
export function materializeImplicit(g: SuccessorGraph): SuccessorGraph {
  if (g.implicit === undefined) return g;
  const { nodeCount: n, succStart, succ, implicit } = g;
  const start = new Uint32Array(n + 1);
  const out: number[] = [];
  for (let v = 0; v < n; v++) {
    start[v] = out.length;
    const k = implicitSuccessor(implicit, v);
    if (k !== NO_NODE) out.push(k);
    for (let e = succStart[v]; e < succStart[v + 1]; e++) out.push(succ[e]);
  }
  start[n] = out.length;
  return { nodeCount: n, root: g.root, succStart: start, succ: Uint32Array.from(out) };
}

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
  if (g.implicit === undefined) return;
  const { classOf, nodeOfClass } = g.implicit;
  if (classOf.length < n) throw new RangeError(`dominators: classOf has ${classOf.length} entries, expected at least ${n}`);
  for (let c = 0; c < nodeOfClass.length; c++) {
    const t = nodeOfClass[c];
    if (t !== NO_NODE && t >= n) throw new RangeError(`dominators: class ${c}'s node ${t} is outside 0..${n - 1}`);
  }
}
