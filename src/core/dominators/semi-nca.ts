// Immediate dominators by SEMI-NCA: semidominators as in Lengauer-Tarjan (simple link-eval with path
// compression), then each idom as the nearest common ancestor of parent and semidominator in the tree built so far.
// Reference: Georgiadis, Tarjan, Werneck, "Finding Dominators in Practice", JGAA 10(1), 2006.
//
// Iterative throughout (a heap's DFS goes millions deep: 11 M on the 20 M-object bench dump) and typed arrays
// only. At 20 M nodes almost every random access misses the cache (~120-300 ns on a 2-core, 24 GB x86-64 machine
// when the next access depends on it, ~10-20 ns when independent ones overlap), so the layout is about misses:
// - the DFS keeps what it needs about a node (preorder number, predecessor count, parent) in one 12-byte slot,
//   and loads where the target's edges start alongside the slot, before it knows whether it will descend, so
//   that the two misses overlap (a 16-byte slot holding that offset too measured 0-1 s faster on the 20 M-node
//   DFS, within run-to-run noise, and is 80 MB bigger at the step's memory peak; so did a slot holding
//   the node's first successor, which saved the DFS 0.6-1.4 s and cost the predecessor step as much);
// - everything after the DFS runs in preorder space: parents, predecessor lists and semidominators are read
//   sequentially, and only the link-eval forest is accessed at random;
// - a vertex with very many predecessors (a class object: an edge from each instance) gets its semidominator
//   from one sequential sweep instead of an eval per predecessor (bulkSemi).
// Step 3, the link-eval of the semidominators, is in link-eval.ts.
// With DominatorOptions.peel, leaves with one predecessor are peeled off before the DFS (peel.ts; off by default,
// see docs/dominator-peeling.md): the DFS and the predecessor lists skip them (a bit per node), and placePeeled
// numbers the reachable ones after the DFS's vertices, each with its predecessor as idom.
// Implicit successors (SuccessorGraph.implicit: a heap's object -> class edges, not stored) come first in a
// node's successor order, as if stored at the head of its list.
// Peak: 20 bytes per node plus 4 per non-tree edge. Two buffers are reused rather than left to the collector:
// the DFS stack's holds the predecessor lists, the node slots' the preorder and the link-eval forest.
// Graphs whose 3 entries per node would pass the runtime's array limit (../limits.ts; in a tab, 1 GiB: 89 M nodes)
// keep PRE and PARENT in one array and the predecessor counts in another (the "split" layout below): up to 134 M
// nodes in a tab, at one more miss per non-tree edge.

import { LimitExceededError } from '../errors.ts';
import { arrayLimit, maxArrayLength } from '../limits.ts';
import { BULK_MIN_PREDS, PROGRESS_EVERY, semidominators } from './link-eval.ts';
import { peelLeaves, type Peeled } from './peel.ts';
import { checkSuccessorGraph, NO_NODE, type DominatorTree, type ImplicitEdges, type PreorderTree, type SuccessorGraph } from './types.ts';

// What the DFS keeps per node v (node space), in one slot of `info` (the "packed" layout, 3 entries per node,
// while 3 (nodeCount + 1) entries fit in one array) or, for bigger graphs, in two arrays (the "split" layout:
// PRE and PARENT in `info`, 2 entries per node, PRED in `counts`): 134 M nodes instead of 89 M within 1 GiB.
// - PRE (offset 0): preorder number of v (NO_NODE while unvisited);
// - PRED (packed: offset 1): count of v's non-tree predecessors; while the lists are filled, the end of v's part;
// - PARENT (offset stride - 1): preorder number of v's DFS-tree parent.
const PACKED = 3;
const SPLIT = 2;

/**
 * Computes the dominator tree of the nodes reachable from `g.root`.
 * `onProgress(done, total)` is called every ~1 M steps and at the end of each step (done = nodeCount after the
 * DFS and again after the predecessor lists, 2 x nodeCount after the semidominators); total = 3 x nodeCount.
 */
export function computeDominators(
  g: SuccessorGraph,
  onProgress?: (done: number, total: number) => void,
  options: DominatorOptions = {},
): DominatorTree {
  return finishDominatorTree(dominatorsInPreorder(g, onProgress, options));
}

/**
 * The dominator tree in preorder space, before the node-space columns are made. `preorder` is a view into
 * `holder`, a scratch buffer of 4 to 12 bytes per node; `spent` are scratch arrays nothing needs any more (the
 * predecessor lists' buffer, the semidominators). A caller that yields to the event loop between
 * dominatorsInPreorder and finishDominatorTree can hand `spent` (and afterwards `holder`) back with
 * releaseArrays, so that the node-space columns are not allocated on top of them.
 */
export interface PreorderDominators {
  nodeCount: number;
  reachableCount: number;
  /** The nodes the DFS did not reach, ascending (found while the preorder is made: no pass of its own). */
  unreached: Uint32Array;
  idomByPre: Uint32Array;
  preorder: Uint32Array;
  holder: Uint32Array;
  spent: Uint32Array[];
  /** Nodes peeled off before SEMI-NCA (peel.ts), reachable or not; 0 when peeling was off. */
  peeledCount: number;
}

/** How computeDominators runs. */
export interface DominatorOptions {
  /** The caller built the CSR itself (the graph module does): skips checking it. */
  trusted?: boolean;
  /** The largest array to allocate, in entries (default: the runtime's array limit, ../limits.ts, for Uint32:
   *  2^28 in a tab, 2^32 - 1 in Node; tests lower it). */
  maxEntries?: number;
  /** The fewest predecessors for which a vertex takes the bulk path (default 4096; tests lower it). */
  bulkMinPreds?: number;
  /** Peel the leaves with one predecessor off before SEMI-NCA (peel.ts; default false: on the heaps measured,
   *  its pass over the edges costs more than it saves, see docs/dominator-peeling.md). Graphs in the split layout
   *  (past the runtime's array limit, see the header) are never peeled. */
  peel?: boolean;
}

/** computeDominators up to the idoms in preorder space (see PreorderDominators). */
export function dominatorsInPreorder(
  g: SuccessorGraph,
  onProgress?: (done: number, total: number) => void,
  options: DominatorOptions = {},
): PreorderDominators {
  if (options.trusted !== true) checkSuccessorGraph(g);
  const maxEntries = Math.min(options.maxEntries ?? maxArrayLength(4), maxArrayLength(4));
  const nodeCount = g.nodeCount;
  if (SPLIT * (nodeCount + 1) > maxEntries) {
    throw new LimitExceededError(
      `dominators: ${nodeCount} nodes exceed the ${Math.floor(maxEntries / SPLIT) - 1} supported (${limitName(maxEntries)})`,
      undefined,
      'dominators',
    );
  }
  // One function per step, each with its own hot loop for V8 to optimise.
  const report = onProgress ?? noProgress;
  const total = 3 * nodeCount;
  const dfs = depthFirst(g, maxEntries, options.peel === true, (done) => report(done, total));
  report(nodeCount, total);
  const preds = fillPredecessors(g, dfs, maxEntries);
  report(nodeCount, total);
  const { forest, holder, unreached } = preorderAndForest(dfs, nodeCount);
  const bulkMinPreds = options.bulkMinPreds ?? BULK_MIN_PREDS;
  semidominators(dfs.reachableCount, dfs.parentByPre, dfs.predStartByPre, preds, forest, bulkMinPreds, (done) =>
    report(nodeCount + done, total),
  );
  report(2 * nodeCount, total);
  const idomByPre = nearestCommonAncestors(dfs, (done) => report(2 * nodeCount + done, total));
  report(total, total);
  const spent = [preds, dfs.predStartByPre];
  // Split layout: the forest has a buffer of its own (packed, it shares the holder's).
  if (forest.buffer !== holder.buffer) spent.push(forest);
  return {
    nodeCount,
    reachableCount: dfs.reachableCount + dfs.peeledReachable,
    unreached,
    idomByPre,
    preorder: dfs.preorder,
    holder,
    spent,
    peeledCount: dfs.peeled?.count ?? 0,
  };
}

/** The node-space columns: the preorder copied out of its scratch buffer, and the idom of every node. */
export function finishDominatorTree(d: PreorderDominators): DominatorTree {
  return withIdomByNode(preorderTree(d));
}

/** The preorder copied out of its scratch buffer (`holder` is free afterwards); no node-space column yet. */
export function preorderTree(d: PreorderDominators): PreorderTree {
  return {
    nodeCount: d.nodeCount,
    idomByPre: d.idomByPre,
    preorder: d.preorder.slice(),
    reachableCount: d.reachableCount,
    unreached: d.unreached,
  };
}

/**
 * The idom of every node (NO_NODE when unreachable). `into`, when given and of the right length, is written
 * over instead of allocating (a caller's dead Uint32 column of nodeCount entries).
 */
export function withIdomByNode(t: PreorderTree, into?: Uint32Array): DominatorTree {
  const { idomByPre, preorder, reachableCount } = t;
  const idom = into !== undefined && into.length === t.nodeCount ? into : new Uint32Array(t.nodeCount);
  if (reachableCount < t.nodeCount) idom.fill(NO_NODE);
  for (let p = 0; p < reachableCount; p++) idom[preorder[p]] = preorder[idomByPre[p]];
  return { idom, idomByPre, preorder, reachableCount };
}

function noProgress(): void {}

/** The graph's implicit-successor columns; without them, a class column that maps every node to "none". */
function implicitColumns(g: SuccessorGraph): ImplicitEdges {
  return g.implicit ?? { classOf: new Uint16Array(g.nodeCount), nodeOfClass: new Uint32Array(0) };
}

interface DepthFirst {
  /** Vertices of SEMI-NCA: the nodes the DFS visited. */
  reachableCount: number;
  /** The peeled nodes (peel.ts), null when peeling was off; of them, `peeledReachable` are reachable and take the
   *  preorder numbers after the DFS's (see placePeeled). */
  peeled: Peeled | null;
  peeledReachable: number;
  /** `stride` entries per node (PACKED or SPLIT; see PRE..PARENT above). Once the predecessor lists are built,
   *  its buffer is reused for the preorder and the link-eval forest (see preorderAndForest). */
  info: Uint32Array;
  stride: number;
  /** PRED of node v is counts[countStride * v + countOffset]: `info` itself when packed. */
  counts: Uint32Array;
  countStride: number;
  countOffset: number;
  /** The DFS stack's buffer (room for 3 entries per node), reused for the predecessor lists. */
  stack: Uint32Array;
  /** preorder number -> node (exact size); set by preorderAndForest, a view into a node-slot buffer. */
  preorder: Uint32Array;
  /** Preorder number of the DFS parent, by preorder number; becomes idomByPre in place. */
  parentByPre: Uint32Array;
  /** Start of each vertex's predecessor list, by preorder number (reachableCount + 1 entries); becomes the
   *  semidominator by preorder number as the semidominator step consumes it. */
  predStartByPre: Uint32Array;
}

/**
 * Step 1: iterative DFS. The stack holds (preorder number, next edge, end of edges) triples, room for every node
 * (up to maxEntries: a DFS deeper than maxEntries / 3 levels is refused). While scanning it also counts each
 * node's non-tree predecessors: an edge whose target is already visited and is not the root, the source itself,
 * or a child of the source through the tree (a duplicate of a tree edge).
 */
function depthFirst(g: SuccessorGraph, maxEntries: number, peel: boolean, progress: (done: number) => void): DepthFirst {
  const { nodeCount, succStart, succ, root } = g;
  const packed = PACKED * (nodeCount + 1) <= maxEntries;
  const stride = packed ? PACKED : SPLIT;
  const par = stride - 1;
  const info = new Uint32Array(stride * (nodeCount + 1));
  const parentByPre = new Uint32Array(nodeCount);
  const { classOf, nodeOfClass } = implicitColumns(g);
  const classCount = nodeOfClass.length;
  // Peeled nodes are never entered: a bit per node (an array small enough to stay in cache) says which; the
  // edges into them are skipped before their slot is read. Their PRED entries hold their predecessors.
  const peeled = peel && packed ? peelLeaves(g, classOf, nodeOfClass, info, parentByPre) : null;
  const gone = peeled !== null && peeled.count > 0 ? peeled.bits : null;
  // Until a node is entered, its PARENT entry holds its implicit successor (NO_NODE: none): entering reads it
  // from the slot it has just loaded instead of from the class column, which cost a cache miss per node (2 s
  // on the bench graph).
  if (gone === null) {
    for (let v = 0; v < nodeCount; v++) {
      const c = classOf[v];
      info[stride * v] = NO_NODE;
      info[stride * v + par] = c < classCount ? nodeOfClass[c] : NO_NODE;
      if (peeled !== null) info[stride * v + 1] = 0;
    }
  } else {
    for (let v = 0; v < nodeCount; v++) {
      const c = classOf[v];
      let k = c < classCount ? nodeOfClass[c] : NO_NODE;
      if (k !== NO_NODE && (gone[k >>> 5] & (1 << (k & 31))) !== 0) k = NO_NODE;
      info[PACKED * v] = NO_NODE;
      info[PACKED * v + 2] = k;
      if ((gone[v >>> 5] & (1 << (v & 31))) === 0) info[PACKED * v + 1] = 0;
    }
  }
  info[stride * nodeCount] = NO_NODE;
  const counts = packed ? info : new Uint32Array(nodeCount + 1);
  const cs = packed ? PACKED : 1;
  const co = packed ? 1 : 0;
  // Without peeled nodes, no bitset: the test is then a loop-invariant branch, no memory access.
  const skip = gone;
  // Room for the deepest possible DFS at once (within maxEntries): a fresh zeroed array is only address space
  // until written, so this costs what the DFS really uses (12 bytes per level), where growing by copies left each
  // outgrown stack as garbage for the collector (~80 MB more at the peak on 20 M nodes).
  const stack = new Uint32Array(Math.min(3 * (nodeCount + 1), maxEntries - (maxEntries % 3)));
  const lastFrame = stack.length - 3;
  // Implicit successors (a heap's object -> class edges) are taken on entering a node, before its stored list.
  let top = -3;
  let n = 0;
  // Enters `node` (preorder number n) from the vertex numbered `from`, then follows its implicit successor:
  // descends into it too when it is unvisited (its edge is the first of the node's), else counts the edge as
  // the stored ones are counted below. Used for the root and for every descent.
  let node = root;
  let from = 0;
  let first = succStart[root];
  for (;;) {
    const t = stride * node;
    const k = info[t + par];
    info[t] = n;
    info[t + par] = from;
    parentByPre[n] = from;
    if (top >= lastFrame)
      throw new LimitExceededError(
        `dominators: the depth-first search goes deeper than ${stack.length / 3} levels (its stack is one array, ${limitName(maxEntries)})`,
        undefined,
        'dominators',
      );
    top += 3;
    stack[top] = n;
    stack[top + 1] = first;
    stack[top + 2] = succStart[node + 1];
    const entered = n++;
    if ((n & (PROGRESS_EVERY - 1)) === 0) progress(n);
    if (k !== NO_NODE) {
      const sk = stride * k;
      const pk = info[sk];
      first = succStart[k];
      if (pk === NO_NODE) {
        node = k;
        from = entered;
        continue;
      }
      if (pk !== 0 && pk !== entered && info[sk + par] !== entered) counts[cs * k + co]++;
    }
    // The top frame is the one to scan next: pop the frames whose edges are done, descend at the first unvisited
    // target (the enter loop above then runs for it), or end when the stack is empty.
    let descended = false;
    while (top >= 0) {
      const p = stack[top];
      let e = stack[top + 1];
      const end = stack[top + 2];
      while (e < end) {
        const tn = succ[e++];
        if (skip !== null && (skip[tn >>> 5] & (1 << (tn & 31))) !== 0) continue;
        const st = stride * tn;
        const pt = info[st];
        // Read before the test: the load overlaps the slot's miss instead of following it.
        const tFirst = succStart[tn];
        if (pt === NO_NODE) {
          stack[top + 1] = e;
          node = tn;
          from = p;
          first = tFirst;
          descended = true;
          break;
        }
        if (pt !== 0 && pt !== p && info[st + par] !== p) counts[cs * tn + co]++;
      }
      if (descended) break;
      top -= 3;
    }
    if (!descended) break;
  }
  const peeledReachable = peeled !== null && peeled.count > 0 ? placePeeled(peeled, info, parentByPre, n) : 0;
  return {
    reachableCount: n,
    peeled: gone === null ? null : peeled,
    peeledReachable,
    info,
    stride,
    counts,
    countStride: cs,
    countOffset: co,
    stack,
    preorder: new Uint32Array(0),
    parentByPre,
    predStartByPre: new Uint32Array(0),
  };
}

/**
 * Step 2: the predecessor lists (sources as preorder numbers), laid out in preorder of their target, with the
 * same exclusions as the count in step 1. Filled backwards from each list's end so that no cursor array is
 * needed; scanning sources in node order reads the CSR sequentially. The lists go into the DFS stack's buffer
 * when they fit (3 entries per node: they nearly always do), so the stack's pages are not garbage beside them.
 */
function fillPredecessors(g: SuccessorGraph, dfs: DepthFirst, maxEntries: number): Uint32Array {
  const { nodeCount, succStart, succ } = g;
  const { info, stride, counts, countStride: cs, countOffset: co, reachableCount } = dfs;
  const par = stride - 1;
  // The counts by preorder number, summed into list starts; each node's PRED slot then holds its list's end.
  const predStartByPre = new Uint32Array(reachableCount + 1);
  for (let v = 0; v < nodeCount; v++) {
    const pv = info[stride * v];
    if (pv !== NO_NODE) predStartByPre[pv] = counts[cs * v + co];
  }
  let predCount = 0;
  for (let p = 0; p < reachableCount; p++) {
    const count = predStartByPre[p];
    predStartByPre[p] = predCount;
    predCount += count;
  }
  predStartByPre[reachableCount] = predCount;
  if (predCount > maxEntries) {
    throw new LimitExceededError(
      `dominators: ${predCount} non-tree edges exceed the ${maxEntries} that fit in one array (${limitName(maxEntries)})`,
      undefined,
      'dominators',
    );
  }
  for (let v = 0; v < nodeCount; v++) {
    const pv = info[stride * v];
    if (pv !== NO_NODE) counts[cs * v + co] = predStartByPre[pv + 1];
  }
  const preds = predCount <= dfs.stack.length ? dfs.stack.subarray(0, predCount) : new Uint32Array(predCount);
  dfs.stack = new Uint32Array(0);
  const { classOf, nodeOfClass } = implicitColumns(g);
  const classCount = nodeOfClass.length;
  const skip = dfs.peeled === null ? null : dfs.peeled.bits;
  for (let u = 0; u < nodeCount; u++) {
    const pu = info[stride * u];
    if (pu === NO_NODE) continue;
    const c = classOf[u];
    const k = c < classCount ? nodeOfClass[c] : NO_NODE;
    if (k !== NO_NODE && (skip === null || (skip[k >>> 5] & (1 << (k & 31))) === 0)) {
      const t = stride * k;
      const pt = info[t];
      if (pt !== 0 && pt !== pu && info[t + par] !== pu) preds[--counts[cs * k + co]] = pu;
    }
    for (let e = succStart[u], end = succStart[u + 1]; e < end; e++) {
      const tn = succ[e];
      if (skip !== null && (skip[tn >>> 5] & (1 << (tn & 31))) !== 0) continue;
      const t = stride * tn;
      const pt = info[t];
      if (pt !== 0 && pt !== pu && info[t + par] !== pu) preds[--counts[cs * tn + co]] = pu;
    }
  }
  dfs.predStartByPre = predStartByPre;
  return preds;
}

/**
 * Between steps 2 and 3: the DFS's node slots are no longer needed but for the preorder numbers, and their
 * buffers have room for what comes next, so the step allocates nothing new at its memory peak:
 * - packed (one buffer of 3 entries per node, plus 3): the preorder numbers move to its first third, the preorder
 *   (node by preorder number) is written at its end, and then the front (2 entries per vertex, which never reach
 *   the preorder: 3 x reachable <= 3 x nodes) becomes the link-eval forest;
 * - split: the preorder goes into the counts' buffer, the forest over `info` (2 entries per node).
 * Returns the forest and the buffer that holds the preorder.
 */
function preorderAndForest(dfs: DepthFirst, nodeCount: number): { forest: Uint32Array; holder: Uint32Array; unreached: Uint32Array } {
  const { info, stride, reachableCount: vertexCount } = dfs;
  // The DFS's vertices, then the reachable peeled nodes (their numbers are in their PRED entries: placePeeled).
  const reachableCount = vertexCount + dfs.peeledReachable;
  const unreached = new Uint32Array(nodeCount - reachableCount);
  let u = 0;
  if (stride === PACKED) {
    const buffer = info;
    // In place, ascending: entry v is written only after the slots of 0..v have been read.
    if (dfs.peeled === null) {
      for (let v = 0; v < nodeCount; v++) buffer[v] = buffer[PACKED * v];
    } else {
      const gone = dfs.peeled.bits;
      for (let v = 0; v < nodeCount; v++) {
        buffer[v] = (gone[v >>> 5] & (1 << (v & 31))) === 0 ? buffer[PACKED * v] : buffer[PACKED * v + 1];
      }
    }
    // The tail starts at or past nodeCount (reachableCount <= nodeCount), clear of the numbers being read.
    const preorder = buffer.subarray(buffer.length - reachableCount);
    for (let v = 0; v < nodeCount; v++) {
      const pv = buffer[v];
      if (pv !== NO_NODE) preorder[pv] = v;
      else unreached[u++] = v;
    }
    dfs.preorder = preorder;
    return { forest: buffer.subarray(0, 2 * vertexCount).fill(0), holder: buffer, unreached };
  }
  const preorder = dfs.counts.subarray(0, reachableCount);
  for (let v = 0; v < nodeCount; v++) {
    const pv = info[SPLIT * v];
    if (pv !== NO_NODE) preorder[pv] = v;
    else unreached[u++] = v;
  }
  dfs.preorder = preorder;
  return { forest: info.subarray(0, 2 * reachableCount).fill(0), holder: dfs.counts, unreached };
}

/**
 * Step 4: idom(w) = nearest common ancestor of parent(w) and semi(w) in the dominator tree of the vertices
 * before w; walking up from the parent until at or above semi(w) finds it. Runs in place over parentByPre:
 * parent(w) is read before idom(w) is written, and the walk only reads entries before w, already idoms.
 */
function nearestCommonAncestors(dfs: DepthFirst, progress: (done: number) => void): Uint32Array {
  const { reachableCount } = dfs;
  const total = reachableCount + dfs.peeledReachable;
  const semiByPre = dfs.predStartByPre;
  const idomByPre = dfs.parentByPre;
  idomByPre[0] = 0;
  for (let w = 1; w < reachableCount; w++) {
    const semi = semiByPre[w];
    let x = idomByPre[w];
    while (x > semi) x = idomByPre[x];
    idomByPre[w] = x;
    if ((w & (PROGRESS_EVERY - 1)) === 0) progress(w);
  }
  // A view unless much of the array is unused: a copy would be allocated at the step's memory peak.
  // Entries reachableCount.. hold the peeled nodes' idoms already (placePeeled).
  return total >= idomByPre.length * 0.75 ? idomByPre.subarray(0, total) : idomByPre.slice(0, total);
}

/**
 * After the DFS: numbers the reachable peeled nodes `first`, `first` + 1, ... in the reverse of the order they
 * were peeled (a node's predecessor before it) and writes their idoms, by preorder number, into parentByPre at
 * those numbers. A peeled node is reachable iff its predecessor is. Its PRED entry (its predecessor until now)
 * then holds its number, or NO_NODE when unreachable. The list of peeled nodes is parentByPre's tail, read
 * upwards from its start while the idoms are written from `first` upwards: first <= the list's start (DFS
 * vertices and peeled nodes are disjoint), so no entry is written before it is read. Returns how many were reachable.
 */
function placePeeled(peeled: Peeled, info: Uint32Array, parentByPre: Uint32Array, first: number): number {
  const gone = peeled.bits;
  let next = first;
  for (let i = parentByPre.length - peeled.count; i < parentByPre.length; i++) {
    const v = parentByPre[i];
    const p = info[PACKED * v + 1];
    // The predecessor's number: its PRE when the DFS visited it, its PRED entry when peeled (placed before v).
    const pp = (gone[p >>> 5] & (1 << (p & 31))) === 0 ? info[PACKED * p] : info[PACKED * p + 1];
    if (pp === NO_NODE) {
      info[PACKED * v + 1] = NO_NODE;
    } else {
      info[PACKED * v + 1] = next;
      parentByPre[next++] = pp;
    }
  }
  return next - first;
}

/** Names the array limit behind a cap of `entries` Uint32 entries: the runtime's, or the one a caller set. */
function limitName(entries: number): string {
  return entries >= maxArrayLength(4) ? arrayLimit().name : `${entries} entries, the limit set for this run`;
}
