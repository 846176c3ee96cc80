// Seeded random flow graphs for the dominator tests (test-only helper).

import type { SuccessorGraph } from './types.ts';

/** Small, fast, seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Node 0 is the root with `rootEdges` edges; `edgeCount` more edges join uniform random nodes (self-loops and
 *  duplicates included, some nodes unreachable). Built straight into typed arrays so that tests can use millions. */
export function randomGraph(rand: () => number, nodes: number, edgeCount: number, rootEdges: number): SuccessorGraph {
  const total = rootEdges + edgeCount;
  const from = new Uint32Array(total);
  const to = new Uint32Array(total);
  for (let i = 0; i < total; i++) {
    from[i] = i < rootEdges ? 0 : Math.floor(rand() * nodes);
    to[i] = Math.floor(rand() * nodes);
  }
  const succStart = new Uint32Array(nodes + 1);
  for (let i = 0; i < total; i++) succStart[from[i] + 1]++;
  for (let v = 0; v < nodes; v++) succStart[v + 1] += succStart[v];
  const fill = succStart.slice(0, nodes);
  const succ = new Uint32Array(total);
  for (let i = 0; i < total; i++) succ[fill[from[i]]++] = to[i];
  return { nodeCount: nodes, root: 0, succStart, succ };
}
