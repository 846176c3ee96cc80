// Hand-built ParsedHeap values for the graph tests: a few classes and objects described in a line each, with a
// simple size model (so each test reads its expected retained sizes off the description).

import type { ClassRecord, ParsedHeap } from '../model/parsed-heap.ts';
import { KIND_INSTANCE, KIND_OBJECT_ARRAY, encodeRefIds } from '../model/parsed-heap.ts';
import type { SizeModel } from './size-model.ts';

export interface TestObject {
  id: number;
  /** Class name (declared with `classes`), e.g. 'Node' or 'java.lang.Object[]'. */
  cls: string;
  refs?: number[];
  /** Object array: its elements are `refs`. */
  array?: boolean;
}

export interface TestRoot {
  id: number;
  tag: number;
  serial?: number;
}

export interface TestClass {
  id: number;
  name: string;
  superId?: number;
  loaderId?: number;
  /** Static reference values (ids; 0 = null). */
  statics?: number[];
}

/** Every test heap gets java.lang.Object, java.lang.Class and java.lang.ClassLoader at these ids. */
export const OBJECT_CLASS_ID = 0x100;
export const CLASS_CLASS_ID = 0x108;
export const LOADER_CLASS_ID = 0x110;

export function testHeap(classes: TestClass[], objects: TestObject[], roots: TestRoot[]): ParsedHeap {
  const records: ClassRecord[] = [];
  const all: TestClass[] = [
    { id: OBJECT_CLASS_ID, name: 'java.lang.Object' },
    { id: CLASS_CLASS_ID, name: 'java.lang.Class', superId: OBJECT_CLASS_ID },
    { id: LOADER_CLASS_ID, name: 'java.lang.ClassLoader', superId: OBJECT_CLASS_ID },
    ...classes,
  ];
  for (const c of all) {
    records.push({
      id: c.id,
      name: c.name,
      superId: c.superId ?? 0,
      loaderId: c.loaderId ?? 0,
      dumpInstanceSize: 0,
      instanceFields: [],
      staticFields: (c.statics ?? []).map((value, i) => ({ name: `s${i}`, type: 2, value })),
      fileOffset: -1,
    });
  }
  const classIndexById = new Map<number, number>();
  records.forEach((r, i) => classIndexById.set(r.id, i));
  const byName = new Map(records.map((r, i) => [r.name, i]));
  const n = objects.length;
  const refStart = new Uint32Array(n + 1);
  const refList: number[] = [];
  objects.forEach((o, i) => {
    refStart[i] = refList.length;
    for (const r of o.refs ?? []) if (r !== 0) refList.push(r);
  });
  refStart[n] = refList.length;
  const classOf = (name: string): number => {
    const c = byName.get(name);
    if (c === undefined) throw new Error(`test heap: unknown class ${name}`);
    return c;
  };
  return {
    format: 'JAVA PROFILE 1.0.2',
    idSize: 8,
    timestamp: 0,
    compressed: false,
    bytesRead: 0,
    truncated: false,
    warnings: [],
    notes: [],
    recordCounts: {},
    classes: records,
    classIndexById,
    objectCount: n,
    idByOrdinal: Float64Array.from(objects.map((o) => o.id)),
    classByOrdinal: Uint32Array.from(objects.map((o) => classOf(o.cls))),
    kindByOrdinal: Uint8Array.from(objects.map((o) => (o.array ? KIND_OBJECT_ARRAY : KIND_INSTANCE))),
    arrayLengthByOrdinal: Uint32Array.from(objects.map((o) => (o.array ? (o.refs ?? []).length : 0))),
    refStart,
    ...encodeRefIds(refList),
    objectOffset: () => -1,
    roots: {
      count: roots.length,
      ids: Float64Array.from(roots.map((r) => r.id)),
      tags: Uint8Array.from(roots.map((r) => r.tag)),
      threadSerials: Int32Array.from(roots.map((r) => r.serial ?? -1)),
    },
    compressedRefs: true,
    alignment: 8,
    strings: new Map(),
  };
}

/** Instances 16 bytes, arrays 16 + 4 per element, class objects 8 bytes, the pseudo loader (an instance) 16. */
export const testSizes: SizeModel = {
  instanceBytes: () => 16,
  arrayBytes: (_kind, length) => 16 + 4 * length,
  classObjectBytes: () => 8,
};
