import { describe, expect, it } from 'vitest';
import { wholePath as whole } from '../api.ts';
import type { TreemapNode } from '../api.ts';
import { BasicType } from '../model/parsed-heap.ts';
import { createQueries, parseAddress } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

/** One root holding an Object[] of `sizes.length` byte[] of the given shallow sizes, plus a second small root.
 *  Call with at least one size (the byte[] class is created by the first array). */
function fanOut(sizes: number[]) {
  const b = new HeapBuilder();
  const box = b.defineClass('app.Box', b.objectClassId, [f('items', BasicType.Object)]);
  const children = sizes.map((s) => b.primArray(BasicType.Byte, [], { shallow: s }));
  const array = b.objArray('java.lang.Object[]', children, { shallow: 100 });
  const root = b.instance(box, { items: array }, { shallow: 20 });
  b.root(root);
  // As in a real dump, the classes are System Class roots (else the array would dominate its class objects).
  b.root(b.classIdByName('byte[]'), 'System Class');
  b.root(b.classIdByName('java.lang.Object[]'), 'System Class');
  const small = b.instance(box, {}, { shallow: 16 });
  b.root(small);
  const heap = b.build();
  return { heap, q: createQueries(heap.graph, heap.source), root, array, children, small, box };
}

describe('accumulationPath', () => {
  it('descends into the largest child while it keeps 70 % of its parent', () => {
    const { heap, q, root, array, children } = fanOut([10, 500, 30]);
    // root 660 -> array 640 (97 %) -> byte[] 500 (78 %), a leaf.
    expect(whole(q.accumulationPath(heap.idx(root))).map((r) => r.index)).toEqual([heap.idx(root), heap.idx(array), heap.idx(children[1])]);
  });
  it('stops at the object that holds many small ones', () => {
    const { heap, q, root, array } = fanOut([100, 100, 100, 100]);
    // array 500 -> its largest child 100 (20 %): the array is the point.
    expect(whole(q.accumulationPath(heap.idx(root))).map((r) => r.index)).toEqual([heap.idx(root), heap.idx(array)]);
    expect(whole(q.accumulationPath(heap.idx(array))).map((r) => r.index)).toEqual([heap.idx(array)]);
    expect(() => q.accumulationPath(-1)).toThrow(RangeError);
  });
});

describe('dominatorChildren and dominatorPath', () => {
  it('pages children largest retained first, with boundaries', () => {
    const { heap, q, array, children } = fanOut([10, 500, 30, 40, 20]);
    const p0 = q.dominatorChildren(heap.idx(array), 0, 2);
    expect(p0.total).toBe(5);
    expect(p0.items.map((r) => r.retainedBytes)).toEqual([500, 40]);
    expect(q.dominatorChildren(heap.idx(array), 2, 2).items.map((r) => r.retainedBytes)).toEqual([30, 20]);
    const last = q.dominatorChildren(heap.idx(array), 4, 2);
    expect(last.items.map((r) => r.index)).toEqual([heap.idx(children[0])]);
    expect(q.dominatorChildren(heap.idx(array), 5, 2)).toEqual({ offset: 5, total: 5, items: [] });
    expect(q.dominatorChildren(heap.idx(array), 99, 2)).toEqual({ offset: 5, total: 5, items: [] });
    expect(q.dominatorChildren(heap.idx(array), -3, 1).offset).toBe(0);
    expect(() => q.dominatorChildren(heap.graph.nodeCount, 0, 1)).toThrow(RangeError);
  });

  it('lists the virtual root children with root types and dominated counts', () => {
    const { heap, q, root, small } = fanOut([10, 20]);
    const top = q.dominatorChildren(-1, 0, 10);
    const rootRow = top.items[0];
    expect(rootRow.index).toBe(heap.idx(root));
    // Box 20 + array 100 + children 30; the Box class object is dominated by the virtual root (two roots use it).
    expect(rootRow.retainedBytes).toBe(150);
    expect(rootRow.rootTypes).toEqual(['JNI Global']);
    expect(rootRow.dominatedCount).toBe(1);
    expect(top.items.some((r) => r.index === heap.idx(small))).toBe(true);
    const sum = top.items.reduce((s, r) => s + r.retainedBytes, 0);
    let used = 0;
    for (let v = 0; v < heap.graph.nodeCount; v++)
      if (heap.graph.idomByIndex[v] !== 0xffffffff || top.items.some((r) => r.index === v)) used += heap.graph.shallowByIndex[v];
    expect(sum).toBe(used);
  });

  it('returns the dominator chain from the top-level dominator down', () => {
    const { heap, q, root, array, children } = fanOut([10, 20]);
    expect(whole(q.dominatorPath(heap.idx(children[1]))).map((r) => r.index)).toEqual([
      heap.idx(root),
      heap.idx(array),
      heap.idx(children[1]),
    ]);
    expect(whole(q.dominatorPath(heap.idx(root))).map((r) => r.index)).toEqual([heap.idx(root)]);
  });
});

describe('instancesOf', () => {
  it('lists instances of one class largest retained first, paged', () => {
    const { heap, q, root, small } = fanOut([10, 20]);
    const boxClass = heap.graph.classByIndex[heap.idx(root)];
    const page = q.instancesOf(boxClass, 0, 10);
    expect(page.total).toBe(2);
    expect(page.items.map((r) => r.index)).toEqual([heap.idx(root), heap.idx(small)]);
    expect(q.instancesOf(boxClass, 1, 10).items.map((r) => r.index)).toEqual([heap.idx(small)]);
    const byteArrays = heap.graph.classByIndex[heap.idx(fanOut([1]).children[0])];
    expect(q.instancesOf(byteArrays, 0, 10).items.map((r) => r.retainedBytes)).toEqual([20, 10]);
    // Class objects are the instances of java.lang.Class.
    const classClass = heap.graph.classByIndex[heap.graph.indexByClass[boxClass]];
    expect(q.instancesOf(classClass, 0, 100).items.every((r) => r.label?.startsWith('class '))).toBe(true);
    expect(() => q.instancesOf(9999, 0, 1)).toThrow(RangeError);
  });
});

describe('findObject', () => {
  it('accepts 0x, bare hex, upper case and whitespace', () => {
    const { heap, q, array } = fanOut([10]);
    const hex = array.toString(16);
    expect(q.findObject('0x' + hex)).toBe(heap.idx(array));
    expect(q.findObject(hex.toUpperCase())).toBe(heap.idx(array));
    expect(q.findObject(`  0x${hex}\n`)).toBe(heap.idx(array));
    expect(q.findObject('0x ' + hex.slice(0, 2) + ' ' + hex.slice(2))).toBe(heap.idx(array));
    expect(q.findObject('0x1')).toBeNull();
    expect(q.findObject('zebra')).toBeNull();
    expect(q.findObject('')).toBeNull();
    expect(parseAddress('@ 0x10')).toBe(16);
  });
});

function checkAreas(node: TreemapNode): void {
  if (!node.children) return;
  const sum = node.children.reduce((s, c) => s + c.retainedBytes, 0);
  expect(node.shallowBytes + sum).toBe(node.retainedBytes);
  for (const c of node.children) checkAreas(c);
}

function count(node: TreemapNode): number {
  return 1 + (node.children ?? []).reduce((s, c) => s + count(c), 0);
}

describe('treemap', () => {
  it('folds children under minFraction into one "N others" node, areas adding up', () => {
    const { heap, q, array } = fanOut([5000, 3000, 2, 1, 1, 1]);
    const t = q.treemap(heap.idx(array), { minFraction: 0.01 });
    expect(t.retainedBytes).toBe(100 + 8005);
    expect(t.children!.map((c) => [c.index, c.retainedBytes, c.foldedCount])).toEqual([
      [expect.any(Number), 5000, undefined],
      [expect.any(Number), 3000, undefined],
      [-2, 5, 4],
    ]);
    expect(t.children![2].className).toBe('4 others');
    checkAreas(t);
  });

  it('keeps to the node budget and the depth', () => {
    const { q } = fanOut(Array.from({ length: 50 }, (_, i) => 1000 + i));
    const t = q.treemap(-1, { maxNodes: 10, minFraction: 0 });
    expect(t.index).toBe(-1);
    expect(count(t)).toBeLessThanOrEqual(10);
    checkAreas(t);
    const folded: TreemapNode[] = [];
    const walk = (n: TreemapNode): void => {
      if (n.index === -2) folded.push(n);
      n.children?.forEach(walk);
    };
    walk(t);
    expect(folded.length).toBeGreaterThan(0);
    const shallow = q.treemap(-1, { depth: 1, minFraction: 0 });
    expect(shallow.children!.every((c) => c.children === undefined)).toBe(true);
    // Box -> Object[] -> byte[]: depth 3 with room for everything shows all 50 arrays and folds nothing.
    const deep = q.treemap(-1, { depth: 3, minFraction: 0 });
    checkAreas(deep);
    const leaves: TreemapNode[] = [];
    const collect = (n: TreemapNode): void => {
      if (n.className === 'byte[]' || n.index === -2) leaves.push(n);
      n.children?.forEach(collect);
    };
    collect(deep);
    expect(leaves.length).toBe(50);
    expect(leaves.every((n) => n.index >= 0)).toBe(true);
    expect(q.treemap(-1, { depth: 2, minFraction: 0 }).children![0].children![0].children).toBeUndefined();
  });
});

describe('dominatorChain', () => {
  it('follows single children down to the first node with none or several', () => {
    const b = new HeapBuilder();
    const node = b.defineClass('app.Node', b.objectClassId, [
      f('next', BasicType.Object),
      f('a', BasicType.Object),
      f('b', BasicType.Object),
    ]);
    // The last node holds two arrays: the chain ends there.
    const a = b.primArray(BasicType.Byte, [], { shallow: 24 });
    const c = b.primArray(BasicType.Byte, [], { shallow: 24 });
    let next = b.instance(node, { a, b: c }, { shallow: 24 });
    const tail = next;
    for (let i = 0; i < 49; i++) next = b.instance(node, { next }, { shallow: 24 });
    b.root(next);
    // As in a real dump, the classes are System Class roots (else the head would dominate its class object).
    b.root(b.classIdByName('byte[]'), 'System Class');
    b.root(node, 'System Class');
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const chain = q.dominatorChain(heap.idx(next));
    expect(chain).toMatchObject({ length: 49, sameClass: true });
    expect(chain.start.index).toBe(heap.idx(next));
    expect(chain.end.index).toBe(heap.idx(tail));
    expect(chain.end.dominatedCount).toBe(2);
    // At the end, or at a leaf: no chain.
    expect(q.dominatorChain(heap.idx(tail)).length).toBe(0);
    expect(q.dominatorChain(heap.idx(a))).toMatchObject({ length: 0, end: { index: heap.idx(a) } });
  });
});
