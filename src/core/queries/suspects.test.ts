// Leak suspects on hand-built heaps: the kinds MAT words differently, groups of top-level dominators, the order,
// the 70 % big drop, and what each suspect alone keeps alive. (Parity with MAT's own report on real dumps:
// src/core/parity/suspects.test.ts.)
import { describe, expect, it } from 'vitest';
import { BasicType } from '../model/parsed-heap.ts';
import { createQueries } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

/**
 * Used heap 4,000 bytes (threshold 400), in top-level dominators:
 * - a class loader (an app.MyLoader, subclass of java.lang.ClassLoader) holding a 900-byte array: 1,000;
 * - an app.Cache holding an Object[] of a 900-byte and an 80-byte array: 1,020;
 * - an app.Pair holding an Object[] of two 450-byte arrays: the drop stops at the Object[];
 * - six app.Item of 70 bytes, each rooted on its own: 420 together, a group;
 * - twenty objects of 28 bytes, each of its own class, and the class objects (System Class roots, 0 bytes).
 */
function heap() {
  const b = new HeapBuilder();
  const loaderBase = b.defineClass('java.lang.ClassLoader', b.objectClassId, []);
  const myLoader = b.defineClass('app.MyLoader', loaderBase, [f('data', BasicType.Object)]);
  const cacheClass = b.defineClass('app.Cache', b.objectClassId, [f('slots', BasicType.Object)]);
  const pairClass = b.defineClass('app.Pair', b.objectClassId, [f('slots', BasicType.Object)]);
  const itemClass = b.defineClass('app.Item', b.objectClassId, []);
  // Twenty classes with one small instance each: twenty small groups.
  const fillerClasses = Array.from({ length: 20 }, (_, i) => b.defineClass(`app.Filler${i}`, b.objectClassId, []));

  const loaderData = b.primArray(BasicType.Byte, [], { shallow: 900 });
  const loader = b.instance(myLoader, { data: loaderData }, { shallow: 100 });
  const big = b.primArray(BasicType.Byte, [], { shallow: 900 });
  const small = b.primArray(BasicType.Byte, [], { shallow: 80 });
  const cacheSlots = b.objArray('java.lang.Object[]', [big, small], { shallow: 20 });
  const cache = b.instance(cacheClass, { slots: cacheSlots }, { shallow: 20 });
  const halfA = b.primArray(BasicType.Byte, [], { shallow: 450 });
  const halfB = b.primArray(BasicType.Byte, [], { shallow: 450 });
  const pairSlots = b.objArray('java.lang.Object[]', [halfA, halfB], { shallow: 50 });
  const pair = b.instance(pairClass, { slots: pairSlots }, { shallow: 50 });
  const items = Array.from({ length: 6 }, () => b.instance(itemClass, {}, { shallow: 70 }));
  const fillers = fillerClasses.map((c) => b.instance(c, {}, { shallow: 28 }));
  for (const id of [loader, cache, pair, ...items, ...fillers]) b.root(id);
  for (const name of [
    'java.lang.Object',
    'java.lang.Class',
    'java.lang.ClassLoader',
    'app.MyLoader',
    'app.Cache',
    'app.Pair',
    'app.Item',
    'byte[]',
    'java.lang.Object[]',
  ]) {
    b.root(b.classIdByName(name), 'System Class');
  }
  for (const c of fillerClasses) b.root(c, 'System Class');
  const built = b.build();
  return { built, q: createQueries(built.graph, built.source), loader, cache, pair, big, pairSlots, items };
}

describe('leakSuspects', () => {
  it('finds single objects and groups over 10% of the heap, largest first, with their accumulation points', async () => {
    const { built, q, loader, cache, pair, big, pairSlots } = heap();
    const result = await q.leakSuspects();
    expect(result.usedHeapBytes).toBe(4000);
    expect(result.thresholdBytes).toBe(400);
    expect(result.suspects.map((s) => [s.kind, s.retainedBytes])).toEqual([
      ['instance', 1020], // app.Cache: 20 + 20 + 900 + 80
      ['classloader', 1000],
      ['instance', 1000], // app.Pair: 50 + 50 + 450 + 450 (a tie: the earlier top-level dominator first)
      ['group', 420],
    ]);
    const [c, l, p, g] = result.suspects;
    expect(c.object!.index).toBe(built.idx(cache));
    expect(l.object!.index).toBe(built.idx(loader));
    expect(p.object!.index).toBe(built.idx(pair));
    // The cache's biggest child keeps 1000 of 1020, then 900 of 1000: down to the 900-byte array.
    expect(c.accumulation!.map((r) => r.index).at(-1)).toBe(built.idx(big));
    expect(c.accumulation).toHaveLength(3);
    // The pair's array holds two halves of 450 (45% each): the drop stops at the array.
    expect(p.accumulation!.map((r) => r.index).at(-1)).toBe(built.idx(pairSlots));
    expect(g.group).toEqual({ className: 'app.Item', classIndex: built.graph.classByIndex[built.idx(heap().items[0])], instances: 6 });
    expect(g.object).toBeUndefined();
    // Each item is a GC root of its own: the paths part at once, so no accumulation point (MAT's Reference
    // Pattern case).
    expect(g.accumulation).toBeUndefined();
  });

  it('sums what only the suspect keeps alive, by class, the three largest', async () => {
    const { q } = heap();
    const [cache, loader, , group] = (await q.leakSuspects()).suspects;
    expect(cache.topConsumers).toEqual([
      { className: 'byte[]', instances: 2, shallowBytes: 980 },
      { className: 'app.Cache', instances: 1, shallowBytes: 20 },
      { className: 'java.lang.Object[]', instances: 1, shallowBytes: 20 },
    ]);
    expect(loader.topConsumers).toEqual([
      { className: 'byte[]', instances: 1, shallowBytes: 900 },
      { className: 'app.MyLoader', instances: 1, shallowBytes: 100 },
    ]);
    expect(group.topConsumers).toEqual([{ className: 'app.Item', instances: 6, shallowBytes: 420 }]);
  });

  it('is computed once per analysis', async () => {
    const { q } = heap();
    expect(await q.leakSuspects()).toBe(await q.leakSuspects());
  });
});

describe('a group suspect’s accumulation point', () => {
  /**
   * Twenty app.Entry (16 bytes, each holding a 200-byte array) referenced from arrays under several GC roots, so
   * each is a top-level dominator; together they retain 4,320 bytes, most of the heap: a group suspect. The
   * shortest paths run rootA -> arrA (searched first) for the entries A's array holds, then part, one entry each.
   */
  function grouped(extraUnderB: number) {
    const b = new HeapBuilder();
    const entryClass = b.defineClass('app.Entry', b.objectClassId, [f('payload', BasicType.Object)]);
    const holder = b.defineClass('app.Holder', b.objectClassId, [f('slots', BasicType.Object)]);
    const entries = Array.from({ length: 20 }, () =>
      b.instance(entryClass, { payload: b.primArray(BasicType.Byte, [], { shallow: 200 }) }, { shallow: 16 }),
    );
    // The first `extraUnderB` entries are left out of A's array; a third root's array also holds them, so they
    // stay top-level dominators, and their shortest paths run through B's array instead of A's.
    const arrA = b.objArray('java.lang.Object[]', entries.slice(extraUnderB), { shallow: 64 });
    const arrB = b.objArray('java.lang.Object[]', entries, { shallow: 64 });
    const arrC = b.objArray('java.lang.Object[]', entries.slice(0, extraUnderB), { shallow: 16 });
    const rootA = b.instance(holder, { slots: arrA }, { shallow: 50 });
    const rootB = b.instance(holder, { slots: arrB }, { shallow: 50 });
    const rootC = b.instance(holder, { slots: arrC }, { shallow: 50 });
    for (const r of [rootA, rootB, rootC]) b.root(r);
    const built = b.build();
    return { built, q: createQueries(built.graph, built.source), rootA, arrA };
  }

  it('walks the merged paths down while they carry more than 80% of the members, to the point of the big drop', async () => {
    const { built, q, rootA, arrA } = grouped(0);
    const [group] = (await q.leakSuspects()).suspects;
    expect(group.kind).toBe('group');
    expect(group.group!.instances).toBe(20);
    // rootA and arrA carry all 20; below arrA each entry carries one (5% < 70%): arrA is the point.
    expect(group.accumulation!.map((r) => r.index)).toEqual([built.idx(rootA), built.idx(arrA)]);
  });

  it('finds none when the paths part before the drop (coverage falls to 80% or below)', async () => {
    // 4 of 20 entries not in A's array: A's path carries 16 = 80%, not more.
    const { q } = grouped(4);
    const [group] = (await q.leakSuspects()).suspects;
    expect(group.kind).toBe('group');
    expect(group.accumulation).toBeUndefined();
    // 3 of 20 outside A's array: A carries 17 (85%), so its array is the point.
    const three = grouped(3);
    const [g3] = (await three.q.leakSuspects()).suspects;
    expect(g3.accumulation!.map((r) => r.index)).toEqual([three.built.idx(three.rootA), three.built.idx(three.arrA)]);
  });
});
