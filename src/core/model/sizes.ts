// Eclipse MAT's shallow-size model (not the JVM's real layout): see docs/mat-semantics.md,
// "Sizes". Header = pointer + reference size; each superclass level's running total is rounded
// to the reference size; arrays use their own formulas; class objects count only their statics.

import type { Bytes } from '../units.ts';
import type { ClassRecord, ParsedHeap } from './parsed-heap.ts';

export interface SizeModel {
  pointerBytes: 4 | 8;
  /** 4 with compressed references (or 4-byte ids), else 8. */
  refBytes: 4 | 8;
  alignment: number;
  /** MAT's shallow size of an instance of each class, by ClassIndex. */
  instanceSizeByClass: Float64Array;
  /** Shallow size of each class object (its statics, pseudo statics included, aligned), by ClassIndex. */
  classObjectSizeByClass: Float64Array;
  /** Shallow size of an array: kind 2 = object array, 4..11 = primitive array of that BasicType. */
  arrayShallowSize(kind: number, length: number): Bytes;
  /** Shallow size of the object at an ordinal of the ParsedHeap. */
  shallowSize(ordinal: number): Bytes;
  /** Shallow size of MAT's pseudo boot loader object (an instance of java.lang.ClassLoader), 0 if absent. */
  pseudoLoaderSize: Bytes;
}

const ELEMENT_BYTES = [0, 0, 0, 0, 1, 2, 4, 8, 1, 2, 4, 8];

export function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

function valueBytes(type: number, refBytes: number): number {
  return type === 2 ? refBytes : (ELEMENT_BYTES[type] ?? 0);
}

/** Which object layout sizes follow: MAT's model (the default: parity with MAT), or the JVM's real layout. */
export type LayoutChoice = 'mat' | 'jvm';

/**
 * Where MAT's model is known to differ from the JVM that wrote the dump, what the JVM's layout is, and a note
 * saying so (undefined when the model matches):
 * - 4-byte ids that are serial numbers, not addresses (the old hprof agent, also on 64-bit JVMs; the GCD of
 *   their gaps is below 4): MAT sizes objects as on a 32-bit VM. The JVM's layout assumed is a 64-bit VM's default, compressed
 *   oops: 12-byte headers, 4-byte references, 8-byte alignment.
 * - 8-byte ids without compressed references: MAT takes 16-byte headers (8-byte class pointer), while HotSpot
 *   keeps class pointers compressed (12-byte headers) whenever UseCompressedClassPointers is on: by default with
 *   -XX:-UseCompressedOops since JDK 15, and with ZGC.
 */
export function layoutMismatch(
  parsed: Pick<ParsedHeap, 'idSize' | 'compressedRefs' | 'alignment' | 'format' | 'unalignedIdGcd'>,
): { note: string; header: number; refBytes: 4 | 8; alignment: number } | undefined {
  if (parsed.format.endsWith('1.0.3')) return undefined; // Android: no HotSpot layout to offer
  if (parsed.idSize === 4 && (parsed.unalignedIdGcd ?? 0) > 0 && parsed.unalignedIdGcd! < 4) {
    return {
      note:
        'Object ids in this dump are serial numbers, not addresses (the old hprof agent writes them even on a 64-bit JVM): ' +
        "sizes follow MAT's model for a 32-bit VM and may be smaller than the JVM's.",
      header: 12,
      refBytes: 4,
      alignment: 8,
    };
  }
  // JDK 6 and older write HPROF 1.0.1 for heaps below 2 GB; none compresses class pointers alone.
  if (parsed.idSize === 8 && !parsed.compressedRefs && !parsed.format.endsWith('1.0.1')) {
    return {
      note:
        "References are not compressed but class pointers may be (ZGC; -XX:-UseCompressedOops on JDK 15+): sizes follow MAT's " +
        "model with 16-byte object headers, where such a JVM uses 12, so they may be larger than the JVM's.",
      header: 12,
      refBytes: 8,
      alignment: Math.max(8, parsed.alignment),
    };
  }
  return undefined;
}

export function sizeModel(parsed: ParsedHeap, layout: LayoutChoice = 'mat'): SizeModel {
  const jvm = layout === 'jvm' ? layoutMismatch(parsed) : undefined;
  if (jvm !== undefined) return jvmSizeModel(parsed, jvm);
  const pointerBytes = parsed.idSize;
  const refBytes: 4 | 8 = parsed.idSize === 4 || parsed.compressedRefs ? 4 : 8;
  const alignment = parsed.alignment;
  const header = pointerBytes + refBytes;
  const classes = parsed.classes;
  const n = classes.length;

  // Running (unaligned) total per class: header, then each level's fields, rounded to the reference size.
  const levelTotal = new Float64Array(n).fill(-1);
  const levelOf = (ci: number): number => {
    const chain: number[] = [];
    let c = ci;
    while (c >= 0 && levelTotal[c] < 0 && chain.length <= n) {
      chain.push(c);
      const s = classes[c].superId;
      const si = s === 0 ? undefined : parsed.classIndexById.get(s);
      c = si === undefined ? -1 : si;
    }
    let total = c >= 0 && levelTotal[c] >= 0 ? levelTotal[c] : header;
    for (let i = chain.length - 1; i >= 0; i--) {
      const cls: ClassRecord = classes[chain[i]];
      let fields = 0;
      for (const f of cls.instanceFields) fields += valueBytes(f.type, refBytes);
      total = alignUp(total + fields, refBytes);
      levelTotal[chain[i]] = total;
    }
    return levelTotal[ci];
  };
  const instanceSizeByClass = new Float64Array(n);
  const classObjectSizeByClass = new Float64Array(n);
  for (let ci = 0; ci < n; ci++) {
    instanceSizeByClass[ci] = alignUp(levelOf(ci), alignment);
    let statics = 0;
    for (const f of classes[ci].staticFields) statics += valueBytes(f.type, refBytes);
    classObjectSizeByClass[ci] = alignUp(statics, alignment);
  }
  const primitiveHeader = alignUp(pointerBytes + refBytes + 4, refBytes);
  const objectArrayHeader = pointerBytes + refBytes + 4;
  const arrayShallowSize = (kind: number, length: number): Bytes =>
    kind === 2
      ? alignUp(objectArrayHeader + length * refBytes, alignment)
      : alignUp(primitiveHeader + length * (ELEMENT_BYTES[kind] ?? 0), alignment);
  return withObjectSizes(parsed, { pointerBytes, refBytes, alignment, instanceSizeByClass, classObjectSizeByClass, arrayShallowSize });
}

/**
 * The JVM's layout (HotSpot, 64-bit, compressed class pointers): a 12-byte header (mark word and narrow class
 * pointer), then the fields of the whole superclass chain packed by size, as HotSpot's field layout does (since
 * JDK 15; earlier ones differ by a few bytes for some classes): 4-byte and smaller fields fill the gap after the
 * header before an 8-byte field would need it. Arrays: header and a 4-byte length, elements, aligned.
 */
function jvmSizeModel(parsed: ParsedHeap, jvm: { header: number; refBytes: 4 | 8; alignment: number }): SizeModel {
  const { header, refBytes, alignment } = jvm;
  const classes = parsed.classes;
  const n = classes.length;
  const instanceSizeByClass = new Float64Array(n);
  const classObjectSizeByClass = new Float64Array(n);
  for (let ci = 0; ci < n; ci++) {
    let wide = 0; // bytes of 8-byte fields
    let narrow = 0; // bytes of fields of 4 bytes or less
    for (let c: number | undefined = ci, depth = 0; c !== undefined && depth <= n; depth++) {
      for (const f of classes[c].instanceFields) {
        const b = valueBytes(f.type, refBytes);
        if (b === 8) wide += b;
        else narrow += b;
      }
      const s: number = classes[c].superId;
      c = s === 0 ? undefined : parsed.classIndexById.get(s);
    }
    // An 8-byte field starts at offset 16: the 4-byte gap after the header is filled by narrow fields if any.
    const gap = wide > 0 && header % 8 !== 0 && narrow < 8 - (header % 8) ? 8 - (header % 8) - narrow : 0;
    instanceSizeByClass[ci] = alignUp(header + gap + wide + narrow, alignment);
    let statics = 0;
    for (const f of classes[ci].staticFields) statics += valueBytes(f.type, refBytes);
    classObjectSizeByClass[ci] = alignUp(statics, alignment);
  }
  const arrayHeader = header + 4;
  const arrayShallowSize = (kind: number, length: number): Bytes => {
    const element = kind === 2 ? refBytes : (ELEMENT_BYTES[kind] ?? 0);
    // 8-byte elements start 8-aligned.
    return alignUp(alignUp(arrayHeader, element === 8 ? 8 : 1) + length * element, alignment);
  };
  return withObjectSizes(parsed, { pointerBytes: 8, refBytes, alignment, instanceSizeByClass, classObjectSizeByClass, arrayShallowSize });
}

/** Completes a layout's class and array sizes into a SizeModel: each object's shallow size by ordinal, and the
 *  size of MAT's pseudo boot loader (an instance of java.lang.ClassLoader). One place for both layouts. */
function withObjectSizes(parsed: ParsedHeap, m: Omit<SizeModel, 'shallowSize' | 'pseudoLoaderSize'>): SizeModel {
  const { instanceSizeByClass, arrayShallowSize } = m;
  const { kindByOrdinal, classByOrdinal, arrayLengthByOrdinal } = parsed;
  const shallowSize = (o: number): Bytes => {
    const kind = kindByOrdinal[o];
    return kind === 0 ? instanceSizeByClass[classByOrdinal[o]] : arrayShallowSize(kind, arrayLengthByOrdinal[o]);
  };
  const loader = parsed.classes.findIndex((c) => c.name === 'java.lang.ClassLoader');
  return { ...m, shallowSize, pseudoLoaderSize: loader < 0 ? 0 : instanceSizeByClass[loader] };
}
