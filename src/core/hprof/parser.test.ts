// The push parser on hand-built dumps: exact objects and references, every chunk size, classes after instances,
// Android records, 4-byte ids, and the typed errors for bad input.

import { describe, expect, it } from 'vitest';
import { FormatError, HeapdropError, LimitExceededError, TruncatedInputError, UnsupportedVersionError } from '../errors.ts';
import { HprofWriter } from '../testing/hprof-writer.ts';
import { parseBytes, parsedDigest } from '../testing/chunking.ts';
import { CLS, EXPECTED_REFS, OBJ, sampleDump, type SampleOptions } from '../testing/sample-dumps.ts';
import { decodeRefIds, type ParsedHeap } from '../model/parsed-heap.ts';

function refsById(p: ParsedHeap): Record<number, number[]> {
  const out: Record<number, number[]> = {};
  const ids = decodeRefIds(p);
  for (let o = 0; o < p.objectCount; o++) out[p.idByOrdinal[o]] = [...ids.subarray(p.refStart[o], p.refStart[o + 1])];
  return out;
}

function classNameOf(p: ParsedHeap, id: number): string {
  for (let o = 0; o < p.objectCount; o++) if (p.idByOrdinal[o] === id) return p.classes[p.classByOrdinal[o]].name;
  return '?';
}

const VARIANTS: [string, SampleOptions][] = [
  ['8-byte ids', { idSize: 8 }],
  ['4-byte ids', { idSize: 4 }],
  ['classes after instances', { classesLast: true }],
  ['classes after instances, 4-byte ids', { classesLast: true, idSize: 4 }],
  ['Android 1.0.3', { android: true, idSize: 4 }],
  ['1.0.1 HEAP DUMP record', { heapDumpRecord: true, version: '1.0.1' }],
];

describe('HprofParser on hand-built dumps', () => {
  for (const [label, options] of VARIANTS) {
    it(`${label}: objects, classes, references and roots`, () => {
      const { bytes } = sampleDump(options);
      const p = parseBytes(bytes);
      expect(p.truncated).toBe(false);
      expect(p.warnings).toEqual([]);
      expect(p.idSize).toBe(options.idSize ?? 8);
      const extra = options.android ? 1 : 0; // the NODATA array
      expect(p.objectCount).toBe(9 + extra);
      const refs = refsById(p);
      for (const [id, expected] of Object.entries(EXPECTED_REFS)) expect(refs[Number(id)], `refs of ${id}`).toEqual(expected);
      expect(classNameOf(p, OBJ.n3)).toBe('demo.Node$Sub');
      expect(classNameOf(p, OBJ.arr)).toBe('java.lang.Object[]');
      expect(classNameOf(p, OBJ.ints)).toBe('int[]');
      expect(classNameOf(p, OBJ.bytes)).toBe('byte[]');
      const node = p.classes[p.classIndexById.get(CLS.Node)!];
      expect(node.staticFields.map((f) => [f.name, f.value])).toEqual([
        ['count', 3],
        ['head', OBJ.n1],
        ['big', -5n],
        ['ratio', 0.5],
      ]);
      expect(node.instanceFields.map((f) => f.name)).toEqual(['value', 'next', 'weight']);
      expect(p.recordCounts['INSTANCE DUMP']).toBe(6);
      expect(p.recordCounts['CLASS DUMP']).toBe(9);
      expect(p.recordCounts['ROOT STICKY CLASS']).toBe(9);
      expect(p.recordCounts['ROOT JAVA FRAME']).toBe(1);
      expect(p.roots.count).toBe(17 + (options.android ? 7 : 0));
      const frame = [...p.roots.tags].indexOf(0x03);
      expect(p.roots.ids[frame]).toBe(OBJ.ints);
      expect(p.roots.threadSerials[frame]).toBe(1);
      // Offsets point at each object's sub-record tag.
      for (let o = 0; o < p.objectCount; o++) expect([0x21, 0x22, 0x23, 0xc3]).toContain(bytes[p.objectOffset(o)]);
      if (options.android) {
        for (const name of [
          'HEAP DUMP INFO',
          'ROOT INTERNED STRING',
          'ROOT FINALIZING',
          'ROOT DEBUGGER',
          'ROOT REFERENCE CLEANUP',
          'ROOT VM INTERNAL',
          'ROOT JNI MONITOR',
          'UNREACHABLE',
          'PRIMITIVE ARRAY NODATA',
        ]) {
          expect(p.recordCounts[name], name).toBe(1);
        }
        expect(p.format).toBe('JAVA PROFILE 1.0.3');
      }
    });

    it(`${label}: the same result at 1-byte and 7-byte chunks`, () => {
      const { bytes } = sampleDump(options);
      const whole = parsedDigest(parseBytes(bytes));
      expect(parsedDigest(parseBytes(bytes, 1))).toEqual(whole);
      expect(parsedDigest(parseBytes(bytes, 7))).toEqual(whole);
    });
  }

  it('creates a primitive array class missing from the dump, as MAT does', () => {
    const p = parseBytes(sampleDump({ noIntArrayClass: true }).bytes);
    const ci = p.classByOrdinal[[...p.idByOrdinal].indexOf(OBJ.ints)];
    expect(p.classes[ci].name).toBe('int[]');
    expect(p.classes[ci].synthetic).toBe(true);
    expect(p.classIndexById.get(p.classes[ci].id)).toBe(ci);
  });

  it('truncation at every record boundary: what was read, flagged when inside a heap dump', () => {
    const { bytes, writer } = sampleDump({ classesLast: true });
    const full = parseBytes(bytes);
    const offsets = full.objectCount;
    for (const cut of writer.boundaries) {
      const p = parseBytes(bytes.subarray(0, cut));
      let before = 0;
      for (let o = 0; o < offsets; o++) if (full.objectOffset(o) < cut) before++;
      expect(p.objectCount, `cut at ${cut}`).toBe(before);
      if (p.truncated) expect(p.warnings.some((w) => w.includes(`byte offset ${cut}`))).toBe(true);
      // the 7-byte chunking agrees on the prefix too
      expect(parsedDigest(parseBytes(bytes.subarray(0, cut), 7))).toEqual(parsedDigest(p));
    }
  });

  it('truncation at every byte never throws past the header', () => {
    const { bytes } = sampleDump({ idSize: 4 });
    const headerEnd = 'JAVA PROFILE 1.0.2'.length + 13;
    for (let cut = 0; cut <= bytes.length; cut++) {
      if (cut === 0) expect(() => parseBytes(bytes.subarray(0, 0))).toThrow(FormatError);
      else if (cut < headerEnd) expect(() => parseBytes(bytes.subarray(0, cut)), `cut ${cut}`).toThrow(TruncatedInputError);
      else {
        const p = parseBytes(bytes.subarray(0, cut));
        expect(p.bytesRead).toBe(cut);
      }
    }
  });
});

describe('records and large arrays', () => {
  it('counts every top-level record type by name', () => {
    const w = new HprofWriter(4, '1.0.1');
    w.loadClass(0x100, 'java/lang/Object');
    w.record(0x03, new Uint8Array(4)); // UNLOAD CLASS: u4 serial
    w.record(0x06, new Uint8Array(34)); // ALLOC SITES (header only)
    w.record(0x07, new Uint8Array(24)); // HEAP SUMMARY
    w.startThread(1, 0x500, 'main');
    w.record(0x0b, new Uint8Array(4)); // END THREAD
    w.record(0x0d, new Uint8Array(8)); // CPU SAMPLES: u4 total, u4 count 0
    w.record(0x0e, new Uint8Array(6)); // CONTROL SETTINGS
    w.stackFrame(0x9000, 'run', 1, 3);
    w.stackTrace(1, 1, [0x9000]);
    w.beginSegment(0x0c).classDump({ id: 0x100, superId: 0 }).endSegment();
    w.heapDumpEnd();
    const p = parseBytes(w.bytes(), 3);
    expect(p.recordCounts).toMatchObject({
      'LOAD CLASS': 1,
      'UNLOAD CLASS': 1,
      'ALLOC SITES': 1,
      'HEAP SUMMARY': 1,
      'START THREAD': 1,
      'END THREAD': 1,
      'CPU SAMPLES': 1,
      'CONTROL SETTINGS': 1,
      'STACK FRAME': 1,
      'STACK TRACE': 1,
      'HEAP DUMP': 1,
      'HEAP DUMP END': 1,
      'CLASS DUMP': 1,
    });
    expect(p.classes[0].name).toBe('java.lang.Object');
  });

  it('a large object array is decoded across 1-byte chunks and a large primitive array skipped', () => {
    const w = new HprofWriter(8);
    w.loadClass(0x100, 'java/lang/Object').loadClass(0x110, '[Ljava/lang/Object;').loadClass(0x120, '[J');
    w.beginSegment();
    w.classDump({ id: 0x100, superId: 0 }).classDump({ id: 0x110, superId: 0x100 }).classDump({ id: 0x120, superId: 0x100 });
    const elements = Array.from({ length: 3000 }, (_, i) => (i % 5 === 0 ? 0 : 0x100000 + i * 8));
    w.primitiveArray(
      0x1000,
      11,
      Array.from({ length: 5000 }, (_, i) => BigInt(i)),
    );
    w.objectArray(0x2000, 0x110, elements);
    w.endSegment();
    const bytes = w.bytes();
    for (const chunk of [1, 7, 4096]) {
      const p = parseBytes(bytes, chunk);
      expect(p.objectCount).toBe(2);
      expect(p.arrayLengthByOrdinal[0]).toBe(5000);
      expect(p.classes[p.classByOrdinal[0]].name).toBe('long[]');
      expect([...decodeRefIds(p).subarray(p.refStart[1], p.refStart[2])]).toEqual(elements.filter((e) => e !== 0));
    }
  });
});

describe('bad input', () => {
  const expectError = <T extends HeapdropError>(bytes: Uint8Array, type: new (...a: never[]) => T, text?: RegExp): T => {
    let caught: unknown;
    try {
      parseBytes(bytes);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(type);
    if (text) expect((caught as Error).message).toMatch(text);
    return caught as T;
  };

  it('empty, random and non-HPROF files', () => {
    expectError(new Uint8Array(0), FormatError, /empty/);
    expectError(new TextEncoder().encode('PK\u0003\u0004 not a heap dump at all'), FormatError, /JAVA PROFILE/);
    let seed = 7;
    const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    expectError(random, FormatError);
  });

  it('unsupported version and id size', () => {
    expectError(new HprofWriter(8, '1.0.9').bytes(), UnsupportedVersionError, /1\.0\.9/);
    const b = new HprofWriter(8).bytes();
    b[b.indexOf(0) + 4] = 6; // id size 6
    expectError(b, FormatError, /identifier size 6/);
  });

  it('an array length beyond its segment is a FormatError naming the offset, never an allocation', () => {
    const w = new HprofWriter(8);
    w.beginSegment().primitiveArray(0x1000, 10, [1, 2], 0xfffffff0).endSegment();
    const e = expectError(w.bytes(), FormatError, /PRIMITIVE ARRAY DUMP .* runs past the end/);
    expect(e.offset).toBe(w.boundaries[1]);
    const w2 = new HprofWriter(4);
    w2.beginSegment().objectArray(0x1000, 0x100, [1], 0x7fffffff).endSegment();
    expectError(w2.bytes(), FormatError, /OBJECT ARRAY DUMP/);
    const w3 = new HprofWriter(8);
    w3.beginSegment()
      .instance(0x1000, 0x100, [[10, 1]], 0xffffff00)
      .endSegment();
    expectError(w3.bytes(), FormatError, /INSTANCE DUMP/);
  });

  it('a top-level record longer than the file is a truncated dump, not an error', () => {
    const w = new HprofWriter(8);
    w.loadClass(0x100, 'java/lang/Object');
    w.record(0x0d, new Uint8Array(10), 0x7ffffff0);
    const p = parseBytes(w.bytes());
    expect(p.truncated).toBe(true);
    expect(p.warnings.join()).toMatch(/truncated/);
  });

  it('an id of 2^53 or more is a FormatError with its offset', () => {
    const w = new HprofWriter(8);
    w.beginSegment()
      .root(0x05, 2 ** 53)
      .endSegment();
    const e = expectError(w.bytes(), FormatError, /2\^53/);
    expect(e.offset).toBe(w.boundaries[0] + 9 + 1);
  });

  it('an unknown heap sub-record tag is a FormatError with the tag; an unknown record is skipped with a warning', () => {
    const w = new HprofWriter(8);
    w.record(0x55, new Uint8Array(3));
    w.beginSegment()
      .rawSub(new Uint8Array([0x77, 1, 2, 3]))
      .endSegment();
    const e = expectError(w.bytes(), FormatError, /0x77/);
    expect(e.tag).toBe(0x77);
    const w2 = new HprofWriter(8);
    w2.record(0x55, new Uint8Array(3));
    const p = parseBytes(w2.bytes());
    expect(p.warnings).toEqual([
      '1 record with the unknown tag 0x55 (the first at byte offset 31) skipped by its declared length: 12 bytes not analysed, so the results may be incomplete',
    ]);
    expect(p.truncated).toBe(false);
  });

  it('instances waiting for their class are bounded', () => {
    const w = new HprofWriter(8);
    w.beginSegment();
    for (let i = 0; i < 100; i++)
      w.instance(0x1000 + i * 16, 0x999, [
        [11, 1n],
        [11, 2n],
      ]);
    w.endSegment();
    const parser = () => {
      // 100 pending instances of 16 bytes each exceed a 1,000-byte allowance
      return import('./parser.ts').then(({ HprofParser }) => {
        const p = new HprofParser({ maxPendingBytes: 1000 });
        p.push(w.bytes());
        return p.finish();
      });
    };
    return expect(parser()).rejects.toBeInstanceOf(LimitExceededError);
  });
});
