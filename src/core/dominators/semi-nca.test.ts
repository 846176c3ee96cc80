import { describe, expect, it } from 'vitest';
import { computeDominators, dominatorsInPreorder, finishDominatorTree } from './semi-nca.ts';
import { dominatorsCHK } from './cooper-harvey-kennedy.ts';
import { materializeImplicit, NO_NODE, type SuccessorGraph } from './types.ts';
import { formatIdoms, fromEdgeList, parseGraph } from '../testing/graph-text.ts';
import { mulberry32, randomGraph } from './random-graph.test-util.ts';

function both(text: string): { semiNca: string; chk: string } {
  const g = parseGraph(text);
  const tree = computeDominators(g);
  const chk = dominatorsCHK(g);
  // Peeled (peel.ts), the same idoms.
  expect(computeDominators(g, undefined, { peel: true }).idom).toEqual(tree.idom);
  return {
    semiNca: formatIdoms(tree, g.names),
    chk: formatIdoms({ ...tree, idom: chk }, g.names),
  };
}

function expectIdoms(text: string, expected: string): void {
  const { semiNca, chk } = both(text);
  const want = expected
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .sort()
    .join('\n');
  expect(semiNca).toBe(want);
  expect(chk).toBe(want);
}

describe('computeDominators on hand-checked graphs', () => {
  it('diamond: the join is dominated by the fork', () => {
    expectIdoms(
      `root -> a
       a -> b c
       b -> d
       c -> d
       d -> e`,
      `a <- root
       b <- a
       c <- a
       d <- a
       e <- d`,
    );
  });

  it('two roots reaching one object: it belongs to the virtual root', () => {
    expectIdoms(
      `root -> g1 g2
       g1 -> x
       g2 -> x
       x -> y`,
      `g1 <- root
       g2 <- root
       x <- root
       y <- x`,
    );
  });

  it('loops and back edges', () => {
    expectIdoms(
      `root -> a
       a -> b
       b -> c
       c -> a d
       d -> b e`,
      `a <- root
       b <- a
       c <- b
       d <- c
       e <- d`,
    );
  });

  it('irreducible loop: two entries into a cycle', () => {
    expectIdoms(
      `root -> a b
       a -> c
       b -> d
       c -> d
       d -> c`,
      `a <- root
       b <- root
       c <- root
       d <- root`,
    );
  });

  it('self-loops, duplicate edges and edges back to the root change nothing', () => {
    expectIdoms(
      `root -> a a
       a -> a b b root
       b -> b c
       c -> root a`,
      `a <- root
       b <- a
       c <- b`,
    );
  });

  it('unreachable nodes get NO_NODE and do not affect the reachable ones', () => {
    const text = `root -> a
       a -> b
       u -> b a
       v -> u
       w`;
    expectIdoms(text, `a <- root\nb <- a\nu unreachable\nv unreachable\nw unreachable`);
    const g = parseGraph(text);
    const tree = computeDominators(g);
    expect(tree.reachableCount).toBe(3);
    expect(tree.idom[g.indexOf('u')]).toBe(NO_NODE);
    expect(tree.idom[g.root]).toBe(g.root);
    expect(tree.preorder[0]).toBe(g.root);
  });

  it('the graph from Lengauer and Tarjan (1979), figure 1', () => {
    expectIdoms(
      `root -> A B C
       A -> D
       B -> A D E
       C -> F G
       D -> L
       E -> H
       F -> I
       G -> I J
       H -> E K
       I -> K
       J -> I
       K -> I root
       L -> H`,
      `A <- root
       B <- root
       C <- root
       D <- root
       E <- root
       F <- C
       G <- C
       H <- root
       I <- root
       J <- G
       K <- root
       L <- D`,
    );
  });

  it('a root alone', () => {
    const g = parseGraph('root');
    const tree = computeDominators(g);
    expect(tree.reachableCount).toBe(1);
    expect(Array.from(tree.idom)).toEqual([0]);
  });

  it('preorder lists every reachable node once, each after its idom', () => {
    const g = parseGraph(`root -> a b\na -> c\nb -> c d\nd -> a\nz -> a`);
    const tree = computeDominators(g);
    const seen = new Set<number>();
    for (const v of tree.preorder) {
      expect(seen.has(v)).toBe(false);
      if (v !== g.root) expect(seen.has(tree.idom[v])).toBe(true);
      seen.add(v);
    }
    expect(seen.size).toBe(5);
  });

  it('a 200,000-deep chain, with a shortcut from the root to the middle, needs no recursion', () => {
    const length = 200_000;
    const edges: Array<[number, number]> = [];
    for (let v = 0; v + 1 < length; v++) edges.push([v, v + 1]);
    edges.push([0, length / 2]);
    // Back edges from the end of the chain to its start make every level a loop entry.
    edges.push([length - 1, 1]);
    const g = fromEdgeList(length, 0, edges);
    const tree = computeDominators(g);
    expect(tree.reachableCount).toBe(length);
    for (let v = 1; v < length; v++) {
      const want = v === length / 2 ? 0 : v - 1;
      if (tree.idom[v] !== want) expect(`idom(${v}) = ${tree.idom[v]}`).toBe(`idom(${v}) = ${want}`);
    }
    expect(dominatorsCHK(g)).toEqual(tree.idom);
  });

  it('reports progress up to the total', () => {
    const g = randomGraph(mulberry32(5), 2_500_000, 7_000_000, 1000);
    const calls: Array<[number, number]> = [];
    computeDominators(g, (done, total) => calls.push([done, total]));
    expect(calls.length).toBeGreaterThan(3);
    const last = calls[calls.length - 1];
    expect(last[0]).toBe(last[1]);
    for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
  });

  it('rejects malformed CSR input with a clear error', () => {
    const bad: SuccessorGraph = { nodeCount: 3, root: 0, succStart: new Uint32Array(3), succ: new Uint32Array(0) };
    expect(() => computeDominators(bad)).toThrow(/succStart has 3 entries/);
    const badRoot: SuccessorGraph = { nodeCount: 2, root: 5, succStart: new Uint32Array(3), succ: new Uint32Array(0) };
    expect(() => computeDominators(badRoot)).toThrow(/root 5/);
    const badTarget: SuccessorGraph = { nodeCount: 2, root: 0, succStart: Uint32Array.from([0, 1, 1]), succ: Uint32Array.from([7]) };
    expect(() => computeDominators(badTarget)).toThrow(/edge 0 points at node 7/);
    expect(() => dominatorsCHK(badTarget)).toThrow(/outside 0..1/);
    const decreasing: SuccessorGraph = { nodeCount: 2, root: 0, succStart: Uint32Array.from([0, 1, 0]), succ: Uint32Array.from([1]) };
    expect(() => computeDominators(decreasing)).toThrow(/decreases at node 1/);
  });
});

describe('computeDominators equals Cooper-Harvey-Kennedy on random graphs', () => {
  const shapes: Array<[nodes: number, edgesPerNode: number, rootEdges: number]> = [
    [2, 1, 1],
    [5, 1, 1],
    [10, 0.8, 2],
    [10, 3, 1],
    [50, 1.2, 3],
    [100, 2, 1],
    [300, 1.05, 5],
    [1000, 1.5, 10],
    [1000, 4, 2],
    [5000, 2.5, 20],
    [20000, 3.75, 50],
  ];
  for (const [nodes, perNode, rootEdges] of shapes) {
    it(`${nodes} nodes, ${perNode} edges per node, ${rootEdges} root edges`, () => {
      const seeds = nodes <= 100 ? 200 : nodes <= 1000 ? 20 : 3;
      for (let seed = 1; seed <= seeds; seed++) {
        const rand = mulberry32(seed * 7919 + nodes);
        const g = randomGraph(rand, nodes, Math.round(nodes * perNode), rootEdges);
        const tree = computeDominators(g);
        const chk = dominatorsCHK(g);
        let mismatches = 0;
        for (let v = 0; v < nodes; v++) if (tree.idom[v] !== chk[v]) mismatches++;
        expect(`seed ${seed}: ${mismatches} mismatches`).toBe(`seed ${seed}: 0 mismatches`);
        let reachable = 0;
        for (let v = 0; v < nodes; v++) if (chk[v] !== NO_NODE) reachable++;
        expect(tree.reachableCount).toBe(reachable);
      }
    });
  }

  it('a random graph built on a long chain (deep DFS, long compression paths)', () => {
    const rand = mulberry32(99);
    const nodes = 50_000;
    const edges: Array<[number, number]> = [];
    for (let v = 0; v + 1 < nodes; v++) edges.push([v, v + 1]);
    for (let i = 0; i < nodes; i++) edges.push([Math.floor(rand() * nodes), Math.floor(rand() * nodes)]);
    const g = fromEdgeList(nodes, 0, edges);
    expect(computeDominators(g).idom).toEqual(dominatorsCHK(g));
  });
});

describe("implicit successors (a heap graph's object -> class edges, not stored in succ)", () => {
  /** A random graph plus classes: `classCount` random nodes are class objects; every node gets a random class,
   *  or none (a class index past nodeOfClass, as the virtual root's), and some classes have no node. */
  function withClasses(g: SuccessorGraph, rand: () => number, classCount: number): SuccessorGraph {
    const nodeOfClass = new Uint32Array(classCount);
    for (let c = 0; c < classCount; c++) nodeOfClass[c] = rand() < 0.1 ? NO_NODE : Math.floor(rand() * g.nodeCount);
    const classOf = new Uint16Array(g.nodeCount);
    for (let v = 0; v < g.nodeCount; v++) classOf[v] = rand() < 0.2 ? 0xffff : Math.floor(rand() * classCount);
    return { ...g, implicit: { classOf, nodeOfClass } };
  }

  for (const [nodes, perNode, classes] of [
    [10, 1, 2],
    [100, 1.2, 5],
    [1000, 2, 20],
    [20000, 2.5, 40],
  ] as const) {
    it(`${nodes} nodes, ${perNode} stored edges per node, ${classes} classes: as if the edges were stored`, () => {
      const seeds = nodes <= 100 ? 100 : 5;
      for (let seed = 1; seed <= seeds; seed++) {
        const rand = mulberry32(seed * 104729 + nodes);
        const g = withClasses(randomGraph(rand, nodes, Math.round(nodes * perNode), 2), rand, classes);
        const tree = computeDominators(g);
        const stored = computeDominators(materializeImplicit(g));
        // The implicit edge is taken first, as materializeImplicit stores it: the same DFS, the same tree.
        expect(tree.preorder).toEqual(stored.preorder);
        expect(tree.idom).toEqual(stored.idom);
        expect(tree.idom).toEqual(dominatorsCHK(g));
      }
    });
  }

  it('follows implicit edges alone (every stored list empty)', () => {
    // 0 -> 1 by a stored edge; 1's class object is 2, 2's is 3, 3's is itself (java.lang.Class).
    const g: SuccessorGraph = {
      nodeCount: 5,
      root: 0,
      succStart: Uint32Array.from([0, 1, 1, 1, 1, 1]),
      succ: Uint32Array.from([1]),
      implicit: { classOf: Uint16Array.from([9, 0, 1, 2, 2]), nodeOfClass: Uint32Array.from([2, 3, 3]) },
    };
    expect(Array.from(computeDominators(g).idom)).toEqual([0, 0, 1, 2, NO_NODE]);
  });

  it('rejects a class node outside the graph', () => {
    const g: SuccessorGraph = {
      nodeCount: 2,
      root: 0,
      succStart: Uint32Array.from([0, 0, 0]),
      succ: new Uint32Array(0),
      implicit: { classOf: Uint16Array.from([0, 0]), nodeOfClass: Uint32Array.from([5]) },
    };
    expect(() => computeDominators(g)).toThrow(/class 0's node 5/);
  });
});

describe('split layout (graphs past 89 M nodes: PRE and PARENT in one array, the counts in another)', () => {
  // maxEntries between 2 and 3 entries per node forces the split layout on a small graph (the predecessor
  // lists must fit in it too: sparse graphs).
  const split = (g: SuccessorGraph) => ({ maxEntries: 2 * (g.nodeCount + 1) + 5 });

  for (const [nodes, perNode] of [
    [10, 1.5],
    [200, 1.8],
    [5000, 1.6],
  ] as const) {
    it(`${nodes} nodes, ${perNode} edges per node, with and without implicit edges: the packed layout's tree`, () => {
      for (let seed = 1; seed <= 10; seed++) {
        const rand = mulberry32(seed * 31 + nodes);
        const plain = randomGraph(rand, nodes, Math.round(nodes * perNode), 3);
        const classOf = Uint16Array.from({ length: nodes }, () => Math.floor(rand() * 5));
        const nodeOfClass = Uint32Array.from({ length: 4 }, () => Math.floor(rand() * nodes));
        for (const g of [plain, { ...plain, implicit: { classOf, nodeOfClass } }]) {
          const packed = computeDominators(g);
          const tree = computeDominators(g, undefined, split(g));
          // The split layout never peels (peel.ts): peeled, the packed one has another preorder but the same idoms.
          expect(computeDominators(g, undefined, { peel: true }).idom).toEqual(packed.idom);
          expect(tree.preorder).toEqual(packed.preorder);
          expect(tree.idom).toEqual(packed.idom);
          expect(tree.idomByPre).toEqual(packed.idomByPre);
        }
      }
    });
  }

  it('a chain deeper than the stack allowed is refused with a clear message, not a crash', () => {
    const nodes = 1000;
    const edges: Array<[number, number]> = [];
    for (let v = 0; v + 1 < nodes; v++) edges.push([v, v + 1]);
    const g = fromEdgeList(nodes, 0, edges);
    // Room for 2 entries per node but a stack of 3 per level: a 1000-deep DFS needs 3000 entries.
    expect(() => computeDominators(g, undefined, { maxEntries: 2 * (nodes + 1) + 5 })).toThrow(/deeper than 669 levels/);
    expect(() => computeDominators(g, undefined, { maxEntries: 2 * nodes })).toThrow(/1000 nodes exceed the 999 supported/);
  });
});

describe('bulk semidominators (vertices with very many predecessors, e.g. class objects)', () => {
  /** A random graph plus `hubs` nodes that a fraction of all nodes point at (as instances at their class). */
  function withHubs(rand: () => number, nodes: number, perNode: number, hubs: number, share: number): SuccessorGraph {
    const base = randomGraph(rand, nodes, Math.round(nodes * perNode), 3);
    const hubNodes = Array.from({ length: hubs }, () => Math.floor(rand() * nodes));
    const lists: number[][] = [];
    for (let v = 0; v < nodes; v++) {
      const list = Array.from(base.succ.subarray(base.succStart[v], base.succStart[v + 1]));
      if (rand() < share) list.push(hubNodes[Math.floor(rand() * hubs)]);
      lists.push(list);
    }
    const edges: Array<[number, number]> = [];
    lists.forEach((l, v) => l.forEach((t) => edges.push([v, t])));
    return fromEdgeList(nodes, 0, edges);
  }

  for (const [nodes, perNode, hubs, share] of [
    [50, 1.2, 1, 0.8],
    [500, 1.5, 3, 0.9],
    [5000, 2, 5, 0.7],
    [20000, 1.3, 2, 0.95],
  ] as const) {
    it(`${nodes} nodes, ${hubs} hubs fed by ${share * 100} % of the nodes: the same tree as with evals only`, () => {
      for (let seed = 1; seed <= 8; seed++) {
        const rand = mulberry32(seed * 7 + nodes);
        const g = withHubs(rand, nodes, perNode, hubs, share);
        const evalsOnly = computeDominators(g, undefined, { bulkMinPreds: Number.MAX_SAFE_INTEGER });
        // bulkMinPreds 1: every vertex whose predecessors number 1/16 of the vertices after it goes the bulk way.
        const bulk = computeDominators(g, undefined, { bulkMinPreds: 1 });
        expect(bulk.idom).toEqual(evalsOnly.idom);
        expect(bulk.idom).toEqual(dominatorsCHK(g));
      }
    });
  }
});

describe('peeling leaves with one predecessor off before SEMI-NCA (peel.ts)', () => {
  /** Idoms with and without peeling and by Cooper-Harvey-Kennedy, all equal; returns the peeled count. */
  function expectExact(g: SuccessorGraph): number {
    const d = dominatorsInPreorder(g, undefined, { peel: true });
    const peeled = d.peeledCount;
    const tree = finishDominatorTree(d);
    const whole = computeDominators(g, undefined, { peel: false });
    expect(tree.idom).toEqual(dominatorsCHK(materializeImplicit(g)));
    expect(tree.idom).toEqual(whole.idom);
    expect(tree.reachableCount).toBe(whole.reachableCount);
    // The preorder lists every reachable node once, after its idom, and idomByPre agrees with idom.
    const pre = new Uint32Array(g.nodeCount).fill(NO_NODE);
    tree.preorder.forEach((v, p) => {
      expect(pre[v]).toBe(NO_NODE);
      pre[v] = p;
    });
    for (let p = 1; p < tree.reachableCount; p++) {
      expect(tree.idomByPre[p]).toBeLessThan(p);
      expect(tree.preorder[tree.idomByPre[p]]).toBe(tree.idom[tree.preorder[p]]);
    }
    return peeled;
  }

  const peeledOf = (text: string): number => dominatorsInPreorder(parseGraph(text), undefined, { peel: true }).peeledCount;

  it('a chain ending in a leaf is peeled whole; its idoms are the chain', () => {
    const text = `root -> a x
                  a -> b
                  b -> c
                  c -> d
                  x -> y
                  y -> z
                  z -> y`;
    expectIdoms(text, `a <- root\nb <- a\nc <- b\nd <- c\nx <- root\ny <- x\nz <- y`);
    // d, c, b, a peel; x, y and z do not (y has two referrers, z's successor y stays, and so x's).
    expect(peeledOf(text)).toBe(4);
    expectExact(parseGraph(text));
  });

  it('self loops, edges back to the root and to its successors do not stop a leaf from peeling', () => {
    const text = `root -> a r
                  a -> b
                  b -> b r root`;
    expectIdoms(text, `a <- root\nb <- a\nr <- root`);
    // b's edges go to itself, the root and r (a root successor): b, a and r all peel.
    expect(peeledOf(text)).toBe(3);
  });

  it('a node referenced twice, or by two nodes, stays; what hangs below it peels', () => {
    const text = `root -> a b
                  a -> m m
                  b -> n
                  a -> n
                  m -> l1
                  n -> l2
                  l2 -> l3`;
    expectIdoms(text, `a <- root\nb <- root\nm <- a\nn <- root\nl1 <- m\nl2 <- n\nl3 <- l2`);
    expect(peeledOf(text)).toBe(3);
  });

  it('a peeled node whose predecessor is unreachable is unreachable', () => {
    const g = fromEdgeList(6, 0, [
      [0, 1],
      [2, 3],
      [3, 4],
      [4, 5],
    ]);
    const d = dominatorsInPreorder(g, undefined, { peel: true });
    expect(d.peeledCount).toBe(4);
    expect(Array.from(d.unreached)).toEqual([2, 3, 4, 5]);
    expect(Array.from(finishDominatorTree(d).idom)).toEqual([0, 0, NO_NODE, NO_NODE, NO_NODE, NO_NODE]);
  });

  it("class edges count as references: a class with one instance and nothing else is that instance's leaf", () => {
    // 0 -> 1, 1 -> 2; 2's class is node 3 (only 2 references it: peeled with 2), 1's class is node 4, which the
    // root also references (an edge into a root successor: ignored), and 4's class is itself.
    const g: SuccessorGraph = {
      nodeCount: 5,
      root: 0,
      succStart: Uint32Array.from([0, 2, 3, 3, 3, 3]),
      succ: Uint32Array.from([1, 4, 2]),
      implicit: { classOf: Uint16Array.from([9, 1, 0, 9, 1]), nodeOfClass: Uint32Array.from([3, 4]) },
    };
    expect(Array.from(computeDominators(g, undefined, { peel: true }).idom)).toEqual([0, 0, 1, 2, 0]);
    // 3 peels, then 2 (its only successor is 3), then 1 (2 and 4, a root successor); 4 references itself: peels.
    expect(expectExact(g)).toBe(4);
  });

  it('random heap-like graphs (leaves, chains and trees hanging off a random core, class edges): exact', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = mulberry32(seed * 101);
      const core = 5 + Math.floor(rand() * 200);
      const hanging = Math.floor(rand() * 3 * core);
      const nodes = core + hanging;
      const edges: Array<[number, number]> = [];
      for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) edges.push([0, Math.floor(rand() * core)]);
      for (let i = 0; i < core * (0.8 + rand() * 2); i++) edges.push([Math.floor(rand() * core), Math.floor(rand() * core)]);
      // Each hanging node under a random earlier node (a tree: leaves, chains), sometimes with a second referrer,
      // a self loop, a duplicate edge, an edge up to the root or to a random node.
      for (let v = core; v < nodes; v++) {
        const parent = Math.floor(rand() * v);
        edges.push([parent, v]);
        const r = rand();
        if (r < 0.05) edges.push([Math.floor(rand() * nodes), v]);
        else if (r < 0.1) edges.push([v, v]);
        else if (r < 0.13) edges.push([parent, v]);
        else if (r < 0.16) edges.push([v, 0]);
        else if (r < 0.2) edges.push([v, Math.floor(rand() * core)]);
      }
      const plain = fromEdgeList(nodes, 0, edges);
      const classCount = 1 + Math.floor(rand() * 6);
      const classOf = Uint16Array.from({ length: nodes }, () => Math.floor(rand() * (classCount + 1)));
      // Class objects: some in the core, some hanging (a class referenced only by its instances and one parent).
      const nodeOfClass = Uint32Array.from({ length: classCount }, () => Math.floor(rand() * nodes));
      let peeled = 0;
      for (const g of [plain, { ...plain, implicit: { classOf, nodeOfClass } }]) peeled += expectExact(g);
      expect(peeled).toBeGreaterThan(0);
    }
  });
});
