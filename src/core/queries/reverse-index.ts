// Referrers as a CSR over the graph's edges, built once on first use (no JS object per edge). Counting then
// filling directly scatters every edge to a random place in a large array: on 20 M objects / 60 M edges that fill
// took about a minute here (a cache and TLB miss per edge). So edges are first partitioned by target block
// (sequential write streams), then each block is filled inside a window that fits in cache.

import type { HeapGraph } from '../graph/heap-graph.ts';

export interface ReverseIndex {
  /** nodeCount + 1 entries: referrers of v are pred[predStart[v] .. predStart[v+1]). Each list is increasing. */
  predStart: Uint32Array;
  pred: Uint32Array;
}

/** Targets per block: 2^16 targets keep a block's cursors (256 KiB) and its edges mostly in cache. */
const BLOCK_SHIFT = 16;

export function buildReverseIndex(graph: HeapGraph): ReverseIndex {
  const n = graph.nodeCount;
  const { succStart, succ } = graph;
  const edgeCount = succStart[n];
  const predStart = new Uint32Array(n + 1);
  const pred = new Uint32Array(edgeCount);
  if (n === 0 || edgeCount === 0) return { predStart, pred };

  // Edges per target block, then each block's range (blocks are in target order, so a block's range is also
  // where its targets' referrer lists end up).
  const blocks = ((n - 1) >>> BLOCK_SHIFT) + 1;
  const blockCursor = new Float64Array(blocks + 1);
  for (let e = 0; e < edgeCount; e++) blockCursor[(succ[e] >>> BLOCK_SHIFT) + 1]++;
  for (let b = 0; b < blocks; b++) blockCursor[b + 1] += blockCursor[b];
  const blockStart = blockCursor.slice();

  // Pass 1: every edge to its block's range, sources in increasing order, targets alongside.
  const targets = new Uint32Array(edgeCount);
  for (let v = 0; v < n; v++) {
    for (let e = succStart[v], end = succStart[v + 1]; e < end; e++) {
      const t = succ[e];
      const p = blockCursor[t >>> BLOCK_SHIFT]++;
      pred[p] = v;
      targets[p] = t;
    }
  }

  // Pass 2, per block: count by target, prefix sums into predStart, then a stable placement.
  let scratch = new Uint32Array(1024);
  const cursor = new Uint32Array(1 << BLOCK_SHIFT);
  for (let b = 0; b < blocks; b++) {
    const first = b << BLOCK_SHIFT;
    const last = Math.min(n, first + (1 << BLOCK_SHIFT));
    const lo = blockStart[b];
    const hi = blockStart[b + 1];
    const size = hi - lo;
    cursor.fill(0);
    for (let i = lo; i < hi; i++) cursor[targets[i] - first]++;
    let at = lo;
    for (let t = first; t < last; t++) {
      const count = cursor[t - first];
      predStart[t] = at;
      cursor[t - first] = at;
      at += count;
    }
    if (size === 0) continue;
    if (scratch.length < size) scratch = new Uint32Array(Math.max(size, scratch.length * 2));
    scratch.set(pred.subarray(lo, hi));
    for (let i = 0; i < size; i++) pred[cursor[targets[lo + i] - first]++] = scratch[i];
  }
  predStart[n] = edgeCount;
  return { predStart, pred };
}
