// Referrers as a CSR over the graph's edges, built once on first use by counting then filling (no JS object per
// edge, as Chrome DevTools builds retainers). Each list is in increasing referrer index.

import type { HeapGraph } from '../graph/heap-graph.ts';

export interface ReverseIndex {
  /** nodeCount + 1 entries: referrers of v are pred[predStart[v] .. predStart[v+1]). */
  predStart: Uint32Array;
  pred: Uint32Array;
}

export function buildReverseIndex(graph: HeapGraph): ReverseIndex {
  const n = graph.nodeCount;
  const { succStart, succ } = graph;
  const predStart = new Uint32Array(n + 1);
  const edgeCount = succStart[n];
  for (let e = 0; e < edgeCount; e++) predStart[succ[e] + 1]++;
  for (let v = 0; v < n; v++) predStart[v + 1] += predStart[v];
  const fill = predStart.slice(0, n);
  const pred = new Uint32Array(edgeCount);
  // Sources in increasing order, so each referrer list comes out sorted.
  for (let v = 0; v < n; v++) {
    for (let e = succStart[v], end = succStart[v + 1]; e < end; e++) pred[fill[succ[e]]++] = v;
  }
  return { predStart, pred };
}
