// The shallow-size questions the graph asks, answered by MAT's size model (src/core/model/sizes.ts), and the
// per-node shallow size column built from them.

import { KIND_INSTANCE, KIND_OBJECT_ARRAY, type ParsedHeap } from '../model/parsed-heap.ts';
import { sizeModel, type LayoutChoice } from '../model/sizes.ts';
import { KIND_CLASS, KIND_PSEUDO_LOADER } from './heap-graph.ts';

export interface SizeModel {
  /** MAT's shallow size of an instance of the class (all instances of a class have the same size). */
  instanceBytes(classIndex: number): number;
  /** Object array (kind 2) or primitive array (kind = element BasicType) of `length` elements. */
  arrayBytes(kind: number, length: number): number;
  /** A class object: its static fields (pseudo statics included) rounded up to the alignment. */
  classObjectBytes(classIndex: number): number;
}

/** Shallow bytes of one node (`ordinal` as in HeapGraph.ordinalByIndex: a class object's encodes its class). */
export function shallowOfNode(parsed: ParsedHeap, sizes: SizeModel, kind: number, classIndex: number, ordinal: number): number {
  if (kind === KIND_INSTANCE) return sizes.instanceBytes(classIndex);
  if (kind === KIND_CLASS) return sizes.classObjectBytes(-2 - ordinal);
  if (kind === KIND_PSEUDO_LOADER) return sizes.instanceBytes(classIndex);
  return sizes.arrayBytes(kind === KIND_OBJECT_ARRAY ? KIND_OBJECT_ARRAY : kind, parsed.arrayLengthByOrdinal[ordinal]);
}

/** The reader's MAT size model (src/core/model/sizes.ts) seen through the graph's questions. Build it after
 *  the index step: that step may add placeholder classes (java.lang.Class, java.lang.ClassLoader) to hand-made
 *  heaps that lack them. */
export function matSizeModel(parsed: ParsedHeap): SizeModel {
  return graphSizeModel(parsed, 'mat');
}

/** The same questions answered by MAT's model or, with 'jvm', by the JVM's layout (see model/sizes.ts). */
export function graphSizeModel(parsed: ParsedHeap, layout: LayoutChoice): SizeModel {
  const model = sizeModel(parsed, layout);
  return {
    instanceBytes: (c) => model.instanceSizeByClass[c],
    arrayBytes: (kind, length) => model.arrayShallowSize(kind, length),
    classObjectBytes: (c) => model.classObjectSizeByClass[c],
  };
}
