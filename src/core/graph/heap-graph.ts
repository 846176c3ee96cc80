// The analysed object graph: what the graph builder (src/core/graph) produces and the queries (src/core/queries)
// read. Node space = ObjectIndex. Contract between the two; extend it, do not rename.

import { implicitSuccessor, NO_NODE } from '../dominators/types.ts';
import type { ParsedHeap } from '../model/parsed-heap.ts';
import type { IdIndex } from './id-index.ts';
import type { ClassIndex, ObjectId, ObjectIndex } from '../units.ts';

/** kindByIndex values beyond ParsedHeap's KIND_INSTANCE (0), KIND_OBJECT_ARRAY (2) and 4..11 (primitive arrays). */
export const KIND_CLASS = 1;
/** MAT's pseudo object at address 0 standing for the boot class loader. */
export const KIND_PSEUDO_LOADER = 3;

/** ordinalByIndex's entry for the class object of ClassIndex c. */
export function classOrdinal(c: number): number {
  return -2 - c;
}

/** The ClassIndex a node stands for when it is a class object, else -1 (read from ordinalByIndex: class objects
 *  are few, a column of their own cost 4 bytes per object). */
export function classRecordOf(ordinalByIndex: Int32Array, index: number): number {
  const o = ordinalByIndex[index];
  return o <= -2 ? -2 - o : -1;
}

/** Class by node: 2 bytes per object while the dump has fewer than 65,535 classes (nearly always), else 4. The
 *  virtual root's slot (past the last node) holds the column's largest value, at least every class count. */
export type ClassColumn = Uint16Array | Uint32Array;

/** A class column for `nodeCount` nodes plus the virtual root's slot, which it sets (see ClassColumn). */
export function newClassColumn(nodeCount: number, classCount: number): ClassColumn {
  const column = classCount < 0xffff ? new Uint16Array(nodeCount + 1) : new Uint32Array(nodeCount + 1);
  column[nodeCount] = column instanceof Uint16Array ? 0xffff : 0xffffffff;
  return column;
}

/** All of v's successors, its class edge (the implicit one: see HeapGraph.succ) first: for tests and callers that
 *  look at a few nodes (hot loops read the columns). */
export function successorsOf(g: Pick<HeapGraph, 'classByIndex' | 'indexByClass' | 'succStart' | 'succ'>, v: number): number[] {
  const k = implicitSuccessor({ classOf: g.classByIndex, nodeOfClass: g.indexByClass }, v);
  const stored = Array.from(g.succ.subarray(g.succStart[v], g.succStart[v + 1]));
  return k === NO_NODE ? stored : [k, ...stored];
}

/** A reference that is not a field: a thread's stack/JNI local turned into an edge from the Thread object. */
export interface PseudoEdge {
  from: ObjectIndex;
  to: ObjectIndex;
  /** e.g. "<Java Local>", "<JNI Local>", "<Native Stack>", "<Thread Block>" */
  name: string;
  /** Java frame and JNI local: the frame number in the thread's stack trace (0 = top; -1 = none), when the dump
   *  gives one (queries/threads.ts names the frame). */
  frame?: number;
}

export interface HeapGraph {
  /** The reader's output. The graph builder consumes and empties refIds, refWide, refStart, idByOrdinal,
   *  classByOrdinal and kindByOrdinal (use succ, idOf, classByIndex and kindByIndex); arrayLengthByOrdinal and
   *  objectOffset stay for the queries. */
  parsed: ParsedHeap;
  /** Kept objects: instances, arrays, class objects and the pseudo boot loader (MAT's object set). */
  nodeCount: number;
  /** The object's id (address; 0 for the pseudo loader). */
  idOf(index: ObjectIndex): ObjectId;
  /** Every id in node order, for a caller that reads millions at random (idOf then costs ~0.2 us each: the ids
   *  are decoded from the id lookup's bitmap). 8 bytes per object: drop it after use. */
  allIds(): Float64Array;
  /** Class of each object; for class objects the class of java.lang.Class. */
  classByIndex: ClassColumn;
  kindByIndex: Uint8Array;
  /** Ordinal in ParsedHeap for instances and arrays (>= 0); for a class object -2 - its ClassIndex (see
   *  classRecordOf); -1 for the pseudo loader. "Has an ordinal" is `>= 0`. */
  ordinalByIndex: Int32Array;
  /** Node of each class object, by ClassIndex (NO_NODE = 0xFFFFFFFF when the class object was removed). */
  indexByClass: Uint32Array;
  /** MAT's shallow size: 4 bytes per object unless one is 4 GiB or more. */
  shallowByIndex: Float64Array | Uint32Array;

  /** Outgoing references (MAT's edges, de-duplicated, thread-local edges included), CSR, but for each node's
   *  edge to its class, which is implicit: indexByClass[classByIndex[v]] when that is a node (see successorsOf).
   *  Not storing it saves 4 bytes per object and keeps succ under 1 GiB on a 4 GB dump. */
  succStart: Uint32Array;
  succ: Uint32Array;
  pseudoEdges: PseudoEdge[];

  /** GC roots as MAT counts them: root node -> its root type names ("System Class", "Thread", ...). */
  rootTypesByIndex: Map<ObjectIndex, string[]>;
  /** The same as bits by ObjectIndex (bit i = ROOT_TYPE_NAMES[i] in graph/roots.ts; 0 = not a root). */
  rootMaskByIndex: Uint32Array;

  /** Immediate dominator; NO_NODE (0xFFFFFFFF) for a top-level dominator (its dominator is the virtual root). */
  idomByIndex: Uint32Array;
  /** Uint32 when the shallow sizes sum below 4 GiB (every retained size then fits), Float64 otherwise. */
  retainedByIndex: Float64Array | Uint32Array;
  /** How many objects `parent` immediately dominates (-1: the top-level dominators). */
  dominatedCount(parent: ObjectIndex | -1): number;
  /** The dominator-tree children of `parent` (-1: the top-level dominators), largest retained first, ties in
   *  address order. Each list is sorted the first time it is asked for (sorting 20 M children up front cost
   *  seconds that no view needs). The lists themselves (8 bytes per object) are built on the first call of
   *  either method rather than by the analysis, after its temporary columns are gone: the CLI never needs them. */
  sortedChildren(parent: ObjectIndex | -1): Uint32Array;
  /** The top-level dominators in sortedChildren(-1)'s order with each one's dominatedCount (what a persisted
   *  analysis keeps so that its first view builds no children lists); absent in test graphs. */
  topDominators?(): { sorted: Uint32Array; dominatedCounts: Uint32Array };
  /** MAT's minimum retained size per ClassIndex. */
  retainedByClass: Float64Array;

  /** ObjectIndex of a dump id, or -1. */
  findIndex(id: ObjectId): ObjectIndex;
  /** The id lookup behind idOf and findIndex (a persisted analysis stores its rank bitmap); absent in test graphs. */
  idIndex?: IdIndex;
  classOf(index: ObjectIndex): ClassIndex;
}
