// Loading a persisted analysis (layout in analysis-file.ts): the table checked, then section by section read by
// range and checked against its checksum, and the analysis rebuilt with random access to its dump reopened.

import { HeapAnalysis } from '../analysis.ts';
import { CacheError } from '../errors.ts';
import { heapGraphOf, type HeapGraphColumns, type TopDominators } from '../graph/index.ts';
import { NO_NODE } from '../dominators/index.ts';
import { IdIndex } from '../graph/id-index.ts';
import { objectOffsets } from '../hprof/object-table.ts';
import type { DumpSource, Inflaters, RandomAccess } from '../io/dump-source.ts';
import { portableInflaters } from '../io/inflate.ts';
import type { DumpAccess } from '../io/open-dump.ts';
import { memberRandomAccess, plainRandomAccess, streamRandomAccess } from '../io/random-access.ts';
import type { ClassRecord, ParsedHeap, StaticField } from '../model/parsed-heap.ts';
import { createQueries } from '../queries/index.ts';
import { sectionChecksum } from './checksum.ts';
import {
  ANALYSIS_FORMAT_VERSION,
  type AnalysisFile,
  type AnalysisIdentity,
  type Column,
  HEAD_BYTES,
  HEAD_MAGIC,
  MAX_TABLE_BYTES,
  type Meta,
  type SectionType,
  TAIL_BYTES,
  TAIL_MAGIC,
  type Table,
  ascii,
  decodeStatic,
  decoder,
} from './analysis-format.ts';

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

/**
 * Loads a persisted analysis of `dump` (the same file: `expected` must match the file's identity). Every section is
 * checked against its checksum; a partial, damaged or stale file is a CacheError.
 */
export async function loadAnalysis(
  file: AnalysisFile,
  expected: AnalysisIdentity,
  dump: DumpSource,
  inflaters?: Inflaters,
  timings: LoadTimings = {},
  options: { defer?: boolean } = {},
): Promise<HeapAnalysis> {
  const clock = stopwatch(timings);
  const table = await readTable(file);
  if (table.engine !== expected.engine) throw new CacheError(`made by engine ${table.engine}, this is ${expected.engine}`);
  if (table.key !== expected.key) throw new CacheError('made from another dump or with other options');
  const byName = new Map(table.sections.map((s) => [s.name, s]));
  const read = async (name: string, type: SectionType): Promise<Uint8Array> => {
    const s = byName.get(name);
    if (s === undefined) throw new CacheError(`section ${name} is missing`);
    if (s.type !== type) throw new CacheError(`section ${name} is ${s.type}, not ${type}`, s.offset);
    // With the zero padding after it, which must still be zero.
    const paddedEnd = Math.ceil((s.offset + s.bytes) / 8) * 8;
    clock.lap('other');
    let bytes: Uint8Array;
    let padding: Uint8Array;
    if (file.readInto !== undefined) {
      // Straight into a buffer of its own, which the column then wraps (aligned, no copy).
      bytes = new Uint8Array(s.bytes);
      if ((await file.readInto(bytes, s.offset)) < s.bytes) throw new CacheError(`section ${name} is cut short`, s.offset);
      padding = paddedEnd > s.offset + s.bytes ? await file.readRange(s.offset + s.bytes, paddedEnd) : new Uint8Array(0);
      if (padding.length < paddedEnd - s.offset - s.bytes) throw new CacheError(`section ${name} is cut short`, s.offset);
    } else {
      const padded = await file.readRange(s.offset, paddedEnd);
      if (padded.length < s.bytes) throw new CacheError(`section ${name} is cut short`, s.offset);
      bytes = padded.subarray(0, s.bytes);
      padding = padded.subarray(s.bytes);
    }
    clock.lap('read');
    if (sectionChecksum(bytes) !== s.checksum) throw new CacheError(`section ${name} fails its checksum`, s.offset);
    clock.lap('checksum');
    for (let i = 0; i < padding.length; i++)
      if (padding[i] !== 0) throw new CacheError(`section ${name} is followed by damage`, s.offset + s.bytes + i);
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
  const column = async (name: string, expectedLength?: number): Promise<Column> => {
    const s = byName.get(name);
    if (s === undefined) throw new CacheError(`section ${name} is missing`);
    if (s.type === 'json') throw new CacheError(`section ${name} is not a column`, s.offset);
    const bytes = await read(name, s.type);
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
  const indexByClass = of(await column('indexByClass', classCount), Uint32Array);
  const shallowByIndex = of(await column('shallowByIndex', n), Uint32Array, Float64Array);
  // With `defer`, the references and the objects' offsets (about a third of the file, and what the first views do
  // not read) come after the analysis is returned: its `pending` settles when they are in.
  const readReferences = async (): Promise<{ succStart: Uint32Array; succ: Uint32Array }> => {
    const succStart = of<Uint32Array>(await column('succStart', n + 1), Uint32Array);
    return { succStart, succ: of<Uint32Array>(await column('succ', succStart[n]), Uint32Array) };
  };
  const readOffsets = async (): Promise<Uint32Array> => of<Uint32Array>(await column('offsetLow', objectCount), Uint32Array);
  const defer = options.defer === true;
  const { succStart, succ } = defer ? { succStart: new Uint32Array(n + 1), succ: new Uint32Array(0) } : await readReferences();
  const rootNodes = of(await column('rootNodes'), Uint32Array);
  const rootNodeMasks = of(await column('rootNodeMasks', rootNodes.length), Uint32Array);
  const rootMaskByIndex = new Uint32Array(n);
  for (let i = 0; i < rootNodes.length; i++) {
    if (rootNodes[i] >= n) throw new CacheError('a GC root lies outside the graph', byName.get('rootNodes')!.offset + 4 * i);
    rootMaskByIndex[rootNodes[i]] = rootNodeMasks[i];
  }
  const idomByIndex = of(await column('idomByIndex', n), Uint32Array);
  const retainedByIndex = of(await column('retainedByIndex', n), Uint32Array, Float64Array);
  const retainedByClass = of(await column('retainedByClass', classCount), Float64Array);
  const arrayLengthByOrdinal = of(await column('arrayLengthByOrdinal', objectCount), Uint32Array);
  const offsetLow = defer ? null : await readOffsets();
  const rootIds = of(await column('rootIds', meta.rootCount), Float64Array);
  const rootTags = of(await column('rootTags', meta.rootCount), Uint8Array);
  const rootThreads = of(await column('rootThreads', meta.rootCount), Int32Array);
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
    const ids = of(await column('ids', n), Float64Array);
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
    const sorted = of(await column('topDominators'), Uint32Array);
    const dominatedCounts = of(await column('topDominatedCounts', sorted.length), Uint32Array);
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
    const rest = (async () => {
      const offsets = await readOffsets();
      parsed.objectOffset = objectOffsets(offsets, meta.offsetHighStarts);
      delete parsed.offsetsPending;
      const refs = await readReferences();
      graph.succStart = refs.succStart;
      graph.succ = refs.succ;
      clock.lap('deferred');
    })();
    parsed.offsetsPending = rest;
    analysis.pending = rest.then(() => {
      analysis.pending = null;
    });
    // Observed by the queries that wait on it; a failure is reported to them (and by the caller's own handler).
    analysis.pending.catch(() => undefined);
  }
  return analysis;
}
