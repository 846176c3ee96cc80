// Damaged dumps, built with the HPROF writer: each kind of damage gets its exact diagnosis (the record, its
// offset, what was expected and found), and what was read before the damage is kept.

import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors.ts';
import { HprofWriter } from '../testing/hprof-writer.ts';
import { parseBytes } from '../testing/chunking.ts';
import { HprofParser } from './parser.ts';
import { CLASS_STATIC_STORAGE } from '../model/parsed-heap.ts';

const OBJECT = 0x100;
const HOLDER = 0x200;

/** java.lang.Object, a class Holder with one long field, and `n` Holder instances per segment, in `segments` segments. */
function dump(segments: number, n: number): { bytes: Uint8Array; w: HprofWriter; segmentStarts: number[] } {
  const w = new HprofWriter(8);
  w.loadClass(OBJECT, 'java/lang/Object').loadClass(HOLDER, 'Holder');
  w.string('value');
  const segmentStarts: number[] = [];
  let id = 0x10000;
  for (let s = 0; s < segments; s++) {
    segmentStarts.push(w.out.length);
    w.beginSegment();
    if (s === 0) {
      w.classDump({ id: OBJECT, superId: 0 });
      w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'value', type: 11 }] });
      w.root(0x05, OBJECT).root(0x05, HOLDER);
    }
    for (let i = 0; i < n; i++, id += 0x20) w.instance(id, HOLDER, [[11, BigInt(i)]]).root(0xff, id);
    w.endSegment();
  }
  w.heapDumpEnd();
  return { bytes: w.bytes(), w, segmentStarts };
}

function setU4(bytes: Uint8Array, at: number, v: number): void {
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(at, v);
}

describe('damaged dumps: the record at fault, and what came before', () => {
  it('a segment length corrupted to 0xFFFFFFF0 is blamed (not the next record read as a sub-record); what came before is kept', () => {
    const { bytes, segmentStarts } = dump(3, 4);
    const [first, second] = segmentStarts;
    setU4(bytes, first + 5, 0xfffffff0);
    for (const chunk of [bytes.length, 7, 1]) {
      const p = parseBytes(bytes, chunk);
      expect(p.objectCount).toBe(4);
      expect(p.truncated).toBe(true);
      expect(p.damage).toEqual({
        offset: second,
        lostBytes: bytes.length - second,
        message:
          `the HEAP DUMP SEGMENT record at byte offset ${first} declares a length of 4,294,967,280 bytes, past the end of the ` +
          `dump (${bytes.length.toLocaleString('en-US')} bytes): its length field is corrupt. Its sub-records read as expected up to ` +
          `byte offset ${second}, where unknown heap sub-record tag 0x1c inside the HEAP DUMP SEGMENT record at byte offset ${first}; ` +
          'expected a heap sub-record tag (roots 0x01-0x08 and 0xff, CLASS DUMP 0x20, INSTANCE DUMP 0x21, OBJECT ARRAY DUMP 0x22, ' +
          'PRIMITIVE ARRAY DUMP 0x23, Android 0x89-0x90, 0xc3, 0xfe) (0x1c is the tag of a top-level HEAP DUMP SEGMENT record) ' +
          `(at byte offset ${second})`,
      });
      const lost = bytes.length - second;
      expect(p.warnings).toEqual([
        `dump damaged: ${p.damage!.message}. Showing what was read before byte offset ${second}; the ${lost} bytes after it ` +
          `(${((100 * lost) / bytes.length).toFixed(1)}% of the dump) were not read`,
      ]);
    }
  });

  it('a segment length too short, ending on a sub-record, is blamed on that segment', () => {
    const { bytes, w, segmentStarts } = dump(2, 4);
    const first = segmentStarts[0];
    // The segment's last two sub-records (an instance and its root) are left outside its declared length.
    const inFirst = w.boundaries.filter((b) => b > first && b < segmentStarts[1]);
    const cutAt = inFirst[inFirst.length - 2];
    setU4(bytes, first + 5, cutAt - first - 9);
    const p = parseBytes(bytes);
    expect(p.objectCount).toBe(3);
    expect(p.damage?.offset).toBe(cutAt);
    expect(p.damage?.message).toBe(
      `HEAP DUMP SEGMENT record at byte offset ${first} declares a length of ${cutAt - first - 9} bytes, but a heap ` +
        'sub-record (INSTANCE DUMP, tag 0x21) follows its end: the declared length is too short; expected a top-level ' +
        `record tag there (at byte offset ${cutAt})`,
    );
  });

  it('an unknown top-level record is skipped by its length, with a warning counting the bytes skipped', () => {
    const w = new HprofWriter(8);
    w.loadClass(OBJECT, 'java/lang/Object');
    const first = w.out.length;
    w.record(0x55, new Uint8Array(1000));
    w.record(0x55, new Uint8Array(24));
    w.record(0x66, new Uint8Array(0));
    w.beginSegment().classDump({ id: OBJECT, superId: 0 }).endSegment();
    const p = parseBytes(w.bytes());
    expect(p.truncated).toBe(false);
    expect(p.damage).toBeUndefined();
    expect(p.classes.length).toBe(1);
    expect(p.warnings).toEqual([
      `2 records with the unknown tag 0x55 (the first at byte offset ${first}) skipped by their declared length: 1,042 bytes not analysed, so the results may be incomplete`,
      `1 record with the unknown tag 0x66 (the first at byte offset ${first + 1042}) skipped by its declared length: 9 bytes not analysed, so the results may be incomplete`,
    ]);
  });

  it('a structural error before anything was read is still an error (nothing to offer)', () => {
    const w = new HprofWriter(8);
    w.beginSegment()
      .rawSub(new Uint8Array([0x77, 1, 2, 3]))
      .endSegment();
    expect(() => parseBytes(w.bytes())).toThrow(FormatError);
  });

  it('a bad element type names the record, what was expected and found', () => {
    const w = new HprofWriter(8);
    w.loadClass(OBJECT, 'java/lang/Object');
    w.beginSegment().classDump({ id: OBJECT, superId: 0 }).instance(0x1000, OBJECT, []);
    const at = w.out.length + 9; // not yet placed: the segment's body starts after its 9-byte record header
    w.rawSub(new Uint8Array([0x23, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3])).endSegment();
    const p = parseBytes(w.bytes());
    expect(p.objectCount).toBe(1);
    expect(p.damage?.message).toMatch(
      /^PRIMITIVE ARRAY DUMP at byte offset \d+ has element type 3; expected a primitive BasicType \(4-11\)/,
    );
    expect(at).toBeGreaterThan(0);
  });
});

describe('truncation in every record kind: the warning names the record the input ends inside', () => {
  const w = new HprofWriter(8);
  w.loadClass(OBJECT, 'java/lang/Object').loadClass(0x300, '[LHolder;');
  w.string('value'); // the field name, before the segment starts
  w.string('Holder');
  const utf8At = w.out.length;
  w.string('a name long enough to be cut');
  const loadAt = w.out.length;
  w.loadClass(HOLDER, 'Holder');
  const segAt = w.out.length;
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'value', type: 11 }] });
  w.classDump({ id: 0x300, superId: OBJECT });
  w.instance(0x1000, HOLDER, [[11, 7n]]);
  w.objectArray(0x2000, 0x300, [0x1000, 0x1000, 0x1000, 0x1000]);
  w.primitiveArray(0x3000, 10, [1, 2, 3, 4, 5, 6]);
  w.root(0x05, OBJECT);
  w.endSegment();
  const bytes = w.bytes();
  const body = segAt + 9;
  const subs = w.boundaries.filter((b) => b >= body);
  const [classAt, holderAt, , instanceAt, arrayAt, primAt, rootAt] = subs;
  const segLength = bytes.length - body;
  const seg = `in the HEAP DUMP SEGMENT record at byte offset ${segAt} (declared length ${segLength} bytes, to byte offset ${bytes.length})`;
  const cases: [string, number, string][] = [
    ['UTF8', utf8At + 12, `UTF8 at byte offset ${utf8At} (12 bytes of it read)`],
    ['LOAD CLASS', loadAt + 20, `LOAD CLASS at byte offset ${loadAt} (20 bytes of it read)`],
    ['segment header', segAt + 5, `HEAP DUMP SEGMENT at byte offset ${segAt} (5 bytes of it read)`],
    ['CLASS DUMP', classAt + 10, `CLASS DUMP at byte offset ${classAt} (10 bytes of it read) ${seg}`],
    ['CLASS DUMP with fields', holderAt + 60, `CLASS DUMP at byte offset ${holderAt} (60 bytes of it read) ${seg}`],
    ['INSTANCE DUMP', instanceAt + 26, `INSTANCE DUMP at byte offset ${instanceAt} (26 bytes of it read) ${seg}`],
    ['OBJECT ARRAY DUMP', arrayAt + 25 + 12, `the OBJECT ARRAY DUMP at byte offset ${arrayAt} (3 elements not read)`],
    [
      'PRIMITIVE ARRAY DUMP',
      primAt + 20,
      `the PRIMITIVE ARRAY DUMP record at byte offset ${primAt} (declared to end at byte offset ${primAt + 18 + 24})`,
    ],
    ['root', rootAt + 3, `ROOT STICKY CLASS at byte offset ${rootAt} (3 bytes of it read) ${seg}`],
    [
      'between sub-records',
      primAt,
      `the HEAP DUMP SEGMENT record at byte offset ${segAt} (declared length ${segLength} bytes, to byte offset ${bytes.length})`,
    ],
  ];
  for (const [kind, cut, where] of cases) {
    it(kind, () => {
      for (const chunk of [cut, 7, 1]) {
        const p = parseBytes(bytes.subarray(0, cut), chunk);
        expect(p.truncated).toBe(true);
        expect(p.warnings).toEqual([`dump truncated: the input ends at byte offset ${cut} inside ${where}; showing what was read`]);
      }
    });
  }
});

describe('Android records, hand-built', () => {
  it('ART root kinds are named, NODATA arrays are objects without data, heaps and class static storage kept', async () => {
    const { analyzeParsed } = await import('../analysis.ts');
    const { matSizeModel } = await import('../graph/size-model.ts');
    const w = new HprofWriter(4, '1.0.3');
    w.loadClass(OBJECT, 'java.lang.Object').loadClass(HOLDER, 'Holder').loadClass(0x300, 'byte[]');
    w.string('value');
    w.beginSegment();
    w.heapDumpInfo(0x5a, 'zygote');
    w.classDump({ id: OBJECT, superId: 0 });
    w.classDump({ id: 0x300, superId: OBJECT });
    w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'value', type: 2 }] });
    w.primitiveArray(HOLDER + 1, 8, [1, 2, 3, 4, 5, 6, 7, 8]); // the class's static storage
    w.heapDumpInfo(0x41, 'app');
    w.instance(0x1000, HOLDER, [[2, 0x2000]]);
    w.primitiveArrayNoData(0x2000, 10, 1000);
    const kinds = [0x89, 0x8a, 0x8b, 0x8c, 0x8d];
    kinds.forEach((tag, i) => w.root(tag, 0x3000 + i * 16));
    for (let i = 0; i < kinds.length; i++) w.instance(0x3000 + i * 16, OBJECT, []);
    w.root(0x8e, 0x1000, 1, 0);
    w.root(0x05, OBJECT).root(0x05, HOLDER).root(0x05, 0x300);
    w.endSegment();
    const bytes = w.bytes();
    for (const chunk of [bytes.length, 7, 1]) {
      const p = parseBytes(bytes, chunk);
      expect(p.recordCounts['PRIMITIVE ARRAY NODATA']).toBe(1);
      expect(p.heaps?.names).toEqual(['zygote', 'app']);
      expect(p.classOverhead).toMatchObject({ arrays: 1, bytes: 8 });
    }
    const a = await analyzeParsed(parseBytes(bytes), matSizeModel, {});
    const s = a.summary();
    expect(s.gcRootsByType).toMatchObject({
      'Interned String': 1,
      Finalizable: 1,
      Debugger: 1,
      'Reference Cleanup': 1,
      'VM Internal': 1,
      'JNI Monitor': 1,
    });
    const nodata = a.histogram().find((h) => h.className === 'int[]');
    expect(nodata?.instances).toBe(1);
    expect(nodata?.shallowBytes).toBe(4016); // 1,000 ints and a 12-byte header, as if the data were there
    expect(s.heaps?.map((h) => [h.name, h.objects])).toEqual([
      ['zygote', 4],
      ['app', 7],
    ]);
    const storage = a.histogram().find((h) => h.className === CLASS_STATIC_STORAGE);
    expect(storage?.instances).toBe(1);
    expect(storage?.byHeap?.[0].instances).toBe(1);
  });
});

describe('several heap dumps in one file, hand-built (the old hprof agent writes them)', () => {
  /** Two dumps of the same heap, each a run of segments closed by HEAP DUMP END; the second has `more` more
   *  instances, with the same ids as the first for the ones both have. Or each one HEAP DUMP record (tag 0x0c). */
  function twoDumps(more: number, tag: 0x1c | 0x0c): Uint8Array {
    const w = new HprofWriter(8);
    w.loadClass(OBJECT, 'java/lang/Object').loadClass(HOLDER, 'Holder');
    w.string('value');
    for (const n of [3, 3 + more]) {
      w.beginSegment(tag);
      w.classDump({ id: OBJECT, superId: 0 });
      w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'value', type: 11 }] });
      w.root(0x05, OBJECT).root(0x05, HOLDER);
      for (let i = 0; i < n; i++) w.instance(0x10000 + i * 0x20, HOLDER, [[11, BigInt(i)]]).root(0xff, 0x10000 + i * 0x20);
      w.endSegment();
      if (tag === 0x1c) w.heapDumpEnd();
    }
    return w.bytes();
  }
  const said = (n: number, why: string) => `this file holds 2 heap dumps; dump ${n} of 2 is analysed (${why})`;
  const last = said(
    2,
    'the last, the most recent state of the heap: each dump is a whole heap of its own, and merging them would show a heap that never existed',
  );

  for (const tag of [0x1c, 0x0c] as const) {
    it(`${tag === 0x1c ? 'segments closed by HEAP DUMP END' : 'HEAP DUMP records'}: the last is analysed alone, with one warning; the first on request`, () => {
      const bytes = twoDumps(4, tag);
      for (const chunk of [bytes.length, 7, 1]) {
        const p = parseBytes(bytes, chunk);
        expect(p.objectCount).toBe(7); // the second dump's instances only: no id read twice
        expect(p.warnings).toEqual([last]);
        expect(p.dumps).toEqual({ count: 2, analysed: 2 });
      }
      const parser = new HprofParser({ dump: 1 });
      parser.push(bytes);
      const first = parser.finish();
      expect(first.objectCount).toBe(3);
      expect(first.warnings).toEqual([said(1, 'as asked')]);
      const third = new HprofParser({ dump: 3 });
      third.push(bytes);
      expect(() => third.finish()).toThrow('heap dump 3 was asked for, but the file holds 2 heap dumps');
    });
  }
});

describe('an object id of 2^53 or more: the record that holds it and where', () => {
  const TOO_BIG = 2 ** 53;
  const REF = 0x400;
  const ARRAY_CLASS = 0x300;

  /** A dump with a class Node (one reference field), `before` good Nodes, then whatever `bad` writes. */
  function build(bad: (w: HprofWriter) => void, before = 2): { bytes: Uint8Array; start: number } {
    const w = new HprofWriter(8);
    w.loadClass(OBJECT, 'java/lang/Object').loadClass(REF, 'Node').loadClass(ARRAY_CLASS, '[Ljava/lang/Object;');
    w.string('next');
    w.beginSegment();
    w.classDump({ id: OBJECT, superId: 0 });
    w.classDump({ id: REF, superId: OBJECT, fields: [{ name: 'next', type: 2 }] });
    w.classDump({ id: ARRAY_CLASS, superId: OBJECT });
    w.root(0x05, OBJECT).root(0x05, REF);
    for (let i = 0; i < before; i++) w.instance(0x10000 + i * 0x20, REF, [[2, 0]]).root(0xff, 0x10000 + i * 0x20);
    bad(w);
    if (w.boundaries.length > 0) w.endSegment();
    w.heapDumpEnd();
    return { bytes: w.bytes(), start: w.boundaries.at(-2)! }; // the bad record: the last sub-record, before HEAP DUMP END
  }

  /** The diagnosis: thrown when nothing was read before, else the parse's damage. */
  function diagnosis(bytes: Uint8Array, chunk?: number): { message: string; offset: number } {
    try {
      const p = parseBytes(bytes, chunk);
      expect(p.damage).toBeDefined();
      return p.damage!;
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      return { message: (e as FormatError).message, offset: (e as FormatError).offset! };
    }
  }

  it.each([
    // [what, writes the bad sub-record, the id's position from the record's start]
    ['ROOT STICKY CLASS', (w: HprofWriter) => w.root(0x05, TOO_BIG), 1],
    ['CLASS DUMP', (w: HprofWriter) => w.classDump({ id: 0x500, superId: TOO_BIG }), 1 + 8 + 4],
    ['INSTANCE DUMP', (w: HprofWriter) => w.instance(0x20000, REF, [[2, TOO_BIG]]), 1 + 8 + 4 + 8 + 4],
    ['INSTANCE DUMP', (w: HprofWriter) => w.instance(0x20000, TOO_BIG, []), 1 + 8 + 4],
    ['OBJECT ARRAY DUMP', (w: HprofWriter) => w.objectArray(0x20000, ARRAY_CLASS, [0x10000, 0, TOO_BIG]), 1 + 8 + 4 + 4 + 8 + 2 * 8],
    ['OBJECT ARRAY DUMP', (w: HprofWriter) => w.objectArray(TOO_BIG, ARRAY_CLASS, []), 1],
  ] as const)('%s names itself and its offset (id %#)', (name, bad, idAt) => {
    const { bytes, start } = build(bad);
    // Whole, and in 7-byte chunks (the slow path and records split across chunks).
    for (const chunk of [bytes.length, 7]) {
      const d = diagnosis(bytes, chunk);
      expect(d.message).toContain(
        `${name} at byte offset ${start} holds an object id of 2^53 or more at byte offset ${start + idAt}; ids are read exactly only below 2^53`,
      );
      expect(d.offset).toBe(start + idAt);
    }
  });

  it('an instance reference read on the fast path (after many instances of its class) names its record', () => {
    const { bytes, start } = build((w) => w.instance(0x20000, REF, [[2, TOO_BIG]]), 50);
    const d = diagnosis(bytes);
    expect(d.offset).toBe(start + 25);
    expect(d.message).toMatch(
      new RegExp(`^INSTANCE DUMP at byte offset ${start} holds an object id of 2\\^53 or more at byte offset ${start + 25}`),
    );
  });

  it('top-level records (LOAD CLASS, STACK FRAME) are named with their offset', () => {
    const w = new HprofWriter(8);
    w.loadClass(TOO_BIG, 'Big');
    const start = w.boundaries.at(-1)!;
    expect(() => parseBytes(w.heapDumpEnd().bytes())).toThrow(
      `LOAD CLASS at byte offset ${start} holds an object id of 2^53 or more at byte offset ${start + 9 + 4}`,
    );
    const w2 = new HprofWriter(8);
    w2.loadClass(OBJECT, 'java/lang/Object');
    w2.stackFrame(TOO_BIG, 'run', 1, 1);
    const frame = w2.boundaries.at(-1)!;
    expect(() => parseBytes(w2.heapDumpEnd().bytes())).toThrow(
      `STACK FRAME at byte offset ${frame} holds an object id of 2^53 or more at byte offset ${frame + 9}`,
    );
  });
});
