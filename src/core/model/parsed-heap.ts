// The reader's output and the graph builder's input: everything the analysis keeps from one pass over a dump.
// Per-object data is struct-of-arrays in file order ("ordinal" space); class data is one small record per class.
// Contract between src/core/hprof (which fills it) and src/core/graph (which consumes it).

import type { ObjectId } from '../units.ts';

/** HPROF basic type codes (heapDumper.cpp: T_OBJECT=2, T_BOOLEAN=4, T_CHAR=5, T_FLOAT=6, T_DOUBLE=7, T_BYTE=8, T_SHORT=9, T_INT=10, T_LONG=11). */
export const enum BasicType {
  Object = 2,
  Boolean = 4,
  Char = 5,
  Float = 6,
  Double = 7,
  Byte = 8,
  Short = 9,
  Int = 10,
  Long = 11,
}

/** Android: the class given to the byte[] that hold a class's static storage (see ParsedHeap.classOverhead). */
export const CLASS_STATIC_STORAGE = '<class static storage>';

/** `kindByOrdinal` values: an instance, an object array, or a primitive array whose value is its element BasicType. */
export const KIND_INSTANCE = 0;
export const KIND_OBJECT_ARRAY = BasicType.Object; // 2
// 4..11: primitive array of that BasicType

export interface FieldDef {
  name: string;
  type: BasicType;
}

export interface StaticField extends FieldDef {
  /** Reference fields: the ObjectId (0 = null). long: a bigint. Other primitives: a number (char as its code unit, boolean 0/1). */
  value: number | bigint;
}

/** One CLASS DUMP record (plus its LOAD CLASS name). Index in ParsedHeap.classes = ClassIndex. */
export interface ClassRecord {
  id: ObjectId;
  /** MAT's display name: `java.lang.String`, `byte[]`, `java.lang.Object[][]`, `Foo$$Lambda$1+0x...`. */
  name: string;
  superId: ObjectId;
  loaderId: ObjectId;
  /** Instance size as written in the dump (not MAT's model; see model/sizes.ts). */
  dumpInstanceSize: number;
  /** Instance fields declared at this level, in dump order. */
  instanceFields: FieldDef[];
  staticFields: StaticField[];
  /** Offset of the CLASS DUMP sub-record in the decompressed dump (-1 for a synthetic class). */
  fileOffset: number;
  /** Created by the reader because the dump has no CLASS DUMP for it (e.g. `int[]` in some dumps, as MAT does). */
  synthetic?: boolean;
  /** Android: index in ParsedHeap.heaps.names of the heap its CLASS DUMP is in. */
  heap?: number;
}

/** Android's heaps (HEAP DUMP INFO): the objects from ordinal starts[i] on are in heap names[heapOfRun[i]]. */
export interface HeapRunsColumns {
  names: string[];
  starts: Uint32Array;
  heapOfRun: Uint8Array;
}

export interface RootColumns {
  /** In file order. */
  count: number;
  ids: Float64Array;
  /** The heap sub-record tag (0xFF unknown, 0x01 JNI global, 0x02 JNI local, 0x03 Java frame, 0x04 native stack,
   *  0x05 sticky class, 0x06 thread block, 0x07 monitor used, 0x08 thread object, Android 0x89..0x8e, 0xfe...). */
  tags: Uint8Array;
  /** Thread serial number for thread-related roots (0x02, 0x03, 0x04, 0x06, 0x08), else -1. */
  threadSerials: Int32Array;
  /** The record's last u4: for ROOT JAVA FRAME (0x03) and ROOT JNI LOCAL (0x02) the frame number in the thread's
   *  stack trace (0 = the top frame, -1 = none); for ROOT THREAD OBJECT (0x08) the stack trace serial; else -1.
   *  Absent in hand-built heaps. */
  frames?: Int32Array;
}

/** One STACK FRAME record (0x04). */
export interface StackFrameRecord {
  method: string;
  signature: string;
  /** '' when the dump names none. */
  sourceFile: string;
  /** LOAD CLASS serial of the method's class. */
  classSerial: number;
  /** > 0 a line number; 0 none; -1 unknown; -2 compiled method; -3 native method (heapDumper.cpp, hprof.cc). */
  line: number;
}

/** One STACK TRACE record (0x05): a thread's frames, the top (innermost) frame first. */
export interface StackTraceRecord {
  threadSerial: number;
  frameIds: ObjectId[];
}

/** The dump's stack records, resolved against the heap by queries/threads.ts. Small: one entry per frame, not
 *  per object. */
export interface StackRecords {
  frames: Map<ObjectId, StackFrameRecord>;
  /** By stack trace serial. */
  traces: Map<number, StackTraceRecord>;
  /** LOAD CLASS records: class object id by class serial (to name a frame's class). */
  classIdBySerial: Map<number, ObjectId>;
}

export interface ParsedHeap {
  format: string;
  idSize: 4 | 8;
  /** ms since the epoch. */
  timestamp: number;
  compressed: boolean;
  bytesRead: number;
  truncated: boolean;
  /** Losses of data (truncation, damage, records skipped, mismatches): the results may be incomplete. */
  warnings: string[];
  /** Facts about a healthy dump, not a loss of data (a long UTF8 name skipped, ...). */
  notes: string[];
  /** Set when a structural error stopped the reading: where, how many bytes after it were not read, and why. */
  damage?: { offset: number; lostBytes: number; message: string };
  /** Heap dumps in the file (a run of heap dump records closed by HEAP DUMP END, or one HEAP DUMP record) and
   *  which one was read (1-based): one dump is analysed, never a union of several. */
  dumps?: { count: number; analysed: number };
  /** Android: the heap of each object (app, image, zygote, ...), when the dump names heaps. */
  heaps?: HeapRunsColumns;
  /** Android: byte[] at a class's address + 1 are that class's static storage (Dalvik and ART write them so);
   *  the reader gives them the class CLASS_STATIC_STORAGE, and the graph has each dominated by its class. */
  classOverhead?: { classIndex: number; arrays: number; bytes: number };
  /** Count per record name (top-level and heap sub-records), e.g. { "UTF8": 1234, "INSTANCE DUMP": 70000 }. */
  recordCounts: Record<string, number>;

  classes: ClassRecord[];
  /** ClassRecord index by class object id. */
  classIndexById: Map<ObjectId, number>;

  /** Number of instance / object-array / primitive-array records (class dumps are not counted here). */
  objectCount: number;
  idByOrdinal: Float64Array;
  /** Class index of each object (for primitive arrays: the class named like `int[]`, created if the dump lacks it). */
  classByOrdinal: Uint32Array;
  kindByOrdinal: Uint8Array;
  /** Element count for arrays, 0 for instances. */
  arrayLengthByOrdinal: Uint32Array;
  /** CSR over ordinals: refIds[refStart[o] .. refStart[o+1]) are the non-null references held by object o
   *  (instance fields in dump order, most-derived class first; array elements in order). Not de-duplicated.
   *  Encoded in 4 bytes each, see "Reference encoding" below and `decodeRefIds`. */
  refStart: Uint32Array;
  refIds: Uint32Array;
  /** Ids of the references refIds marks REF_WIDE, in the same order. */
  refWide: Float64Array;
  refBase: number;
  refUnit: number;
  /** Offset of an object's sub-record (its tag byte) in the decompressed dump, for reading its fields later. */
  objectOffset(ordinal: number): number;
  /** A reopened analysis whose object offsets are still being read: objectOffset may be used once it settles. */
  offsetsPending?: Promise<void>;

  roots: RootColumns;

  /** Size model facts (MAT's rules; see model/sizes.ts). */
  compressedRefs: boolean;
  alignment: number;
  /** The GCD of the object id gaps when below 8 (ids that are not 8-aligned addresses), else 0 (optional for
   *  hand-built heaps). */
  unalignedIdGcd?: number;

  /** Names from UTF8 records, by string id (kept for frames and thread names). */
  strings: Map<ObjectId, string>;
  /** STACK TRACE and STACK FRAME records, when the dump has any (absent in hand-built heaps). */
  stacks?: StackRecords;
}

// Reference encoding. A reference id is 8 bytes in the dump but 4 in `refIds`: entry v stands for the id
// `refBase + v * refUnit`, unless v is REF_WIDE, in which case the id is the next unread entry of `refWide` (the
// k-th REF_WIDE entry of refIds, counting from 0 over the whole column, is refWide[k]). Exact for every id.
// HotSpot objects are 8-byte aligned (more with ObjectAlignmentInBytes), so with 8-byte ids the reader uses
// refUnit 8: the 2^32 - 1 slots cover 32 GB of address space from refBase. refBase is 0 when the first object of
// the dump lies below 32 GB: a zero-based compressed-oops heap fits whole, whatever order its regions are dumped
// in. Otherwise refBase is 16 GB below the first object (8-byte aligned, at most 2^53 - 32 GB so that an id that
// fits is below 2^53). When the pass leaves wide entries, the reader moves refBase to the lowest object or class
// id if fewer ids are wide from there (one more pass over the references, only then): a heap spanning less than
// 32 GB then fits whole wherever it lies. Ids that are not a multiple of refUnit from refBase, below refBase, or
// 32 GB or more above it (hand-made dumps, huge or scattered heaps) take the wide path: still exact, 12 bytes
// instead of 4. With 4-byte ids refBase is 0 and refUnit 1 (only the id 0xFFFFFFFF is wide).

/** refIds marker: the id is the next entry of refWide. */
export const REF_WIDE = 0xffffffff;

/** The 4-byte encoding of a non-null id, or REF_WIDE when the id must be kept in refWide. */
export function encodeRefId(id: ObjectId, refBase: number, refUnit: number): number {
  const v = (id - refBase) / refUnit;
  return v >>> 0 === v && v !== REF_WIDE ? v : REF_WIDE;
}

/** Encodes ids in order (e.g. for hand-built heaps in tests). */
export function encodeRefIds(
  ids: ArrayLike<number>,
  refBase = 0,
  refUnit = 8,
): { refIds: Uint32Array; refWide: Float64Array; refBase: number; refUnit: number } {
  const refIds = new Uint32Array(ids.length);
  const wide: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    const v = encodeRefId(ids[i], refBase, refUnit);
    refIds[i] = v;
    if (v === REF_WIDE) wide.push(ids[i]);
  }
  return { refIds, refWide: Float64Array.from(wide), refBase, refUnit };
}

/** All reference ids in order, decoded (tests and tools; the graph builder decodes as it reads). */
export function decodeRefIds(p: Pick<ParsedHeap, 'refIds' | 'refWide' | 'refBase' | 'refUnit'>): Float64Array {
  const out = new Float64Array(p.refIds.length);
  let k = 0;
  for (let i = 0; i < out.length; i++) {
    const v = p.refIds[i];
    out[i] = v === REF_WIDE ? p.refWide[k++] : p.refBase + v * p.refUnit;
  }
  return out;
}
