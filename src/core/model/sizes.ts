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
  return type === 2 ? refBytes : ELEMENT_BYTES[type] ?? 0;
}

export function sizeModel(parsed: ParsedHeap): SizeModel {
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
  const { kindByOrdinal, classByOrdinal, arrayLengthByOrdinal } = parsed;
  const shallowSize = (o: number): Bytes => {
    const kind = kindByOrdinal[o];
    return kind === 0 ? instanceSizeByClass[classByOrdinal[o]] : arrayShallowSize(kind, arrayLengthByOrdinal[o]);
  };
  let pseudoLoaderSize = 0;
  for (let ci = 0; ci < n; ci++) {
    if (classes[ci].name === 'java.lang.ClassLoader') {
      pseudoLoaderSize = instanceSizeByClass[ci];
      break;
    }
  }
  return {
    pointerBytes,
    refBytes,
    alignment,
    instanceSizeByClass,
    classObjectSizeByClass,
    arrayShallowSize,
    shallowSize,
    pseudoLoaderSize,
  };
}
