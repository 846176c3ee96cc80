import { describe, expect, it } from 'vitest';
import type { HeapGraph } from '../graph/heap-graph.ts';
import { buildReverseIndex } from './reverse-index.ts';

function graphOf(lists: number[][]): HeapGraph {
  const succStart = new Uint32Array(lists.length + 1);
  lists.forEach((l, v) => (succStart[v + 1] = succStart[v] + l.length));
  return { nodeCount: lists.length, succStart, succ: Uint32Array.from(lists.flat()) } as unknown as HeapGraph;
}

describe('buildReverseIndex', () => {
  it('lists the referrers of each node in increasing order', () => {
    const lists = [[1, 2], [2], [], [0, 2, 3], [1]];
    const { predStart, pred } = buildReverseIndex(graphOf(lists));
    const referrers = (t: number) => Array.from(pred.subarray(predStart[t], predStart[t + 1]));
    expect([0, 1, 2, 3, 4].map(referrers)).toEqual([[3], [0, 4], [0, 1, 3], [3], []]);
    expect(predStart[5]).toBe(7);
  });

  it('matches a naive reverse on a random graph', () => {
    let seed = 1;
    const rand = (k: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % k;
    };
    const n = 500;
    const lists = Array.from({ length: n }, () => Array.from({ length: rand(6) }, () => rand(n)));
    const { predStart, pred } = buildReverseIndex(graphOf(lists));
    for (let t = 0; t < n; t++) {
      const naive: number[] = [];
      lists.forEach((l, v) => l.forEach((x) => x === t && naive.push(v)));
      expect(Array.from(pred.subarray(predStart[t], predStart[t + 1]))).toEqual(naive);
    }
  });
});
