// Class histogram as MAT shows it: one row per class object, instances and summed shallow sizes; class objects
// are counted in the `java.lang.Class` row with their statics-only sizes; MAT's pseudo boot loader counts as a
// `java.lang.ClassLoader`. With masks, only kept objects and kept class objects count (the graph step's view).

import type { FirstLook, HistogramRow } from './api.ts';
import type { SizeModel } from './model/sizes.ts';
import type { ParsedHeap } from './model/parsed-heap.ts';
import { toHex } from './units.ts';

export interface HistogramOptions {
  /** By ClassIndex: 1 if the class object is kept (its row shows and it counts as a java.lang.Class). Default: all. */
  keptByClass?: Uint8Array | null;
  /** Count MAT's pseudo boot loader (address 0) in the java.lang.ClassLoader row. Default true. */
  pseudoLoader?: boolean;
}

/**
 * Histogram of the objects of `parsed`: all of them, or those with keptByOrdinal[o] !== 0. Rows are the kept
 * class objects, sorted by shallow bytes descending (then name, then instances).
 */
export function classHistogram(
  parsed: ParsedHeap,
  sizes: SizeModel,
  keptByOrdinal?: Uint8Array | null,
  options: HistogramOptions = {},
): HistogramRow[] {
  const classCount = parsed.classes.length;
  const instances = new Float64Array(classCount);
  const bytes = new Float64Array(classCount);
  const { classByOrdinal, kindByOrdinal, arrayLengthByOrdinal, objectCount } = parsed;
  const { instanceSizeByClass } = sizes;
  for (let o = 0; o < objectCount; o++) {
    if (keptByOrdinal && keptByOrdinal[o] === 0) continue;
    const ci = classByOrdinal[o];
    const kind = kindByOrdinal[o];
    instances[ci]++;
    bytes[ci] += kind === 0 ? instanceSizeByClass[ci] : sizes.arrayShallowSize(kind, arrayLengthByOrdinal[o]);
  }
  const keptByClass = options.keptByClass ?? null;
  let classRow = -1;
  let loaderRow = -1;
  for (let ci = 0; ci < classCount; ci++) {
    const name = parsed.classes[ci].name;
    if (classRow < 0 && name === 'java.lang.Class') classRow = ci;
    if (loaderRow < 0 && name === 'java.lang.ClassLoader') loaderRow = ci;
  }
  if (classRow >= 0) {
    for (let ci = 0; ci < classCount; ci++) {
      if (keptByClass && keptByClass[ci] === 0) continue;
      instances[classRow]++;
      bytes[classRow] += sizes.classObjectSizeByClass[ci];
    }
  }
  if (loaderRow >= 0 && options.pseudoLoader !== false) {
    instances[loaderRow]++;
    bytes[loaderRow] += sizes.pseudoLoaderSize;
  }
  const rows: HistogramRow[] = [];
  for (let ci = 0; ci < classCount; ci++) {
    if (keptByClass && keptByClass[ci] === 0) continue;
    const c = parsed.classes[ci];
    rows.push({
      classIndex: ci,
      className: c.name,
      classAddress: toHex(c.id),
      loaderAddress: toHex(c.loaderId),
      instances: instances[ci],
      shallowBytes: bytes[ci],
    });
  }
  rows.sort(
    (a, b) =>
      b.shallowBytes - a.shallowBytes || (a.className < b.className ? -1 : a.className > b.className ? 1 : 0) || b.instances - a.instances,
  );
  return rows;
}

/** Rows in a FirstLook. */
export const FIRST_LOOK_ROWS = 100;

/**
 * The histogram of everything read (unreachable objects included, no retained sizes), cut to its largest rows:
 * what the dump holds, known before the graph is built. One pass over the objects.
 */
export function firstLook(parsed: ParsedHeap, sizes: SizeModel): FirstLook {
  const rows = classHistogram(parsed, sizes, null, { pseudoLoader: false });
  let objects = 0;
  let shallowBytes = 0;
  let classes = 0;
  for (const r of rows) {
    objects += r.instances;
    shallowBytes += r.shallowBytes;
    if (r.instances > 0) classes++;
  }
  return {
    objects,
    shallowBytes,
    classes,
    rows: rows
      .slice(0, FIRST_LOOK_ROWS)
      .filter((r) => r.instances > 0)
      .map(({ className, instances, shallowBytes: bytes }) => ({ className, instances, shallowBytes: bytes })),
  };
}
