// Group-by-class and reference names on a hand-built heap. (Against a brute-force count on every corpus dump:
// src/core/parity/children-by-class.test.ts.)
import { describe, expect, it } from 'vitest';
import { BasicType } from '../model/parsed-heap.ts';
import { createQueries } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

/**
 * app.Holder `h` (fields `map`, `list`, `spare`): `h.map` -> an Object[] of 120 app.Entry (the first 8 holding a
 * 100-byte byte[] `payload`) then 5 app.Other; `h.list` -> an app.Other; `h.spare` -> an app.Entry.
 */
function heap() {
  const b = new HeapBuilder();
  const holder = b.defineClass('app.Holder', b.objectClassId, [
    f('map', BasicType.Object),
    f('list', BasicType.Object),
    f('spare', BasicType.Object),
  ]);
  const entry = b.defineClass('app.Entry', b.objectClassId, [f('payload', BasicType.Object)]);
  const other = b.defineClass('app.Other', b.objectClassId, []);
  const entries: number[] = [];
  for (let i = 0; i < 120; i++) {
    const payload = i < 8 ? b.primArray(BasicType.Byte, [], { shallow: 100 }) : 0;
    entries.push(b.instance(entry, payload ? { payload } : {}, { shallow: 16 }));
  }
  const others = [0, 1, 2, 3, 4].map(() => b.instance(other, {}, { shallow: 24 }));
  const array = b.objArray('java.lang.Object[]', [...entries, ...others], { shallow: 16 + 4 * 125 });
  const listOther = b.instance(other, {}, { shallow: 24 });
  const spare = b.instance(entry, {}, { shallow: 16 });
  const h = b.instance(holder, { map: array, list: listOther, spare }, { shallow: 24 });
  b.root(h);
  for (const name of ['byte[]', 'java.lang.Object[]']) b.root(b.classIdByName(name), 'System Class');
  const built = b.build();
  return { built, q: createQueries(built.graph, built.source), ids: { h, array, entries, others, listOther, spare } };
}

describe('dominatorChildrenByClass', () => {
  it('aggregates all children by class, the same totals on every page', () => {
    const { built, q, ids } = heap();
    const arrayIndex = built.idx(ids.array);
    const all = q.dominatorChildrenByClass(arrayIndex, 0, 10);
    expect(all.children).toBe(125);
    expect(all.page.items.map((r) => [r.className, r.count, r.shallowBytes, r.retainedBytes])).toEqual([
      ['app.Entry', 120, 120 * 16, 120 * 16 + 8 * 100],
      ['app.Other', 5, 120, 120],
    ]);
    expect([all.shallowBytes, all.retainedBytes]).toEqual([120 * 16 + 120, 120 * 16 + 800 + 120]);
    const second = q.dominatorChildrenByClass(arrayIndex, 1, 1);
    expect(second.page).toMatchObject({ offset: 1, total: 2 });
    expect(second.page.items.map((r) => r.className)).toEqual(['app.Other']);
    expect([second.children, second.shallowBytes, second.retainedBytes]).toEqual([all.children, all.shallowBytes, all.retainedBytes]);
    // A class's members, paged, largest retained first.
    const entryClass = all.page.items[0].classIndex;
    const p0 = q.dominatorChildrenOfClass(arrayIndex, entryClass, 0, 100);
    expect(p0.total).toBe(120);
    expect(p0.items.slice(0, 8).every((r) => r.retainedBytes === 116)).toBe(true);
    expect(q.dominatorChildrenOfClass(arrayIndex, entryClass, 100, 100).items).toHaveLength(20);
    expect(
      q.dominatorChildrenOfClass(arrayIndex, all.page.items[1].classIndex, 0, 100).items.every((r) => r.className === 'app.Other'),
    ).toBe(true);
  });

  it('refuses a bad parent or class index', () => {
    const { built, q } = heap();
    expect(() => q.dominatorChildrenByClass(built.graph.nodeCount, 0, 1)).toThrow(RangeError);
    expect(() => q.dominatorChildrenOfClass(-1, -5, 0, 1)).toThrow(RangeError);
    expect(() => q.dominatorChildrenOfClass(-1, 1e9, 0, 1)).toThrow(RangeError);
  });
});

describe('referenceNames', () => {
  it("names the parent's field or element holding each child, reading the parent once", async () => {
    const { built, q, ids } = heap();
    const h = built.idx(ids.h);
    const children = q.dominatorChildren(h, 0, 10).items.map((r) => r.index);
    const names = await q.referenceNames(h, children);
    const byIndex = new Map(children.map((c, i) => [c, names[i]]));
    expect(byIndex.get(built.idx(ids.array))).toBe('map');
    expect(byIndex.get(built.idx(ids.listOther))).toBe('list');
    expect(byIndex.get(built.idx(ids.spare))).toBe('spare');
    const arrayNames = await q.referenceNames(built.idx(ids.array), [built.idx(ids.others[2]), built.idx(ids.entries[7])]);
    expect(arrayNames).toEqual(['[122]', '[7]']);
    // A single-reference-field class: known without reading.
    const payload = q.dominatorChildren(built.idx(ids.entries[0]), 0, 1).items[0].index;
    expect(await q.referenceNames(built.idx(ids.entries[0]), [payload])).toEqual(['payload']);
    // Not referenced by the asked object itself: ''.
    expect(await q.referenceNames(built.idx(ids.array), [payload])).toEqual(['']);
  });
});
