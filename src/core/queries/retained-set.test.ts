// The retained set of a selection, against its definition computed by brute force on hand-built graphs (for each
// object: is there still a path from a GC root once the selection is gone?), and against the dominator tree for
// single objects on the corpus dumps (one object's retained set is its dominator subtree).

import { describe, expect, it } from 'vitest';
import { analyzeParsed, type HeapAnalysis } from '../analysis.ts';
import { analyzeFile } from '../analysis.node.ts';
import { successorsOf } from '../graph/heap-graph.ts';
import { CLASS_CLASS_ID, LOADER_CLASS_ID, OBJECT_CLASS_ID, testHeap, testSizes, type TestObject } from '../graph/test-heap.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { QueryContext } from './context.ts';
import { createQueries } from './index.ts';
import { retainedBitmap } from './retained-set.ts';
import { retainedByClass } from './suspects.ts';

const NODE = 0x200;
const OTHER = 0x208;
const CLASSES = [
  { id: NODE, name: 'Node', superId: OBJECT_CLASS_ID },
  { id: OTHER, name: 'Other', superId: OBJECT_CLASS_ID },
];
const SYSTEM = [OBJECT_CLASS_ID, CLASS_CLASS_ID, LOADER_CLASS_ID, NODE, OTHER].map((id) => ({ id, tag: 0x05 }));
/** The hand-built heaps have no object bytes to read. */
const NO_BYTES = { read: () => Promise.reject(new Error('no dump bytes in a hand-built heap')) };

function analyze(objects: TestObject[], rootIds: number[]): Promise<HeapAnalysis> {
  const heap = testHeap(CLASSES, objects, [...SYSTEM, ...rootIds.map((id) => ({ id, tag: 0x01 }))]);
  return analyzeParsed(
    heap,
    () => testSizes,
    {},
    undefined,
    (graph) => createQueries(graph, NO_BYTES),
  );
}

/** The definition, by brute force: v is retained by S when v is in S or no GC root reaches v without entering S
 *  (one search per object, over successorsOf: the edge contract, not the mark's loops). */
function bruteForce(a: HeapAnalysis, selection: number[]): Set<number> {
  const g = a.graph;
  const s = new Set(selection);
  const retained = new Set<number>();
  const roots: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) if (g.rootMaskByIndex[v] !== 0) roots.push(v);
  for (let target = 0; target < g.nodeCount; target++) {
    if (s.has(target)) {
      retained.add(target);
      continue;
    }
    const seen = new Set<number>();
    const work = roots.filter((r) => !s.has(r));
    work.forEach((r) => seen.add(r));
    let found = false;
    while (work.length > 0 && !found) {
      const v = work.pop()!;
      if (v === target) found = true;
      for (const t of successorsOf(g, v)) {
        if (s.has(t) || seen.has(t)) continue;
        seen.add(t);
        work.push(t);
      }
    }
    if (!found) retained.add(target);
  }
  return retained;
}

function bits(bitmap: Uint32Array, n: number): Set<number> {
  const out = new Set<number>();
  for (let v = 0; v < n; v++) if (bitmap[v >>> 5] & (1 << (v & 31))) out.add(v);
  return out;
}

/** A deterministic pseudo-random sequence (xorshift). */
function randomOf(seed: number): (below: number) => number {
  let x = seed;
  return (below) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % below;
  };
}

describe('the retained set of a selection', () => {
  it('holds what two members share although neither dominates it', async () => {
    // root R -> X, R -> Y; X -> Z, Y -> Z; Z -> W. Z's dominator is R: it is in neither X's nor Y's subtree.
    const a = await analyze(
      [
        { id: 0x1000, cls: 'Node', refs: [0x1010, 0x1020] },
        { id: 0x1010, cls: 'Node', refs: [0x1030] },
        { id: 0x1020, cls: 'Node', refs: [0x1030] },
        { id: 0x1030, cls: 'Other', refs: [0x1040] },
        { id: 0x1040, cls: 'Other' },
      ],
      [0x1000],
    );
    const g = a.graph;
    const [x, y, z, w] = [0x1010, 0x1020, 0x1030, 0x1040].map((id) => g.findIndex(id));
    expect(g.retainedByIndex[x] + g.retainedByIndex[y]).toBe(32);
    const set = await a.retainedSet({ kind: 'objects', indices: [x, y] }, 0, 10);
    expect(set.objects).toBe(4);
    expect(set.retainedBytes).toBe(64);
    expect(set.selected).toEqual({ objects: 2, shallowBytes: 32 });
    expect(set.classes.items.map((r) => `${r.className} ${r.objects} ${r.shallowBytes}`)).toEqual(['Node 2 32', 'Other 2 32']);
    expect(bits(await retainedBitmap(g, [x, y]), g.nodeCount)).toEqual(new Set([x, y, z, w]));
    // Either alone frees only itself.
    expect((await a.retainedSet({ kind: 'objects', indices: [x] }, 0, 10)).objects).toBe(1);
  });

  it('equals the brute-force definition on random graphs, and the dominator subtree for one object', async () => {
    const random = randomOf(0x9e3779b9);
    let compared = 0;
    for (let round = 0; round < 40; round++) {
      const count = 4 + random(14);
      const ids = Array.from({ length: count }, (_, i) => 0x1000 + i * 0x10);
      const objects: TestObject[] = ids.map((id) => ({
        id,
        cls: random(3) === 0 ? 'Other' : 'Node',
        refs: Array.from({ length: random(4) }, () => ids[random(count)]),
      }));
      const rootIds = ids.filter((_, i) => i === 0 || random(5) === 0);
      const a = await analyze(objects, rootIds);
      const g = a.graph;
      const kept = Array.from({ length: g.nodeCount }, (_, v) => v).filter((v) => g.idOf(v) >= 0x1000);
      for (let trial = 0; trial < 6; trial++) {
        const size = 1 + random(Math.min(4, kept.length));
        const selection = Array.from({ length: size }, () => kept[random(kept.length)]);
        const expected = bruteForce(a, selection);
        expect(bits(await retainedBitmap(g, selection), g.nodeCount)).toEqual(expected);
        const answer = await a.retainedSet({ kind: 'objects', indices: selection }, 0, 100);
        expect(answer.objects).toBe(expected.size);
        expect(answer.retainedBytes).toBe([...expected].reduce((sum, v) => sum + g.shallowByIndex[v], 0));
        if (new Set(selection).size === 1) expect(answer.retainedBytes).toBe(g.retainedByIndex[selection[0]]);
        compared++;
      }
    }
    expect(compared).toBe(240);
  });

  it('resolves a class, its largest instances, a held-by row and a merged-path node', async () => {
    // Two holders (Other) each hold two Nodes; a fifth Node is held by both holders' list.
    const a = await analyze(
      [
        { id: 0x1000, cls: 'java.lang.Object', refs: [0x1010, 0x1020] },
        { id: 0x1010, cls: 'Other', refs: [0x1100, 0x1110, 0x1140] },
        { id: 0x1020, cls: 'Other', refs: [0x1120, 0x1130, 0x1140] },
        { id: 0x1100, cls: 'Node' },
        { id: 0x1110, cls: 'Node', refs: [0x1200] },
        { id: 0x1120, cls: 'Node' },
        { id: 0x1130, cls: 'Node' },
        { id: 0x1140, cls: 'Node' },
        { id: 0x1200, cls: 'Other' },
      ],
      [0x1000],
    );
    const g = a.graph;
    const node = a.histogram().find((r) => r.className === 'Node')!;
    const other = a.histogram().find((r) => r.className === 'Other')!;
    const all = await a.retainedSet({ kind: 'class', classIndex: node.classIndex }, 0, 10);
    expect(all.description).toBe('all 5 objects of Node');
    expect(all.objects).toBe(6);
    const largest = await a.retainedSet({ kind: 'class', classIndex: node.classIndex, largest: 1 }, 0, 10);
    expect(largest.selected.objects).toBe(1);
    expect(largest.retainedBytes).toBe(g.retainedByIndex[g.findIndex(0x1110)]);
    const held = await a.retainedSet(
      { kind: 'held-by', classIndex: node.classIndex, holderClassIndex: other.classIndex, skip: '', side: 'held' },
      0,
      10,
    );
    expect(held.selected.objects).toBe(4);
    const holders = await a.retainedSet(
      { kind: 'held-by', classIndex: node.classIndex, holderClassIndex: other.classIndex, skip: '', side: 'holders' },
      0,
      10,
    );
    expect(holders.selected.objects).toBe(2);
    // Both holders together free the Node they share; together they free all but the root.
    expect(holders.objects).toBe(8);
    expect(holders.objects).toBe(bruteForce(a, [g.findIndex(0x1010), g.findIndex(0x1020)]).size);
    const top = await a.mergedPaths(node.classIndex, -1, 0, 10);
    expect(top.page.items).toHaveLength(1);
    const through = await a.retainedSet({ kind: 'merged-path', classIndex: node.classIndex, node: top.page.items[0].node }, 0, 10);
    expect(through.selected.objects).toBe(5);
    expect(through.objects).toBe(all.objects);
  });
});

describe('on the corpus dumps', () => {
  for (const name of ['basics', 'references', 'routes']) {
    it.skipIf(!haveCorpus(`${name}.hprof.gz`))(
      `is the dominator subtree for single objects: ${name}`,
      async () => {
        const a = await analyzeFile(corpusFile(`${name}.hprof.gz`));
        const g = a.graph;
        const ctx = new QueryContext(g, NO_BYTES);
        const sample = [...a.dominatorChildren(-1, 0, 4).items.map((r) => r.index)];
        const step = Math.floor(g.nodeCount / 6);
        for (let v = step; v < g.nodeCount; v += step) sample.push(v);
        for (const v of sample) {
          const t0 = performance.now();
          const set = await a.retainedSet({ kind: 'objects', indices: [v] }, 0, Number.MAX_SAFE_INTEGER);
          const ms = performance.now() - t0;
          expect(set.retainedBytes).toBe(g.retainedByIndex[v]);
          const subtree = retainedByClass(ctx, v);
          expect(set.classes.items.map((r) => [r.className, r.objects, r.shallowBytes])).toEqual(
            subtree.map((r) => [r.className, r.objects, r.shallowBytes]),
          );
          if (v === sample[0]) console.log(`${name}: retained set of one object over ${g.nodeCount} objects in ${ms.toFixed(0)} ms`);
        }
        // A whole class: at least its members' minimum retained size (what no other member dominates), which MAT
        // reports in the histogram.
        const row = a.histogram()[0];
        const set = await a.retainedSet({ kind: 'class', classIndex: row.classIndex }, 0, 5);
        expect(set.retainedBytes).toBeGreaterThanOrEqual(row.retainedBytes ?? 0);
      },
      120_000,
    );
  }
});
