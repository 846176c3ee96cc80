// CLASS DUMP sub-record (tag 0x20): its variable length and its decoding. Layout (heapDumper.cpp): id class,
// u4 stack serial, id super, id loader, id signers, id protection domain, id reserved x2, u4 instance size,
// u2 constant pool count [u2 index, u1 type, value], u2 statics count [id name, u1 type, value],
// u2 instance field count [id name, u1 type].

import { FormatError } from '../errors.ts';
import type { BasicType, ClassRecord, FieldDef, StaticField } from '../model/parsed-heap.ts';
import { basicTypeSize } from './constants.ts';
import { idTooLarge } from './id-range.ts';

const TWO_32 = 4294967296;

/**
 * Total size of the CLASS DUMP at buf[pos], or -(bytes needed from pos) when buf ends first. Throws FormatError
 * for an invalid type code or when the record would run past its segment (`segLeft` bytes remain in it).
 */
export function classDumpExtent(buf: Uint8Array, pos: number, end: number, idSize: number, segLeft: number, abs: number): number {
  let p = pos + 1 + 7 * idSize + 8;
  const needUpTo = (q: number): number => {
    if (q - pos > segLeft) {
      throw new FormatError(`CLASS DUMP runs past the end of its heap dump segment (${segLeft} bytes left)`, abs, 0x20);
    }
    return q > end ? -(q - pos) : 0;
  };
  let r = needUpTo(p + 2);
  if (r < 0) return r;
  const cpCount = u2(buf, p);
  p += 2;
  for (let i = 0; i < cpCount; i++) {
    r = needUpTo(p + 3);
    if (r < 0) return r;
    p += 3 + typeSize(buf[p + 2], idSize, abs + (p + 2 - pos));
  }
  r = needUpTo(p + 2);
  if (r < 0) return r;
  const staticCount = u2(buf, p);
  p += 2;
  for (let i = 0; i < staticCount; i++) {
    r = needUpTo(p + idSize + 1);
    if (r < 0) return r;
    p += idSize + 1 + typeSize(buf[p + idSize], idSize, abs + (p + idSize - pos));
  }
  r = needUpTo(p + 2);
  if (r < 0) return r;
  const fieldCount = u2(buf, p);
  p += 2 + fieldCount * (idSize + 1);
  r = needUpTo(p);
  if (r < 0) return r;
  return p - pos;
}

/** Decodes a complete CLASS DUMP (its extent was checked by classDumpExtent). Names come from UTF8 records. */
export function parseClassDump(
  buf: Uint8Array,
  pos: number,
  idSize: number,
  abs: number,
  strings: Map<number, string>,
  scratch: DataView,
): Omit<ClassRecord, 'name'> {
  const delta = abs - pos;
  const id = readId(buf, pos + 1, idSize, delta, abs);
  let p = pos + 1 + idSize + 4;
  const superId = readId(buf, p, idSize, delta, abs);
  const loaderId = readId(buf, p + idSize, idSize, delta, abs);
  p += 6 * idSize;
  const dumpInstanceSize = u4(buf, p);
  p += 4;
  const cpCount = u2(buf, p);
  p += 2;
  for (let i = 0; i < cpCount; i++) p += 3 + basicTypeSize(buf[p + 2], idSize);
  const staticCount = u2(buf, p);
  p += 2;
  const staticFields: StaticField[] = [];
  for (let i = 0; i < staticCount; i++) {
    const nameId = readId(buf, p, idSize, delta, abs);
    const type = buf[p + idSize] as BasicType;
    p += idSize + 1;
    staticFields.push({ name: fieldName(strings, nameId), type, value: readValue(buf, p, type, idSize, delta, abs, scratch) });
    p += basicTypeSize(type, idSize);
  }
  const fieldCount = u2(buf, p);
  p += 2;
  const instanceFields: FieldDef[] = [];
  for (let i = 0; i < fieldCount; i++) {
    const nameId = readId(buf, p, idSize, delta, abs);
    const type = buf[p + idSize];
    if (basicTypeSize(type, idSize) === 0) {
      throw new FormatError(`CLASS DUMP field has an invalid type ${type}`, delta + p + idSize, 0x20);
    }
    instanceFields.push({ name: fieldName(strings, nameId), type: type as BasicType });
    p += idSize + 1;
  }
  return { id, superId, loaderId, dumpInstanceSize, instanceFields, staticFields, fileOffset: abs };
}

function fieldName(strings: Map<number, string>, id: number): string {
  return strings.get(id) ?? `<field ${id.toString(16)}>`;
}

function readValue(
  buf: Uint8Array,
  p: number,
  type: number,
  idSize: number,
  delta: number,
  start: number,
  scratch: DataView,
): number | bigint {
  switch (type) {
    case 2:
      return readId(buf, p, idSize, delta, start);
    case 4:
    case 8:
      return type === 8 ? (buf[p] << 24) >> 24 : buf[p];
    case 5:
      return u2(buf, p);
    case 9:
      return (u2(buf, p) << 16) >> 16;
    case 10:
      return u4(buf, p) | 0;
    case 6:
      scratch.setUint32(0, u4(buf, p));
      return scratch.getFloat32(0);
    case 7:
      scratch.setUint32(0, u4(buf, p));
      scratch.setUint32(4, u4(buf, p + 4));
      return scratch.getFloat64(0);
    default:
      // long
      return (BigInt(u4(buf, p) | 0) << 32n) | BigInt(u4(buf, p + 4));
  }
}

function typeSize(type: number, idSize: number, abs: number): number {
  const size = basicTypeSize(type, idSize);
  if (size === 0) throw new FormatError(`CLASS DUMP holds an invalid type code ${type}`, abs, 0x20);
  return size;
}

/** The id at buf[p], inside the CLASS DUMP starting at byte offset `start`. */
function readId(buf: Uint8Array, p: number, idSize: number, delta: number, start: number): number {
  if (idSize === 4) return u4(buf, p);
  const hi = u4(buf, p);
  if (hi >= 0x200000) throw idTooLarge(0x20, start, delta + p);
  return hi * TWO_32 + u4(buf, p + 4);
}

function u2(buf: Uint8Array, p: number): number {
  return (buf[p] << 8) | buf[p + 1];
}

function u4(buf: Uint8Array, p: number): number {
  return ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
}
