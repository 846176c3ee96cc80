import { describe, expect, it } from 'vitest';
import { wholePath as whole } from '../api.ts';
import type { PathStep, ReferenceRow } from '../api.ts';
import { BasicType } from '../model/parsed-heap.ts';
import { createQueries } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

/** A heap with lists, arrays with nulls and repeats, a thread-local, references and statics. */
function scenario() {
  const b = new HeapBuilder();
  const node = b.defineClass('app.Node', b.objectClassId, [f('value', BasicType.Int), f('next', BasicType.Object)]);
  const pair = b.defineClass('app.Pair', b.objectClassId, [f('left', BasicType.Object), f('right', BasicType.Object)]);
  const thread = b.defineClass('java.lang.Thread', b.objectClassId, [f('name', BasicType.Object)]);
  const reference = b.defineClass('java.lang.ref.Reference', b.objectClassId, [
    f('referent', BasicType.Object),
    f('queue', BasicType.Object),
    f('next', BasicType.Object),
    f('discovered', BasicType.Object),
  ]);
  const weak = b.defineClass('java.lang.ref.WeakReference', reference, []);
  const soft = b.defineClass('java.lang.ref.SoftReference', reference, []);
  const keyed = b.defineClass('app.KeyedRef', weak, [f('extra', BasicType.Object)]);

  const a = b.primArray(BasicType.Int, [1]);
  const c = b.primArray(BasicType.Int, [2, 2]);
  const list = b.objArray('java.lang.Object[]', [a, 0, c, a]);
  const n3 = b.instance(node, { value: 3 });
  const n2 = b.instance(node, { value: 2, next: n3 });
  const n1 = b.instance(node, { value: 1, next: n2 });
  const holder = b.instance(pair, { left: list, right: n1 });
  b.root(holder);

  const ints = b.primArray(BasicType.Int, new Array(100).fill(7));
  const t = b.instance(thread, {});
  b.root(t, 'Thread');
  b.local(t, ints);

  const megabyte = b.primArray(BasicType.Byte, new Array(64).fill(0x33));
  const queue = b.instance(b.objectClassId, {});
  const softRef = b.instance(soft, { referent: megabyte, queue });
  const y = b.primArray(BasicType.Byte, [9]);
  const keyedRef = b.instance(keyed, { referent: y, extra: y, queue });
  const refs = b.defineClass(
    'app.Refs',
    b.objectClassId,
    [],
    [
      { name: 'SOFT', type: BasicType.Object, value: softRef },
      { name: 'KEYED', type: BasicType.Object, value: keyedRef },
    ],
  );
  b.root(refs, 'System Class');
  // A long way and a short way to `far`: the path must take the short one.
  const far = b.primArray(BasicType.Long, [1n]);
  const hop2 = b.instance(pair, { left: far });
  const hop1 = b.instance(pair, { left: hop2 });
  const shortcut = b.instance(pair, { right: far });
  const start = b.instance(pair, { left: hop1, right: shortcut });
  b.root(start);
  const heap = b.build();
  return {
    heap,
    q: createQueries(heap.graph, heap.source),
    ids: { a, c, list, n1, n2, n3, holder, ints, t, megabyte, softRef, y, keyedRef, refs, far, shortcut, start },
  };
}

function fields(rows: ReferenceRow[]): string[] {
  return rows.map((r) => `${r.field} ${r.object.address}`);
}

function pathDigest(steps: PathStep[] | null): string[] | null {
  return steps && steps.map((s) => `${s.object.className} ${s.object.address}${s.field === null ? '' : ' .' + s.field}`);
}

describe('outgoing', () => {
  it('names instance fields and <class>, skipping nulls', async () => {
    const { heap, q, ids } = scenario();
    const page = await q.outgoing(heap.idx(ids.holder), 0, 10);
    const pairClass = '0x' + heap.graph.idOf(heap.graph.indexByClass[heap.graph.classByIndex[heap.idx(ids.holder)]]).toString(16);
    expect(fields(page.items)).toEqual([`<class> ${pairClass}`, `left 0x${ids.list.toString(16)}`, `right 0x${ids.n1.toString(16)}`]);
    expect(page.total).toBe(3);
    expect(page.items[1].object.label).toBe('[4]');
  });

  it('pages object array elements by position, nulls skipped, repeats kept', async () => {
    const { heap, q, ids } = scenario();
    const all = await q.outgoing(heap.idx(ids.list), 0, 100);
    expect(all.total).toBe(4);
    expect(all.items.map((r) => r.field)).toEqual(['<class>', '[0]', '[2]', '[3]']);
    const mid = await q.outgoing(heap.idx(ids.list), 2, 1);
    expect(mid).toMatchObject({ offset: 2, total: 4 });
    expect(fields(mid.items)).toEqual([`[2] 0x${ids.c.toString(16)}`]);
    const past = await q.outgoing(heap.idx(ids.list), 10, 5);
    expect(past.items).toEqual([]);
    expect(past.total).toBe(4);
  });

  it('includes thread locals and class-object edges', async () => {
    const { heap, q, ids } = scenario();
    const t = await q.outgoing(heap.idx(ids.t), 0, 10);
    expect(t.items.map((r) => r.field)).toEqual(['<class>', '<Java Local>']);
    const cls = await q.outgoing(heap.idx(ids.refs), 0, 10);
    expect(cls.items.map((r) => r.field)).toEqual(['<class>', '<super>', '<classloader>', '<static> SOFT', '<static> KEYED']);
    expect(cls.items[1].object.label).toBe('class java.lang.Object');
    expect(cls.items[2].object.address).toBe('0x0');
  });
});

describe('referrers', () => {
  it('names the referring fields, resolving single-field classes without reading the dump', async () => {
    const { heap, q, ids } = scenario();
    const before = heap.source.reads;
    const r = await q.referrers(heap.idx(ids.n2), 0, 10);
    expect(fields(r.items)).toEqual([`next 0x${ids.n1.toString(16)}`]);
    expect(heap.source.reads).toBe(before);
    const a = await q.referrers(heap.idx(ids.a), 0, 10);
    expect(fields(a.items)).toEqual([`[0], [3] 0x${ids.list.toString(16)}`]);
    const y = await q.referrers(heap.idx(ids.y), 0, 10);
    expect(y.items.map((x) => x.field)).toEqual(['extra, referent']);
    const local = await q.referrers(heap.idx(ids.ints), 0, 10);
    expect(local.items.map((x) => x.field)).toEqual(['<Java Local>']);
  });

  it('names the <class> edge of an array without scanning the array', async () => {
    const { heap, q, ids } = scenario();
    const arrayClass = heap.graph.indexByClass[heap.graph.classByIndex[heap.idx(ids.list)]];
    const before = heap.source.reads;
    const r = await q.referrers(arrayClass, 0, 10);
    expect(r.items.map((x) => `${x.field} ${x.object.index}`)).toEqual([`<class> ${heap.idx(ids.list)}`]);
    expect(heap.source.reads).toBe(before);
  });

  it('pages referrers in index order', async () => {
    const { heap, q, ids } = scenario();
    // The Pair class object is referenced by its class-object edge from each of its 5 instances.
    const pairClass = heap.graph.indexByClass[heap.graph.classByIndex[heap.idx(ids.holder)]];
    const all = await q.referrers(pairClass, 0, 100);
    expect(all.total).toBe(5);
    expect(all.items.every((r) => r.field === '<class>')).toBe(true);
    const indices = all.items.map((r) => r.object.index);
    expect(indices).toEqual([...indices].sort((x, y) => x - y));
    const page = await q.referrers(pairClass, 4, 10);
    expect(page.items.map((r) => r.object.index)).toEqual(indices.slice(4));
  });
});

describe('pathToRoots', () => {
  it('goes through the thread for a stack local', async () => {
    const { heap, q, ids } = scenario();
    expect(pathDigest(whole(await q.pathToRoots(heap.idx(ids.ints))))).toEqual([
      `java.lang.Thread 0x${ids.t.toString(16)} .<Java Local>`,
      `int[] 0x${ids.ints.toString(16)}`,
    ]);
  });

  it('follows fields root first, and a root is its own path', async () => {
    const { heap, q, ids } = scenario();
    expect(pathDigest(whole(await q.pathToRoots(heap.idx(ids.n3))))).toEqual([
      `app.Pair 0x${ids.holder.toString(16)} .right`,
      `app.Node 0x${ids.n1.toString(16)} .next`,
      `app.Node 0x${ids.n2.toString(16)} .next`,
      `app.Node 0x${ids.n3.toString(16)}`,
    ]);
    const self = whole(await q.pathToRoots(heap.idx(ids.holder)));
    expect(self!.length).toBe(1);
    expect(self![0].object.rootTypes).toEqual(['JNI Global']);
  });

  it('takes the shortest path', async () => {
    const { heap, q, ids } = scenario();
    expect(pathDigest(whole(await q.pathToRoots(heap.idx(ids.far))))).toEqual([
      `app.Pair 0x${ids.start.toString(16)} .right`,
      `app.Pair 0x${ids.shortcut.toString(16)} .right`,
      `long[] 0x${ids.far.toString(16)}`,
    ]);
  });

  it('excludes Reference.referent unless asked, for any subclass of Reference', async () => {
    const { heap, q, ids } = scenario();
    expect(whole(await q.pathToRoots(heap.idx(ids.megabyte)))).toBeNull();
    expect(whole(await q.pathToRoots(heap.idx(ids.megabyte), { excludeWeak: true }))).toBeNull();
    const withWeak = whole(await q.pathToRoots(heap.idx(ids.megabyte), { excludeWeak: false }));
    expect(pathDigest(withWeak)).toEqual([
      `java.lang.Class 0x${ids.refs.toString(16)} .<static> SOFT`,
      `java.lang.ref.SoftReference 0x${ids.softRef.toString(16)} .referent`,
      `byte[] 0x${ids.megabyte.toString(16)}`,
    ]);
    // Held by referent and by another field of the same reference object: the other field is a strong path.
    expect(pathDigest(whole(await q.pathToRoots(heap.idx(ids.y))))).toEqual([
      `java.lang.Class 0x${ids.refs.toString(16)} .<static> KEYED`,
      `app.KeyedRef 0x${ids.keyedRef.toString(16)} .extra`,
      `byte[] 0x${ids.y.toString(16)}`,
    ]);
  });
});
