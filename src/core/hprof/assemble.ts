// End of input: what the push parser (parser.ts) has gathered becomes a ParsedHeap. Objects whose class dump
// never came are resolved (pending.ts), primitive arrays get classes named like `int[]` where the dump has none
// (with an address no object uses, as MAT does), references are re-based when that makes fewer of them wide, and
// every column is trimmed to its length.

import { BasicType, CLASS_STATIC_STORAGE, type ParsedHeap } from '../model/parsed-heap.ts';
import type { ClassTable } from './class-table.ts';
import { trimArray } from './columns.ts';
import { countsByName } from './constants.ts';
import type { ObjectTable } from './object-table.ts';
import type { PendingObjects } from './pending.ts';

/** Class index of an object whose class dump has not been seen yet. */
export const PENDING_CLASS = 0xffffffff;

/** What the parser hands over at the end of the input: the ParsedHeap's header fields and its working tables. */
export interface ParserState extends Pick<
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
  | 'heaps'
  | 'strings'
  | 'stacks'
> {
  table: ObjectTable;
  classes: ClassTable;
  pending: PendingObjects;
  unresolvedPrimitiveArrays: boolean;
  topCounts: Int32Array;
  subCounts: Int32Array;
}

export function assembleParsedHeap(input: ParserState): ParsedHeap {
  const { table: t, classes, pending, idSize, warnings, truncated } = input;
  const n = t.objectCount;
  t.refStart[n] = t.refCount;
  let synthIdSeed = 0;
  const syntheticId = (): number => {
    // MAT gives created classes an address no object uses; take ids just past the highest one in the dump.
    if (synthIdSeed === 0) {
      let max = 0;
      for (let i = 0; i < n; i++) if (t.idByOrdinal[i] > max) max = t.idByOrdinal[i];
      for (const c of classes.classes) if (c.id > max) max = c.id;
      synthIdSeed = max;
    }
    synthIdSeed += 8;
    return synthIdSeed;
  };
  if (input.unresolvedPrimitiveArrays) {
    for (let o = 0; o < n; o++) {
      const kind = t.kindByOrdinal[o];
      if (kind >= 4 && t.classByOrdinal[o] === PENDING_CLASS) {
        t.classByOrdinal[o] = classes.primitiveArrayClassIndex(kind, syntheticId);
      }
    }
  }
  if (!pending.isEmpty()) {
    const r = pending.resolve({ classes, idSize: idSize, classByOrdinal: t.classByOrdinal, warnings: warnings });
    if (r.extra > 0) t.insertRefs(r.extraByOrdinal, r.extra);
  }
  if (t.refWideCount > 0) {
    let lowest = Infinity;
    for (let o = 0; o < n; o++) if (t.idByOrdinal[o] < lowest) lowest = t.idByOrdinal[o];
    for (const c of classes.classes) if (c.id < lowest) lowest = c.id;
    if (lowest !== Infinity) t.rebaseRefs(lowest);
  }
  const classOverhead = input.format.endsWith('1.0.3') ? setApartClassOverhead(t, classes, syntheticId, input.notes) : undefined;
  const recordCounts = countsByName(input.topCounts, input.subCounts);
  return {
    format: input.format,
    idSize: idSize,
    timestamp: input.timestamp,
    compressed: input.compressed,
    bytesRead: input.bytesRead,
    truncated,
    warnings: warnings,
    notes: input.notes,
    dumps: input.dumps,
    ...(input.heaps !== undefined ? { heaps: input.heaps } : {}),
    ...(classOverhead !== undefined ? { classOverhead } : {}),
    ...(input.damage !== undefined ? { damage: input.damage } : {}),
    recordCounts,
    classes: classes.classes,
    classIndexById: classes.classIndexById,
    objectCount: n,
    idByOrdinal: trimArray(t.idByOrdinal, n),
    classByOrdinal: trimArray(t.classByOrdinal, n),
    kindByOrdinal: trimArray(t.kindByOrdinal, n),
    arrayLengthByOrdinal: trimArray(t.arrayLengthByOrdinal, n),
    refStart: trimArray(t.refStart, n + 1),
    refIds: trimArray(t.refIds, t.refCount),
    refWide: t.refWide.slice(0, t.refWideCount),
    refBase: t.refBase,
    refUnit: t.refUnit,
    objectOffset: t.offsets(),
    roots: {
      count: t.rootCount,
      ids: trimArray(t.rootIds, t.rootCount),
      tags: trimArray(t.rootTags, t.rootCount),
      threadSerials: trimArray(t.rootThreads, t.rootCount),
      frames: trimArray(t.rootFrames, t.rootCount),
    },
    compressedRefs: idSize === 8 && t.compressedRefs,
    alignment: t.alignment(),
    unalignedIdGcd: t.unalignedIdGcd,
    strings: input.strings,
    stacks: input.stacks,
  };
}

/**
 * Android (Dalvik and ART) writes each class's static storage as a byte[] at the class object's address + 1
 * (ART runtime/hprof/hprof.cc; ahat and perflib know them as class overhead). They are the class's, not
 * application data: they get the class CLASS_STATIC_STORAGE (so `byte[]` counts only real arrays) and the graph
 * has each dominated by its class, as ahat counts them with the class.
 */
function setApartClassOverhead(
  t: ObjectTable,
  classes: ClassTable,
  syntheticId: () => number,
  notes: string[],
): ParsedHeap['classOverhead'] {
  const byteArray = classes.primitiveArrayClass[BasicType.Byte];
  let storage = -1;
  let arrays = 0;
  let bytes = 0;
  for (let o = 0; o < t.objectCount; o++) {
    if (t.kindByOrdinal[o] !== BasicType.Byte || !classes.classIndexById.has(t.idByOrdinal[o] - 1)) continue;
    if (storage < 0)
      storage = classes.addSynthetic(CLASS_STATIC_STORAGE, syntheticId(), byteArray < 0 ? 0 : classes.classes[byteArray].superId);
    t.classByOrdinal[o] = storage;
    arrays++;
    bytes += t.arrayLengthByOrdinal[o];
  }
  if (arrays === 0) return undefined;
  notes.push(
    `${arrays.toLocaleString('en-US')} byte[] at a class's address + 1 are classes' static storage (${bytes.toLocaleString('en-US')} bytes), ` +
      `as Android writes it: shown as ${CLASS_STATIC_STORAGE}, each dominated by its class`,
  );
  return { classIndex: storage, arrays, bytes };
}
