// Generated dumps of classic leak shapes for the e2e specs, written with the project's HPROF writer.
import { HprofWriter } from '../src/core/testing/hprof-writer.ts';

const OBJ = 2; // HPROF basic type: object reference
const BYTE = 8;

/**
 * One app.Holder (a GC root) whose `items` field holds an Object[] of `a` app.A and `b` app.B objects; each A
 * holds a 64-byte byte[] in `payload` (so the A's retain more than the B's), each B nothing.
 */
export function fanOutDump(a: number, b: number): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const HOLDER = 0x120;
  const A = 0x130;
  const B = 0x140;
  const OBJECTS = 0x150;
  const BYTES = 0x160;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(HOLDER, 'app/Holder');
  w.loadClass(A, 'app/A');
  w.loadClass(B, 'app/B');
  w.loadClass(OBJECTS, '[Ljava/lang/Object;');
  w.loadClass(BYTES, '[B');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({
    id: HOLDER,
    superId: OBJECT,
    fields: [
      { name: 'items', type: OBJ },
      { name: 'name', type: OBJ },
    ],
  });
  w.classDump({ id: A, superId: OBJECT, fields: [{ name: 'payload', type: OBJ }] });
  w.classDump({ id: B, superId: OBJECT, fields: [{ name: 'id', type: 10 }] });
  w.classDump({ id: OBJECTS, superId: OBJECT });
  w.classDump({ id: BYTES, superId: OBJECT });
  const elements: number[] = [];
  for (let i = 0; i < a; i++) {
    const id = 0x10_0000 + i * 0x100;
    w.instance(id, A, [[OBJ, id + 0x40]]);
    w.primitiveArray(id + 0x40, BYTE, new Array<number>(64).fill(i & 0x7f));
    elements.push(id);
  }
  for (let i = 0; i < b; i++) {
    const id = 0x40_0000 + i * 0x100;
    w.instance(id, B, [[10, i]]);
    elements.push(id);
  }
  const ARRAY = 0x80_0000;
  const HOLDER_OBJ = 0x90_0000;
  w.objectArray(ARRAY, OBJECTS, elements);
  w.instance(HOLDER_OBJ, HOLDER, [
    [OBJ, ARRAY],
    [OBJ, 0],
  ]);
  for (const c of [OBJECT, CLASS, HOLDER, A, B, OBJECTS, BYTES]) w.root(0x05, c);
  w.root(0x01, HOLDER_OBJ, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}

/**
 * Two app.Holder GC roots, each holding (field `slots`) an Object[] of the same `entries` app.Entry objects, each
 * entry with a 2,000-byte payload. Every entry is a top-level dominator (neither holder alone frees it), and the
 * entries' shortest paths from the roots all run through the first holder's array.
 */
export function twoHoldersDump(entries: number): Uint8Array {
  const w = new HprofWriter(8);
  const [OBJECT, CLASS, ENTRY, HOLDER, OBJECTS] = [0x100, 0x110, 0x120, 0x130, 0x140];
  const entryId = (i: number) => 0x1_0000 + i * 0x10;
  const payloadId = (i: number) => 0x10_0000 + i * 0x1000;
  const [ARRAY_A, ARRAY_B, ROOT_A, ROOT_B] = [0x20_0000, 0x20_1000, 0x30_0000, 0x30_1000];
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(ENTRY, 'app/Entry');
  w.loadClass(HOLDER, 'app/Holder');
  w.loadClass(OBJECTS, '[Ljava/lang/Object;');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({ id: ENTRY, superId: OBJECT, fields: [{ name: 'payload', type: 2 }] });
  w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'slots', type: 2 }] });
  w.classDump({ id: OBJECTS, superId: OBJECT });
  for (let i = 0; i < entries; i++) {
    w.instance(entryId(i), ENTRY, [[2, payloadId(i)]]);
    w.primitiveArray(payloadId(i), 8, new Array<number>(2000).fill(i));
  }
  const all = Array.from({ length: entries }, (_, i) => entryId(i));
  w.objectArray(ARRAY_A, OBJECTS, all);
  w.objectArray(ARRAY_B, OBJECTS, all);
  w.instance(ROOT_A, HOLDER, [[2, ARRAY_A]]);
  w.instance(ROOT_B, HOLDER, [[2, ARRAY_B]]);
  for (const c of [OBJECT, CLASS, ENTRY, HOLDER, OBJECTS]) w.root(0x05, c);
  w.root(0x01, ROOT_A, 0);
  w.root(0x01, ROOT_B, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}
