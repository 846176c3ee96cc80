// Hand-built dumps with a known object graph, for reader tests (see hprof-writer.ts).

import { HprofWriter } from './hprof-writer.ts';

export const CLS = {
  Object: 0x100,
  Class: 0x110,
  String: 0x120,
  Node: 0x130,
  SubNode: 0x140,
  ObjectArray: 0x150,
  IntArray: 0x160,
  ByteArray: 0x170,
  Thread: 0x180,
};

export const OBJ = {
  n1: 0x1000,
  n2: 0x1020,
  n3: 0x1040, // SubNode
  arr: 0x1060,
  ints: 0x1080,
  bytes: 0x10a0,
  str: 0x10c0,
  thread: 0x10e0,
  lonely: 0x1100, // SubNode with nulls only
};

export interface SampleOptions {
  idSize?: 4 | 8;
  version?: string;
  /** Put every CLASS DUMP in a segment after the instances and arrays. */
  classesLast?: boolean;
  /** Android extras: HEAP DUMP INFO, Android roots, PRIMITIVE ARRAY NODATA. */
  android?: boolean;
  /** Omit the CLASS DUMP (not the LOAD CLASS) for int[]: the reader must create the class. */
  noIntArrayClass?: boolean;
  /** Use the 1.0.1 style single HEAP DUMP record instead of segments. */
  heapDumpRecord?: boolean;
}

/** Expected non-null references by object id, in dump order. */
export const EXPECTED_REFS: Record<number, number[]> = {
  [OBJ.n1]: [OBJ.n2], // Node: value, next=n2, weight
  [OBJ.n2]: [OBJ.n3],
  [OBJ.n3]: [OBJ.str, OBJ.n1], // SubNode: extra=str, flag; then Node: value, next=n1, weight
  [OBJ.arr]: [OBJ.n1, OBJ.n3, OBJ.str],
  [OBJ.ints]: [],
  [OBJ.bytes]: [],
  [OBJ.str]: [OBJ.bytes],
  [OBJ.thread]: [OBJ.str],
  [OBJ.lonely]: [],
};

export function sampleDump(options: SampleOptions = {}): { bytes: Uint8Array; writer: HprofWriter } {
  const idSize = options.idSize ?? 8;
  const w = new HprofWriter(idSize, options.version ?? (options.android ? '1.0.3' : '1.0.2'));
  const names: [number, string][] = [
    [CLS.Object, 'java/lang/Object'],
    [CLS.Class, 'java/lang/Class'],
    [CLS.String, 'java/lang/String'],
    [CLS.Node, 'demo/Node'],
    [CLS.SubNode, 'demo/Node$Sub'],
    [CLS.ObjectArray, '[Ljava/lang/Object;'],
    [CLS.IntArray, '[I'],
    [CLS.ByteArray, '[B'],
    [CLS.Thread, 'java/lang/Thread'],
  ];
  for (const [id, name] of names) w.loadClass(id, name);
  w.startThread(1, OBJ.thread, 'main');
  w.stackFrame(0x9000, 'run', 4, 42);
  w.stackTrace(1, 1, [0x9000]);
  const segTag = options.heapDumpRecord ? 0x0c : 0x1c;

  const writeClasses = (): void => {
    w.classDump({ id: CLS.Object, superId: 0 });
    w.classDump({ id: CLS.Class, superId: CLS.Object });
    w.classDump({
      id: CLS.String,
      superId: CLS.Object,
      fields: [
        { name: 'value', type: 2 },
        { name: 'hash', type: 10 },
      ],
    });
    w.classDump({
      id: CLS.Node,
      superId: CLS.Object,
      statics: [
        { name: 'count', type: 10, value: 3 },
        { name: 'head', type: 2, value: OBJ.n1 },
        { name: 'big', type: 11, value: -5n },
        { name: 'ratio', type: 7, value: 0.5 },
      ],
      fields: [
        { name: 'value', type: 10 },
        { name: 'next', type: 2 },
        { name: 'weight', type: 11 },
      ],
      constantPool: [[1, 10, 7]],
    });
    w.classDump({
      id: CLS.SubNode,
      superId: CLS.Node,
      fields: [
        { name: 'extra', type: 2 },
        { name: 'flag', type: 4 },
      ],
    });
    w.classDump({ id: CLS.ObjectArray, superId: CLS.Object });
    if (!options.noIntArrayClass) w.classDump({ id: CLS.IntArray, superId: CLS.Object });
    w.classDump({ id: CLS.ByteArray, superId: CLS.Object });
    w.classDump({ id: CLS.Thread, superId: CLS.Object, fields: [{ name: 'name', type: 2 }] });
  };
  const writeObjects = (): void => {
    w.instance(OBJ.n1, CLS.Node, [
      [10, 1],
      [2, OBJ.n2],
      [11, 100n],
    ]);
    w.instance(OBJ.n2, CLS.Node, [
      [10, 2],
      [2, OBJ.n3],
      [11, 200n],
    ]);
    w.instance(OBJ.n3, CLS.SubNode, [
      [2, OBJ.str],
      [4, 1],
      [10, 3],
      [2, OBJ.n1],
      [11, 300n],
    ]);
    w.objectArray(OBJ.arr, CLS.ObjectArray, [OBJ.n1, 0, OBJ.n3, OBJ.str]);
    w.primitiveArray(OBJ.ints, 10, [1, -2, 3]);
    w.primitiveArray(OBJ.bytes, 8, [...new TextEncoder().encode('hello')]);
    w.instance(OBJ.str, CLS.String, [
      [2, OBJ.bytes],
      [10, 0],
    ]);
    w.instance(OBJ.thread, CLS.Thread, [[2, OBJ.str]]);
    w.instance(OBJ.lonely, CLS.SubNode, [
      [2, 0],
      [4, 0],
      [10, 0],
      [2, 0],
      [11, 0n],
    ]);
  };
  const writeRoots = (): void => {
    for (const [id] of names) w.root(0x05, id);
    w.root(0x01, OBJ.arr, 0x7777);
    w.root(0x08, OBJ.thread, 1, 1);
    w.root(0x03, OBJ.ints, 1, 0);
    w.root(0x02, OBJ.n2, 1, 0);
    w.root(0x04, OBJ.n2, 1);
    w.root(0x06, OBJ.n3, 1);
    w.root(0x07, OBJ.str);
    w.root(0xff, OBJ.lonely);
  };

  // A HEAP DUMP (0x0c) record is a whole dump (one per dump, as JDK 6 and the hprof agent write it): the 1.0.1
  // variant keeps everything in one record; segments are split as HotSpot splits them.
  const nextSegment = (): void => {
    if (options.heapDumpRecord) return;
    w.endSegment();
    w.beginSegment(segTag);
  };
  if (options.classesLast) {
    w.beginSegment(segTag);
    if (options.android) w.heapDumpInfo(0x41, 'app');
    writeObjects();
    nextSegment();
    writeClasses();
    writeRoots();
  } else {
    w.beginSegment(segTag);
    if (options.android) w.heapDumpInfo(0x41, 'app');
    writeClasses();
    writeObjects();
    nextSegment();
    writeRoots();
  }
  if (options.android) {
    nextSegment();
    w.root(0x89, OBJ.str);
    w.root(0x8a, OBJ.n1);
    w.root(0x8b, OBJ.n2);
    w.root(0x8c, OBJ.n3);
    w.root(0x8d, OBJ.arr);
    w.root(0x8e, OBJ.thread, 1, 0);
    w.root(0x90, OBJ.lonely);
    w.primitiveArrayNoData(0x2000, 10, 12);
  }
  w.endSegment();
  if (!options.heapDumpRecord) w.heapDumpEnd();
  return { bytes: w.bytes(), writer: w };
}
