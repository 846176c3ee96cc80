// "Held by" (MAT's Immediate Dominators) on a hand-built heap: the walk past JDK classes, the <ROOT> row, distinct
// dominators, a long chain of skipped objects, the largest dominators, and the skip pattern's edge cases. (Against
// MAT's own dominator tree on real dumps: src/core/parity/immediate-dominators.test.ts.)
import { describe, expect, it } from 'vitest';
import { BasicType } from '../model/parsed-heap.ts';
import { DEFAULT_SKIP, skipMatcher } from './immediate-dominators.ts';
import { createQueries } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

/**
 * - app.Owner `a` -> java.util.ArrayList -> java.lang.Object[] -> three app.Item (40 bytes each);
 * - app.Owner `b` -> a chain of 50 java.util.LinkedList$Node, each holding one app.Item;
 * - one app.Item reachable from both owners: its immediate dominator is the virtual root;
 * - app.Registry `r` -> java.lang.Object[] -> two app.Item.
 * The three owners are the GC roots.
 */
function heap() {
  const b = new HeapBuilder();
  const owner = b.defineClass('app.Owner', b.objectClassId, [f('list', BasicType.Object), f('shared', BasicType.Object)]);
  const registry = b.defineClass('app.Registry', b.objectClassId, [f('slots', BasicType.Object)]);
  const item = b.defineClass('app.Item', b.objectClassId, [f('payload', BasicType.Object)]);
  const arrayList = b.defineClass('java.util.ArrayList', b.objectClassId, [f('elementData', BasicType.Object)]);
  const node = b.defineClass('java.util.LinkedList$Node', b.objectClassId, [f('item', BasicType.Object), f('next', BasicType.Object)]);

  const listItems = [0, 1, 2].map(() => b.instance(item, {}, { shallow: 40 }));
  const elements = b.objArray('java.lang.Object[]', listItems, { shallow: 32 });
  const list = b.instance(arrayList, { elementData: elements }, { shallow: 24 });
  const shared = b.instance(item, {}, { shallow: 40 });
  const a = b.instance(owner, { list, shared }, { shallow: 24 });

  const chainItems: number[] = [];
  const payloads: number[] = [];
  let next = 0;
  for (let i = 0; i < 50; i++) {
    // A payload of i bytes makes the items' retained sizes differ.
    const payload = b.primArray(BasicType.Byte, [], { shallow: 16 + i });
    payloads.push(payload);
    const it = b.instance(item, { payload }, { shallow: 40 });
    chainItems.push(it);
    next = b.instance(node, { item: it, next }, { shallow: 24 });
  }
  const chainOwner = b.instance(owner, { list: next, shared }, { shallow: 24 });

  const registryItems = [0, 1].map(() => b.instance(item, {}, { shallow: 40 }));
  const slots = b.objArray('java.lang.Object[]', registryItems, { shallow: 24 });
  const r = b.instance(registry, { slots }, { shallow: 16 });

  for (const id of [a, chainOwner, r]) b.root(id);
  const built = b.build();
  const q = createQueries(built.graph, built.source);
  const classOf = (id: number) => built.graph.classByIndex[built.idx(id)];
  return { built, q, itemClass: classOf(listItems[0]), byteArrayClass: classOf(payloads[0]), ids: { a, chainOwner } };
}

describe('immediateDominators', () => {
  it('charges objects to the first dominator outside the JDK packages, as MAT does', () => {
    const { q, itemClass, built, ids } = heap();
    const result = q.immediateDominators(itemClass);
    expect(result.className).toBe('app.Item');
    expect(result.objects).toBe(56);
    expect(result.skip).toBe('java\\..*|javax\\..*|com\\.sun\\..*|sun\\..*|jdk\\..*');
    expect(result.rows.map((r) => [r.className, r.dominators, r.dominated, r.dominatorShallowBytes, r.dominatedShallowBytes])).toEqual([
      // 3 items under a's ArrayList + 50 under b's LinkedList chain: two owners, 24 bytes each.
      ['app.Owner', 2, 53, 48, 53 * 40],
      ['app.Registry', 1, 2, 16, 80],
      ['<ROOT>', 0, 1, 0, 40],
    ]);
    expect(result.rows[2].classIndex).toBe(-1);
    expect(result.rows[2].largest).toEqual([]);
    // The chain's owner retains more than `a`, so it comes first.
    expect(result.rows[0].largest.map((r) => r.index)).toEqual([built.idx(ids.chainOwner), built.idx(ids.a)]);
  });

  it('with nothing skipped, groups by the immediate dominator itself', () => {
    const { q, itemClass } = heap();
    const result = q.immediateDominators(itemClass, { skip: '' });
    expect(result.rows.map((r) => [r.className, r.dominators, r.dominated])).toEqual([
      ['java.util.LinkedList$Node', 50, 50],
      ['java.lang.Object[]', 2, 5],
      ['<ROOT>', 0, 1],
    ]);
    // The five largest nodes by retained size: the chain's head and the four after it. Node i holds nodes 0..i,
    // each with its item (40) and a payload of 16 + j bytes: (i + 1) x 80 + i (i + 1) / 2.
    const largest = result.rows[0].largest;
    expect(largest.map((r) => r.retainedBytes)).toEqual([49, 48, 47, 46, 45].map((i) => (i + 1) * 80 + (i * (i + 1)) / 2));
  });

  it('takes any pattern, matched against the whole class name', () => {
    const { q, itemClass } = heap();
    // Only the LinkedList nodes skipped: "java.util" alone matches no whole name.
    expect(q.immediateDominators(itemClass, { skip: 'java\\.util' }).rows[0].className).toBe('java.util.LinkedList$Node');
    const rows = q.immediateDominators(itemClass, { skip: 'java\\.util\\..*' }).rows;
    expect(rows.map((r) => [r.className, r.dominated])).toEqual([
      ['app.Owner', 50],
      ['java.lang.Object[]', 5],
      ['<ROOT>', 1],
    ]);
  });

  it('walks up to the virtual root when every dominator is skipped', () => {
    const { q, itemClass } = heap();
    const rows = q.immediateDominators(itemClass, { skip: '.*' }).rows;
    expect(rows.map((r) => [r.className, r.dominators, r.dominated])).toEqual([['<ROOT>', 0, 56]]);
  });

  it('counts the objects of the asked class only, byte[] here', () => {
    const { q, byteArrayClass } = heap();
    const rows = q.immediateDominators(byteArrayClass).rows;
    // Each payload's dominator is its app.Item.
    expect(rows.map((r) => [r.className, r.dominators, r.dominated])).toEqual([['app.Item', 50, 50]]);
    expect(rows[0].dominatedShallowBytes).toBe(50 * 16 + (49 * 50) / 2);
  });

  it('refuses a bad pattern and a bad class index with a message', () => {
    const { q, itemClass } = heap();
    expect(() => q.immediateDominators(itemClass, { skip: '(' })).toThrow(/skip pattern "\(" is not a valid regular expression/);
    expect(() => q.immediateDominators(-1)).toThrow(RangeError);
    expect(() => q.immediateDominators(1e9)).toThrow(RangeError);
  });

  it('reads a pattern as Java matches() does', () => {
    const m = skipMatcher('java.*|com\\.sun\\..*');
    expect(m('java.lang.String')).toBe(true);
    expect(m('javax.swing.JFrame')).toBe(true);
    expect(m('com.sun.Foo')).toBe(true);
    expect(m('com.sunny.Foo')).toBe(false);
    expect(m('app.java.Thing')).toBe(false);
    expect(m('byte[]')).toBe(false);
    expect(skipMatcher('')('java.lang.String')).toBe(false);
  });

  it("default pattern: MAT's JDK packages, by package name and not by prefix", () => {
    const m = skipMatcher(DEFAULT_SKIP);
    for (const name of [
      'java.lang.String',
      'javax.swing.JFrame',
      'com.sun.Foo',
      'sun.misc.Launcher$AppClassLoader',
      'jdk.internal.loader.ClassLoaders$AppClassLoader',
    ]) {
      expect(m(name), name).toBe(true);
    }
    for (const name of ['javafx.scene.Node', 'javaapp.Main', 'sunny.Day', 'jdkx.Tool', 'app.sun.Thing', 'char[]']) {
      expect(m(name), name).toBe(false);
    }
  });
});
