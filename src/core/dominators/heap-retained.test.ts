// Retained sizes broken down by Android heap: each column equals a brute-force sum over dominator chains, the
// columns (with the part outside every heap) add up to the retained size, and the dominator-tree roots' parts
// add up to the heap's shallow total. On a hand-built dump and on the Dialer dump (skipped when absent).
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import { analyzeParsed, type HeapAnalysis } from '../analysis.ts';
import { matSizeModel } from '../graph/size-model.ts';
import { parseBytes } from '../testing/chunking.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { HprofWriter } from '../testing/hprof-writer.ts';
import { heapByIndex, retainedInHeap } from './heap-retained.ts';
import { NO_NODE } from './types.ts';

/** For every node, its heap's shallow size added to itself and each of its dominators: O(nodes x depth). */
function bruteForce(a: HeapAnalysis, heapOf: Int8Array, heap: number): Float64Array {
  const g = a.graph;
  const out = new Float64Array(g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) {
    if (heapOf[v] !== heap) continue;
    for (let u = v; u !== NO_NODE; u = g.idomByIndex[u]) out[u] += g.shallowByIndex[v];
  }
  return out;
}

function check(a: HeapAnalysis): { names: string[]; rootsWithBytes: number[] } {
  const g = a.graph;
  const heaps = g.parsed.heaps!;
  const heapOf = heapByIndex(g, heaps);
  const summary = a.summary();
  const total = new Float64Array(g.nodeCount);
  const rootsWithBytes: number[] = [];
  heaps.names.forEach((_, h) => {
    const column = retainedInHeap(g, heapOf, h);
    expect(column).toEqual(bruteForce(a, heapOf, h));
    let roots = 0;
    let withBytes = 0;
    for (let v = 0; v < g.nodeCount; v++) {
      total[v] += column[v];
      if (g.idomByIndex[v] === NO_NODE) {
        roots += column[v];
        if (column[v] > 0) withBytes++;
      }
    }
    expect(roots).toBe(summary.heaps![h].shallowBytes);
    rootsWithBytes.push(withBytes);
  });
  // With the part outside every heap (the pseudo loader, objects before the first HEAP DUMP INFO: "heap" -1),
  // the parts add up to the retained size.
  const outside = retainedInHeap(g, heapOf, -1);
  for (let v = 0; v < g.nodeCount; v++) expect(total[v] + outside[v]).toBe(g.retainedByIndex[v]);
  return { names: heaps.names, rootsWithBytes };
}

describe('retained sizes by heap', () => {
  it('on a hand-built dump whose app objects are held from the zygote heap and back', async () => {
    const w = new HprofWriter(8);
    const OBJECT = 0x100;
    const HOLDER = 0x200;
    w.loadClass(OBJECT, 'java/lang/Object').loadClass(HOLDER, 'Holder').loadClass(0x300, '[B');
    w.string('a');
    w.string('b');
    w.beginSegment();
    w.heapDumpInfo(0x5a, 'zygote');
    w.classDump({ id: OBJECT, superId: 0 });
    w.classDump({ id: 0x300, superId: OBJECT });
    w.classDump({
      id: HOLDER,
      superId: OBJECT,
      fields: [
        { name: 'a', type: 2 },
        { name: 'b', type: 2 },
      ],
    });
    w.instance(0x1000, HOLDER, [
      [2, 0x2000],
      [2, 0x2100],
    ]); // zygote: holds two app holders
    w.heapDumpInfo(0x41, 'app');
    w.instance(0x2000, HOLDER, [
      [2, 0x3000],
      [2, 0x1100],
    ]); // app: holds an app array and a zygote holder
    w.instance(0x2100, HOLDER, [
      [2, 0x3100],
      [2, 0],
    ]);
    w.primitiveArray(
      0x3000,
      8,
      Array.from({ length: 100 }, (_, i) => i),
    );
    w.primitiveArray(
      0x3100,
      8,
      Array.from({ length: 40 }, (_, i) => i),
    );
    w.instance(0x4000, HOLDER, [
      [2, 0x3100],
      [2, 0],
    ]); // a second path to 0x3100: dominated by the root only
    w.heapDumpInfo(0x5a, 'zygote');
    w.instance(0x1100, HOLDER, [
      [2, 0x3200],
      [2, 0],
    ]);
    w.primitiveArray(
      0x3200,
      8,
      Array.from({ length: 24 }, (_, i) => i),
    );
    w.root(0x05, OBJECT).root(0x05, HOLDER).root(0x05, 0x300).root(0xff, 0x1000).root(0xff, 0x4000);
    w.endSegment();
    w.heapDumpEnd();
    const a = await analyzeParsed(parseBytes(w.bytes()), matSizeModel, {});
    const { names } = check(a);
    expect(names).toEqual(['zygote', 'app']);
    // The zygote holder at 0x1000 retains app objects (two holders and the 100-byte array) and zygote ones.
    const g = a.graph;
    const heapOf = heapByIndex(g, g.parsed.heaps!);
    const app = retainedInHeap(g, heapOf, 1);
    const zygote = retainedInHeap(g, heapOf, 0);
    const holder = g.findIndex(0x1000);
    expect(heapOf[holder]).toBe(0);
    expect(app[holder]).toBeGreaterThan(100);
    expect(zygote[holder]).toBeGreaterThan(24);
    expect(app[holder] + zygote[holder]).toBe(g.retainedByIndex[holder]);
  });

  it.skipIf(!haveCorpus('external', 'more', 'dialer.android-hprof'))('on the Dialer dump (Dalvik, heaps zygote and app)', async () => {
    const a = await analyzeFile(corpusFile('external', 'more', 'dialer.android-hprof'), {});
    const { names, rootsWithBytes } = check(a);
    expect(names).toEqual(['zygote', 'app']);
    console.log(`dialer: dominator-tree roots retaining bytes by heap: ${names.map((n, h) => `${n} ${rootsWithBytes[h]}`).join(', ')}`);
    expect(rootsWithBytes[1]).toBeGreaterThan(0);

    // The query: the app heap's top-level dominators are those that retain app bytes, largest part first.
    const app = 1;
    const page = a.dominatorChildrenInHeap(app, -1, 0, 1_000_000);
    expect(page.total).toBe(rootsWithBytes[app]);
    expect(page.items.every((r) => r.heapRetainedBytes > 0 && r.heapRetainedBytes <= r.retainedBytes)).toBe(true);
    for (let i = 1; i < page.items.length; i++)
      expect(page.items[i].heapRetainedBytes).toBeLessThanOrEqual(page.items[i - 1].heapRetainedBytes);
    expect(page.items.reduce((n, r) => n + r.heapRetainedBytes, 0)).toBe(a.summary().heaps![app].shallowBytes);
    const top = page.items[0];
    const children = a.dominatorChildrenInHeap(app, top.index, 0, 1_000_000);
    expect(children.items.reduce((n, r) => n + r.heapRetainedBytes, 0)).toBeLessThanOrEqual(top.heapRetainedBytes);
    expect(() => a.dominatorChildrenInHeap(2, -1, 0, 10)).toThrow(RangeError);
  });

  it('a dump without heaps answers the heap query with a RangeError', async () => {
    const a = await analyzeFile(new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url).pathname, {});
    expect(a.summary().heaps).toBeUndefined();
    expect(() => a.dominatorChildrenInHeap(0, -1, 0, 10)).toThrow(/no Android heaps/);
  });
});
