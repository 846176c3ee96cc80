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
  const edgeCount = succStart[n];
  // Counts, then inclusive prefix sums: predStart[t] = end of t's list. Filling decrements it to the list's
  // start, so no second n-sized cursor array is needed.
  const predStart = new Uint32Array(n + 1);
  for (let e = 0; e < edgeCount; e++) predStart[succ[e]]++;
  for (let v = 1; v < n; v++) predStart[v] += predStart[v - 1];
  predStart[n] = edgeCount;
  const pred = new Uint32Array(edgeCount);
  // Sources in decreasing order, so each list comes out increasing.
  for (let v = n - 1; v >= 0; v--) {
    for (let e = succStart[v + 1]; e > succStart[v]; ) pred[--predStart[succ[--e]]] = v;
  }
  return { predStart, pred };
}
