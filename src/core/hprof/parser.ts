// Synchronous push parser for HPROF (JAVA PROFILE 1.0.1 / 1.0.2 / Android 1.0.3): feed chunks of any size with
// push(), then finish(). Format: OpenJDK heapDumper.cpp (header comment) and Android ART runtime/hprof/hprof.cc.
// A record straddling chunks goes to a carry buffer that knows how many bytes it needs; primitive array data is
// skipped across chunks and object arrays are decoded across chunks, so neither is ever buffered whole.

import { FormatError, LimitExceededError, TruncatedInputError } from '../errors.ts';
import { BasicType, REF_WIDE, type ParsedHeap, type StackRecords } from '../model/parsed-heap.ts';
import { toHex } from '../units.ts';
import { ClassTable } from './class-table.ts';
import { parseClassDump, classDumpExtent } from './class-dump.ts';
import { parseHeader } from './header.ts';
import { ObjectTable } from './object-table.ts';
import { RECORD_NAMES, SUB_RECORD_NAMES, SubTag, Tag, basicTypeSize } from './constants.ts';
import { PendingObjects } from './pending.ts';
import { HeapRuns } from './heaps.ts';
import { idTooLarge } from './id-range.ts';
import { assembleParsedHeap, PENDING_CLASS } from './assemble.ts';

export interface ParserOptions {
  /** Expected size of the decompressed dump in bytes, to size the columns up front (an estimate is fine). */
  sizeHint?: number;
  compressed?: boolean;
  /** Most bytes of instance field data kept aside for instances whose class dump comes later. Default 256 MiB. */
  maxPendingBytes?: number;
  /** Which heap dump to read (1-based) when the file holds several; default: the last. */
  dump?: number;
}

/** Largest record or sub-record held whole in the carry buffer (instances, class dumps, UTF8 names). */
const MAX_CARRY_BYTES = 64 * 1024 * 1024;
/** UTF8 records longer than this are skipped (their text is replaced by a placeholder). */
const MAX_UTF8_BYTES = 16 * 1024 * 1024;
const TWO_32 = 4294967296;
const LAYOUT_CACHE_SLOTS = 1024;
const ARRAY_CACHE_SLOTS = 256;
/** Bytes per element of a primitive array by BasicType (0: not a primitive type). */
const PRIMITIVE_BYTES = new Uint8Array([0, 0, 0, 0, 1, 2, 4, 8, 1, 2, 4, 8]);

export class HprofParser {
  // --- position and state machine (all offsets absolute in the decompressed dump) ---
  private consumed = 0; // absolute offset of the next byte push() will receive
  private headerDone = false;
  private idSize: 4 | 8 = 8;
  private format = '';
  private timestamp = 0;
  private segmentEnd = -1; // end of the current HEAP DUMP (SEGMENT) body; -1 at top level
  private segmentStart = -1;
  private skipEnd = -1; // bytes up to here are skipped (primitive array data, records we do not decode)
  private skipWhat = '';
  private skipStart = -1;
  private arrayRemaining = 0; // object-array elements still to decode
  private arrayStart = -1;
  private carry = new Uint8Array(256);
  private carryLen = 0;
  private carryStart = 0;
  private need = 0; // set when process() stops early: bytes needed from where it stopped
  private resyncFrom = -1; // after a gap in the input: where the search for the next top-level record began

  // --- results ---
  private readonly subCounts = new Int32Array(256);
  private readonly topCounts = new Int32Array(256);
  private readonly warnings: string[] = [];
  /** Facts about a healthy dump (not a loss of data): shown with the summary's details, not as a warning. */
  private readonly notes: string[] = [];
  /** Records with a tag the format does not define, skipped by their declared length: per tag, count, bytes, first offset. */
  private readonly unknownTags = new Map<number, { count: number; bytes: number; first: number }>();
  /** Set when a structural error stopped the reading: what came before is kept, the rest counted as lost. */
  private broken: { error: FormatError; offset: number; segmentStart: number; segmentEnd: number } | null = null;
  /** The last top-level record read: its tag, start and end (to blame a wrong length on the record before). */
  private lastRecordTag = -1;
  private lastRecordStart = -1;
  private lastRecordEnd = -1;
  readonly strings = new Map<number, string>();
  private readonly stacks: StackRecords = { frames: new Map(), traces: new Map(), classIdBySerial: new Map() };
  private classes!: ClassTable;
  private pending!: PendingObjects;
  private table: ObjectTable;
  /** Android's heaps (HEAP DUMP INFO): which heap each run of objects is in. */
  private heaps = new HeapRuns();
  /** Heap dumps seen so far (a run of heap dump records closed by HEAP DUMP END, or one HEAP DUMP record). */
  private dumpCount = 0;
  private dumpOpen = false;
  /** The dump being read (1-based; 0 before the first). */
  private dumpRead = 0;
  private readonly wantedDump: number;
  private unresolvedPrimitiveArrays = false;

  private readonly cacheIds = new Float64Array(LAYOUT_CACHE_SLOTS).fill(-1);
  private readonly cacheClass = new Int32Array(LAYOUT_CACHE_SLOTS);
  private readonly cacheLayout: (Int32Array | null)[] = new Array<Int32Array | null>(LAYOUT_CACHE_SLOTS).fill(null);
  // The same cache for the fast path: class id halves, and the instance field bytes (-1: empty slot).
  private readonly cacheHi = new Uint32Array(LAYOUT_CACHE_SLOTS);
  private readonly cacheLo = new Uint32Array(LAYOUT_CACHE_SLOTS);
  private readonly cacheBytes = new Int32Array(LAYOUT_CACHE_SLOTS).fill(-1);
  private readonly arrayCacheIds = new Float64Array(ARRAY_CACHE_SLOTS).fill(-1);
  private readonly arrayCacheClass = new Int32Array(ARRAY_CACHE_SLOTS);
  private view: DataView = new DataView(new ArrayBuffer(0));
  private viewOf: Uint8Array | null = null;
  private readonly utf8 = new TextDecoder('utf-8');
  private readonly scratch = new DataView(new ArrayBuffer(8));

  constructor(private readonly options: ParserOptions = {}) {
    this.table = new ObjectTable(options.sizeHint ?? 0);
    const wanted = options.dump ?? 0;
    if (!Number.isInteger(wanted) || wanted < 0) throw new RangeError(`dump number ${wanted} is not a positive integer`);
    this.wantedDump = wanted;
  }

  /** Bytes received so far. */
  get bytesRead(): number {
    return this.consumed;
  }

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

  private skip(until: number, what: string, start: number): void {
    this.skipEnd = until;
    this.skipWhat = what;
    this.skipStart = start;
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

  /** The id at buf[p]; `tag` and `start` name the record it is in (a top-level one when `topLevel`) for the error. */
  private readId(buf: Uint8Array, p: number, delta: number, tag: number, start: number, topLevel = false): number {
    if (this.idSize === 4) return u4(buf, p);
    const hi = u4(buf, p);
    if (hi >= 0x200000) throw idTooLarge(tag, start, delta + p, topLevel);
    return hi * TWO_32 + u4(buf, p + 4);
  }

  /** Decodes one heap sub-record at buf[pos]; returns the next position, or -1 with `this.need` set. */
  private subRecord(buf: Uint8Array, pos: number, end: number, abs: number, segLeft: number, idSize: number): number {
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
  private fastRecords8(buf: Uint8Array, pos: number, stop: number, delta: number): number {
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
  private unknownSubRecord(tag: number, abs: number): FormatError {
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

  private overrun(tag: number, abs: number, size: number, segLeft: number): never {
    throw new FormatError(
      `${SUB_RECORD_NAMES[tag] ?? 'sub-record'} of ${formatInt(size)} bytes runs past the end of the ` +
        `${RECORD_NAMES[this.lastRecordTag] ?? 'heap dump'} record at byte offset ${this.segmentStart}: expected at most ${formatInt(segLeft)} bytes (what is left of it)`,
      abs,
      tag,
    );
  }

  private root(buf: Uint8Array, pos: number, tag: number, thread: number, size: number, segLeft: number, abs: number, frame = -1): void {
    if (size > segLeft) this.overrun(tag, abs, size, segLeft);
    this.subCounts[tag]++;
    this.table.addRoot(this.readId(buf, pos + 1, abs - pos, tag, abs), tag, thread === -1 ? -1 : thread | 0, frame);
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

  private instance(buf: Uint8Array, pos: number, abs: number, length: number, fixed: number): void {
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

  private mismatchWarned = false;
  private layoutMismatch(abs: number, length: number, ci: number): void {
    if (this.mismatchWarned) return;
    this.mismatchWarned = true;
    this.warnings.push(
      `INSTANCE DUMP at byte offset ${abs} has ${length} bytes of fields, its class declares ${this.classes.instanceFieldBytes(ci)} (further mismatches not reported)`,
    );
  }

  private objectArray(id: number, classId: number, length: number, abs: number): void {
    const ci = this.classes.classIndexById.get(classId);
    const o = this.table.add(id, ci === undefined ? PENDING_CLASS : ci, 2, length, abs);
    if (ci === undefined) this.pending.addArray(o, classId);
    this.table.noteObjectArray(id, length, this.idSize);
  }

  private primitiveArray(id: number, type: number, length: number, abs: number): void {
    const ci = this.classes.primitiveArrayClass[type];
    if (ci < 0) this.unresolvedPrimitiveArrays = true;
    this.table.add(id, ci < 0 ? PENDING_CLASS : ci, type, length, abs);
  }

  private decodeArrayElements(buf: Uint8Array, pos: number, end: number, delta: number): number {
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

  /** Ends the input: returns the parsed heap (truncated when the input stopped inside a record). */
  finish(): ParsedHeap {
    const end = this.consumed;
    if (!this.headerDone) {
      if (end === 0) throw new FormatError('the file is empty', 0);
      throw new TruncatedInputError('the input ends inside the HPROF header', end);
    }
    for (const [tag, u] of this.unknownTags) {
      this.warnings.push(
        `${plural(u.count, 'record')} with the unknown tag 0x${hex2(tag)} (the first at byte offset ${u.first}) skipped by ` +
          `${u.count === 1 ? 'its' : 'their'} declared length: ${formatInt(u.bytes)} bytes not analysed, so the results may be incomplete`,
      );
    }
    if (this.wantedDump > this.dumpCount) {
      throw new FormatError(`heap dump ${this.wantedDump} was asked for, but the file holds ${plural(this.dumpCount, 'heap dump')}`);
    }
    if (this.dumpCount > 1) {
      this.warnings.unshift(
        `this file holds ${this.dumpCount} heap dumps; dump ${this.dumpRead} of ${this.dumpCount} is analysed` +
          (this.wantedDump === 0
            ? ' (the last, the most recent state of the heap: each dump is a whole heap of its own, and merging them would show a heap that never existed)'
            : ' (as asked)'),
      );
    }
    if (this.resyncFrom >= 0) {
      this.warnings.push(
        `no record was found after the damage: the ${end - this.resyncFrom} bytes from byte offset ${this.resyncFrom} to the end are skipped`,
      );
      return this.build(true);
    }
    if (this.broken !== null) return this.finishBroken(this.broken, end);
    const where = this.openRecord(end);
    if (where !== '') {
      this.warnings.push(`dump truncated: the input ends at byte offset ${end} inside ${where}; showing what was read`);
    }
    return this.build(where !== '');
  }

  /** The record the input ended inside, named with its offset and declared length ('' when none). */
  private openRecord(end: number): string {
    const inSegment = (at: number) => this.segmentEnd > at && at >= this.segmentStart + 9;
    const segment = () =>
      `the ${RECORD_NAMES[this.lastRecordTag]} record at byte offset ${this.segmentStart} (declared length ` +
      `${formatInt(this.segmentEnd - this.segmentStart - 9)} bytes, to byte offset ${this.segmentEnd})`;
    if (this.arrayRemaining > 0) {
      return `the OBJECT ARRAY DUMP at byte offset ${this.arrayStart} (${formatInt(this.arrayRemaining)} elements not read)`;
    }
    if (this.carryLen > 0) {
      const tag = this.carry[0];
      const name = inSegment(this.carryStart) ? SUB_RECORD_NAMES[tag] : RECORD_NAMES[tag];
      const what = `${name ?? `a record with tag 0x${hex2(tag)}`} at byte offset ${this.carryStart}`;
      return `${what} (${this.carryLen} bytes of it read)${inSegment(this.carryStart) ? ` in ${segment()}` : ''}`;
    }
    if (this.skipEnd > end) {
      return `the ${this.skipWhat} record at byte offset ${this.skipStart} (declared to end at byte offset ${this.skipEnd})`;
    }
    if (this.segmentEnd > end) return segment();
    return '';
  }

  /**
   * After a structural error: the analysis of what came before, with a warning naming the record at fault and
   * the bytes lost. A heap dump record whose declared length runs past the end of the input is blamed first: its
   * contents stop making sense where the next top-level record begins (the usual sign of a corrupt length field).
   */
  private finishBroken(broken: NonNullable<HprofParser['broken']>, end: number): ParsedHeap {
    const { error, offset } = broken;
    if (this.table.objectCount === 0 && this.classes.classes.length === 0) throw error;
    const lost = end - offset;
    let cause = error.message;
    if (broken.segmentEnd > end && offset >= broken.segmentStart) {
      cause =
        `the ${RECORD_NAMES[this.lastRecordTag] ?? 'heap dump'} record at byte offset ${broken.segmentStart} declares a length of ` +
        `${formatInt(broken.segmentEnd - broken.segmentStart - 9)} bytes, past the end of the dump (${formatInt(end)} bytes): ` +
        `its length field is corrupt. Its sub-records read as expected up to byte offset ${offset}, where ${error.message}`;
    }
    this.warnings.push(
      `dump damaged: ${cause}. Showing what was read before byte offset ${offset}; the ${formatInt(lost)} bytes after it ` +
        `(${((100 * lost) / Math.max(1, end)).toFixed(1)}% of the dump) were not read`,
    );
    return this.build(true, { offset, lostBytes: lost, message: cause });
  }

  private build(truncated: boolean, damage?: ParsedHeap['damage']): ParsedHeap {
    return assembleParsedHeap({
      notes: this.notes,
      dumps: { count: Math.max(1, this.dumpCount), analysed: Math.max(1, this.dumpRead) },
      heaps: this.heaps.result(),
      damage,
      table: this.table,
      classes: this.classes,
      pending: this.pending,
      unresolvedPrimitiveArrays: this.unresolvedPrimitiveArrays,
      format: this.format,
      idSize: this.idSize,
      timestamp: this.timestamp,
      compressed: this.options.compressed ?? false,
      bytesRead: this.consumed,
      truncated,
      warnings: this.warnings,
      topCounts: this.topCounts,
      subCounts: this.subCounts,
      strings: this.strings,
      stacks: this.stacks,
    });
  }
}

function plural(n: number, word: string): string {
  return `${formatInt(n)} ${word}${n === 1 ? '' : 's'}`;
}

function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

function hex2(tag: number): string {
  return tag.toString(16).padStart(2, '0');
}

function u4(buf: Uint8Array, p: number): number {
  return ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
}
