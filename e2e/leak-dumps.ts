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
 * One app.ListHolder (a GC root) whose `head` starts a linked list of `length` app.ListNode (`next`), the last
 * node holding a 1,000-byte byte[] in `payload`.
 */
export function linkedListDump(length: number): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const HOLDER = 0x120;
  const NODE = 0x130;
  const BYTES = 0x140;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(HOLDER, 'app/ListHolder');
  w.loadClass(NODE, 'app/ListNode');
  w.loadClass(BYTES, '[B');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'head', type: OBJ }] });
  w.classDump({
    id: NODE,
    superId: OBJECT,
    fields: [
      { name: 'next', type: OBJ },
      { name: 'payload', type: OBJ },
    ],
  });
  w.classDump({ id: BYTES, superId: OBJECT });
  const nodeId = (i: number) => 0x10_0000 + i * 0x20;
  const PAYLOAD = 0x80_0000;
  for (let i = 0; i < length; i++) {
    const last = i === length - 1;
    w.instance(nodeId(i), NODE, [
      [OBJ, last ? 0 : nodeId(i + 1)],
      [OBJ, last ? PAYLOAD : 0],
    ]);
  }
  w.primitiveArray(PAYLOAD, BYTE, new Array<number>(1000).fill(7));
  const HOLDER_OBJ = 0x90_0000;
  w.instance(HOLDER_OBJ, HOLDER, [[OBJ, nodeId(0)]]);
  for (const c of [OBJECT, CLASS, HOLDER, NODE, BYTES]) w.root(0x05, c);
  w.root(0x01, HOLDER_OBJ, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}
