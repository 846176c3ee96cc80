// The reader's per-object columns (ordinal space, file order), the references CSR (4-byte encoded ids, see
// "Reference encoding" in ../model/parsed-heap.ts), the GC-root columns, and the size-model facts MAT derives
// from addresses in file order (alignment, compressed references).

import { REF_WIDE } from '../model/parsed-heap.ts';
import { gcd } from '../units.ts';
import { growArray, grownCapacity, initialCapacity, trimArray } from './columns.ts';

/** With 8-byte ids: refBase is 0 when the first object lies below this, else this far below the first object. */
const REF_SPAN = 32 * 1024 * 1024 * 1024;
const TWO_32 = 4294967296;

export class ObjectTable {
  objectCount = 0;
  idByOrdinal: Float64Array;
  classByOrdinal: Uint32Array;
  kindByOrdinal: Uint8Array;
  arrayLengthByOrdinal: Uint32Array;
  /** Low 32 bits of each object's offset in the decompressed dump (the offset of its sub-record's tag byte).
   *  Offsets grow with the ordinal: offsetHighStarts[h] is the first ordinal at offset (h + 1) * 2^32 or more. */
  offsetLow: Uint32Array;
  readonly offsetHighStarts: number[] = [];
  nextHighOffset = TWO_32;
  refStart: Uint32Array;
  refCount = 0;
  /** Encoded references (see parsed-heap.ts); refBase is chosen at the first object. */
  refIds: Uint32Array;
  refWide = new Float64Array(64);
  refWideCount = 0;
  refBase = 0;
  refUnit = 8;
  rootCount = 0;
  rootIds = new Float64Array(1024);
  rootTags = new Uint8Array(1024);
  rootThreads = new Int32Array(1024);
  rootFrames = new Int32Array(1024);
  compressedRefs = false;
  private lastArrayId = -1;
  private lastArrayLength = 0;
  private firstObjectId = -1;
  addressGcd = 0;
  /** The GCD of the id gaps when it fell below 8 (ids that are not 8-aligned addresses: serial numbers, or
   *  Android's class-overhead arrays at a class's address + 1), else 0. */
  unalignedIdGcd = 0;

  constructor(sizeHintBytes: number) {
    // Real dumps average 40-60 bytes per object record and about one reference per 12-50 bytes. Columns are sized
    // for the dense end: growing copies, while capacity never written costs no memory (see trimArray).
    const objects = initialCapacity(sizeHintBytes / 36, 8);
    this.idByOrdinal = new Float64Array(objects);
    this.classByOrdinal = new Uint32Array(objects);
    this.kindByOrdinal = new Uint8Array(objects);
    this.arrayLengthByOrdinal = new Uint32Array(objects);
    this.offsetLow = new Uint32Array(objects);
    this.refStart = new Uint32Array(objects + 1);
    this.refIds = new Uint32Array(initialCapacity(sizeHintBytes / 16, 4));
  }

  /** Called once the header is read: 4-byte ids are stored as they are (refUnit 1). */
  setIdSize(idSize: number): void {
    this.refUnit = idSize === 8 ? 8 : 1;
  }

  /** Appends an object row; returns its ordinal. */
  add(id: number, classIndex: number, kind: number, length: number, abs: number): number {
    const o = this.objectCount;
    if (o === this.idByOrdinal.length) this.grow(o + 1);
    this.idByOrdinal[o] = id;
    this.classByOrdinal[o] = classIndex;
    this.kindByOrdinal[o] = kind;
    this.arrayLengthByOrdinal[o] = length;
    this.offsetLow[o] = abs; // modulo 2^32
    if (abs >= this.nextHighOffset) this.noteOffsetHigh(o, abs);
    this.refStart[o] = this.refCount;
    this.objectCount = o + 1;
    if (this.addressGcd !== 8) this.noteAddress(id);
    return o;
  }

  /** Object o, at offset abs, is the first at or past nextHighOffset. */
  noteOffsetHigh(o: number, abs: number): void {
    while (abs >= this.nextHighOffset) {
      this.offsetHighStarts.push(o);
      this.nextHighOffset += TWO_32;
    }
  }

  /** objectOffset() over the trimmed low words. */
  offsets(): (ordinal: number) => number {
    return objectOffsets(trimArray(this.offsetLow, this.objectCount), this.offsetHighStarts.slice());
  }

  /** MAT's alignment: GCD of the address gaps; once it is 8 or less the clamp to [8, 256] decides. The first
   *  object also fixes refBase. */
  noteAddress(id: number): void {
    if (this.firstObjectId < 0) {
      this.firstObjectId = id;
      // Kept below 2^53 - REF_SPAN, so that any id that fits the encoding is below 2^53.
      if (this.refUnit === 8 && id >= REF_SPAN) this.refBase = Math.min(Math.floor((id - REF_SPAN / 2) / 8) * 8, 2 ** 53 - REF_SPAN);
    } else {
      const gap = Math.abs(id - this.firstObjectId);
      if (gap !== 0) this.addressGcd = this.addressGcd === 0 ? gap : gcd(this.addressGcd, gap);
      if (this.addressGcd < 8 && this.addressGcd !== 0) {
        this.unalignedIdGcd = this.addressGcd;
        this.addressGcd = 8;
      }
    }
  }

  /** Appends a non-null reference id. */
  addRef(id: number): void {
    if (this.refCount === this.refIds.length) this.reserveRefs(1);
    const v = (id - this.refBase) / this.refUnit;
    if (v >>> 0 === v && v !== REF_WIDE) this.refIds[this.refCount++] = v;
    else this.addWide(id);
  }

  /** Appends REF_WIDE and the id to refWide (room for the marker must be reserved). */
  addWide(id: number): void {
    this.refIds[this.refCount++] = REF_WIDE;
    if (this.refWideCount === this.refWide.length) {
      this.refWide = growArray(this.refWide, this.refWideCount + 1, Float64Array, 'references', this.refWideCount);
    }
    this.refWide[this.refWideCount++] = id;
  }

  /** Once the dump is read, with wide entries left: moves refBase to `lowestId` (8-byte aligned) when fewer ids
   *  are wide from there (a heap dumped from its higher regions first, e.g. the young generation above the old). */
  rebaseRefs(lowestId: number): void {
    const unit = this.refUnit;
    const next = Math.min(Math.floor(lowestId / 8) * 8, 2 ** 53 - REF_SPAN);
    if (this.refWideCount === 0 || unit !== 8 || next === this.refBase || next < 0) return;
    const ids = this.refIds;
    const n = this.refCount;
    const base = this.refBase;
    const oldWide = this.refWide;
    let wide = 0;
    for (let i = 0, k = 0; i < n; i++) {
      const v = ids[i];
      const w = ((v === REF_WIDE ? oldWide[k++] : base + v * unit) - next) / unit;
      if (w >>> 0 !== w || w === REF_WIDE) wide++;
    }
    if (wide >= this.refWideCount) return;
    const newWide = new Float64Array(Math.max(64, wide));
    for (let i = 0, k = 0, j = 0; i < n; i++) {
      const v = ids[i];
      const id = v === REF_WIDE ? oldWide[k++] : base + v * unit;
      const w = (id - next) / unit;
      if (w >>> 0 === w && w !== REF_WIDE) ids[i] = w;
      else {
        ids[i] = REF_WIDE;
        newWide[j++] = id;
      }
    }
    this.refBase = next;
    this.refWide = newWide;
    this.refWideCount = wide;
  }

  /** Rebuilds the references CSR with extra ids appended to some objects' lists (instances read before their
   *  class dump). `refStart[objectCount]` must be set. */
  insertRefs(extraByOrdinal: Map<number, number[]>, extra: number): void {
    const n = this.objectCount;
    const refStart = this.refStart;
    const oldIds = this.refIds;
    const oldWide = this.refWide;
    this.refIds = new Uint32Array(grownCapacity(0, this.refCount + extra, 4, 'references'));
    this.refCount = 0;
    this.refWide = new Float64Array(64);
    this.refWideCount = 0;
    let k = 0;
    for (let o = 0; o < n; o++) {
      const from = refStart[o];
      const to = refStart[o + 1];
      refStart[o] = this.refCount;
      for (let i = from; i < to; i++) {
        const v = oldIds[i];
        if (v === REF_WIDE) this.addWide(oldWide[k++]);
        else this.refIds[this.refCount++] = v;
      }
      const refs = extraByOrdinal.get(o);
      if (refs !== undefined) for (const r of refs) this.addRef(r);
    }
    refStart[n] = this.refCount;
  }

  /** Room for `n` more objects. */
  grow(needed: number): void {
    const what = 'objects';
    this.idByOrdinal = growArray(this.idByOrdinal, needed, Float64Array, what);
    this.classByOrdinal = growArray(this.classByOrdinal, needed, Uint32Array, what);
    this.kindByOrdinal = growArray(this.kindByOrdinal, needed, Uint8Array, what);
    this.arrayLengthByOrdinal = growArray(this.arrayLengthByOrdinal, needed, Uint32Array, what);
    this.offsetLow = growArray(this.offsetLow, needed, Uint32Array, what);
    this.refStart = growArray(this.refStart, this.idByOrdinal.length + 1, Uint32Array, what);
  }

  /** Room for `n` more references. */
  reserveRefs(n: number): void {
    if (this.refCount + n > this.refIds.length) {
      this.refIds = growArray(this.refIds, this.refCount + n, Uint32Array, 'references', this.refCount);
    }
  }

  addRoot(id: number, tag: number, threadSerial: number, frame = -1): void {
    const n = this.rootCount;
    if (n === this.rootIds.length) {
      this.rootIds = growArray(this.rootIds, n + 1, Float64Array, 'GC roots');
      this.rootTags = growArray(this.rootTags, n + 1, Uint8Array, 'GC roots');
      this.rootThreads = growArray(this.rootThreads, n + 1, Int32Array, 'GC roots');
      this.rootFrames = growArray(this.rootFrames, n + 1, Int32Array, 'GC roots');
    }
    this.rootIds[n] = id;
    this.rootTags[n] = tag;
    this.rootThreads[n] = threadSerial;
    this.rootFrames[n] = frame;
    this.rootCount = n + 1;
  }

  /** MAT: references are compressed when an object array starts before the previous one would end with 8-byte slots. */
  noteObjectArray(id: number, length: number, idSize: number): void {
    if (idSize !== 8 || this.compressedRefs) return;
    if (this.lastArrayId >= 0 && id > this.lastArrayId && id < this.lastArrayId + 16 + 8 * this.lastArrayLength) {
      this.compressedRefs = true;
    }
    this.lastArrayId = id;
    this.lastArrayLength = length;
  }

  /** GCD of the address gaps, kept in [8, 256]. */
  alignment(): number {
    return this.addressGcd === 0 ? 8 : Math.min(256, Math.max(8, this.addressGcd));
  }
}

/** An object's offset from the low 32 bits of every offset and the first ordinal of each higher 4 GiB (offsets
 *  grow with the ordinal): ObjectTable's objectOffset, and a persisted analysis's. */
export function objectOffsets(low: Uint32Array, highStarts: ArrayLike<number>): (ordinal: number) => number {
  if (highStarts.length === 0) return (o) => low[o];
  return (o) => {
    // high word = how many starts are at or before o
    let lo = 0;
    let hi = highStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (highStarts[mid] <= o) lo = mid + 1;
      else hi = mid;
    }
    return low[o] + lo * TWO_32;
  };
}
