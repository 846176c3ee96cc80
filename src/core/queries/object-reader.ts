// Re-reads one object's heap sub-record from the dump by offset, for the inspector and field names.
// Layouts from OpenJDK heapDumper.cpp (HPROF_GC_INSTANCE_DUMP 0x21, HPROF_GC_OBJ_ARRAY_DUMP 0x22,
// HPROF_GC_PRIM_ARRAY_DUMP 0x23); every multi-byte value, array elements included, is big-endian.

import { FormatError, TruncatedInputError } from '../errors.ts';
import { BasicType, KIND_INSTANCE, KIND_OBJECT_ARRAY, type ParsedHeap } from '../model/parsed-heap.ts';
import type { ObjectId } from '../units.ts';
import { basicTypeSize } from './class-info.ts';

/** Random access to the decompressed dump (implemented by src/core/io). */
export interface RandomAccess {
  read(offset: number, length: number): Promise<Uint8Array>;
}

export const TAG_INSTANCE_DUMP = 0x21;
export const TAG_OBJ_ARRAY_DUMP = 0x22;
export const TAG_PRIM_ARRAY_DUMP = 0x23;

/** Reads an id of 4 or 8 bytes (big-endian) as a number; exact below 2^53. */
export function readId(view: DataView, pos: number, idSize: number): ObjectId {
  if (idSize === 4) return view.getUint32(pos);
  return view.getUint32(pos) * 0x100000000 + view.getUint32(pos + 4);
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export interface InstanceBytes {
  id: ObjectId;
  classId: ObjectId;
  /** The field bytes (most-derived class's fields first). */
  fields: DataView;
}

export interface ArrayBytes {
  id: ObjectId;
  length: number;
  /** KIND_OBJECT_ARRAY (2) or the primitive BasicType of the elements. */
  elementType: BasicType;
  /** First element in `elements`. */
  start: number;
  /** Elements start .. start + count, big-endian. */
  elements: DataView;
  count: number;
}

/** Reads exactly `length` bytes, or fails with the offset (the source may return fewer at the end). */
async function readExactly(source: RandomAccess, offset: number, length: number): Promise<Uint8Array> {
  const bytes = await source.read(offset, length);
  if (bytes.byteLength < length) {
    throw new TruncatedInputError(`object record ends after ${bytes.byteLength} of ${length} bytes`, offset);
  }
  return bytes;
}

export class ObjectReader {
  private readonly parsed: ParsedHeap;
  private readonly source: RandomAccess;
  private readonly idSize: number;

  constructor(parsed: ParsedHeap, source: RandomAccess) {
    this.parsed = parsed;
    this.source = source;
    this.idSize = parsed.idSize;
  }

  /** The INSTANCE DUMP of object `ordinal`; `expectedFieldBytes` (from the class layout) saves a second read. */
  async instance(ordinal: number, expectedFieldBytes: number): Promise<InstanceBytes> {
    if (this.parsed.offsetsPending !== undefined) await this.parsed.offsetsPending;
    const offset = this.parsed.objectOffset(ordinal);
    const idSize = this.idSize;
    const header = 1 + idSize + 4 + idSize + 4;
    let bytes = await readExactly(this.source, offset, header + expectedFieldBytes);
    const view = viewOf(bytes);
    const tag = view.getUint8(0);
    if (tag !== TAG_INSTANCE_DUMP) throw new FormatError(`expected an INSTANCE DUMP, found tag 0x${tag.toString(16)}`, offset, tag);
    const id = readId(view, 1, idSize);
    const classId = readId(view, 1 + idSize + 4, idSize);
    const length = view.getUint32(1 + 2 * idSize + 4);
    if (length > expectedFieldBytes) {
      bytes = await readExactly(this.source, offset, header + length);
    }
    return { id, classId, fields: new DataView(bytes.buffer, bytes.byteOffset + header, length) };
  }

  /** Elements start .. start+count of array `ordinal` (clipped to its length); `kind` is the array's kind
   *  (HeapGraph.kindByIndex: the reader's kind column is not kept). */
  async arrayRange(ordinal: number, kind: number, start: number, count: number): Promise<ArrayBytes> {
    const parsed = this.parsed;
    if (parsed.offsetsPending !== undefined) await parsed.offsetsPending;
    const offset = parsed.objectOffset(ordinal);
    if (kind === KIND_INSTANCE) throw new FormatError('not an array', offset);
    const idSize = this.idSize;
    const isObjectArray = kind === KIND_OBJECT_ARRAY;
    const header = isObjectArray ? 1 + idSize + 4 + 4 + idSize : 1 + idSize + 4 + 4 + 1;
    const elementType = kind as BasicType;
    const elementSize = basicTypeSize(elementType, idSize);
    const length = parsed.arrayLengthByOrdinal[ordinal];
    const first = Math.min(Math.max(0, start), length);
    const n = Math.max(0, Math.min(count, length - first));
    // Check the header in the same read when the range is near the start; far ranges are read on their own.
    const near = first * elementSize <= 65536;
    const headerBytes = await readExactly(this.source, offset, near ? header + (first + n) * elementSize : header);
    const hv = viewOf(headerBytes);
    const tag = hv.getUint8(0);
    const expectedTag = isObjectArray ? TAG_OBJ_ARRAY_DUMP : TAG_PRIM_ARRAY_DUMP;
    if (tag !== expectedTag) throw new FormatError(`expected an array dump, found tag 0x${tag.toString(16)}`, offset, tag);
    const id = readId(hv, 1, idSize);
    const writtenLength = hv.getUint32(1 + idSize + 4);
    if (writtenLength !== length) throw new FormatError(`array length ${writtenLength} differs from the index (${length})`, offset, tag);
    let elements: DataView;
    if (near) {
      elements = new DataView(headerBytes.buffer, headerBytes.byteOffset + header + first * elementSize, n * elementSize);
    } else {
      const body = await readExactly(this.source, offset + header + first * elementSize, n * elementSize);
      elements = viewOf(body);
    }
    return { id, length, elementType, start: first, elements, count: n };
  }
}
