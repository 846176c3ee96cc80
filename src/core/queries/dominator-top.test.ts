// dominatorTop (what a share snapshot keeps of the dominator tree) against a brute force made here from the idom
// column alone: every node within the depth, sorted by retained size. On a real-JVM fixture and corpus dumps.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { DOMINATOR_TOP_MAX_NODES } from './dominator-tree.ts';

const NO_NODE = 0xffffffff;
const FIXTURE = fileURLToPath(new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url));

/** Each node's level in the dominator tree (1: a top-level dominator). */
function levels(a: HeapAnalysis): Uint32Array {
  const idom = a.graph.idomByIndex;
  const n = a.graph.nodeCount;
  const level = new Uint32Array(n);
  for (let v = 0; v < n; v++) {
    if (level[v] !== 0) continue;
    const chain: number[] = [];
    let u = v;
    while (u !== NO_NODE && level[u] === 0) {
      chain.push(u);
      u = idom[u];
    }
    let l = u === NO_NODE ? 0 : level[u];
    for (let i = chain.length - 1; i >= 0; i--) level[chain[i]] = ++l;
  }
  return level;
}

function check(a: HeapAnalysis, depth: number, maxNodes: number): void {
  const level = levels(a);
  const idom = a.graph.idomByIndex;
  const retained = a.graph.retainedByIndex;
  const within: number[] = [];
  for (let v = 0; v < a.graph.nodeCount; v++) if (level[v] <= depth) within.push(v);
  const top = a.dominatorTop(depth, maxNodes);
  const k = Math.min(maxNodes, DOMINATOR_TOP_MAX_NODES, within.length);
  expect(top.nodes.length).toBe(k);
  expect(top.topLevel).toBe(within.filter((v) => level[v] === 1).length);
  // The k largest within the depth: none left out retains more than the smallest taken.
  const taken = new Set(top.nodes.map((n) => n.index));
  const smallest = Math.min(...top.nodes.map((n) => n.retainedBytes));
  let largestLeft = -1;
  for (const v of within) if (!taken.has(v)) largestLeft = Math.max(largestLeft, retained[v]);
  expect(largestLeft).toBeLessThanOrEqual(smallest);
  // Parents come first, each node's parent is its immediate dominator, and rows are largest first.
  const seen = new Set<number>([-1]);
  let previous = Infinity;
  for (const n of top.nodes) {
    expect(n.parent).toBe(idom[n.index] === NO_NODE ? -1 : idom[n.index]);
    expect(seen.has(n.parent)).toBe(true);
    expect(n.retainedBytes).toBe(retained[n.index]);
    expect(n.retainedBytes).toBeLessThanOrEqual(previous);
    previous = n.retainedBytes;
    seen.add(n.index);
  }
}

describe('dominatorTop', () => {
  it('takes the largest nodes within the depth on a real-JVM dump', async () => {
    const a = await analyzeFile(FIXTURE);
    for (const [depth, maxNodes] of [
      [1, 10],
      [2, 50],
      [4, 300],
      [6, 5000],
      [50, 30000],
    ])
      check(a, depth, maxNodes);
    expect(a.dominatorTop(3, 0).nodes).toEqual([]);
  });

  for (const dump of ['basics.hprof.gz', 'references.hprof.gz']) {
    it.skipIf(!haveCorpus(dump))(`on corpus ${dump}`, async () => {
      const a = await analyzeFile(corpusFile(dump));
      for (const [depth, maxNodes] of [
        [1, 300],
        [4, 300],
        [8, 3000],
      ])
        check(a, depth, maxNodes);
    });
  }
});
