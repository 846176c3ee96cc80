import { describe, expect, it } from 'vitest';
import type { HeapGraph } from '../graph/heap-graph.ts';
import { classOrdinal } from '../graph/heap-graph.ts';
import { buildReverseIndex, referrerCount, referrerLists, referrerRange } from './reverse-index.ts';

/** Stored edges only: no node has a class (no implicit edges). */
function graphOf(lists: number[][]): HeapGraph {
  return graphWithClasses(lists, new Array<number>(lists.length).fill(0), []);
}

/** `classOf[v]` is v's class; `classNodes[c]` the node of class c (class objects get classOrdinal(c)). */
function graphWithClasses(lists: number[][], classOf: number[], classNodes: number[]): HeapGraph {
  const n = lists.length;
  const succStart = new Uint32Array(n + 1);
  lists.forEach((l, v) => (succStart[v + 1] = succStart[v] + l.length));
  const ordinalByIndex = Int32Array.from({ length: n }, (_, v) => v);
  classNodes.forEach((v, c) => (ordinalByIndex[v] = classOrdinal(c)));
  return {
    nodeCount: n,
    succStart,
    succ: Uint32Array.from(lists.flat()),
    classByIndex: Uint16Array.from([...classOf, 0xffff]),
    indexByClass: Uint32Array.from(classNodes),
    ordinalByIndex,
  } as unknown as HeapGraph;
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
    const { predStart, pred } = buildReverseIndex({
      nodeCount: n,
      succStart,
      succ,
      classByIndex: new Uint16Array(n + 1),
      indexByClass: new Uint32Array(0),
      ordinalByIndex: new Int32Array(n),
    } as unknown as HeapGraph);
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

  it("merges a class object's stored referrers with its class's nodes (the implicit edges), in order", () => {
    // Classes 0 and 1 have their objects at nodes 0 and 1 (both of class 0, as java.lang.Class would be); nodes
    // 2..6 are instances: 2, 4, 5 of class 1, 3 and 6 of class 0. Node 4 also holds class 1's object in a field
    // (only the implicit edge counts: the builder never stores both) and node 6 holds node 1 in a field.
    const lists = [[], [], [1], [], [], [], [1]];
    const g = graphWithClasses(lists, [0, 0, 1, 0, 1, 1, 0], [0, 1]);
    const reverse = buildReverseIndex(g);
    const merged = (v: number) => Array.from(referrerRange(g, reverse, v, 0, 100));
    expect(merged(1)).toEqual([2, 4, 5, 6]);
    expect(referrerCount(g, reverse, 1)).toBe(4);
    expect(merged(0)).toEqual([0, 1, 3, 6]);
    expect(Array.from(referrerRange(g, reverse, 1, 1, 3))).toEqual([4, 5]);
    expect(Array.from(referrerRange(g, reverse, 1, 3, 10))).toEqual([6]);
    // An instance's referrers are its stored list alone.
    expect(referrerLists(g, reverse, 2).implicit.length).toBe(0);
    expect(merged(3)).toEqual([]);
  });
});
