// A finished analysis in a compact, versioned binary form, so that a dump is analysed once: the CLI keeps it in a
// cache directory, the tab in the Origin Private File System. Layout (little-endian):
//
//   head     16 bytes  "HDROPANA", u32 format version, u32 0
//   sections           each 8-byte aligned: typed-array columns as their raw bytes, or UTF-8 JSON
//   table              UTF-8 JSON: format and engine versions, the dump's key, and per section its name, type,
//                      offset, byte length and checksum
//   tail     32 bytes  f64 table offset, u32 table length, u32 table checksum, 8 bytes 0, "HDROPEND"
//
// Written front to back in one sequential pass (a sink needs no seek: a file stream, an OPFS writable); read
// section by section by range (never as one buffer: a 1 GB dump's analysis is larger than some browsers' largest
// ArrayBuffer). Readers skip sections they do not know, so a section can be added without a new format version
// (e.g. a random-access index into a single-member gzip dump, beside "access"). Every section is checked against
// its checksum as it is read: a partial or damaged file is a CacheError, never a wrong answer.

import type { HistogramRow, Summary, UnreachableClassRow } from '../api.ts';
import { HeapAnalysis } from '../analysis.ts';
import { CacheError } from '../errors.ts';
import { heapGraphOf, type HeapGraphColumns, type TopDominators } from '../graph/index.ts';
import { NO_NODE } from '../dominators/index.ts';
import { IdIndex } from '../graph/id-index.ts';
import type { PseudoEdge } from '../graph/heap-graph.ts';
import { objectOffsets } from '../hprof/object-table.ts';
import type { DumpSource, Inflaters, RandomAccess } from '../io/dump-source.ts';
import { portableInflaters } from '../io/inflate.ts';
import type { DumpAccess } from '../io/open-dump.ts';
import { memberRandomAccess, plainRandomAccess, streamRandomAccess } from '../io/random-access.ts';
import type { ClassRecord, ParsedHeap, StackFrameRecord, StackTraceRecord, StaticField } from '../model/parsed-heap.ts';
import { createQueries } from '../queries/index.ts';
import { checksumBytes, SectionHasher, sectionChecksum } from './checksum.ts';

/** Bumped whenever the layout or the meaning of a section changes; older files are then recomputed. */
export const ANALYSIS_FORMAT_VERSION = 3;

/** The engine version a persisted analysis records: the package's version with the format's. A release that
 *  changes what an analysis answers bumps the package version, and saved analyses are then made again. */
export function engineVersion(packageVersion: string): string {
  return `${packageVersion}/${ANALYSIS_FORMAT_VERSION}`;
}

const HEAD_MAGIC = 'HDROPANA';
const TAIL_MAGIC = 'HDROPEND';
const HEAD_BYTES = 16;
const TAIL_BYTES = 32;
/** A table larger than this is not one we wrote. */
const MAX_TABLE_BYTES = 1 << 20;

type SectionType = 'u8' | 'u16' | 'u32' | 'i32' | 'f64' | 'json';

interface SectionEntry {
  name: string;
  type: SectionType;
  offset: number;
  bytes: number;
  checksum: number;
}

/** What identifies a persisted analysis: it is used only when all of this matches. */
export interface AnalysisIdentity {
  /** The engine's version (the package version): an analysis made by another engine is recomputed. */
  engine: string;
  /** The dump's key (see dumpKey) and the analysis options that change the answers. */
  key: string;
}

interface Table extends AnalysisIdentity {
  format: number;
  sections: SectionEntry[];
}

/** Where the bytes of a persisted analysis go, in order. */
export interface AnalysisSink {
  write(bytes: Uint8Array): Promise<void> | void;
}

/** A persisted analysis read by range (a DumpSource over the file does). `readInto`, when there is one, reads
 *  `target.length` bytes at `offset` straight into the column that keeps them (the tab's OPFS handle): no copy. */
export type AnalysisFile = Pick<DumpSource, 'size' | 'readRange'> & {
  readInto?(target: Uint8Array, offset: number): Promise<number> | number;
};

/** The JSON section: everything that is not a per-object column. */
interface Meta {
  summary: Summary;
  histogram: HistogramRow[];
  /** The objects removed as unreachable, by class (format 3). */
  unreachable: UnreachableClassRow[];
  parsed: Pick<
    ParsedHeap,
    | 'format'
    | 'idSize'
    | 'timestamp'
    | 'compressed'
    | 'bytesRead'
    | 'truncated'
    | 'warnings'
    | 'notes'
    | 'damage'
    | 'dumps'
    | 'classOverhead'
    | 'recordCounts'
    | 'objectCount'
    | 'refBase'
    | 'refUnit'
    | 'compressedRefs'
    | 'alignment'
  >;
  classes: ClassRecord[];
  strings: [number, string][];
  /** Android's heaps (ParsedHeap.heaps), as plain arrays. */
  heaps?: { names: string[]; starts: number[]; heapOfRun: number[] };
  /** Thread stacks (queries/thread-stacks.ts): the roots' frame numbers and the STACK FRAME / TRACE records. */
  rootFrames?: number[];
  stacks?: { frames: [number, StackFrameRecord][]; traces: [number, StackTraceRecord][]; classIdBySerial: [number, number][] };
  rootCount: number;
  offsetHighStarts: number[];
  nodeCount: number;
  pseudoEdges: PseudoEdge[];
  /** Format 2: the id lookup's rank bitmap (sections idBitmapRegions and idBitmapPairs) in place of the ids
   *  column, when the dump's addresses suit one (see graph/id-index.ts); absent: section ids. */
  idBitmap?: { unit: number; slotCount: number; minId: number; zeroIndex: number; size: number };
}

const TYPE_OF = new Map<unknown, SectionType>([
  [Uint8Array, 'u8'],
  [Uint16Array, 'u16'],
  [Uint32Array, 'u32'],
  [Int32Array, 'i32'],
  [Float64Array, 'f64'],
]);

type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

// Static field values: a long is a bigint, a float may be NaN, ±Infinity or -0, none of which JSON keeps.
function encodeStatic(value: number | bigint): unknown {
  if (typeof value === 'bigint') return { long: value.toString() };
  if (!Number.isFinite(value) || Object.is(value, -0)) return { float: String(Object.is(value, -0) ? '-0' : value) };
  return value;
}

function decodeStatic(value: unknown): number | bigint {
  if (typeof value === 'number') return value;
  const v = value as { long?: string; float?: string };
  if (typeof v?.long === 'string') return BigInt(v.long);
  if (typeof v?.float === 'string') return v.float === '-0' ? -0 : Number(v.float);
  throw new CacheError('a static field value is malformed');
}

function bytesOf(column: Column): Uint8Array {
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

/** Low 32 bits of every object's offset and the first ordinal of each higher 4 GiB (see objectOffsets). */
function offsetColumns(parsed: ParsedHeap): { low: Uint32Array; highStarts: number[] } {
  const low = new Uint32Array(parsed.objectCount);
  const highStarts: number[] = [];
  for (let o = 0; o < parsed.objectCount; o++) {
    const offset = parsed.objectOffset(o);
    low[o] = offset >>> 0;
    while (highStarts.length < Math.floor(offset / 4294967296)) highStarts.push(o);
  }
  return { low, highStarts };
}

/**
 * Writes `analysis` (which must have read a dump: see HeapAnalysis.access) to `sink`. Returns the bytes written.
 * Reads nothing from the dump; the columns are written as they are, without a copy.
 */
export async function saveAnalysis(analysis: HeapAnalysis, sink: AnalysisSink, identity: AnalysisIdentity): Promise<number> {
  const access = analysis.access;
  if (access === undefined) throw new CacheError('this analysis has no dump to reopen: it cannot be persisted');
  const g = analysis.graph;
  const p = g.parsed;
  const sections: SectionEntry[] = [];
  let offset = 0;
  const put = async (bytes: Uint8Array): Promise<void> => {
    await sink.write(bytes);
    offset += bytes.length;
  };
  const pad = async (): Promise<void> => {
    if (offset % 8 !== 0) await put(new Uint8Array(8 - (offset % 8)));
  };
  const section = async (name: string, type: SectionType, bytes: Uint8Array): Promise<void> => {
    sections.push({ name, type, offset, bytes: bytes.length, checksum: sectionChecksum(bytes) });
    await put(bytes);
    await pad();
  };
  const column = async (name: string, values: Column): Promise<void> => {
    const type = TYPE_OF.get(values.constructor);
    if (type === undefined) throw new CacheError(`column ${name} has no stored type`);
    await section(name, type, bytesOf(values));
  };
  const json = (name: string, value: unknown): Promise<void> => section(name, 'json', encoder.encode(JSON.stringify(value)));

  const head = new Uint8Array(HEAD_BYTES);
  head.set(encoder.encode(HEAD_MAGIC));
  new DataView(head.buffer).setUint32(8, ANALYSIS_FORMAT_VERSION, true);
  await put(head);

  const { low, highStarts } = offsetColumns(p);
  const meta: Meta = {
    summary: analysis.summary(),
    histogram: analysis.histogram(),
    unreachable: analysis.unreachableHistogram(),
    parsed: {
      format: p.format,
      idSize: p.idSize,
      timestamp: p.timestamp,
      compressed: p.compressed,
      bytesRead: p.bytesRead,
      truncated: p.truncated,
      warnings: p.warnings,
      notes: p.notes,
      ...(p.damage !== undefined ? { damage: p.damage } : {}),
      ...(p.dumps !== undefined ? { dumps: p.dumps } : {}),
      ...(p.classOverhead !== undefined ? { classOverhead: p.classOverhead } : {}),
      recordCounts: p.recordCounts,
      objectCount: p.objectCount,
      refBase: p.refBase,
      refUnit: p.refUnit,
      compressedRefs: p.compressedRefs,
      alignment: p.alignment,
    },
    classes: p.classes.map((c) => ({ ...c, staticFields: c.staticFields.map((f) => ({ ...f, value: encodeStatic(f.value) as number })) })),
    strings: [...p.strings],
    ...(p.heaps !== undefined ? { heaps: { names: p.heaps.names, starts: [...p.heaps.starts], heapOfRun: [...p.heaps.heapOfRun] } } : {}),
    ...(p.roots.frames ? { rootFrames: [...p.roots.frames] } : {}),
    ...(p.stacks
      ? { stacks: { frames: [...p.stacks.frames], traces: [...p.stacks.traces], classIdBySerial: [...p.stacks.classIdBySerial] } }
      : {}),
    rootCount: p.roots.count,
    offsetHighStarts: highStarts,
    nodeCount: g.nodeCount,
    pseudoEdges: g.pseudoEdges,
  };
  const bitmap = g.idIndex?.persistedBitmap() ?? null;
  if (bitmap !== null) {
    const { blockByRegion, pairs, ...place } = bitmap;
    meta.idBitmap = place;
  }
  await json('meta', meta);
  await json('access', access);
  // The id lookup: its rank bitmap (about 2 bytes per object on a dense heap, and nothing to rebuild on load) or,
  // for scattered addresses, the ids (8 bytes per object, the lookup rebuilt from them).
  if (bitmap !== null) {
    await column('idBitmapRegions', bitmap.blockByRegion);
    await column('idBitmapPairs', bitmap.pairs);
  } else {
    await column('ids', g.allIds());
  }
  await column('classByIndex', g.classByIndex);
  await column('kindByIndex', g.kindByIndex);
  await column('ordinalByIndex', g.ordinalByIndex);
  await column('indexByClass', g.indexByClass);
  await column('shallowByIndex', g.shallowByIndex);
  await column('succStart', g.succStart);
  await column('succ', g.succ);
  // GC roots are few: their nodes and masks, spread back into the dense column on load (4 bytes per object less).
  const rootNodes: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) if (g.rootMaskByIndex[v] !== 0) rootNodes.push(v);
  await column('rootNodes', Uint32Array.from(rootNodes));
  await column(
    'rootNodeMasks',
    Uint32Array.from(rootNodes, (v) => g.rootMaskByIndex[v]),
  );
  await column('idomByIndex', g.idomByIndex);
  await column('retainedByIndex', g.retainedByIndex);
  await column('retainedByClass', g.retainedByClass);
  await column('arrayLengthByOrdinal', p.arrayLengthByOrdinal);
  await column('offsetLow', low);
  await column('rootIds', p.roots.ids);
  await column('rootTags', p.roots.tags);
  await column('rootThreads', p.roots.threadSerials);
  // The first view's rows (the top of the dominator tree), so that reopening builds no children lists for it.
  const top = g.topDominators?.();
  if (top !== undefined) {
    await column('topDominators', top.sorted);
    await column('topDominatedCounts', top.dominatedCounts);
  }

  const table: Table = { format: ANALYSIS_FORMAT_VERSION, engine: identity.engine, key: identity.key, sections };
  const tableBytes = encoder.encode(JSON.stringify(table));
  const tableOffset = offset;
  await put(tableBytes);
  const tail = new Uint8Array(TAIL_BYTES);
  const view = new DataView(tail.buffer);
  view.setFloat64(0, tableOffset, true);
  view.setUint32(8, tableBytes.length, true);
  view.setUint32(12, sectionChecksum(tableBytes), true);
  tail.set(encoder.encode(TAIL_MAGIC), 24);
  await put(tail);
  return offset;
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

/** Reads and checks the head, tail and table of a persisted analysis (what a listing of saved analyses needs). */
export async function readAnalysisTable(file: AnalysisFile): Promise<AnalysisIdentity & { format: number; sections: number }> {
  const t = await readTable(file);
  return { format: t.format, engine: t.engine, key: t.key, sections: t.sections.length };
}

async function readTable(file: AnalysisFile): Promise<Table> {
  if (file.size < HEAD_BYTES + TAIL_BYTES) throw new CacheError(`the analysis file is ${file.size} bytes, too short to be one`, 0);
  const head = await file.readRange(0, HEAD_BYTES);
  if (head.length < HEAD_BYTES || ascii(head.subarray(0, 8)) !== HEAD_MAGIC) throw new CacheError('not a heapdrop analysis file', 0);
  const headView = new DataView(head.buffer, head.byteOffset, HEAD_BYTES);
  const format = headView.getUint32(8, true);
  if (headView.getUint32(12, true) !== 0) throw new CacheError("the analysis file's head is damaged", 12);
  if (format !== ANALYSIS_FORMAT_VERSION)
    throw new CacheError(`analysis format ${format}, this engine reads ${ANALYSIS_FORMAT_VERSION}`, 8);
  const tailAt = file.size - TAIL_BYTES;
  const tail = await file.readRange(tailAt, file.size);
  if (tail.length < TAIL_BYTES || ascii(tail.subarray(24, 32)) !== TAIL_MAGIC) {
    throw new CacheError('the analysis file is partial (no end marker)', tailAt);
  }
  const view = new DataView(tail.buffer, tail.byteOffset, TAIL_BYTES);
  if ((view.getUint32(16, true) | view.getUint32(20, true)) !== 0)
    throw new CacheError("the analysis file's end marker is damaged", tailAt + 16);
  const tableOffset = view.getFloat64(0, true);
  const tableLength = view.getUint32(8, true);
  if (
    !Number.isSafeInteger(tableOffset) ||
    tableOffset < HEAD_BYTES ||
    tableLength > MAX_TABLE_BYTES ||
    tableOffset + tableLength !== tailAt
  ) {
    throw new CacheError("the analysis file's section table is out of place", tailAt);
  }
  const tableBytes = await file.readRange(tableOffset, tailAt);
  if (sectionChecksum(tableBytes) !== view.getUint32(12, true)) throw new CacheError('the section table fails its checksum', tableOffset);
  let table: Table;
  try {
    table = JSON.parse(decoder.decode(tableBytes)) as Table;
  } catch {
    throw new CacheError('the section table is not readable', tableOffset);
  }
  if (table.format !== format || !Array.isArray(table.sections))
    throw new CacheError('the section table does not match the file', tableOffset);
  for (const s of table.sections) {
    if (
      !Number.isSafeInteger(s.offset) ||
      !Number.isSafeInteger(s.bytes) ||
      s.offset < HEAD_BYTES ||
      s.bytes < 0 ||
      s.offset + s.bytes > tableOffset
    ) {
      throw new CacheError(`section ${String(s.name)} lies outside the file`, tableOffset);
    }
  }
  return table;
}

/** Time spent per part of loadAnalysis in ms (read: the file's bytes; checksum; idIndex: the id lookup; ...). */
export type LoadTimings = Record<string, number>;

function stopwatch(timings: LoadTimings): { lap(part: string): void } {
  let last = performance.now();
  return {
    lap(part) {
      const now = performance.now();
      timings[part] = (timings[part] ?? 0) + now - last;
      last = now;
    },
  };
}

/** Reopens random access to the dump as the analysis recorded it. */
export function reopenAccess(source: DumpSource, access: DumpAccess, inflaters: Inflaters = portableInflaters): RandomAccess {
  switch (access.compression) {
    case 'none':
      return plainRandomAccess(source);
    case 'gzip-members':
      if (access.memberIndex === undefined) throw new CacheError('the gzip member index is missing');
      return memberRandomAccess(source, access.memberIndex, inflaters.member);
    case 'gzip-stream':
      return streamRandomAccess(source, inflaters);
    default:
      throw new CacheError(`unknown compression ${String((access as DumpAccess).compression)}`);
  }
}

/** Bytes read or checked at a time after the first answers (a multiple of 16: whole steps of the checksum's
 *  lanes); between two pieces the thread answers the queries that came in meanwhile. */
const DEFERRED_PIECE_BYTES = 16 << 20;

/** Lets the tasks that are waiting run (a query's message) before the next piece of deferred work. */
const giveWay = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Loads a persisted analysis of `dump` (the same file: `expected` must match the file's identity). Every section is
 * checked against its checksum; a partial, damaged or stale file is a CacheError.
 *
 * With `defer` (the tab's reload, where the first view is what the user waits for), the columns of the first views
 * are read but not yet checked: the file's structure is (its end marker, section table and its checksum, the JSON
 * sections' checksums, every column's length and padding), which is what a partial file fails. The analysis is
 * returned then, and its `pending` checks those columns against their checksums and reads and checks the
 * references and the objects' offsets, a piece at a time, giving way to queries between pieces. Should a check
 * fail, `pending` rejects with the CacheError and every query fails with it from then on (`damaged`). Checking
 * reads each page of a column once more, which costs about what reading it did (the first touch of a page of
 * memory, not the hash, is most of it), so the first view is about twice as quick.
 */
export async function loadAnalysis(
  file: AnalysisFile,
  expected: AnalysisIdentity,
  dump: DumpSource,
  inflaters?: Inflaters,
  timings: LoadTimings = {},
  options: { defer?: boolean; pieceBytes?: number } = {},
): Promise<HeapAnalysis> {
  const clock = stopwatch(timings);
  const defer = options.defer === true;
  const piece = options.pieceBytes ?? DEFERRED_PIECE_BYTES;
  if (piece <= 0 || piece % 16 !== 0) throw new Error('pieceBytes must be a positive multiple of 16');
  const table = await readTable(file);
  if (table.engine !== expected.engine) throw new CacheError(`made by engine ${table.engine}, this is ${expected.engine}`);
  if (table.key !== expected.key) throw new CacheError('made from another dump or with other options');
  const byName = new Map(table.sections.map((s) => [s.name, s]));
  /** Columns read before the first answers without their checksum (with `defer`): checked in `pending`. */
  const unchecked: { entry: SectionEntry; bytes: Uint8Array }[] = [];
  const section = (name: string, type: SectionType): SectionEntry => {
    const s = byName.get(name);
    if (s === undefined) throw new CacheError(`section ${name} is missing`);
    if (s.type !== type) throw new CacheError(`section ${name} is ${s.type}, not ${type}`, s.offset);
    return s;
  };
  /** The zero padding after a section, which must still be zero. */
  const checkPadding = async (s: SectionEntry): Promise<void> => {
    const end = s.offset + s.bytes;
    const paddedEnd = Math.ceil(end / 8) * 8;
    if (paddedEnd === end) return;
    const padding = await file.readRange(end, paddedEnd);
    if (padding.length < paddedEnd - end) throw new CacheError(`section ${s.name} is cut short`, s.offset);
    for (let i = 0; i < padding.length; i++) if (padding[i] !== 0) throw new CacheError(`section ${s.name} is followed by damage`, end + i);
  };
  /** `check`: whether to hash the bytes now (else they are queued in `unchecked`). */
  const read = async (name: string, type: SectionType, check = true): Promise<Uint8Array> => {
    const s = section(name, type);
    clock.lap('other');
    let bytes: Uint8Array;
    if (file.readInto !== undefined) {
      // Straight into a buffer of its own, which the column then wraps (aligned, no copy).
      bytes = new Uint8Array(s.bytes);
      if ((await file.readInto(bytes, s.offset)) < s.bytes) throw new CacheError(`section ${name} is cut short`, s.offset);
    } else {
      bytes = await file.readRange(s.offset, s.offset + s.bytes);
      if (bytes.length < s.bytes) throw new CacheError(`section ${name} is cut short`, s.offset);
    }
    await checkPadding(s);
    clock.lap('read');
    if (!check) {
      unchecked.push({ entry: s, bytes });
      return bytes;
    }
    if (sectionChecksum(bytes) !== s.checksum) throw new CacheError(`section ${name} fails its checksum`, s.offset);
    clock.lap('checksum');
    return bytes;
  };
  /** Checks bytes already read against their checksum, a piece at a time. */
  const checkInPieces = async (s: SectionEntry, bytes: Uint8Array): Promise<void> => {
    const hasher = new SectionHasher(s.bytes);
    for (let at = 0; at < s.bytes; at += piece) {
      hasher.update(bytes.subarray(at, Math.min(s.bytes, at + piece)));
      await giveWay();
    }
    if (hasher.digest() !== s.checksum) throw new CacheError(`section ${s.name} fails its checksum`, s.offset);
  };
  /** Reads and checks a section a piece at a time (after the first answers). */
  const readInPieces = async (name: string, type: SectionType): Promise<Uint8Array> => {
    const s = section(name, type);
    const bytes = new Uint8Array(s.bytes);
    const hasher = new SectionHasher(s.bytes);
    for (let at = 0; at < s.bytes; at += piece) {
      const part = bytes.subarray(at, Math.min(s.bytes, at + piece));
      if (file.readInto !== undefined) {
        if ((await file.readInto(part, s.offset + at)) < part.length) throw new CacheError(`section ${name} is cut short`, s.offset);
      } else {
        const got = await file.readRange(s.offset + at, s.offset + at + part.length);
        if (got.length < part.length) throw new CacheError(`section ${name} is cut short`, s.offset);
        part.set(got);
      }
      hasher.update(part);
      await giveWay();
    }
    await checkPadding(s);
    if (hasher.digest() !== s.checksum) throw new CacheError(`section ${name} fails its checksum`, s.offset);
    return bytes;
  };
  const json = async <T>(name: string): Promise<T> => {
    const bytes = await read(name, 'json');
    try {
      return JSON.parse(decoder.decode(bytes)) as T;
    } catch {
      throw new CacheError(`section ${name} is not readable`, byName.get(name)!.offset);
    }
  };
  /** `when`: 'now' checks the column before it is used; 'first' (a first view's column) leaves the check to
   *  `pending` when deferring; 'later' (in `pending`) reads and checks it a piece at a time. */
  const column = async (name: string, expectedLength?: number, when: 'now' | 'first' | 'later' = 'first'): Promise<Column> => {
    const s = byName.get(name);
    if (s === undefined) throw new CacheError(`section ${name} is missing`);
    if (s.type === 'json') throw new CacheError(`section ${name} is not a column`, s.offset);
    const bytes = when === 'later' ? await readInPieces(name, s.type) : await read(name, s.type, !defer || when === 'now');
    const type = s.type;
    const width = type === 'u8' ? 1 : type === 'u16' ? 2 : type === 'f64' ? 8 : 4;
    if (bytes.length % width !== 0) throw new CacheError(`section ${name} is not whole ${type} values`, s.offset);
    const aligned = bytes.byteOffset % width === 0 ? bytes : bytes.slice();
    const n = bytes.length / width;
    const out: Column =
      type === 'u8'
        ? aligned
        : type === 'u16'
          ? new Uint16Array(aligned.buffer, aligned.byteOffset, n)
          : type === 'u32'
            ? new Uint32Array(aligned.buffer, aligned.byteOffset, n)
            : type === 'i32'
              ? new Int32Array(aligned.buffer, aligned.byteOffset, n)
              : new Float64Array(aligned.buffer, aligned.byteOffset, n);
    if (expectedLength !== undefined && out.length !== expectedLength) {
      throw new CacheError(`section ${name} has ${out.length} entries, not ${expectedLength}`, s.offset);
    }
    return out;
  };
  type Ctor<T> = abstract new (...a: never[]) => T;
  const of = <A extends Column, B extends Column = A>(c: Column, a: Ctor<A>, b?: Ctor<B>): A | B => {
    if (!(c instanceof a) && !(b !== undefined && c instanceof b)) throw new CacheError('a column has the wrong type');
    return c as A | B;
  };

  const meta = await json<Meta>('meta');
  const access = await json<DumpAccess>('access');
  const n = meta.nodeCount;
  if (!Number.isSafeInteger(n) || n < 0) throw new CacheError('the node count is malformed');
  const classCount = meta.classes.length;
  const objectCount = meta.parsed.objectCount;
  const classByIndex = of(await column('classByIndex', n + 1), Uint16Array, Uint32Array);
  const kindByIndex = of(await column('kindByIndex', n), Uint8Array);
  const ordinalByIndex = of(await column('ordinalByIndex', n), Int32Array);
  const indexByClass = of(await column('indexByClass', classCount, 'now'), Uint32Array);
  const shallowByIndex = of(await column('shallowByIndex', n), Uint32Array, Float64Array);
  // With `defer`, the references and the objects' offsets (about a third of the file, and what the first views do
  // not read) come after the analysis is returned: its `pending` settles when they are in.
  const later = defer ? 'later' : 'now';
  const readReferences = async (): Promise<{ succStart: Uint32Array; succ: Uint32Array }> => {
    const succStart = of<Uint32Array>(await column('succStart', n + 1, later), Uint32Array);
    return { succStart, succ: of<Uint32Array>(await column('succ', succStart[n], later), Uint32Array) };
  };
  const readOffsets = async (): Promise<Uint32Array> => of<Uint32Array>(await column('offsetLow', objectCount, later), Uint32Array);
  const { succStart, succ } = defer ? { succStart: new Uint32Array(n + 1), succ: new Uint32Array(0) } : await readReferences();
  const rootNodes = of(await column('rootNodes', undefined, 'now'), Uint32Array);
  const rootNodeMasks = of(await column('rootNodeMasks', rootNodes.length, 'now'), Uint32Array);
  const rootMaskByIndex = new Uint32Array(n);
  for (let i = 0; i < rootNodes.length; i++) {
    if (rootNodes[i] >= n) throw new CacheError('a GC root lies outside the graph', byName.get('rootNodes')!.offset + 4 * i);
    rootMaskByIndex[rootNodes[i]] = rootNodeMasks[i];
  }
  const idomByIndex = of(await column('idomByIndex', n), Uint32Array);
  const retainedByIndex = of(await column('retainedByIndex', n), Uint32Array, Float64Array);
  const retainedByClass = of(await column('retainedByClass', classCount, 'now'), Float64Array);
  const arrayLengthByOrdinal = of(await column('arrayLengthByOrdinal', objectCount), Uint32Array);
  const offsetLow = defer ? null : await readOffsets();
  const rootIds = of(await column('rootIds', meta.rootCount, 'now'), Float64Array);
  const rootTags = of(await column('rootTags', meta.rootCount, 'now'), Uint8Array);
  const rootThreads = of(await column('rootThreads', meta.rootCount, 'now'), Int32Array);
  clock.lap('other');
  let idIndex: IdIndex;
  if (meta.idBitmap !== undefined) {
    const blockByRegion = of(await column('idBitmapRegions'), Int32Array);
    const pairs = of(await column('idBitmapPairs'), Uint32Array);
    const restored = IdIndex.fromBitmap({ ...meta.idBitmap, blockByRegion, pairs });
    if (restored === null || restored.size !== n)
      throw new CacheError('the id lookup does not fit its objects', byName.get('idBitmapPairs')!.offset);
    idIndex = restored;
  } else {
    const ids = of(await column('ids', n, 'now'), Float64Array);
    for (let i = 1; i < ids.length; i++) {
      if (!(ids[i] > ids[i - 1])) throw new CacheError('the object ids are not in ascending order', byName.get('ids')!.offset + 8 * i);
    }
    idIndex = new IdIndex(ids);
    idIndex.dropColumn();
  }
  clock.lap('idIndex');

  const classes: ClassRecord[] = meta.classes.map((c) => ({
    ...c,
    staticFields: c.staticFields.map((f): StaticField => ({ ...f, value: decodeStatic(f.value) })),
  }));
  const parsed: ParsedHeap = {
    ...meta.parsed,
    classes,
    classIndexById: new Map(classes.map((c, i) => [c.id, i])),
    // The reader's columns that the graph consumed: empty, as after an analysis.
    idByOrdinal: new Float64Array(0),
    classByOrdinal: new Uint32Array(0),
    kindByOrdinal: new Uint8Array(0),
    refStart: new Uint32Array(1),
    refIds: new Uint32Array(0),
    refWide: new Float64Array(0),
    arrayLengthByOrdinal,
    objectOffset: offsetLow === null ? () => Number.NaN : objectOffsets(offsetLow, meta.offsetHighStarts),
    roots: {
      count: meta.rootCount,
      ids: rootIds,
      tags: rootTags,
      threadSerials: rootThreads,
      ...(meta.rootFrames ? { frames: Int32Array.from(meta.rootFrames) } : {}),
    },
    strings: new Map(meta.strings),
    ...(meta.heaps !== undefined
      ? {
          heaps: { names: meta.heaps.names, starts: Uint32Array.from(meta.heaps.starts), heapOfRun: Uint8Array.from(meta.heaps.heapOfRun) },
        }
      : {}),
    ...(meta.stacks
      ? {
          stacks: {
            frames: new Map(meta.stacks.frames),
            traces: new Map(meta.stacks.traces),
            classIdBySerial: new Map(meta.stacks.classIdBySerial),
          },
        }
      : {}),
  };
  const columns: HeapGraphColumns = {
    nodeCount: n,
    classByIndex,
    kindByIndex,
    ordinalByIndex,
    indexByClass,
    shallowByIndex,
    succStart,
    succ,
    pseudoEdges: meta.pseudoEdges,
    rootMaskByIndex,
    idomByIndex,
    retainedByIndex,
    retainedByClass,
  };
  let top: TopDominators | undefined;
  if (byName.has('topDominators')) {
    const sorted = of(await column('topDominators', undefined, 'now'), Uint32Array);
    const dominatedCounts = of(await column('topDominatedCounts', sorted.length, 'now'), Uint32Array);
    for (let i = 0; i < sorted.length; i++) {
      if (sorted[i] >= n || idomByIndex[sorted[i]] !== NO_NODE)
        throw new CacheError('the top of the dominator tree does not match the idoms', byName.get('topDominators')!.offset);
    }
    top = { sorted, dominatedCounts };
  }
  const graph = heapGraphOf(parsed, idIndex, columns, top, rootNodes);
  clock.lap('graph');
  const analysis = new HeapAnalysis(
    graph,
    meta.summary,
    meta.histogram,
    createQueries(graph, reopenAccess(dump, access, inflaters)),
    meta.unreachable ?? [],
  );
  analysis.access = access;
  clock.lap('queries');
  if (defer) {
    // The objects' offsets first (a tenth of the file): reading an object's fields or a String's value (labels,
    // the inspector) waits for them alone.
    const offsetsIn = (async () => {
      const offsets = await readOffsets();
      parsed.objectOffset = objectOffsets(offsets, meta.offsetHighStarts);
      delete parsed.offsetsPending;
      clock.lap('deferredOffsets');
    })();
    offsetsIn.catch(() => undefined); // reported through `rest`
    parsed.offsetsPending = offsetsIn;
    const rest = (async () => {
      await offsetsIn;
      // Then the first views' columns, read unchecked, are checked: a damaged one is known within seconds of the
      // first view, and every query fails with it from then on (HeapAnalysis.damaged).
      for (const { entry, bytes } of unchecked) await checkInPieces(entry, bytes);
      unchecked.length = 0;
      clock.lap('deferredChecksum');
      const refs = await readReferences();
      graph.succStart = refs.succStart;
      graph.succ = refs.succ;
      clock.lap('deferredReferences');
    })();
    analysis.pending = rest.then(
      () => {
        analysis.pending = null;
      },
      (e: unknown) => {
        analysis.damaged = e instanceof Error ? e : new CacheError(String(e));
        throw e;
      },
    );
    // Observed by the queries that wait on it; a failure is reported to them (and by the caller's own handler).
    analysis.pending.catch(() => undefined);
  }
  return analysis;
}

/** Bytes of the dump hashed at each end for its key. */
const KEY_SPAN = 1 << 20;

/**
 * A dump's key: its size, modification time (ms) and a hash of its first and last MiB, plus the options that
 * change the analysis. Cheap to compute (2 MiB read) on any size of dump.
 */
export async function dumpKey(
  source: Pick<DumpSource, 'size' | 'readRange'>,
  modified: number,
  options: { keepUnreachable?: boolean } = {},
): Promise<string> {
  const first = await source.readRange(0, Math.min(source.size, KEY_SPAN));
  const last = await source.readRange(Math.max(0, source.size - KEY_SPAN), source.size);
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  const hash = hex(checksumBytes(first, 1)) + hex(checksumBytes(last, 2)) + hex(checksumBytes(first, 3) ^ checksumBytes(last, 4));
  return `${source.size}-${Math.floor(modified)}-${hash}${options.keepUnreachable ? '-keep' : ''}`;
}
