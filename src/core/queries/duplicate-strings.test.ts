// Duplicate strings on hand-built heaps (JDK 17 compact strings, a shared array as G1's deduplication leaves it,
// JDK 6 offset/count, unreadable values), and the windowed reader. The same grouping on real dumps, against
// every String decoded one by one: src/core/parity/duplicate-strings.test.ts.
import { describe, expect, it } from 'vitest';
import { BasicType } from '../model/parsed-heap.ts';
import { windowedAccess } from './duplicate-strings.ts';
import { createQueries } from './index.ts';
import { f, HeapBuilder } from './test-fixture.ts';

const latin1 = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
function utf16le(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8);
  return out;
}

/**
 * Strings are 24 bytes; a Latin-1 "hello" array 21 (16 + 5), a UTF-16 one of 2 chars 20.
 * - "hello" x 4: three with an array each, one sharing the first's array (deduplicated by G1);
 * - "world" x 1;
 * - "\u65e5\u672c" (UTF-16) x 2, each with its own array;
 * - the Latin-1 bytes of "\u65e5\u672c"'s UTF-16 form, as a Latin-1 String: same bytes, another value;
 * - a String whose value is null.
 */
function heap() {
  const b = new HeapBuilder();
  const str = b.defineClass('java.lang.String', b.objectClassId, [
    f('value', BasicType.Object),
    f('hash', BasicType.Int),
    f('coder', BasicType.Byte),
  ]);
  const array = (bytes: number[]) => b.primArray(BasicType.Byte, bytes);
  const string = (value: number, coder: 0 | 1) => b.instance(str, { value, coder }, { shallow: 24 });
  const helloArray = array(latin1('hello'));
  const hello = [string(helloArray, 0), string(array(latin1('hello')), 0), string(array(latin1('hello')), 0), string(helloArray, 0)];
  const world = string(array(latin1('world')), 0);
  const nihon = [string(array(utf16le('\u65e5\u672c')), 1), string(array(utf16le('\u65e5\u672c')), 1)];
  const lookalike = string(array(utf16le('\u65e5\u672c')), 0);
  const empty = string(0, 0);
  const holder = b.objArray('java.lang.Object[]', [...hello, world, ...nihon, lookalike, empty]);
  b.root(holder);
  const built = b.build();
  return { built, q: createQueries(built.graph, built.source), hello, nihon };
}

describe('duplicateStrings', () => {
  it('groups Strings by value and counts what one copy per value would free', async () => {
    const { q, built, hello, nihon } = heap();
    const r = await q.duplicateStrings();
    expect(r.strings).toBe(9);
    expect(r.unreadable).toBe(1);
    // hello, world, 日本, and the Latin-1 look-alike: 4 values among the 8 readable Strings.
    expect(r.distinct).toBe(4);
    expect(r.duplicatedValues).toBe(2);
    expect(r.duplicates).toBe(3 + 1);
    expect(r.groups.map((g) => [g.value, g.chars, g.strings, g.wastedBytes])).toEqual([
      // Four Strings and three distinct arrays: the first String stays, and its array, which the fourth uses too.
      ['hello', 5, 4, 3 * 24 + 2 * 21],
      ['\u65e5\u672c', 2, 2, 24 + 20],
    ]);
    expect(r.wastedBytes).toBe(3 * 24 + 2 * 21 + 24 + 20);
    // The String that stays: the one at the lowest address.
    expect(r.groups[0].sample.index).toBe(built.idx(hello[0]));
    expect(r.groups[1].sample.index).toBe(built.idx(nihon[0]));
    expect(r.groups[0].sample.className).toBe('java.lang.String');
    // Computed once per analysis.
    expect(await q.duplicateStrings()).toBe(r);
  });

  it('reads JDK 6 Strings by their offset and count into a shared char[]', async () => {
    const b = new HeapBuilder();
    const str6 = b.defineClass('java.lang.String', b.objectClassId, [
      f('value', BasicType.Object),
      f('offset', BasicType.Int),
      f('count', BasicType.Int),
    ]);
    const text = 'abcabc';
    const chars = b.primArray(
      BasicType.Char,
      Array.from(text, (c) => c.charCodeAt(0)),
    );
    // "abc" twice (offsets 0 and 3 of one array), "abcabc" once, "bca" once.
    const strings = [
      b.instance(str6, { value: chars, offset: 0, count: 3 }),
      b.instance(str6, { value: chars, offset: 3, count: 3 }),
      b.instance(str6, { value: chars, offset: 0, count: 6 }),
      b.instance(str6, { value: chars, offset: 1, count: 3 }),
    ];
    b.root(b.objArray('java.lang.String[]', strings));
    const built = b.build();
    const r = await createQueries(built.graph, built.source).duplicateStrings();
    expect(r.distinct).toBe(3);
    expect(r.groups.map((g) => [g.value, g.chars, g.strings])).toEqual([['abc', 3, 2]]);
    // The array is shared: only the second String is waste.
    expect(r.groups[0].wastedBytes).toBe(built.graph.shallowByIndex[built.idx(strings[1])]);
  });

  it('escapes control characters in the values it shows', async () => {
    const b = new HeapBuilder();
    const str = b.defineClass('java.lang.String', b.objectClassId, [f('value', BasicType.Object), f('coder', BasicType.Byte)]);
    const twice = [0, 1].map(() => b.instance(str, { value: b.primArray(BasicType.Byte, latin1('a\nb')), coder: 0 }));
    b.root(b.objArray('java.lang.String[]', twice));
    const built = b.build();
    const r = await createQueries(built.graph, built.source).duplicateStrings();
    expect(r.groups.map((g) => [g.value, g.chars])).toEqual([['a\\u000ab', 3]]);
  });
});

describe('windowedAccess', () => {
  it('serves reads inside the last window and reads past it anew, up to the end of the source', async () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const asked: [number, number][] = [];
    const source = {
      read: async (offset: number, length: number) => {
        asked.push([offset, length]);
        return data.subarray(offset, Math.min(data.length, offset + length));
      },
    };
    const w = windowedAccess(source, 100);
    expect(await w.read(10, 5)).toEqual(data.subarray(10, 15));
    expect(await w.read(50, 60)).toEqual(data.subarray(50, 110)); // ends exactly at the window's end
    expect(await w.read(105, 10)).toEqual(data.subarray(105, 115));
    expect(await w.read(120, 300)).toEqual(data.subarray(120, 420)); // longer than a window
    expect(await w.read(990, 20)).toEqual(data.subarray(990, 1000)); // short at the end
    expect(asked).toEqual([
      [10, 100],
      [105, 100],
      [120, 300],
      [990, 100],
    ]);
    expect(w.reads).toBe(4);
  });
});
