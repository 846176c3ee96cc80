// References in 4 bytes (see "Reference encoding" in ../model/parsed-heap.ts): ids that do not fit the base and
// unit (odd ids, ids below the base, ids 32 GB or more above it, the marker value itself) go to refWide in order,
// through the reader at any chunk size, instances read before their class, 4-byte ids, and the graph builder.

import { describe, expect, it } from 'vitest';
import { analyzeDump } from '../analysis.ts';
import { decodeRefIds, encodeRefId, encodeRefIds, REF_WIDE, type ParsedHeap } from '../model/parsed-heap.ts';
import { memorySource, parseBytes, parsedDigest } from '../testing/chunking.ts';
import { HprofWriter } from '../testing/hprof-writer.ts';

const GB = 2 ** 30;
const FIRST = 64 * GB; // the first object: refBase is 16 GB below it
const BASE = 48 * GB;
const OBJECT = 0x100;
const HOLDER = 0x110;
const ARRAY = 0x120;
const THREE = [
  { name: 'a', type: 2 },
  { name: 'b', type: 2 },
  { name: 'c', type: 2 },
];

/** Non-null references by object id, decoded, in CSR order. */
function refsById(p: ParsedHeap): Map<number, number[]> {
  const ids = decodeRefIds(p);
  const out = new Map<number, number[]>();
  for (let o = 0; o < p.objectCount; o++) out.set(p.idByOrdinal[o], [...ids.subarray(p.refStart[o], p.refStart[o + 1])]);
  return out;
}

describe('encodeRefId / decodeRefIds', () => {
  it('round-trips every id and marks exactly those that do not fit as wide', () => {
    const ids = [BASE, BASE + 8, BASE + 8 * (REF_WIDE - 1), BASE + 8 * REF_WIDE, BASE + 4, BASE - 8, 8, BASE + 40 * GB, 2 ** 53 - 1];
    const wide = [false, false, false, true, true, true, true, true, true];
    const enc = encodeRefIds(ids, BASE, 8);
    expect(Array.from(enc.refIds, (v) => v === REF_WIDE)).toEqual(wide);
    expect([...enc.refWide]).toEqual(ids.filter((_, i) => wide[i]));
    expect([...decodeRefIds(enc)]).toEqual(ids);
    expect(encodeRefId(0xfffffffe, 0, 1)).toBe(0xfffffffe);
    expect(encodeRefId(0xffffffff, 0, 1)).toBe(REF_WIDE);
  });
});

describe('the reader stores references in 4 bytes, exactly', () => {
  // Referenced ids: in range, odd, below the base, far above it, the marker's own slot, the largest id.
  const targets = {
    near: FIRST + 0x40,
    odd: FIRST + 0x61,
    below: 0x2000,
    far: FIRST + 40 * GB,
    marker: BASE + 8 * REF_WIDE,
    lastSlot: BASE + 8 * (REF_WIDE - 1),
    huge: 2 ** 53 - 8,
  };
  const dump = (classesLast: boolean): Uint8Array => {
    const w = new HprofWriter(8);
    w.loadClass(OBJECT, 'java/lang/Object').loadClass(HOLDER, 'demo/Holder').loadClass(ARRAY, '[Ljava/lang/Object;');
    const classes = (): void => {
      w.classDump({ id: OBJECT, superId: 0 });
      w.classDump({ id: HOLDER, superId: OBJECT, fields: THREE });
      w.classDump({ id: ARRAY, superId: OBJECT });
    };
    w.beginSegment();
    if (!classesLast) classes();
    w.instance(FIRST, HOLDER, [
      [2, targets.near],
      [2, targets.odd],
      [2, targets.below],
    ]);
    w.objectArray(FIRST + 0x10, ARRAY, [targets.far, 0, targets.marker, targets.lastSlot, targets.huge, targets.near]);
    w.instance(FIRST + 0x40, HOLDER, [
      [2, 0],
      [2, targets.below],
      [2, FIRST],
    ]);
    w.instance(FIRST + 0x61, HOLDER, [
      [2, targets.far],
      [2, targets.odd],
      [2, 0],
    ]);
    w.root(0x01, FIRST, 0x77);
    if (classesLast) classes();
    w.endSegment();
    return w.bytes();
  };
  const expected = new Map<number, number[]>([
    [FIRST, [targets.near, targets.odd, targets.below]],
    [FIRST + 0x10, [targets.far, targets.marker, targets.lastSlot, targets.huge, targets.near]],
    [FIRST + 0x40, [targets.below, FIRST]],
    [FIRST + 0x61, [targets.far, targets.odd]],
  ]);
  const wideCount = 8; // odd, below | far, marker, huge | below | far, odd

  for (const classesLast of [false, true]) {
    it(`odd ids, ids below the base and far above it${classesLast ? ', classes after their instances' : ''}, at every chunk size`, () => {
      const bytes = dump(classesLast);
      const whole = parseBytes(bytes);
      expect(whole.refBase).toBe(BASE);
      expect(whole.refUnit).toBe(8);
      expect(refsById(whole)).toEqual(expected);
      expect(whole.refIds.length).toBe(12);
      expect(whole.refWide.length).toBe(wideCount);
      expect(Array.from(whole.refIds).filter((v) => v === REF_WIDE).length).toBe(wideCount);
      for (const chunk of [1, 7, 64]) expect(parsedDigest(parseBytes(bytes, chunk))).toEqual(parsedDigest(whole));
    });
  }

  it('a heap dumped from its higher region first is rebased to its lowest id, leaving no wide entries', () => {
    // ParallelGC-like: the young generation (dumped first) 20 GB above the old one, which holds the classes.
    const old = 40 * GB;
    const young = 60 * GB;
    const holder = old + 0x10;
    const w = new HprofWriter(8);
    w.loadClass(old, 'java/lang/Object').loadClass(holder, 'demo/Holder');
    w.beginSegment().classDump({ id: old, superId: 0 }).classDump({ id: holder, superId: old, fields: THREE });
    w.instance(young, holder, [
      [2, old + 0x100],
      [2, young + 0x20],
      [2, old + 0x10],
    ]);
    w.instance(young + 0x20, holder, [
      [2, young],
      [2, 0],
      [2, old + 0x100],
    ]);
    w.instance(old + 0x100, holder, [
      [2, young + 0x20],
      [2, old + 0x100],
      [2, 0],
    ]);
    w.endSegment();
    for (const chunk of [1, 7, 1 << 20]) {
      const p = parseBytes(w.bytes(), chunk);
      expect(p.refBase).toBe(old);
      expect(p.refWide.length).toBe(0);
      expect(refsById(p)).toEqual(
        new Map([
          [young, [old + 0x100, young + 0x20, old + 0x10]],
          [young + 0x20, [young, old + 0x100]],
          [old + 0x100, [young + 0x20, old + 0x100]],
        ]),
      );
    }
  });

  it('a heap below 32 GB has refBase 0 and no wide entries', () => {
    const w = new HprofWriter(8);
    w.loadClass(OBJECT, 'java/lang/Object').loadClass(HOLDER, 'demo/Holder');
    w.beginSegment().classDump({ id: OBJECT, superId: 0 }).classDump({ id: HOLDER, superId: OBJECT, fields: THREE });
    const top = 32 * GB - 16; // the last slot below the marker
    w.instance(0x7_0000_0000, HOLDER, [
      [2, 0x1_0000_0000],
      [2, top],
      [2, 8],
    ]);
    w.endSegment();
    const p = parseBytes(w.bytes());
    expect(p.refBase).toBe(0);
    expect([...p.refIds]).toEqual([0x1_0000_0000 / 8, top / 8, 1]);
    expect(p.refWide.length).toBe(0);
  });

  it('4-byte ids are stored as they are; only 0xFFFFFFFF is wide', () => {
    const w = new HprofWriter(4);
    w.loadClass(OBJECT, 'java/lang/Object').loadClass(HOLDER, 'demo/Holder').loadClass(ARRAY, '[Ljava/lang/Object;');
    w.beginSegment().classDump({ id: OBJECT, superId: 0 }).classDump({ id: HOLDER, superId: OBJECT, fields: THREE });
    w.classDump({ id: ARRAY, superId: OBJECT });
    w.instance(0x1000, HOLDER, [
      [2, 0xffffffff],
      [2, 0x1001],
      [2, 0xfffffffe],
    ]);
    w.objectArray(0x1010, ARRAY, [0xffffffff, 0, 0x1000]);
    w.endSegment();
    for (const chunk of [1, 7, 1 << 20]) {
      const p = parseBytes(w.bytes(), chunk);
      expect(p.refUnit).toBe(1);
      expect([...p.refIds]).toEqual([REF_WIDE, 0x1001, 0xfffffffe, REF_WIDE, 0x1000]);
      expect([...p.refWide]).toEqual([0xffffffff, 0xffffffff]);
    }
  });

  it('the graph resolves wide references to their objects', async () => {
    const w = new HprofWriter(8);
    w.loadClass(OBJECT, 'java/lang/Object').loadClass(HOLDER, 'demo/Holder');
    w.beginSegment().classDump({ id: OBJECT, superId: 0 }).classDump({ id: HOLDER, superId: OBJECT, fields: THREE });
    // One root holding a compact, an odd and a far reference; each of those holds one below the base.
    w.instance(FIRST, HOLDER, [
      [2, FIRST + 0x20],
      [2, FIRST + 0x31],
      [2, FIRST + 40 * GB],
    ]);
    w.instance(0x2000, HOLDER, [
      [2, 0],
      [2, 0],
      [2, 0],
    ]);
    for (const id of [FIRST + 0x20, FIRST + 0x31, FIRST + 40 * GB]) {
      w.instance(id, HOLDER, [
        [2, 0x2000],
        [2, 0],
        [2, 0],
      ]);
    }
    w.root(0x01, FIRST, 0x77);
    w.root(0x05, OBJECT).root(0x05, HOLDER);
    w.endSegment();
    const a = await analyzeDump(memorySource(w.bytes(), 5), {});
    const g = a.graph;
    const succ = (id: number): number[] => {
      const v = g.findIndex(id);
      return Array.from(g.succ.subarray(g.succStart[v], g.succStart[v + 1]), (t) => g.idOf(t)).filter((t) => t !== HOLDER);
    };
    expect(succ(FIRST)).toEqual([FIRST + 0x20, FIRST + 0x31, FIRST + 40 * GB]);
    for (const id of [FIRST + 0x20, FIRST + 0x31, FIRST + 40 * GB]) expect(succ(id)).toEqual([0x2000]);
    expect(a.summary().objects).toBe(5 + 2 + 1); // five instances, two class objects; + the boot loader
  });
});
