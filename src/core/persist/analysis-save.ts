// Saving a finished analysis (layout in analysis-file.ts): its columns and JSON meta written front to back in one
// sequential pass, each section with its checksum, then the table and the tail.

import { HeapAnalysis } from '../analysis.ts';
import { CacheError } from '../errors.ts';
import type { ParsedHeap } from '../model/parsed-heap.ts';
import { sectionChecksum } from './checksum.ts';
import {
  ANALYSIS_FORMAT_VERSION,
  type AnalysisIdentity,
  type AnalysisSink,
  type Column,
  HEAD_BYTES,
  HEAD_MAGIC,
  type Meta,
  type SectionEntry,
  type SectionType,
  TAIL_BYTES,
  TAIL_MAGIC,
  TYPE_OF,
  type Table,
  bytesOf,
  encodeStatic,
  encoder,
} from './analysis-format.ts';

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
