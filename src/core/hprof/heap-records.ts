// The heap dump's sub-records (GC roots, class dumps, instances, object and primitive arrays) decoded into the
// object table: the general decoder, the fast path for runs of 8-byte-id records, and object array elements
// decoded across chunks.

import { FormatError, LimitExceededError } from '../errors.ts';
import { BasicType, REF_WIDE } from '../model/parsed-heap.ts';
import { toHex } from '../units.ts';
import { classDumpExtent, parseClassDump } from './class-dump.ts';
import { basicTypeSize, RECORD_NAMES, SUB_RECORD_NAMES, SubTag } from './constants.ts';
import { idTooLarge } from './id-range.ts';
import { PENDING_CLASS } from './assemble.ts';
import { MAX_CARRY_BYTES, TWO_32, LAYOUT_CACHE_SLOTS, ARRAY_CACHE_SLOTS, PRIMITIVE_BYTES, formatInt, hex2, u4 } from './parser-state.ts';
import { ParserEnd } from './parser-end.ts';

export abstract class HeapRecordParser extends ParserEnd {
  /** Decodes one heap sub-record at buf[pos]; returns the next position, or -1 with `this.need` set. */
  protected subRecord(buf: Uint8Array, pos: number, end: number, abs: number, segLeft: number, idSize: number): number {
    const tag = buf[pos];
    const avail = end - pos;
    let fixed: number;
    switch (tag) {
      case SubTag.InstanceDump: {
        // INSTANCE DUMP: id, u4 stack serial, id class, u4 length, field bytes
        fixed = 9 + 2 * idSize;
        if (avail < fixed) break;
        const length = u4(buf, pos + fixed - 4);
        const total = fixed + length;
        if (total > segLeft) this.overrun(tag, abs, total, segLeft);
        if (avail < total) {
          fixed = total;
          break;
        }
        this.subCounts[tag]++;
        this.instance(buf, pos, abs, length, fixed);
        return pos + total;
      }
      case SubTag.ObjectArrayDump: {
        // OBJECT ARRAY DUMP: id, u4 stack serial, u4 length, id array class, ids
        fixed = 9 + 2 * idSize;
        if (avail < fixed) break;
        const id = this.readId(buf, pos + 1, abs - pos, tag, abs);
        const length = u4(buf, pos + 5 + idSize);
        const classId = this.readId(buf, pos + 9 + idSize, abs - pos, tag, abs);
        const total = fixed + length * idSize;
        if (total > segLeft) this.overrun(tag, abs, total, segLeft);
        this.subCounts[tag]++;
        this.objectArray(id, classId, length, abs);
        this.arrayRemaining = length;
        this.arrayStart = abs;
        if (length === 0) return pos + fixed;
        return this.decodeArrayElements(buf, pos + fixed, end, abs - pos);
      }
      case SubTag.PrimitiveArrayDump:
      case SubTag.PrimitiveArrayNoData: {
        // PRIMITIVE ARRAY DUMP: id, u4 stack serial, u4 length, u1 type, data (NODATA: no data)
        fixed = 10 + idSize;
        if (avail < fixed) break;
        const id = this.readId(buf, pos + 1, abs - pos, tag, abs);
        const length = u4(buf, pos + 5 + idSize);
        const type = buf[pos + 9 + idSize];
        const elementBytes = type === BasicType.Object ? 0 : basicTypeSize(type, idSize);
        if (elementBytes === 0) {
          throw new FormatError(
            `${SUB_RECORD_NAMES[tag]} at byte offset ${abs} has element type ${type}; expected a primitive BasicType (4-11)`,
            abs + 9 + idSize,
            tag,
          );
        }
        const total = tag === SubTag.PrimitiveArrayDump ? fixed + length * elementBytes : fixed;
        if (total > segLeft) this.overrun(tag, abs, total, segLeft);
        this.subCounts[tag]++;
        this.primitiveArray(id, type, length, abs);
        if (total === fixed) return pos + fixed;
        if (avail >= total) return pos + total;
        this.skip(abs + total, SUB_RECORD_NAMES[tag], abs);
        return end;
      }
      case SubTag.ClassDump: {
        const size = classDumpExtent(buf, pos, end, idSize, segLeft, abs);
        if (size < 0) {
          fixed = -size;
          break;
        }
        this.subCounts[tag]++;
        const rec = parseClassDump(buf, pos, idSize, abs, this.strings, this.scratch);
        const ci = this.classes.add(rec);
        if (ci >= 0 && this.heaps.current >= 0) this.classes.classes[ci].heap = this.heaps.current;
        if (ci < 0) {
          this.warnings.push(`class ${toHex(rec.id)} is dumped twice; the second CLASS DUMP at byte offset ${abs} is ignored`);
        }
        return pos + size;
      }
      case SubTag.RootUnknown:
      case SubTag.RootStickyClass:
      case SubTag.RootMonitorUsed:
      case SubTag.RootInternedString:
      case SubTag.RootFinalizing:
      case SubTag.RootDebugger:
      case SubTag.RootReferenceCleanup:
      case SubTag.RootVmInternal:
      case SubTag.Unreachable:
        fixed = 1 + idSize;
        if (avail < fixed) break;
        this.root(buf, pos, tag, -1, fixed, segLeft, abs);
        return pos + fixed;
      case SubTag.RootJniGlobal:
        fixed = 1 + 2 * idSize;
        if (avail < fixed) break;
        this.root(buf, pos, tag, -1, fixed, segLeft, abs);
        return pos + fixed;
      case SubTag.RootJniLocal:
      case SubTag.RootJavaFrame:
      case SubTag.RootThreadObject:
      case SubTag.RootJniMonitor:
        // id, u4 thread serial, u4 frame number (JNI local, Java frame) or stack trace serial (thread object)
        fixed = 9 + idSize;
        if (avail < fixed) break;
        this.root(buf, pos, tag, u4(buf, pos + 1 + idSize), fixed, segLeft, abs, tag === 0x8e ? -1 : u4(buf, pos + 5 + idSize) | 0);
        return pos + fixed;
      case SubTag.RootNativeStack:
      case SubTag.RootThreadBlock:
        fixed = 5 + idSize;
        if (avail < fixed) break;
        this.root(buf, pos, tag, u4(buf, pos + 1 + idSize), fixed, segLeft, abs);
        return pos + fixed;
      case SubTag.HeapDumpInfo: {
        // HEAP DUMP INFO (Android): u4 heap type, id heap name; the objects that follow are in that heap.
        fixed = 5 + idSize;
        if (fixed > segLeft) this.overrun(tag, abs, fixed, segLeft);
        if (avail < fixed) break;
        this.subCounts[tag]++;
        const type = u4(buf, pos + 1);
        const name = this.strings.get(this.readId(buf, pos + 5, abs - pos, tag, abs)) ?? `heap ${type}`;
        this.heaps.enter(name, this.table.objectCount);
        return pos + fixed;
      }
      default:
        throw this.unknownSubRecord(tag, abs);
    }
    if (fixed > segLeft) this.overrun(tag, abs, fixed, segLeft);
    if (fixed > MAX_CARRY_BYTES) {
      throw new LimitExceededError(`${SUB_RECORD_NAMES[tag]} of ${fixed} bytes is larger than the reader accepts`, abs);
    }
    this.need = fixed;
    return -1;
  }

  /**
   * The common case with 8-byte ids, in one loop: INSTANCE DUMPs of classes in the layout cache with the declared
   * field bytes, OBJECT ARRAY DUMPs of known classes and PRIMITIVE ARRAY DUMPs of known types, each lying whole in
   * buf[pos, stop) (stop is at most the end of the segment). Returns where it stopped: at the first record it
   * leaves to subRecord() (another tag, a record not whole in the buffer, a class not cached yet, a full column,
   * anything to warn or throw about), which then handles it the general way.
   */
  protected fastRecords8(buf: Uint8Array, pos: number, stop: number, delta: number): number {
    let dv = this.view;
    if (this.viewOf !== buf) {
      dv = this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
      this.viewOf = buf;
    }
    const t = this.table;
    const cacheHi = this.cacheHi;
    const cacheLo = this.cacheLo;
    const cacheClass = this.cacheClass;
    const cacheLayout = this.cacheLayout;
    const cacheBytes = this.cacheBytes;
    const arrayCacheIds = this.arrayCacheIds;
    const arrayCacheClass = this.arrayCacheClass;
    const classIndexById = this.classes.classIndexById;
    const primitiveClass = this.classes.primitiveArrayClass;
    // refBase < 2^53 - 32 GB (see ObjectTable.noteAddress): an id that fits is below 2^53.
    const baseHi = Math.floor(t.refBase / TWO_32) | 0;
    const baseLo = (t.refBase % TWO_32) >>> 0;
    const ids = t.idByOrdinal;
    const classCol = t.classByOrdinal;
    const kinds = t.kindByOrdinal;
    const lengths = t.arrayLengthByOrdinal;
    const offsets = t.offsetLow; // stores wrap modulo 2^32; offsetHighStarts has the rest
    let nextHigh = t.nextHighOffset;
    const refStart = t.refStart;
    const capacity = ids.length;
    const refIds = t.refIds;
    const refCapacity = refIds.length;
    let o = t.objectCount;
    let rc = t.refCount;
    let instances = 0;
    let objectArrays = 0;
    let primitiveArrays = 0;
    // Columns are zero-filled and only appended to: kind and length of an instance (0) need no write.
    while (stop - pos >= 18 && o < capacity) {
      const tag = buf[pos];
      let next: number;
      if (tag === 0x21) {
        // INSTANCE DUMP: id @1, u4 stack serial @9, class id @13, u4 length @21, fields @25
        if (stop - pos < 25) break;
        const length = dv.getUint32(pos + 21);
        next = pos + 25 + length;
        if (next > stop) break;
        const clo = dv.getUint32(pos + 17);
        const slot = (clo >>> 3) & (LAYOUT_CACHE_SLOTS - 1);
        if (cacheLo[slot] !== clo || cacheHi[slot] !== dv.getUint32(pos + 13) || cacheBytes[slot] !== length) break;
        const layout = cacheLayout[slot]!;
        const hi = dv.getUint32(pos + 1);
        if (hi >= 0x200000 || rc + layout.length > refCapacity) break;
        const id = hi * TWO_32 + dv.getUint32(pos + 5);
        ids[o] = id;
        classCol[o] = cacheClass[slot];
        offsets[o] = delta + pos;
        if (delta + pos >= nextHigh) {
          t.noteOffsetHigh(o, delta + pos);
          nextHigh = t.nextHighOffset;
        }
        refStart[o] = rc;
        o++;
        if (t.addressGcd !== 8) t.noteAddress(id);
        const fields = pos + 25;
        for (let i = 0; i < layout.length; i++) {
          const p = fields + layout[i];
          const rhi = dv.getUint32(p);
          const rlo = dv.getUint32(p + 4);
          if ((rhi | rlo) === 0) continue;
          // (id - refBase) / 8 in 32-bit integer steps: fits when the difference is a multiple of 8 below 32 GB.
          const dlo = (rlo - baseLo) | 0;
          const dhi = (rhi - baseHi - (rlo < baseLo ? 1 : 0)) | 0;
          const v = (dhi << 29) | (dlo >>> 3);
          if ((dlo & 7) === 0 && dhi >>> 0 < 8 && v !== -1) refIds[rc++] = v;
          else {
            if (rhi >= 0x200000) throw idTooLarge(SubTag.InstanceDump, delta + pos, delta + p);
            t.refCount = rc;
            t.addWide(rhi * TWO_32 + rlo);
            rc++;
          }
        }
        instances++;
      } else if (tag === 0x22) {
        // OBJECT ARRAY DUMP: id @1, u4 stack serial @9, u4 length @13, array class id @17, elements @25
        if (stop - pos < 25) break;
        const length = dv.getUint32(pos + 13);
        next = pos + 25 + length * 8;
        if (next > stop || rc + length > refCapacity) break;
        const clo = dv.getUint32(pos + 21);
        const classId = dv.getUint32(pos + 17) * TWO_32 + clo;
        const slot = (clo >>> 3) & (ARRAY_CACHE_SLOTS - 1);
        let ci: number;
        if (arrayCacheIds[slot] === classId) ci = arrayCacheClass[slot];
        else {
          const found = classIndexById.get(classId);
          if (found === undefined) break;
          ci = found;
          arrayCacheIds[slot] = classId;
          arrayCacheClass[slot] = ci;
        }
        const hi = dv.getUint32(pos + 1);
        if (hi >= 0x200000) break;
        const id = hi * TWO_32 + dv.getUint32(pos + 5);
        ids[o] = id;
        classCol[o] = ci;
        kinds[o] = 2;
        lengths[o] = length;
        offsets[o] = delta + pos;
        if (delta + pos >= nextHigh) {
          t.noteOffsetHigh(o, delta + pos);
          nextHigh = t.nextHighOffset;
        }
        refStart[o] = rc;
        o++;
        if (t.addressGcd !== 8) t.noteAddress(id);
        if (!t.compressedRefs) t.noteObjectArray(id, length, 8);
        for (let p = pos + 25; p < next; p += 8) {
          const rhi = dv.getUint32(p);
          const rlo = dv.getUint32(p + 4);
          if ((rhi | rlo) === 0) continue;
          // The same encoding as for instance fields above, written out again on purpose: factored into a
          // function, the fast path measured 15-20 % slower (1.6-1.9 s -> 2.1-2.3 s on the bench dump).
          // (id - refBase) / 8 in 32-bit integer steps: fits when the difference is a multiple of 8 below 32 GB.
          const dlo = (rlo - baseLo) | 0;
          const dhi = (rhi - baseHi - (rlo < baseLo ? 1 : 0)) | 0;
          const v = (dhi << 29) | (dlo >>> 3);
          if ((dlo & 7) === 0 && dhi >>> 0 < 8 && v !== -1) refIds[rc++] = v;
          else {
            if (rhi >= 0x200000) throw idTooLarge(SubTag.ObjectArrayDump, delta + pos, delta + p);
            t.refCount = rc;
            t.addWide(rhi * TWO_32 + rlo);
            rc++;
          }
        }
        objectArrays++;
      } else if (tag === 0x23) {
        // PRIMITIVE ARRAY DUMP: id @1, u4 stack serial @9, u4 length @13, u1 type @17, data @18
        const length = dv.getUint32(pos + 13);
        const type = buf[pos + 17];
        const elementBytes = type < 12 ? PRIMITIVE_BYTES[type] : 0;
        next = pos + 18 + length * elementBytes;
        if (elementBytes === 0 || next > stop) break;
        const ci = primitiveClass[type];
        const hi = dv.getUint32(pos + 1);
        if (ci < 0 || hi >= 0x200000) break;
        const id = hi * TWO_32 + dv.getUint32(pos + 5);
        ids[o] = id;
        classCol[o] = ci;
        kinds[o] = type;
        lengths[o] = length;
        offsets[o] = delta + pos;
        if (delta + pos >= nextHigh) {
          t.noteOffsetHigh(o, delta + pos);
          nextHigh = t.nextHighOffset;
        }
        refStart[o] = rc;
        o++;
        if (t.addressGcd !== 8) t.noteAddress(id);
        primitiveArrays++;
      } else break;
      pos = next;
    }
    t.objectCount = o;
    t.refCount = rc;
    this.subCounts[0x21] += instances;
    this.subCounts[0x22] += objectArrays;
    this.subCounts[0x23] += primitiveArrays;
    return pos;
  }

  /** An unknown heap sub-record tag, named with its segment; a top-level tag there hints at the segment's length. */
  protected unknownSubRecord(tag: number, abs: number): FormatError {
    const top = RECORD_NAMES[tag];
    return new FormatError(
      `unknown heap sub-record tag 0x${hex2(tag)} inside the ${RECORD_NAMES[this.lastRecordTag] ?? 'heap dump'} record at byte offset ` +
        `${this.segmentStart}; expected a heap sub-record tag (roots 0x01-0x08 and 0xff, CLASS DUMP 0x20, INSTANCE DUMP 0x21, ` +
        `OBJECT ARRAY DUMP 0x22, PRIMITIVE ARRAY DUMP 0x23, Android 0x89-0x90, 0xc3, 0xfe)` +
        (top !== undefined ? ` (0x${hex2(tag)} is the tag of a top-level ${top} record)` : ''),
      abs,
      tag,
    );
  }

  protected overrun(tag: number, abs: number, size: number, segLeft: number): never {
    throw new FormatError(
      `${SUB_RECORD_NAMES[tag] ?? 'sub-record'} of ${formatInt(size)} bytes runs past the end of the ` +
        `${RECORD_NAMES[this.lastRecordTag] ?? 'heap dump'} record at byte offset ${this.segmentStart}: expected at most ${formatInt(segLeft)} bytes (what is left of it)`,
      abs,
      tag,
    );
  }

  protected root(buf: Uint8Array, pos: number, tag: number, thread: number, size: number, segLeft: number, abs: number, frame = -1): void {
    if (size > segLeft) this.overrun(tag, abs, size, segLeft);
    this.subCounts[tag]++;
    this.table.addRoot(this.readId(buf, pos + 1, abs - pos, tag, abs), tag, thread === -1 ? -1 : thread | 0, frame);
  }

  protected instance(buf: Uint8Array, pos: number, abs: number, length: number, fixed: number): void {
    const idSize = this.idSize;
    const delta = abs - pos;
    const id = this.readId(buf, pos + 1, delta, SubTag.InstanceDump, abs);
    // Class id read inline; its low word picks a slot in a small direct-mapped cache of class layouts.
    const q = pos + 5 + idSize;
    let classId: number;
    let low: number;
    if (idSize === 4) classId = low = ((buf[q] << 24) | (buf[q + 1] << 16) | (buf[q + 2] << 8) | buf[q + 3]) >>> 0;
    else {
      const hi = ((buf[q] << 24) | (buf[q + 1] << 16) | (buf[q + 2] << 8) | buf[q + 3]) >>> 0;
      low = ((buf[q + 4] << 24) | (buf[q + 5] << 16) | (buf[q + 6] << 8) | buf[q + 7]) >>> 0;
      if (hi >= 0x200000) throw idTooLarge(SubTag.InstanceDump, abs, delta + q);
      classId = hi * TWO_32 + low;
    }
    const slot = (low >>> 3) & (LAYOUT_CACHE_SLOTS - 1);
    let ci: number;
    let layout: Int32Array;
    if (this.cacheIds[slot] === classId) {
      ci = this.cacheClass[slot];
      layout = this.cacheLayout[slot]!;
    } else {
      const found = this.classes.classIndexById.get(classId);
      const l = found === undefined ? null : this.classes.layout(found);
      if (l === null) {
        // Class dump (or a superclass) not seen yet: keep the field bytes aside and decode them in finish().
        const o = this.table.add(id, PENDING_CLASS, 0, 0, abs);
        this.pending.addInstance(o, classId, buf.subarray(pos + fixed, pos + fixed + length), abs);
        return;
      }
      ci = found!;
      layout = l;
      this.cacheIds[slot] = classId;
      this.cacheClass[slot] = ci;
      this.cacheLayout[slot] = l;
      this.cacheBytes[slot] = this.classes.instanceFieldBytes(ci);
      this.cacheHi[slot] = Math.floor(classId / TWO_32);
      this.cacheLo[slot] = low;
    }
    const t = this.table;
    t.add(id, ci, 0, 0, abs);
    if (length !== this.classes.instanceFieldBytes(ci)) this.layoutMismatch(abs, length, ci);
    const base = pos + fixed;
    const limit = length - idSize;
    t.reserveRefs(layout.length);
    const refIds = t.refIds;
    const refBase = t.refBase;
    const refUnit = t.refUnit;
    let count = t.refCount;
    for (let i = 0; i < layout.length; i++) {
      const off = layout[i];
      if (off > limit) break;
      const p = base + off;
      let ref: number;
      if (idSize === 4) ref = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
      else {
        const hi = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
        if (hi >= 0x200000) throw idTooLarge(SubTag.InstanceDump, abs, delta + p);
        ref = hi * TWO_32 + (((buf[p + 4] << 24) | (buf[p + 5] << 16) | (buf[p + 6] << 8) | buf[p + 7]) >>> 0);
      }
      if (ref !== 0) {
        const v = (ref - refBase) / refUnit;
        if (v >>> 0 === v && v !== REF_WIDE) refIds[count++] = v;
        else {
          t.refCount = count;
          t.addWide(ref);
          count++;
        }
      }
    }
    t.refCount = count;
  }

  protected mismatchWarned = false;
  protected layoutMismatch(abs: number, length: number, ci: number): void {
    if (this.mismatchWarned) return;
    this.mismatchWarned = true;
    this.warnings.push(
      `INSTANCE DUMP at byte offset ${abs} has ${length} bytes of fields, its class declares ${this.classes.instanceFieldBytes(ci)} (further mismatches not reported)`,
    );
  }

  protected objectArray(id: number, classId: number, length: number, abs: number): void {
    const ci = this.classes.classIndexById.get(classId);
    const o = this.table.add(id, ci === undefined ? PENDING_CLASS : ci, 2, length, abs);
    if (ci === undefined) this.pending.addArray(o, classId);
    this.table.noteObjectArray(id, length, this.idSize);
  }

  protected primitiveArray(id: number, type: number, length: number, abs: number): void {
    const ci = this.classes.primitiveArrayClass[type];
    if (ci < 0) this.unresolvedPrimitiveArrays = true;
    this.table.add(id, ci < 0 ? PENDING_CLASS : ci, type, length, abs);
  }

  protected decodeArrayElements(buf: Uint8Array, pos: number, end: number, delta: number): number {
    const idSize = this.idSize;
    let remaining = this.arrayRemaining;
    const n = Math.min(remaining, Math.floor((end - pos) / idSize));
    const table = this.table;
    table.reserveRefs(n);
    const refIds = table.refIds;
    const refBase = table.refBase;
    const refUnit = table.refUnit;
    let count = table.refCount;
    const stop = pos + n * idSize;
    for (let p = pos; p < stop; p += idSize) {
      let ref: number;
      if (idSize === 4) ref = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
      else {
        const hi = ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
        if (hi >= 0x200000) throw idTooLarge(SubTag.ObjectArrayDump, this.arrayStart, delta + p);
        ref = hi * TWO_32 + (((buf[p + 4] << 24) | (buf[p + 5] << 16) | (buf[p + 6] << 8) | buf[p + 7]) >>> 0);
      }
      if (ref === 0) continue;
      const v = (ref - refBase) / refUnit;
      if (v >>> 0 === v && v !== REF_WIDE) refIds[count++] = v;
      else {
        table.refCount = count;
        table.addWide(ref);
        count++;
      }
    }
    table.refCount = count;
    remaining -= n;
    this.arrayRemaining = remaining;
    if (remaining > 0) this.need = idSize;
    return stop;
  }
}
