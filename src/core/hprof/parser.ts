// Synchronous push parser for HPROF (JAVA PROFILE 1.0.1 / 1.0.2 / Android 1.0.3): feed chunks of any size with
// push(), then finish(). Format: OpenJDK heapDumper.cpp (header comment) and Android ART runtime/hprof/hprof.cc.
// A record straddling chunks goes to a carry buffer that knows how many bytes it needs; primitive array data is
// skipped across chunks and object arrays are decoded across chunks, so neither is ever buffered whole.
// This file frames the input into top-level records and reads those; the heap dump's sub-records are in
// heap-records.ts, the end of the input in parser-end.ts, the state they share in parser-state.ts.

import { FormatError, LimitExceededError } from '../errors.ts';
import { ClassTable } from './class-table.ts';
import { parseHeader } from './header.ts';
import { ObjectTable } from './object-table.ts';
import { RECORD_NAMES, SUB_RECORD_NAMES, Tag } from './constants.ts';
import { PendingObjects } from './pending.ts';
import { HeapRuns } from './heaps.ts';
import { MAX_CARRY_BYTES, MAX_UTF8_BYTES, hex2, u4 } from './parser-state.ts';
import { HeapRecordParser } from './heap-records.ts';

export type { ParserOptions } from './parser-state.ts';

export class HprofParser extends HeapRecordParser {
  push(chunk: Uint8Array): void {
    const chunkStart = this.consumed;
    if (this.broken !== null) {
      // Past a structural error nothing more is decoded; the bytes are only counted (as lost).
      this.consumed = chunkStart + chunk.length;
      return;
    }
    try {
      this.pushRecords(chunk, chunkStart);
    } catch (e) {
      if (!(e instanceof FormatError) || !this.headerDone) throw e;
      this.stopAt(e);
      this.consumed = chunkStart + chunk.length;
    }
  }

  /**
   * A structural error after the header: reading stops at the record that broke, and what came before is kept
   * (as for a truncated dump); finish() rethrows when nothing at all was read before it.
   */
  private stopAt(error: FormatError): void {
    this.broken = {
      error,
      offset: error.offset ?? this.consumed,
      segmentStart: this.segmentStart,
      segmentEnd: this.segmentEnd,
    };
    this.carryLen = 0;
    this.skipEnd = -1;
    this.arrayRemaining = 0;
    this.segmentEnd = -1;
  }

  private pushRecords(chunk: Uint8Array, chunkStart: number): void {
    const end = chunk.length;
    let pos = 0;
    while (this.carryLen > 0 && pos < end) {
      const take = Math.min(this.need - this.carryLen, end - pos);
      this.carry.set(chunk.subarray(pos, pos + take), this.carryLen);
      this.carryLen += take;
      pos += take;
      if (this.carryLen < this.need) break;
      const used = this.process(this.carry, 0, this.carryLen, this.carryStart);
      if (used === this.carryLen) {
        this.carryLen = 0;
      } else {
        this.carry.copyWithin(0, used, this.carryLen);
        this.carryLen -= used;
        this.carryStart += used;
        this.reserveCarry(this.need);
      }
    }
    if (pos < end && this.carryLen === 0) {
      const used = this.process(chunk, pos, end, chunkStart + pos);
      if (used < end) {
        this.reserveCarry(Math.max(this.need, end - used));
        this.carry.set(chunk.subarray(used, end), 0);
        this.carryLen = end - used;
        this.carryStart = chunkStart + used;
      }
    }
    this.consumed = chunkStart + end;
  }

  /**
   * The next `lost` bytes of the dump are missing (a damaged gzip member): the record they cut is dropped and
   * reading resumes at the next top-level record, the end of the current heap dump segment when it lies past the
   * gap, else the first plausible record header found after it (tag, time 0 as HotSpot writes, and a heap
   * sub-record tag or an empty HEAP DUMP END). The skipped bytes are counted in a warning.
   */
  skipGap(lost: number): void {
    const gapEnd = this.consumed + lost;
    this.carryLen = 0;
    this.need = 0;
    this.arrayRemaining = 0;
    this.consumed = gapEnd;
    if (this.skipEnd >= gapEnd) return; // the gap fell inside bytes skipped anyway
    if (this.segmentEnd >= gapEnd) {
      this.skip(this.segmentEnd, 'damaged heap dump segment', gapEnd);
      if (this.segmentEnd > gapEnd)
        this.warnings.push(
          `reading resumes at byte offset ${this.segmentEnd}, the end of the heap dump segment the damage fell in (starting at byte offset ${this.segmentStart}): its ${this.segmentEnd - gapEnd} bytes after the damage are skipped`,
        );
      return;
    }
    this.skipEnd = -1;
    this.segmentEnd = -1;
    this.resyncFrom = gapEnd;
  }

  /** Scans buf[pos, end) for a plausible top-level record header after a gap; returns where it is, or where to go on. */
  private resync(buf: Uint8Array, pos: number, end: number, delta: number): number {
    for (; pos + 10 <= end; pos++) {
      const tag = buf[pos];
      if (tag !== 0x1c && tag !== 0x0c && tag !== 0x2c) continue;
      if (buf[pos + 1] !== 0 || buf[pos + 2] !== 0 || buf[pos + 3] !== 0 || buf[pos + 4] !== 0) continue;
      const length = u4(buf, pos + 5);
      if (tag === 0x2c ? length !== 0 : length === 0 || SUB_RECORD_NAMES[buf[pos + 9]] === undefined) continue;
      const at = delta + pos;
      const skipped = at - this.resyncFrom;
      this.warnings.push(
        skipped === 0
          ? `reading resumes at byte offset ${at}, where a ${RECORD_NAMES[tag]} record starts right after the damage`
          : `reading resumes at byte offset ${at}, the next ${RECORD_NAMES[tag]} record found after the damage: ${skipped} bytes skipped`,
      );
      this.resyncFrom = -1;
      return pos;
    }
    this.need = 10;
    return pos;
  }

  private reserveCarry(bytes: number): void {
    if (bytes > MAX_CARRY_BYTES) {
      throw new LimitExceededError(`a record of ${bytes} bytes is larger than the reader accepts`, this.carryStart);
    }
    if (bytes > this.carry.length) {
      const next = new Uint8Array(Math.max(bytes, Math.min(MAX_CARRY_BYTES, this.carry.length * 2)));
      next.set(this.carry.subarray(0, this.carryLen));
      this.carry = next;
    }
  }

  /**
   * Decodes records from buf[pos, end) whose first byte is at absolute offset `delta + pos`. Returns the position
   * of the first byte not consumed; when it is < end, `this.need` holds how many bytes are needed from there.
   */
  private process(buf: Uint8Array, pos: number, end: number, delta0: number): number {
    const delta = delta0 - pos;
    if (!this.headerDone) {
      pos = this.readHeader(buf, pos, end, delta);
      if (!this.headerDone) return pos;
    }
    const idSize = this.idSize;
    while (pos < end) {
      if (this.resyncFrom >= 0) {
        pos = this.resync(buf, pos, end, delta);
        if (this.resyncFrom >= 0) return pos;
      }
      const abs = delta + pos;
      if (this.skipEnd > abs) {
        const n = Math.min(this.skipEnd - abs, end - pos);
        pos += n;
        continue;
      }
      if (this.arrayRemaining > 0) {
        pos = this.decodeArrayElements(buf, pos, end, delta);
        if (this.arrayRemaining > 0) return pos;
        continue;
      }
      if (this.segmentEnd > abs) {
        if (idSize === 8 && this.table.objectCount > 0) {
          const segStop = this.segmentEnd - delta;
          const next = this.fastRecords8(buf, pos, segStop < end ? segStop : end, delta);
          if (next !== pos) {
            pos = next;
            continue;
          }
        }
        const next = this.subRecord(buf, pos, end, abs, this.segmentEnd - abs, idSize);
        if (next < 0) return pos;
        pos = next;
        continue;
      }
      // top-level record: u1 tag, u4 time delta, u4 body length
      if (end - pos < 9) {
        this.need = 9;
        return pos;
      }
      const tag = buf[pos];
      const length = u4(buf, pos + 5);
      // A HEAP DUMP record is a whole dump: whatever follows it starts afresh.
      if (this.dumpOpen && this.lastRecordTag === Tag.HeapDump) this.dumpOpen = false;
      if (tag === Tag.HeapDumpEnd) this.dumpOpen = false;
      if ((tag === Tag.HeapDump || tag === Tag.HeapDumpSegment) && !this.startsOtherDump(abs)) {
        this.topCounts[tag]++;
        this.noteRecord(tag, abs, length);
        this.skip(abs + 9 + length, `${RECORD_NAMES[tag]} (of heap dump ${this.dumpCount}, not read)`, abs);
        pos += 9;
      } else if (tag === Tag.HeapDump || tag === Tag.HeapDumpSegment) {
        this.topCounts[tag]++;
        this.segmentStart = abs;
        this.segmentEnd = abs + 9 + length;
        this.noteRecord(tag, abs, length);
        pos += 9;
      } else if (tag === Tag.Utf8 || tag === Tag.LoadClass) {
        const least = tag === Tag.Utf8 ? idSize : 2 * idSize + 8;
        if (length < least || (tag === Tag.LoadClass && length > 4096)) {
          throw new FormatError(
            `${RECORD_NAMES[tag]} record declares a length of ${length} bytes; expected ${tag === Tag.Utf8 ? `at least ${least}` : `${least}`}`,
            abs,
            tag,
          );
        }
        this.noteRecord(tag, abs, length);
        if (tag === Tag.Utf8 && length > MAX_UTF8_BYTES) {
          this.topCounts[tag]++;
          this.notes.push(`UTF8 record of ${length} bytes at byte offset ${abs} skipped (its text is not shown)`);
          this.skip(abs + 9 + length, 'UTF8', abs);
          pos += 9;
          continue;
        }
        if (end - pos < 9 + length) {
          this.need = 9 + length;
          return pos;
        }
        this.topCounts[tag]++;
        if (tag === Tag.Utf8) {
          const id = this.readId(buf, pos + 9, delta, tag, abs, true);
          this.strings.set(id, this.utf8.decode(buf.subarray(pos + 9 + idSize, pos + 9 + length)));
        } else {
          const classId = this.readId(buf, pos + 13, delta, tag, abs, true);
          const nameId = this.readId(buf, pos + 17 + idSize, delta, tag, abs, true);
          const name = this.strings.get(nameId);
          if (name !== undefined) this.classes.setLoadClassName(classId, name);
          this.stacks.classIdBySerial.set(u4(buf, pos + 9), classId);
        }
        pos += 9 + length;
      } else if (tag === 0x04 || tag === 0x05) {
        if (tag === 0x04 ? length !== 4 * idSize + 8 : length < 12) {
          throw new FormatError(`${RECORD_NAMES[tag]} record has an invalid length ${length}`, abs, tag);
        }
        if (end - pos < 9 + length) {
          this.need = 9 + length;
          return pos;
        }
        if (tag === 0x05 && length !== 12 + idSize * u4(buf, pos + 17)) {
          throw new FormatError(`STACK TRACE record of ${length} bytes does not hold its ${u4(buf, pos + 17)} frame ids`, abs, tag);
        }
        this.topCounts[tag]++;
        this.stackRecord(buf, pos + 9, tag, delta);
        pos += 9 + length;
      } else {
        if (RECORD_NAMES[tag] === undefined) this.unknownRecord(tag, abs, length);
        this.topCounts[tag]++;
        this.noteRecord(tag, abs, length);
        this.skip(abs + 9 + length, RECORD_NAMES[tag] ?? `unknown 0x${hex2(tag)}`, abs);
        pos += 9;
      }
    }
    return pos;
  }

  /**
   * At a heap dump record: opens a new dump when none is open. Returns whether its records are read: those of the
   * wanted dump, or by default of each dump in turn, a new one replacing what the previous one left in the tables
   * (so the last dump is analysed, never a union of several).
   */
  private startsOtherDump(abs: number): boolean {
    if (!this.dumpOpen) {
      this.dumpOpen = true;
      this.dumpCount++;
      if (this.wantedDump === 0 || this.wantedDump === this.dumpCount) {
        if (this.dumpRead > 0) this.resetHeap(abs);
        this.dumpRead = this.dumpCount;
      }
    }
    return this.dumpRead === this.dumpCount;
  }

  /** Forgets the objects, classes and roots of the dump read so far (names from UTF8 and LOAD CLASS stay). */
  private resetHeap(abs: number): void {
    const names = this.classes.nameById;
    this.classes = new ClassTable(this.idSize);
    for (const [id, name] of names) this.classes.nameById.set(id, name);
    this.table = new ObjectTable(Math.max(0, (this.options.sizeHint ?? 0) - abs));
    this.table.setIdSize(this.idSize);
    this.pending = new PendingObjects(this.options.maxPendingBytes ?? 256 * 1024 * 1024);
    this.unresolvedPrimitiveArrays = false;
    this.heaps = new HeapRuns();
    this.mismatchWarned = false;
    this.subCounts.fill(0);
    this.cacheIds.fill(-1);
    this.cacheBytes.fill(-1);
    this.arrayCacheIds.fill(-1);
  }

  private noteRecord(tag: number, abs: number, length: number): void {
    this.lastRecordTag = tag;
    this.lastRecordStart = abs;
    this.lastRecordEnd = abs + 9 + length;
  }

  /**
   * A top-level tag the format does not define. Right after a heap dump segment, a heap sub-record tag there means
   * the segment's declared length is too short (its sub-records go on): a structural error blamed on that segment.
   * Otherwise the record is skipped by its length, and the bytes skipped are reported as lost.
   */
  private unknownRecord(tag: number, abs: number, length: number): void {
    const prev = this.lastRecordTag;
    if ((prev === Tag.HeapDump || prev === Tag.HeapDumpSegment) && this.lastRecordEnd === abs && SUB_RECORD_NAMES[tag] !== undefined) {
      throw new FormatError(
        `${RECORD_NAMES[prev]} record at byte offset ${this.lastRecordStart} declares a length of ` +
          `${this.lastRecordEnd - this.lastRecordStart - 9} bytes, but a heap sub-record (${SUB_RECORD_NAMES[tag]}, tag 0x${hex2(tag)}) ` +
          `follows its end: the declared length is too short; expected a top-level record tag there`,
        abs,
        tag,
      );
    }
    const seen = this.unknownTags.get(tag);
    if (seen === undefined) this.unknownTags.set(tag, { count: 1, bytes: 9 + length, first: abs });
    else {
      seen.count++;
      seen.bytes += 9 + length;
    }
  }

  private readHeader(buf: Uint8Array, pos: number, end: number, delta: number): number {
    const h = parseHeader(buf, pos, end, delta + pos);
    if (typeof h === 'number') {
      this.need = h;
      return pos;
    }
    this.format = h.format;
    this.idSize = h.idSize;
    this.timestamp = h.timestamp;
    this.classes = new ClassTable(h.idSize);
    this.table.setIdSize(h.idSize);
    this.pending = new PendingObjects(this.options.maxPendingBytes ?? 256 * 1024 * 1024);
    this.headerDone = true;
    return pos + h.length;
  }

  /** STACK FRAME (0x04): id, method name id, signature id, source file id, u4 class serial, i4 line. STACK TRACE
   *  (0x05): u4 serial, u4 thread serial, u4 frame count, frame ids (top frame first). `p`: the record's body. */
  private stackRecord(buf: Uint8Array, p: number, tag: number, delta: number): void {
    const idSize = this.idSize;
    const start = delta + p - 9;
    if (tag === 0x04) {
      const name = (at: number): string => this.strings.get(this.readId(buf, at, delta, tag, start, true)) ?? '';
      this.stacks.frames.set(this.readId(buf, p, delta, tag, start, true), {
        method: name(p + idSize),
        signature: name(p + 2 * idSize),
        sourceFile: name(p + 3 * idSize),
        classSerial: u4(buf, p + 4 * idSize),
        line: u4(buf, p + 4 * idSize + 4) | 0,
      });
      return;
    }
    const count = u4(buf, p + 8);
    const frameIds: number[] = [];
    for (let i = 0; i < count; i++) frameIds.push(this.readId(buf, p + 12 + i * idSize, delta, tag, start, true));
    this.stacks.traces.set(u4(buf, p), { threadSerial: u4(buf, p + 4) | 0, frameIds });
  }
}
