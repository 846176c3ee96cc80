import { describe, expect, it } from 'vitest';
import { computeDominators } from './semi-nca.ts';
import { retainedSizes } from './retained.ts';
import { dominatorChildren } from './children.ts';
import { minRetainedByClass } from './class-retained.ts';
import { NO_NODE, type SuccessorGraph } from './types.ts';
import { parseGraph } from '../testing/graph-text.ts';
import { mulberry32, randomGraph } from './random-graph.test-util.ts';

/** Nodes reachable from the root when `removed` (if any) is taken out of the graph. */
function reachableWithout(g: SuccessorGraph, removed: number): Uint8Array {
  const seen = new Uint8Array(g.nodeCount);
  if (removed === g.root) return seen;
  const stack = [g.root];
  seen[g.root] = 1;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let e = g.succStart[v]; e < g.succStart[v + 1]; e++) {
      const t = g.succ[e];
      if (t !== removed && !seen[t]) {
        seen[t] = 1;
        stack.push(t);
      }
    }
  }
  return seen;
}

/** The definition: retained(v) = shallow of v and of every node that only v keeps reachable. */
function bruteForceRetained(g: SuccessorGraph, shallow: Float64Array): Float64Array {
  const all = reachableWithout(g, -1);
  const retained = new Float64Array(g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) {
    if (!all[v]) continue;
    const still = reachableWithout(g, v);
    for (let u = 0; u < g.nodeCount; u++) if (all[u] && !still[u]) retained[v] += shallow[u];
  }
  return retained;
}

function randomShallow(rand: () => number, n: number): Float64Array {
  const shallow = new Float64Array(n);
  for (let v = 0; v < n; v++) shallow[v] = 8 * (1 + Math.floor(rand() * 100));
  return shallow;
}

describe('retainedSizes', () => {
  it('sums shallow sizes over dominated subtrees', () => {
    const g = parseGraph(`root -> a b
      a -> c
      b -> c d
      c -> e
      d -> d`);
    const shallow = Float64Array.from([0, 10, 20, 30, 40, 50]); // root a b c d e
    const retained = retainedSizes(computeDominators(g), shallow);
    const byName = Object.fromEntries(g.names.map((n, i) => [n, retained[i]]));
    expect(byName).toEqual({ root: 150, a: 10, b: 60, c: 80, d: 40, e: 50 });
  });

  it('is 0 for unreachable nodes and accepts Uint32 shallow sizes', () => {
    const g = parseGraph('root -> a\nz -> a');
    const retained = retainedSizes(computeDominators(g), Uint32Array.from([1, 2, 4]));
    expect(Array.from(retained)).toEqual([3, 2, 0]);
  });

  it('keeps 4 bytes per node while the heap is under 4 GiB and switches to Float64 past it', () => {
    const g = parseGraph('root -> a b\na -> c');
    const small = retainedSizes(computeDominators(g), Float64Array.from([0, 2 ** 31, 2 ** 31 - 2, 1]));
    expect(small).toBeInstanceOf(Uint32Array);
    expect(Array.from(small)).toEqual([2 ** 32 - 1, 2 ** 31 + 1, 2 ** 31 - 2, 1]);
    const big = retainedSizes(computeDominators(g), Float64Array.from([0, 2 ** 31, 2 ** 31, 1]));
    expect(big).toBeInstanceOf(Float64Array);
    expect(Array.from(big)).toEqual([2 ** 32 + 1, 2 ** 31 + 1, 2 ** 31, 1]);
  });

  it('equals the brute-force definition on random graphs', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const rand = mulberry32(seed);
      const n = 5 + Math.floor(rand() * 60);
      const g = randomGraph(rand, n, Math.floor(n * (0.8 + rand() * 2)), 1 + Math.floor(rand() * 4));
      const shallow = randomShallow(rand, n);
      const fast = retainedSizes(computeDominators(g), shallow);
      expect(Array.from(fast)).toEqual(Array.from(bruteForceRetained(g, shallow)));
    }
  });
});

describe('dominatorChildren', () => {
  const g = parseGraph(`root -> a b c
    a -> d e
    b -> f
    c -> f
    z -> a`);
  const tree = computeDominators(g);
  const names = (list: Uint32Array): string[] => Array.from(list, (v) => g.names[v]);
  const childrenOf = (ch: ReturnType<typeof dominatorChildren>, name: string): string[] => {
    const v = g.indexOf(name);
    return names(ch.children.subarray(ch.childStart[v], ch.childStart[v + 1]));
  };

  it('lists each node under its idom, in ascending node order, unreachable nodes nowhere', () => {
    const ch = dominatorChildren(tree, g.nodeCount);
    expect(childrenOf(ch, 'root')).toEqual(['a', 'b', 'c', 'f']);
    expect(childrenOf(ch, 'a')).toEqual(['d', 'e']);
    expect(childrenOf(ch, 'b')).toEqual([]);
    expect(ch.children.length).toBe(tree.reachableCount - 1);
    expect(ch.childStart[g.nodeCount]).toBe(tree.reachableCount - 1);
  });

  it('sorts by a key descending, ties by node index', () => {
    const key = new Float64Array(g.nodeCount);
    key[g.indexOf('a')] = 5;
    key[g.indexOf('b')] = 7;
    key[g.indexOf('c')] = 5;
    key[g.indexOf('f')] = 9;
    const ch = dominatorChildren(tree, g.nodeCount, key);
    expect(childrenOf(ch, 'root')).toEqual(['f', 'b', 'a', 'c']);
  });

  it('sorts long lists (rank sort) the same way as a comparator sort', () => {
    const rand = mulberry32(3);
    const n = 5000;
    const big = randomGraph(rand, n, 2 * n, 3000);
    const bigTree = computeDominators(big);
    const key = new Float64Array(n);
    for (let v = 0; v < n; v++) key[v] = Math.floor(rand() * 50) * 1e9;
    const ch = dominatorChildren(bigTree, n, key);
    let checked = 0;
    for (let v = 0; v < n; v++) {
      const got = Array.from(ch.children.subarray(ch.childStart[v], ch.childStart[v + 1]));
      const want = got.slice().sort((a, b) => key[b] - key[a] || a - b);
      expect(got).toEqual(want);
      for (const c of got) expect(bigTree.idom[c]).toBe(v);
      checked += got.length;
    }
    expect(checked).toBe(bigTree.reachableCount - 1);
    expect(ch.childStart[big.root + 1] - ch.childStart[big.root]).toBeGreaterThan(INSERTION_LIMIT_FOR_TEST);
  });
});

const INSERTION_LIMIT_FOR_TEST = 32;

describe('minRetainedByClass', () => {
  /** The definition, walking idom chains. */
  function bruteForce(
    idom: Uint32Array,
    retained: Float64Array | Uint32Array,
    classByNode: Uint32Array,
    classCount: number,
    root: number,
  ): Float64Array {
    const result = new Float64Array(classCount);
    for (let v = 0; v < idom.length; v++) {
      if (idom[v] === NO_NODE || classByNode[v] >= classCount) continue;
      let hidden = false;
      for (let u = v; u !== root;) {
        u = idom[u];
        if (classByNode[u] === classByNode[v]) hidden = true;
      }
      if (!hidden) result[classByNode[v]] += retained[v];
    }
    return result;
  }

  it('counts only instances with no same-class dominator above them', () => {
    // A linked list a1 -> a2 -> a3 of class A holding b's of class B; x (class B) retains an A.
    const g = parseGraph(`root -> a1 x
      a1 -> a2 b1
      a2 -> a3 b2
      x -> a4`);
    const [root, a1, a2, a3, b1, x, b2, a4] = ['root', 'a1', 'a2', 'a3', 'b1', 'x', 'b2', 'a4'].map(g.indexOf);
    const A = 0;
    const B = 1;
    const classByNode = new Uint32Array(g.nodeCount);
    classByNode[root] = NO_NODE;
    for (const v of [a1, a2, a3, a4]) classByNode[v] = A;
    for (const v of [b1, b2, x]) classByNode[v] = B;
    const shallow = new Float64Array(g.nodeCount).fill(10);
    const tree = computeDominators(g);
    const retained = retainedSizes(tree, shallow);
    const byClass = minRetainedByClass(tree, retained, classByNode, 2);
    // A: a1 retains a1 a2 a3 b1 b2 (50) + a4 (10, under x of class B). B: b1 10 + b2 10 + x (20).
    expect(Array.from(byClass)).toEqual([60, 40]);
  });

  it('equals the definition on random graphs with random classes', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = mulberry32(1000 + seed);
      const n = 10 + Math.floor(rand() * 3000);
      const g = randomGraph(rand, n, Math.floor(n * (0.9 + rand() * 2)), 1 + Math.floor(rand() * 20));
      const classCount = 1 + Math.floor(rand() * 8);
      const classByNode = new Uint32Array(n);
      for (let v = 0; v < n; v++) classByNode[v] = Math.floor(rand() * (classCount + 1)); // some out of range
      const tree = computeDominators(g);
      const retained = retainedSizes(tree, randomShallow(rand, n));
      const got = minRetainedByClass(tree, retained, classByNode, classCount);
      expect(Array.from(got)).toEqual(Array.from(bruteForce(tree.idom, retained, classByNode, classCount, g.root)));
    }
  });

  it('handles a 200,000-deep dominator chain of one class', () => {
    const n = 200_000;
    const succStart = new Uint32Array(n + 1);
    const succ = new Uint32Array(n - 1);
    for (let v = 0; v < n; v++) succStart[v + 1] = Math.min(v + 1, n - 1);
    for (let v = 0; v + 1 < n; v++) succ[v] = v + 1;
    const g: SuccessorGraph = { nodeCount: n, root: 0, succStart, succ };
    const tree = computeDominators(g);
    const retained = retainedSizes(tree, new Float64Array(n).fill(1));
    const classByNode = new Uint32Array(n); // all class 0, the root included
    classByNode[0] = 1;
    expect(Array.from(minRetainedByClass(tree, retained, classByNode, 1))).toEqual([n - 1]);
  });
});

describe('a virtual root past the end of the per-node columns', () => {
  it('counts 0 bytes and no class for it', () => {
    // Nodes 0..2 are objects; node 3 is a virtual root the columns do not cover.
    const g = parseGraph('root -> a b\na -> b2\nb -> b2');
    const shallow = Float64Array.from([5, 7, 11]); // a b b2; nothing for the root
    const order = [g.indexOf('a'), g.indexOf('b'), g.indexOf('b2'), g.indexOf('root')];
    // Renumber so that the root is the last node.
    const remap = new Uint32Array(4);
    order.forEach((v, i) => (remap[v] = i));
    const succStart = new Uint32Array(5);
    const succ: number[] = [];
    for (let i = 0; i < 4; i++) {
      const v = order[i];
      for (let e = g.succStart[v]; e < g.succStart[v + 1]; e++) succ.push(remap[g.succ[e]]);
      succStart[i + 1] = succ.length;
    }
    const tree = computeDominators({ nodeCount: 4, root: 3, succStart, succ: Uint32Array.from(succ) });
    const retained = retainedSizes(tree, shallow);
    expect(Array.from(retained)).toEqual([5, 7, 11, 23]);
    const byClass = minRetainedByClass(tree, retained, Uint32Array.from([0, 0, 0]), 1);
    expect(Array.from(byClass)).toEqual([23]);
  });
});
