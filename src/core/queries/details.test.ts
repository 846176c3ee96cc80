import { describe, expect, it } from 'vitest';
import { BasicType } from '../model/parsed-heap.ts';
import { TruncatedInputError } from '../errors.ts';
import { createQueries } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

function digest(fields: Array<{ name: string; type: string; value: string | null; ref?: { index: number } }>): string[] {
  return fields.map((x) => `${x.name}:${x.type}=${x.value}${x.ref ? ' ->' + x.ref.index : ''}`);
}

describe('objectDetails', () => {
  it('decodes fields of every type, most-derived class first', async () => {
    const b = new HeapBuilder();
    const base = b.defineClass('app.Base', b.objectClassId, [
      f('z', BasicType.Boolean),
      f('b', BasicType.Byte),
      f('c', BasicType.Char),
      f('s', BasicType.Short),
      f('i', BasicType.Int),
      f('j', BasicType.Long),
      f('fl', BasicType.Float),
      f('d', BasicType.Double),
      f('ref', BasicType.Object),
    ]);
    const derived = b.defineClass('app.Derived', base, [
      f('own', BasicType.Int),
      f('missing', BasicType.Object),
      f('nothing', BasicType.Object),
    ]);
    const target = b.primArray(BasicType.Int, [1, 2, 3]);
    const obj = b.instance(derived, {
      z: 1,
      b: 0xfe, // -2
      c: 0x416,
      s: 0x8000, // -32768
      i: -5,
      j: -9007199254740993n, // below -2^53: needs BigInt
      fl: 3.1,
      d: -0,
      ref: target,
      own: 42,
      missing: 0xdead0, // not an object of the dump
      nothing: null,
    });
    b.root(obj);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const d = await q.objectDetails(heap.idx(obj));
    expect(d.kind).toBe('instance');
    expect(d.row.className).toBe('app.Derived');
    expect(d.row.rootTypes).toEqual(['JNI Global']);
    expect(d.dominator).toBeUndefined();
    expect(digest(d.fields)).toEqual([
      'own:int=42',
      'missing:object=0xdead0',
      'nothing:object=null',
      'z:boolean=true',
      'b:byte=-2',
      'c:char=\u0416',
      's:short=-32768',
      'i:int=-5',
      'j:long=-9007199254740993',
      'fl:float=3.1',
      'd:double=-0.0',
      `ref:object=0x${target.toString(16)} ->${heap.idx(target)}`,
    ]);
    const ref = d.fields.find((x) => x.name === 'ref')!.ref!;
    expect(ref.label).toBe('[3]');
    expect(ref.className).toBe('int[]');
    // The array is dominated by the object.
    const arr = await q.objectDetails(heap.idx(target));
    expect(arr.dominator?.index).toBe(heap.idx(obj));
    expect(arr.kind).toBe('primitive-array');
    expect(arr.arrayLength).toBe(3);
    expect(digest(arr.elements!)).toEqual(['[0]:int=1', '[1]:int=2', '[2]:int=3']);
  });

  it('shows the first page of a long array and object array refs', async () => {
    const b = new HeapBuilder(4);
    const longs = b.primArray(
      BasicType.Long,
      Array.from({ length: 1000 }, (_, i) => BigInt(i) * 3n),
    );
    const doubles = b.primArray(BasicType.Double, [Math.PI, Number.NaN, Number.NEGATIVE_INFINITY, 1]);
    const text = b.primArray(
      BasicType.Byte,
      Array.from('hello bytes', (c) => c.charCodeAt(0)),
    );
    const binary = b.primArray(BasicType.Byte, [0, 1, 2, 0xff]);
    const arr = b.objArray('java.lang.Object[]', [longs, 0, doubles, 0x77770, text, binary]);
    b.root(arr);
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const l = await q.objectDetails(heap.idx(longs));
    expect(l.arrayLength).toBe(1000);
    expect(l.elements!.length).toBe(100);
    expect(l.elements![99]).toEqual({ name: '[99]', type: 'long', value: '297' });
    expect(digest((await q.objectDetails(heap.idx(doubles))).elements!)).toEqual([
      '[0]:double=3.141592653589793',
      '[1]:double=NaN',
      '[2]:double=-Infinity',
      '[3]:double=1.0',
    ]);
    expect((await q.objectDetails(heap.idx(text))).stringValue).toBe('hello bytes');
    expect((await q.objectDetails(heap.idx(binary))).stringValue).toBeUndefined();
    const o = await q.objectDetails(heap.idx(arr));
    expect(o.kind).toBe('object-array');
    expect(o.row.label).toBe('[6]');
    expect(digest(o.elements!)).toEqual([
      `[0]:object=0x${longs.toString(16)} ->${heap.idx(longs)}`,
      '[1]:object=null',
      `[2]:object=0x${doubles.toString(16)} ->${heap.idx(doubles)}`,
      '[3]:object=0x77770',
      `[4]:object=0x${text.toString(16)} ->${heap.idx(text)}`,
      `[5]:object=0x${binary.toString(16)} ->${heap.idx(binary)}`,
    ]);
  });

  it('shows a class object: statics, superclass, loader, label', async () => {
    const b = new HeapBuilder();
    const loaderCls = b.defineClass('java.lang.ClassLoader', b.objectClassId, [f('parent', BasicType.Object)]);
    const loader = b.instance(loaderCls, {});
    const cache = b.primArray(BasicType.Byte, [1, 2]);
    const base = b.defineClass('app.Base', b.objectClassId, []);
    const cls = b.defineClass(
      'app.Statics',
      base,
      [],
      [
        { name: 'CACHE', type: BasicType.Object, value: cache },
        { name: 'NONE', type: BasicType.Object, value: 0 },
        { name: 'I', type: BasicType.Int, value: 32 },
        { name: 'J', type: BasicType.Long, value: 64n },
        { name: 'F', type: BasicType.Float, value: 3.5 },
        { name: 'Z', type: BasicType.Boolean, value: 1 },
        { name: 'C', type: BasicType.Char, value: 0x78 },
      ],
      loader,
    );
    b.root(cls, 'System Class');
    b.root(base, 'System Class');
    const heap = b.build();
    const q = createQueries(heap.graph, heap.source);
    const d = await q.objectDetails(heap.idx(cls));
    expect(d.kind).toBe('class');
    expect(d.row.className).toBe('java.lang.Class');
    expect(d.row.label).toBe('class app.Statics');
    expect(d.superclass?.label).toBe('class app.Base');
    expect(d.classLoader?.index).toBe(heap.idx(loader));
    expect(digest(d.fields)).toEqual([
      `CACHE:object=0x${cache.toString(16)} ->${heap.idx(cache)}`,
      'NONE:object=null',
      'I:int=32',
      'J:long=64',
      'F:float=3.5',
      'Z:boolean=true',
      'C:char=x',
    ]);
    expect(d.fields.every((x) => x.isStatic)).toBe(true);
    // The base class was loaded by the boot loader: MAT's pseudo loader at 0x0.
    const baseDetails = await q.objectDetails(heap.idx(base));
    expect(baseDetails.classLoader?.address).toBe('0x0');
    expect(baseDetails.classLoader?.label).toBe('<system class loader>');
  });

  it('reports a record cut short by a truncated dump, and keeps referrers and labels usable', async () => {
    const b = new HeapBuilder();
    const str = b.defineClass('java.lang.String', b.objectClassId, [f('value', BasicType.Object), f('coder', BasicType.Byte)]);
    const holder = b.defineClass('app.Holder', b.objectClassId, [f('a', BasicType.Object), f('b', BasicType.Object)]);
    const value = b.primArray(BasicType.Byte, [104, 105]);
    const s = b.instance(str, { value });
    const h = b.instance(holder, { a: s, b: s });
    b.root(h);
    const heap = b.build();
    // The dump ends inside the holder's record (the last one written).
    const end = heap.graph.parsed.objectOffset(heap.graph.ordinalByIndex[heap.idx(h)]) + 10;
    const truncated = {
      read: async (offset: number, length: number) => (await heap.source.read(offset, length)).subarray(0, Math.max(0, end - offset)),
    };
    const q = createQueries(heap.graph, truncated);
    await expect(q.objectDetails(heap.idx(h))).rejects.toBeInstanceOf(TruncatedInputError);
    const referrers = await q.referrers(heap.idx(s), 0, 10);
    expect(referrers.items.map((r) => [r.object.index, r.field])).toEqual([[heap.idx(h), '?']]);
    expect(referrers.items[0].object.label).toBeUndefined();
    expect((await q.objectDetails(heap.idx(s))).stringValue).toBe('hi');
  });
});
