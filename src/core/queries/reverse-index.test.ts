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

  it('matches a plain counting fill across many target blocks', () => {
    let seed = 3;
    const rand = (k: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % k;
    };
    const n = 300_000;
    const succStart = new Uint32Array(n + 1);
    for (let v = 0; v < n; v++) succStart[v + 1] = succStart[v] + rand(5);
    const succ = new Uint32Array(succStart[n]);
    for (let e = 0; e < succ.length; e++) succ[e] = rand(n);
    const { predStart, pred } = buildReverseIndex({ nodeCount: n, succStart, succ } as unknown as HeapGraph);
    // Reference: count, then place each edge at its target's cursor, sources in increasing order.
    const start = new Uint32Array(n + 1);
    for (const t of succ) start[t + 1]++;
    for (let v = 0; v < n; v++) start[v + 1] += start[v];
    const cursor = start.slice(0, n);
    const expected = new Uint32Array(succ.length);
    for (let v = 0; v < n; v++) for (let e = succStart[v]; e < succStart[v + 1]; e++) expected[cursor[succ[e]]++] = v;
    expect(Array.from(predStart)).toEqual(Array.from(start));
    expect(pred).toEqual(expected);
  });
});
