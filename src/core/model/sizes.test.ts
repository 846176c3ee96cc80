// MAT's size model on hand-built dumps: the three reference layouts (4-byte ids, 8-byte compressed, 8-byte
// uncompressed), per-level rounding, array formulas, statics-only class objects, and the histogram over them.

import { describe, expect, it } from 'vitest';
import { classHistogram } from '../histogram.ts';
import { parseBytes } from '../testing/chunking.ts';
import { HprofWriter } from '../testing/hprof-writer.ts';
import { sizeModel } from './sizes.ts';

const OBJECT = 0x100;
const A = 0x110;
const B = 0x120;
const OBJ_ARRAY = 0x130;
const INT_ARRAY = 0x140;

/** Object arrays at 0x1000 and `secondArrayAt`; compressed references are detected when that is < 0x1000+16+8*4. */
function dump(idSize: 4 | 8, secondArrayAt: number) {
  const w = new HprofWriter(idSize);
  w.loadClass(OBJECT, 'java/lang/Object').loadClass(A, 'demo/A').loadClass(B, 'demo/B');
  w.loadClass(OBJ_ARRAY, '[Ljava/lang/Object;').loadClass(INT_ARRAY, '[I').loadClass(0x150, 'java/lang/Class');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: 0x150, superId: OBJECT });
  w.classDump({
    id: A,
    superId: OBJECT,
    fields: [
      { name: 'a', type: 10 },
      { name: 'r', type: 2 },
    ],
    statics: [
      { name: 'S1', type: 10, value: 1 },
      { name: 'S2', type: 2, value: 0 },
      { name: 'S3', type: 11, value: 2n },
    ],
  });
  w.classDump({ id: B, superId: A, fields: [{ name: 'b', type: 8 }] });
  w.classDump({ id: OBJ_ARRAY, superId: OBJECT });
  w.classDump({ id: INT_ARRAY, superId: OBJECT });
  w.objectArray(0x1000, OBJ_ARRAY, [0, 0, 0, 0]);
  w.objectArray(secondArrayAt, OBJ_ARRAY, [0, 0, 0, 0]);
  w.instance(0x2000, A, [
    [10, 1],
    [2, 0],
  ]);
  w.instance(0x2008, B, [
    [8, 1],
    [10, 1],
    [2, 0],
  ]);
  w.primitiveArray(0x2010, 10, [1, 2, 3]);
  w.primitiveArray(0x2018, 10, []);
  w.endSegment();
  return parseBytes(w.bytes());
}

describe('MAT size model', () => {
  const cases = [
    // label, idSize, second array address, compressed, Object, A, B, Object[4], int[3], int[0], class A
    ['8-byte ids, compressed references', 8, 0x1018, true, 16, 24, 24, 32, 32, 16, 16],
    ['8-byte ids, uncompressed', 8, 0x1800, false, 16, 32, 40, 56, 40, 24, 24],
    ['4-byte ids', 4, 0x1018, false, 8, 16, 24, 32, 24, 16, 16],
  ] as const;
  for (const [label, idSize, second, compressed, object, a, b, objArray, ints, noInts, classA] of cases) {
    it(label, () => {
      const parsed = dump(idSize, second);
      expect(parsed.compressedRefs).toBe(compressed);
      expect(parsed.alignment).toBe(8);
      const sizes = sizeModel(parsed);
      const ci = (id: number) => parsed.classIndexById.get(id)!;
      expect(sizes.instanceSizeByClass[ci(OBJECT)]).toBe(object);
      expect(sizes.instanceSizeByClass[ci(A)]).toBe(a);
      expect(sizes.instanceSizeByClass[ci(B)]).toBe(b);
      expect(sizes.arrayShallowSize(2, 4)).toBe(objArray);
      expect(sizes.arrayShallowSize(10, 3)).toBe(ints);
      expect(sizes.arrayShallowSize(10, 0)).toBe(noInts);
      expect(sizes.classObjectSizeByClass[ci(A)]).toBe(classA);
      expect(sizes.classObjectSizeByClass[ci(B)]).toBe(0);
      // per-ordinal sizes agree with the per-class and per-array functions
      expect(Array.from({ length: parsed.objectCount }, (_, o) => sizes.shallowSize(o))).toEqual([objArray, objArray, a, b, ints, noInts]);

      const rows = classHistogram(parsed, sizes);
      const row = (name: string) => rows.find((r) => r.className === name)!;
      expect(row('java.lang.Object[]')).toMatchObject({ instances: 2, shallowBytes: 2 * objArray });
      expect(row('int[]')).toMatchObject({ instances: 2, shallowBytes: ints + noInts });
      expect(row('java.lang.Class')).toMatchObject({ instances: 6, shallowBytes: classA });
      expect(rows.map((r) => r.shallowBytes)).toEqual([...rows.map((r) => r.shallowBytes)].sort((x, y) => y - x));

      // With masks: only kept objects and kept class objects count.
      const kept = new Uint8Array(parsed.objectCount);
      kept[2] = 1; // the A instance
      const keptByClass = new Uint8Array(parsed.classes.length);
      keptByClass[ci(A)] = 1;
      keptByClass[ci(0x150)] = 1;
      const masked = classHistogram(parsed, sizes, kept, { keptByClass, pseudoLoader: false });
      expect(masked.map((r) => [r.className, r.instances, r.shallowBytes])).toEqual([
        ['demo.A', 1, a],
        ['java.lang.Class', 2, classA],
      ]);
    });
  }
});
