// The persisted analysis's format, as saving and loading both read it (the layout is described in
// analysis-file.ts): versions, magic numbers and sizes, the section table and the JSON meta section's types, and
// the encodings of columns and static values.

import type { HistogramRow, Summary, UnreachableClassRow } from '../api.ts';
import { CacheError } from '../errors.ts';
import type { PseudoEdge } from '../graph/heap-graph.ts';
import type { DumpSource } from '../io/dump-source.ts';
import type { ClassRecord, ParsedHeap, StackFrameRecord, StackTraceRecord } from '../model/parsed-heap.ts';

/** Bumped whenever the layout or the meaning of a section changes; older files are then recomputed. */
export const ANALYSIS_FORMAT_VERSION = 3;

/** The engine version a persisted analysis records: the package's version with the format's. A release that
 *  changes what an analysis answers bumps the package version, and saved analyses are then made again. */
export function engineVersion(packageVersion: string): string {
  return `${packageVersion}/${ANALYSIS_FORMAT_VERSION}`;
}

export const HEAD_MAGIC = 'HDROPANA';
export const TAIL_MAGIC = 'HDROPEND';
export const HEAD_BYTES = 16;
export const TAIL_BYTES = 32;
/** A table larger than this is not one we wrote. */
export const MAX_TABLE_BYTES = 1 << 20;

export type SectionType = 'u8' | 'u16' | 'u32' | 'i32' | 'f64' | 'json';

export interface SectionEntry {
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

export interface Table extends AnalysisIdentity {
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
export interface Meta {
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

export const TYPE_OF = new Map<unknown, SectionType>([
  [Uint8Array, 'u8'],
  [Uint16Array, 'u16'],
  [Uint32Array, 'u32'],
  [Int32Array, 'i32'],
  [Float64Array, 'f64'],
]);

export type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

export const encoder = new TextEncoder();
export const decoder = new TextDecoder('utf-8', { fatal: true });

// Static field values: a long is a bigint, a float may be NaN, ±Infinity or -0, none of which JSON keeps.
export function encodeStatic(value: number | bigint): unknown {
  if (typeof value === 'bigint') return { long: value.toString() };
  if (!Number.isFinite(value) || Object.is(value, -0)) return { float: String(Object.is(value, -0) ? '-0' : value) };
  return value;
}

export function decodeStatic(value: unknown): number | bigint {
  if (typeof value === 'number') return value;
  const v = value as { long?: string; float?: string };
  if (typeof v?.long === 'string') return BigInt(v.long);
  if (typeof v?.float === 'string') return v.float === '-0' ? -0 : Number(v.float);
  throw new CacheError('a static field value is malformed');
}

export function bytesOf(column: Column): Uint8Array {
  return new Uint8Array(column.buffer, column.byteOffset, column.byteLength);
}

export function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
