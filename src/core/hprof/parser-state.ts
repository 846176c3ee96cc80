// The HPROF push parser's state, shared by its levels (parser.ts: framing and top-level records; heap-records.ts:
// heap dump sub-records; parser-end.ts: the end of the input): positions in the input, the tables being filled, the
// layout caches, and the primitive reads every level uses (ids, skips, u4).

import { FormatError } from '../errors.ts';
import type { StackRecords } from '../model/parsed-heap.ts';
import { ClassTable } from './class-table.ts';
import { ObjectTable } from './object-table.ts';
import { PendingObjects } from './pending.ts';
import { HeapRuns } from './heaps.ts';
import { idTooLarge } from './id-range.ts';

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
export const MAX_CARRY_BYTES = 64 * 1024 * 1024;
/** UTF8 records longer than this are skipped (their text is replaced by a placeholder). */
export const MAX_UTF8_BYTES = 16 * 1024 * 1024;
export const TWO_32 = 4294967296;
export const LAYOUT_CACHE_SLOTS = 1024;
export const ARRAY_CACHE_SLOTS = 256;
/** Bytes per element of a primitive array by BasicType (0: not a primitive type). */
export const PRIMITIVE_BYTES = new Uint8Array([0, 0, 0, 0, 1, 2, 4, 8, 1, 2, 4, 8]);

/** Where a structural error stopped the reading (see HprofParser.stopAt). */
export interface BrokenRead {
  error: FormatError;
  offset: number;
  segmentStart: number;
  segmentEnd: number;
}

export abstract class ParserState {
  // --- position and state machine (all offsets absolute in the decompressed dump) ---
  protected consumed = 0; // absolute offset of the next byte push() will receive
  protected headerDone = false;
  protected idSize: 4 | 8 = 8;
  protected format = '';
  protected timestamp = 0;
  protected segmentEnd = -1; // end of the current HEAP DUMP (SEGMENT) body; -1 at top level
  protected segmentStart = -1;
  protected skipEnd = -1; // bytes up to here are skipped (primitive array data, records we do not decode)
  protected skipWhat = '';
  protected skipStart = -1;
  protected arrayRemaining = 0; // object-array elements still to decode
  protected arrayStart = -1;
  protected carry = new Uint8Array(256);
  protected carryLen = 0;
  protected carryStart = 0;
  protected need = 0; // set when process() stops early: bytes needed from where it stopped
  protected resyncFrom = -1; // after a gap in the input: where the search for the next top-level record began

  // --- results ---
  protected readonly subCounts = new Int32Array(256);
  protected readonly topCounts = new Int32Array(256);
  protected readonly warnings: string[] = [];
  /** Facts about a healthy dump (not a loss of data): shown with the summary's details, not as a warning. */
  protected readonly notes: string[] = [];
  /** Records with a tag the format does not define, skipped by their declared length: per tag, count, bytes, first offset. */
  protected readonly unknownTags = new Map<number, { count: number; bytes: number; first: number }>();
  /** Set when a structural error stopped the reading: what came before is kept, the rest counted as lost. */
  protected broken: BrokenRead | null = null;
  /** The last top-level record read: its tag, start and end (to blame a wrong length on the record before). */
  protected lastRecordTag = -1;
  protected lastRecordStart = -1;
  protected lastRecordEnd = -1;
  readonly strings = new Map<number, string>();
  protected readonly stacks: StackRecords = { frames: new Map(), traces: new Map(), classIdBySerial: new Map() };
  protected classes!: ClassTable;
  protected pending!: PendingObjects;
  protected table: ObjectTable;
  /** Android's heaps (HEAP DUMP INFO): which heap each run of objects is in. */
  protected heaps = new HeapRuns();
  /** Heap dumps seen so far (a run of heap dump records closed by HEAP DUMP END, or one HEAP DUMP record). */
  protected dumpCount = 0;
  protected dumpOpen = false;
  /** The dump being read (1-based; 0 before the first). */
  protected dumpRead = 0;
  protected readonly wantedDump: number;
  protected unresolvedPrimitiveArrays = false;

  protected readonly cacheIds = new Float64Array(LAYOUT_CACHE_SLOTS).fill(-1);
  protected readonly cacheClass = new Int32Array(LAYOUT_CACHE_SLOTS);
  protected readonly cacheLayout: (Int32Array | null)[] = new Array<Int32Array | null>(LAYOUT_CACHE_SLOTS).fill(null);
  // The same cache for the fast path: class id halves, and the instance field bytes (-1: empty slot).
  protected readonly cacheHi = new Uint32Array(LAYOUT_CACHE_SLOTS);
  protected readonly cacheLo = new Uint32Array(LAYOUT_CACHE_SLOTS);
  protected readonly cacheBytes = new Int32Array(LAYOUT_CACHE_SLOTS).fill(-1);
  protected readonly arrayCacheIds = new Float64Array(ARRAY_CACHE_SLOTS).fill(-1);
  protected readonly arrayCacheClass = new Int32Array(ARRAY_CACHE_SLOTS);
  protected view: DataView = new DataView(new ArrayBuffer(0));
  protected viewOf: Uint8Array | null = null;
  protected readonly utf8 = new TextDecoder('utf-8');
  protected readonly scratch = new DataView(new ArrayBuffer(8));

  constructor(protected readonly options: ParserOptions = {}) {
    this.table = new ObjectTable(options.sizeHint ?? 0);
    const wanted = options.dump ?? 0;
    if (!Number.isInteger(wanted) || wanted < 0) throw new RangeError(`dump number ${wanted} is not a positive integer`);
    this.wantedDump = wanted;
  }

  /** Bytes received so far. */
  get bytesRead(): number {
    return this.consumed;
  }

  /** The id at buf[p]; `tag` and `start` name the record it is in (a top-level one when `topLevel`) for the error. */
  protected readId(buf: Uint8Array, p: number, delta: number, tag: number, start: number, topLevel = false): number {
    if (this.idSize === 4) return u4(buf, p);
    const hi = u4(buf, p);
    if (hi >= 0x200000) throw idTooLarge(tag, start, delta + p, topLevel);
    return hi * TWO_32 + u4(buf, p + 4);
  }

  protected skip(until: number, what: string, start: number): void {
    this.skipEnd = until;
    this.skipWhat = what;
    this.skipStart = start;
  }
}

export function plural(n: number, word: string): string {
  return `${formatInt(n)} ${word}${n === 1 ? '' : 's'}`;
}

export function formatInt(n: number): string {
  return n.toLocaleString('en-US');
}

export function hex2(tag: number): string {
  return tag.toString(16).padStart(2, '0');
}

export function u4(buf: Uint8Array, p: number): number {
  return ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
}
