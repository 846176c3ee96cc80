// Merged shortest paths from the GC roots (MAT's "Merge Shortest Paths to GC Roots") on a hand-built heap: the
// tree, its counts, field names, paging, and weak references excluded or followed. On real dumps, every object's
// depth in the tree against the one-object path search: src/core/parity/merged-paths.test.ts.
import { describe, expect, it } from 'vitest';
import { BasicType } from '../model/parsed-heap.ts';
import { createQueries } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

/**
 * GC roots: `registry` (an app.Registry) and `cache` (an app.Cache).
 * - registry.items -> Object[] -> item0, item1, item2 (app.Item);
 * - registry.first -> item0 as well (a shorter path: the search takes it);
 * - cache.ref -> a java.lang.ref.WeakReference whose referent is item3; item3 is also reached strongly, further
 *   down: cache.slow -> app.Holder -> app.Holder -> item3.
 */
function heap() {
  const b = new HeapBuilder();
  const registryClass = b.defineClass('app.Registry', b.objectClassId, [f('items', BasicType.Object), f('first', BasicType.Object)]);
  const cacheClass = b.defineClass('app.Cache', b.objectClassId, [f('ref', BasicType.Object), f('slow', BasicType.Object)]);
  const holderClass = b.defineClass('app.Holder', b.objectClassId, [f('next', BasicType.Object)]);
  const itemClass = b.defineClass('app.Item', b.objectClassId, []);
  const reference = b.defineClass('java.lang.ref.Reference', b.objectClassId, [f('referent', BasicType.Object)]);
  const weak = b.defineClass('java.lang.ref.WeakReference', reference, []);
  const items = [0, 1, 2, 3].map(() => b.instance(itemClass, {}, { shallow: 16 }));
  const array = b.objArray('java.lang.Object[]', items.slice(0, 3));
  const registry = b.instance(registryClass, { items: array, first: items[0] });
  const weakRef = b.instance(weak, { referent: items[3] });
  const inner = b.instance(holderClass, { next: items[3] });
  const outer = b.instance(holderClass, { next: inner });
  const cache = b.instance(cacheClass, { ref: weakRef, slow: outer });
  b.root(registry);
  b.root(cache);
  const built = b.build();
  const q = createQueries(built.graph, built.source);
  return { built, q, itemClass: built.graph.classByIndex[built.idx(items[0])], items, registry, cache, array, outer, inner, weakRef };
}

describe('mergedPaths', () => {
  it('merges the shortest paths of a class’s objects into a tree from the GC roots, counting them per node', async () => {
    const { built, q, itemClass, items, registry, cache, array, outer, inner } = heap();
    const top = await q.mergedPaths(itemClass, -1, 0, 10);
    expect(top.objects).toBe(4);
    expect(top.reached).toBe(4);
    // Roots: the registry leads to three items, the cache to one.
    expect(top.page.items.map((r) => [r.object.index, r.count, r.targetShallowBytes, r.field])).toEqual([
      [built.idx(registry), 3, 48, null],
      [built.idx(cache), 1, 16, null],
    ]);
    const underRegistry = await q.mergedPaths(itemClass, top.page.items[0].node, 0, 10);
    expect(underRegistry.page.items.map((r) => [r.object.index, r.count, r.field])).toEqual([
      [built.idx(array), 2, 'items'],
      [built.idx(items[0]), 1, 'first'], // one step shorter than through the array
    ]);
    const underArray = await q.mergedPaths(itemClass, underRegistry.page.items[0].node, 0, 10);
    expect(underArray.page.items.map((r) => [r.object.index, r.count, r.children, r.field])).toEqual([
      [built.idx(items[1]), 1, 0, '[1]'],
      [built.idx(items[2]), 1, 0, '[2]'],
    ]);
    // Weak references excluded (the default): item3 comes through cache.slow -> Holder -> Holder.
    const underCache = await q.mergedPaths(itemClass, top.page.items[1].node, 0, 10);
    expect(underCache.page.items.map((r) => [r.object.index, r.field])).toEqual([[built.idx(outer), 'slow']]);
    const next = await q.mergedPaths(itemClass, underCache.page.items[0].node, 0, 10);
    expect(next.page.items.map((r) => [r.object.index, r.field])).toEqual([[built.idx(inner), 'next']]);
  });

  it('follows weak references when asked, as MAT’s plain merged paths do', async () => {
    const { built, q, itemClass, items, weakRef } = heap();
    const top = await q.mergedPaths(itemClass, -1, 0, 10, { excludeWeak: false });
    const cacheNode = top.page.items[1].node;
    const underCache = await q.mergedPaths(itemClass, cacheNode, 0, 10, { excludeWeak: false });
    expect(underCache.page.items.map((r) => [r.object.index, r.field])).toEqual([[built.idx(weakRef), 'ref']]);
    const underRef = await q.mergedPaths(itemClass, underCache.page.items[0].node, 0, 10, { excludeWeak: false });
    expect(underRef.page.items.map((r) => [r.object.index, r.field])).toEqual([[built.idx(items[3]), 'referent']]);
  });

  it('pages children and refuses a node outside the tree', async () => {
    const { q, itemClass } = heap();
    const first = await q.mergedPaths(itemClass, -1, 0, 1);
    expect(first.page.total).toBe(2);
    expect(first.page.items).toHaveLength(1);
    const second = await q.mergedPaths(itemClass, -1, 1, 1);
    expect(second.page.items[0].count).toBe(1);
    await expect(q.mergedPaths(itemClass, 999, 0, 10)).rejects.toThrow(RangeError);
  });

  it('counts only what the search reaches: an object no GC root leads to is left out', async () => {
    const b = new HeapBuilder();
    const itemClass = b.defineClass('app.Item', b.objectClassId, []);
    const reference = b.defineClass('java.lang.ref.Reference', b.objectClassId, [f('referent', BasicType.Object)]);
    const weak = b.defineClass('java.lang.ref.WeakReference', reference, []);
    const strong = b.instance(itemClass);
    const weakOnly = b.instance(itemClass);
    b.root(strong);
    b.root(b.instance(weak, { referent: weakOnly }));
    const built = b.build();
    const q = createQueries(built.graph, built.source);
    const cls = built.graph.classByIndex[built.idx(strong)];
    const excluded = await q.mergedPaths(cls, -1, 0, 10);
    expect([excluded.objects, excluded.reached]).toEqual([2, 1]);
    const followed = await q.mergedPaths(cls, -1, 0, 10, { excludeWeak: false });
    expect([followed.objects, followed.reached]).toEqual([2, 2]);
  });
});
