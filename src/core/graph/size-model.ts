// The shallow-size questions the graph asks, answered by MAT's size model (src/core/model/sizes.ts), and the
// per-node shallow size column built from them.

import { KIND_INSTANCE, KIND_OBJECT_ARRAY, type ParsedHeap } from '../model/parsed-heap.ts';
import { KIND_CLASS, KIND_PSEUDO_LOADER } from './heap-graph.ts';

export interface SizeModel {
  /** MAT's shallow size of an instance of the class (all instances of a class have the same size). */
  instanceBytes(classIndex: number): number;
  /** Object array (kind 2) or primitive array (kind = element BasicType) of `length` elements. */
  arrayBytes(kind: number, length: number): number;
  /** A class object: its static fields (pseudo statics included) rounded up to the alignment. */
  classObjectBytes(classIndex: number): number;
}

/** Shallow bytes of one node. */
export function shallowOfNode(
  parsed: ParsedHeap,
  sizes: SizeModel,
  kind: number,
  classIndex: number,
  ordinal: number,
  classRecord: number,
): number {
  if (kind === KIND_INSTANCE) return sizes.instanceBytes(classIndex);
  if (kind === KIND_CLASS) return sizes.classObjectBytes(classRecord);
  if (kind === KIND_PSEUDO_LOADER) return sizes.instanceBytes(classIndex);
  return sizes.arrayBytes(kind === KIND_OBJECT_ARRAY ? KIND_OBJECT_ARRAY : kind, parsed.arrayLengthByOrdinal[ordinal]);
}

const FIELD_BYTES: Record<number, number> = { 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8 };

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * MAT's size model (corpus README "Sizes"; ENGINE-NOTES "Sizes"): header = pointer + reference size, each class
 * level of instance fields rounded up to the reference size, totals aligned; class objects are their statics.
 */
export function matSizeModel(parsed: ParsedHeap): SizeModel {
  const pointerBytes = parsed.idSize;
  const refBytes = parsed.idSize === 8 && parsed.compressedRefs ? 4 : parsed.idSize;
  const align = parsed.alignment > 0 ? parsed.alignment : 8;
  const header = pointerBytes + refBytes;
  const fieldBytes = (type: number): number => (type === 2 ? refBytes : (FIELD_BYTES[type] ?? refBytes));
  const classes = parsed.classes;
  const instanceByClass = new Float64Array(classes.length).fill(-1);
  const classObjectByClass = new Float64Array(classes.length).fill(-1);
  const primitiveHeader = roundUp(pointerBytes + refBytes + 4, refBytes);
  const arrayHeader = pointerBytes + refBytes + 4;
  return {
    instanceBytes(c: number): number {
      const cached = instanceByClass[c];
      if (cached >= 0) return cached;
      // The chain from this class up to java.lang.Object, then sized top-down.
      const chain: number[] = [];
      for (let k: number | undefined = c; k !== undefined && chain.length < 1000; ) {
        chain.push(k);
        const superId: number = classes[k].superId;
        k = superId === 0 ? undefined : parsed.classIndexById.get(superId);
      }
      let size = header;
      for (let i = chain.length - 1; i >= 0; i--) {
        for (const f of classes[chain[i]].instanceFields) size += fieldBytes(f.type);
        size = roundUp(size, refBytes);
      }
      const total = roundUp(size, align);
      instanceByClass[c] = total;
      return total;
    },
    arrayBytes(kind: number, length: number): number {
      if (kind === 2) return roundUp(arrayHeader + length * refBytes, align);
      return roundUp(primitiveHeader + length * (FIELD_BYTES[kind] ?? 1), align);
    },
    classObjectBytes(c: number): number {
      const cached = classObjectByClass[c];
      if (cached >= 0) return cached;
      let size = 0;
      for (const f of classes[c].staticFields) size += fieldBytes(f.type);
      const total = roundUp(size, align);
      classObjectByClass[c] = total;
      return total;
    },
  };
}
