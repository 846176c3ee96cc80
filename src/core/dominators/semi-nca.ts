// Immediate dominators by SEMI-NCA: semidominators as in Lengauer-Tarjan (simple link-eval with path
// compression), then each idom as the nearest common ancestor of parent and semidominator in the tree built so far.
// Reference: Georgiadis, Tarjan, Werneck, "Finding Dominators in Practice", JGAA 10(1), 2006.
//
// Iterative throughout (heaps have chains millions deep) and typed arrays only. At 20 M nodes every step misses
// the cache on almost every edge, so what a step needs about one node is packed into adjacent slots of one
// array (one cache line instead of three), and arrays are reused between steps: the peak is 24 bytes per node
// plus 4 bytes per non-tree edge, on top of the caller's graph.

import { checkSuccessorGraph, NO_NODE, type DominatorTree, type SuccessorGraph } from './types.ts';

/** The largest array we allocate: 1 GiB of Uint32 (older browsers refuse bigger ArrayBuffers). */
const MAX_ENTRIES = 2 ** 28;
const PROGRESS_EVERY = 1 << 20;

/**
 * Computes the dominator tree of the nodes reachable from `g.root`.
 * `onProgress(done, total)` is called every ~1 M steps and at the end of each step (done = nodeCount after the
 * DFS and again after the predecessor lists, 2 x nodeCount after the semidominators); total = 3 x nodeCount.
 */
export function computeDominators(g: SuccessorGraph, onProgress?: (done: number, total: number) => void): DominatorTree {
  checkSuccessorGraph(g);
  const nodeCount = g.nodeCount;
  if (3 * (nodeCount + 1) > MAX_ENTRIES) {
    throw new RangeError(`dominators: ${nodeCount} nodes exceed the ${Math.floor(MAX_ENTRIES / 3) - 1} supported`);
  }
  // One function per step, each with its own hot loop for V8 to optimise.
  const report = onProgress ?? noProgress;
  const total = 3 * nodeCount;
  const dfs = depthFirst(g, (done) => report(done, total));
  report(nodeCount, total);
  const predsByPre = fillPredecessors(g, dfs);
  report(nodeCount, total);
  semidominators(dfs, predsByPre, (done) => report(nodeCount + done, total));
  report(2 * nodeCount, total);
  const { idom, idomByPre } = nearestCommonAncestors(dfs, (done) => report(2 * nodeCount + done, total));
  report(total, total);
  const reachableCount = dfs.reachableCount;
  return { idom, idomByPre, preorder: dfs.preorder.subarray(0, reachableCount), reachableCount };
}

function noProgress(): void {}

// Slots of DepthFirst.nodeInfo, 3 per node v (node space), so that one cache line serves an edge's target:
/** Preorder number of v (NO_NODE when unreachable); after step 3, v's semidominator. */
const PRE = 0;
/** Count of v's non-tree predecessors; after step 2, the start of its list (lists are laid out in node order,
 *  so v's list ends where v+1's starts; entry nodeCount is the sentinel). */
const PRED = 1;
/** Preorder number of v's DFS-tree parent. */
const PARENT = 2;

interface DepthFirst {
  nodeCount: number;
  reachableCount: number;
  nodeInfo: Uint32Array;
  /** preorder number -> node. */
  preorder: Uint32Array;
  /** 2 x nodeCount scratch: the DFS stack, then the link-eval forest. */
  pairs: Uint32Array;
}

/**
 * Step 1: iterative DFS. Stack entries are (preorder number, next edge to scan) pairs. While scanning it also
 * counts each node's non-tree predecessors: an edge whose target is already visited and is not the root, the
 * source itself, or a child of the source through the tree (duplicates of a tree edge add nothing).
 */
function depthFirst(g: SuccessorGraph, progress: (done: number) => void): DepthFirst {
  const { nodeCount, succStart, succ, root } = g;
  const nodeInfo = new Uint32Array(3 * (nodeCount + 1));
  for (let v = 0; v < nodeCount; v++) nodeInfo[3 * v + PRE] = NO_NODE;
  const preorder = new Uint32Array(nodeCount);
  const stack = new Uint32Array(2 * nodeCount);
  nodeInfo[3 * root + PRE] = 0;
  nodeInfo[3 * root + PARENT] = 0;
  preorder[0] = root;
  stack[0] = 0;
  stack[1] = succStart[root];
  let depth = 1;
  let n = 1;
  while (depth > 0) {
    const top = 2 * (depth - 1);
    const p = stack[top];
    const end = succStart[preorder[p] + 1];
    let c = stack[top + 1];
    let descended = false;
    while (c < end) {
      const t = 3 * succ[c++];
      const pt = nodeInfo[t + PRE];
      if (pt === NO_NODE) {
        nodeInfo[t + PRE] = n;
        nodeInfo[t + PARENT] = p;
        preorder[n] = t / 3;
        stack[top + 1] = c;
        stack[top + 2] = n;
        stack[top + 3] = succStart[t / 3];
        depth++;
        n++;
        descended = true;
        if ((n & (PROGRESS_EVERY - 1)) === 0) progress(n);
        break;
      }
      if (pt !== 0 && pt !== p && nodeInfo[t + PARENT] !== p) nodeInfo[t + PRED]++;
    }
    if (!descended) depth--;
  }
  return { nodeCount, reachableCount: n, nodeInfo, preorder, pairs: stack };
}

/**
 * Step 2: the predecessor lists (sources as preorder numbers), with the same exclusions as the count in step 1,
 * filled backwards so that the counts turn into start offsets with no cursor array. Scanning sources in node
 * order reads the CSR sequentially.
 */
function fillPredecessors(g: SuccessorGraph, dfs: DepthFirst): Uint32Array {
  const { nodeCount, succStart, succ } = g;
  const { nodeInfo } = dfs;
  let predCount = 0;
  for (let v = 0; v < nodeCount; v++) {
    predCount += nodeInfo[3 * v + PRED];
    nodeInfo[3 * v + PRED] = predCount;
  }
  nodeInfo[3 * nodeCount + PRED] = predCount;
  if (predCount > MAX_ENTRIES) {
    throw new RangeError(`dominators: ${predCount} non-tree edges exceed the ${MAX_ENTRIES} that fit in one 1 GiB array`);
  }
  const predsByPre = new Uint32Array(predCount);
  for (let u = 0; u < nodeCount; u++) {
    const pu = nodeInfo[3 * u + PRE];
    if (pu === NO_NODE) continue;
    for (let e = succStart[u], end = succStart[u + 1]; e < end; e++) {
      const t = 3 * succ[e];
      const pt = nodeInfo[t + PRE];
      if (pt !== 0 && pt !== pu && nodeInfo[t + PARENT] !== pu) predsByPre[--nodeInfo[t + PRED]] = pu;
    }
  }
  return predsByPre;
}

/**
 * Step 3: semidominators in reverse preorder, by link-eval with path compression. The forest lives in `pairs`:
 * (ancestor, label) per preorder number, where ancestor is the vertex's link (set when it is processed) and
 * label the least semidominator on its compressed path. semi(w) is stored in the PRE slot of w's node.
 */
function semidominators(dfs: DepthFirst, predsByPre: Uint32Array, progress: (done: number) => void): void {
  const { nodeInfo, preorder, reachableCount } = dfs;
  const forest = dfs.pairs;
  for (let w = reachableCount - 1; w >= 1; w--) {
    const t = 3 * preorder[w];
    const parent = nodeInfo[t + PARENT];
    let semi = parent;
    for (let k = nodeInfo[t + PRED], end = nodeInfo[t + 3 + PRED]; k < end; k++) {
      const v = predsByPre[k];
      let candidate: number;
      if (v < w) candidate = v;
      else if (forest[2 * v] <= w) candidate = forest[2 * v + 1];
      else candidate = compress(forest, v, w);
      if (candidate < semi) semi = candidate;
    }
    nodeInfo[t + PRE] = semi;
    forest[2 * w] = parent;
    forest[2 * w + 1] = semi;
    if ((w & (PROGRESS_EVERY - 1)) === 0) progress(reachableCount - w);
  }
}

/**
 * Path compression without a stack: walk up from v reversing the ancestor links until the last vertex above w,
 * then walk back down folding the least label into each vertex and linking it to the forest root. Returns the
 * least label on v's path (its eval).
 */
function compress(forest: Uint32Array, v: number, w: number): number {
  let prev = NO_NODE;
  let x = v;
  while (forest[2 * x] > w) {
    const up = forest[2 * x];
    forest[2 * x] = prev;
    prev = x;
    x = up;
  }
  const forestRoot = forest[2 * x];
  let least = forest[2 * x + 1];
  while (prev !== NO_NODE) {
    const down = forest[2 * prev];
    const label = forest[2 * prev + 1];
    if (label < least) least = label;
    else forest[2 * prev + 1] = least;
    forest[2 * prev] = forestRoot;
    prev = down;
  }
  return least;
}

/**
 * Step 4: idom(w) = nearest common ancestor of parent(w) and semi(w) in the dominator tree of the vertices
 * before w; walking up from the parent until at or above semi(w) finds it. Then back to node space.
 * idomByPre gets its own exact-size array (rather than a view of the dead forest) so that the forest's
 * 8 bytes per node can be collected once the tree is returned.
 */
function nearestCommonAncestors(dfs: DepthFirst, progress: (done: number) => void): { idom: Uint32Array; idomByPre: Uint32Array } {
  const { nodeCount, nodeInfo, preorder, reachableCount } = dfs;
  const idomByPre = new Uint32Array(reachableCount);
  idomByPre[0] = 0;
  for (let w = 1; w < reachableCount; w++) {
    const t = 3 * preorder[w];
    const semi = nodeInfo[t + PRE];
    let x = nodeInfo[t + PARENT];
    while (x > semi) x = idomByPre[x];
    idomByPre[w] = x;
    if ((w & (PROGRESS_EVERY - 1)) === 0) progress(w);
  }
  const idom = new Uint32Array(nodeCount).fill(NO_NODE);
  for (let p = 0; p < reachableCount; p++) idom[preorder[p]] = preorder[idomByPre[p]];
  return { idom, idomByPre };
}
