// Wire types between the analysis core and its frontends (worker/UI, CLI, share snapshots), and the query surface
// they meet at (AnalysisQueries). Everything here is plain data (structured-clone safe). Large per-object data
// never crosses this boundary: frontends ask for pages and summaries. The types live by subject in ./api/ and are
// re-exported here, so every frontend imports them from this file.

import type { Bytes, ClassIndex, ObjectIndex } from './units.ts';

export * from './api/progress.ts';
export * from './api/rows.ts';
export * from './api/paths.ts';
export * from './api/treemap.ts';
export * from './api/suspects.ts';
export * from './api/retained.ts';
export * from './api/dominators.ts';
export * from './api/strings.ts';
export * from './api/threads.ts';
export * from './api/collections.ts';
import type { HistogramRow, ObjectDetails, ObjectRow, Page, ReferenceRow, Summary } from './api/rows.ts';
import type { MergedPaths, MergedPathsOptions, PathOptions, PathStep, PathWindow, PathWindowOptions } from './api/paths.ts';
import type { TreemapNode, TreemapOptions } from './api/treemap.ts';
import type { LeakSuspects } from './api/suspects.ts';
import type { RetainedSet, Selection, UnreachableClassRow } from './api/retained.ts';
import type { ChildrenByClass, DominatorChain, DominatorTop, ImmediateDominators, ImmediateDominatorsOptions } from './api/dominators.ts';
import type { DuplicateStrings } from './api/strings.ts';
import type { GcRootTypeRow, ThreadOverview } from './api/threads.ts';
import type { CollectionContents, CollectionsReport } from './api/collections.ts';

/**
 * What the UI (through the worker), the CLI and tests can ask of a finished analysis.
 * Implemented by HeapAnalysis in src/core/analysis.ts; the worker exposes the same methods (as promises).
 */
export interface AnalysisQueries {
  summary(): Summary;
  /** All classes with instances (and class rows as MAT keeps them), sorted by shallow bytes descending. */
  histogram(): HistogramRow[];
  /** Children of an object in the dominator tree, largest retained first; parent -1 = the virtual root. */
  dominatorChildren(parent: ObjectIndex, offset: number, limit: number): Page<ObjectRow>;
  /** The classes of a node's children in the dominator tree, aggregated over all children; parent -1 = the
   *  virtual root. */
  dominatorChildrenByClass(parent: ObjectIndex, offset: number, limit: number): ChildrenByClass;
  /** The children of a node that are of one class, largest retained first. */
  dominatorChildrenOfClass(parent: ObjectIndex, classIndex: ClassIndex, offset: number, limit: number): Page<ObjectRow>;
  /** Android: the children of a node in the dominator tree that retain bytes in heap `heap` (an index into
   *  `Summary.heaps`), largest part in that heap first, each with that part (docs/mat-semantics.md, "Android
   *  heaps"); parent -1 = the virtual root. A RangeError for a dump without heaps or a heap it does not have.
   *  `inHeap`: the object itself is in that heap (it has children there when its part exceeds its own bytes). */
  dominatorChildrenInHeap(
    heap: number,
    parent: ObjectIndex,
    offset: number,
    limit: number,
  ): Page<ObjectRow & { heapRetainedBytes: Bytes; inHeap: boolean }>;
  /** From an object down the dominator tree while each node has exactly one child: the chain and its end. */
  dominatorChain(start: ObjectIndex): DominatorChain;
  /** The `maxNodes` largest nodes of the dominator tree down to `depth` levels, taken best first in one call (a
   *  child never retains more than its parent, so they form a connected subtree). What a share snapshot keeps. */
  dominatorTop(depth: number, maxNodes: number): DominatorTop;
  /** The names of the references from `from` to each of `targets` (`next`, `[3]`, `<static> X`; several joined by
   *  ", "; '' where `from` does not reference the target itself). Async: the object is re-read from the dump. */
  referenceNames(from: ObjectIndex, targets: ObjectIndex[]): Promise<string[]>;
  /** Ancestors in the dominator tree, from a top-level dominator down to the object itself: a window of them
   *  (memory bounded by the wanted, one walk up the idom column). */
  dominatorPath(index: ObjectIndex, wanted?: PathWindowOptions): PathWindow<ObjectRow>;
  /** Where an object's memory accumulates: from it down the dominator tree into the largest child while that child
   *  keeps at least 70 % of its parent (MAT's "big drop"); the object first, the accumulation point last: a wanted. */
  accumulationPath(index: ObjectIndex, wanted?: PathWindowOptions): PathWindow<ObjectRow>;
  /** Async: field values are re-read from the dump by offset. */
  objectDetails(index: ObjectIndex): Promise<ObjectDetails>;
  /** Async: field names come from re-reading the object's bytes. */
  outgoing(index: ObjectIndex, offset: number, limit: number): Promise<Page<ReferenceRow>>;
  /** Field names of the referrers are resolved by re-reading them, hence async. */
  referrers(index: ObjectIndex, offset: number, limit: number): Promise<Page<ReferenceRow>>;
  /** Shortest path from a GC root to the object (root first), a window of it, or null when none exists. The last
   *  search's path is kept, so paging through its middle does not search again. */
  pathToRoots(index: ObjectIndex, options?: PathOptions & PathWindowOptions): Promise<PathWindow<PathStep> | null>;
  /** Index of the object at an address ("0x..." or hex digits), or null. */
  findObject(address: string): ObjectIndex | null;
  /** Instances of one class, largest retained first. */
  instancesOf(classIndex: ClassIndex, offset: number, limit: number): Page<ObjectRow>;
  treemap(root: ObjectIndex, options?: TreemapOptions): TreemapNode;
  /** MAT's leak suspects: objects and classes of top-level dominators that retain more than 10 % of the heap.
   *  Async: a group's accumulation point needs a search from the GC roots. */
  leakSuspects(): Promise<LeakSuspects>;
  /** Android: the leak suspects limited to heap `heap` (an index into `Summary.heaps`): MAT's rules on each
   *  object's retained bytes in that heap (docs/mat-semantics.md, "Android heaps"). A RangeError (rejected) for a
   *  dump without heaps or a heap it does not have. */
  leakSuspectsInHeap(heap: number): Promise<LeakSuspects>;
  /** MAT's Immediate Dominators of all objects of a class ("held by"), grouped by the dominators' class. Throws a
   *  RangeError for a bad class index or skip pattern. */
  immediateDominators(classIndex: ClassIndex, options?: ImmediateDominatorsOptions): ImmediateDominators;
  /** The String values held by more than one String, and the bytes they waste. Async: every String and its
   *  array are re-read from the dump (in two sweeps in file order); computed once per analysis. */
  duplicateStrings(): Promise<DuplicateStrings>;
  /** The shortest paths from the GC roots to every object of a class, merged into a tree: the children of tree
   *  node `parent` (-1: the GC roots). The tree is computed on the first page of a class (one breadth-first search
   *  over the heap) and kept for the next pages. */
  mergedPaths(classIndex: ClassIndex, parent: number, offset: number, limit: number, options?: MergedPathsOptions): Promise<MergedPaths>;
  /** Every thread with its state, its stack and what each frame's locals hold, largest retained first. Async:
   *  names and states are read from the dump; computed once per analysis. */
  threads(): Promise<ThreadOverview>;
  /** The GC roots grouped by type, the most objects first (an object that is a root of two types is in both). */
  gcRoots(): GcRootTypeRow[];
  /** The roots of one type, largest retained first. Throws a RangeError for a type with no roots. */
  gcRootObjects(type: string, offset: number, limit: number): Page<ObjectRow>;
  /** A recognised JDK collection's kind, size (entries walked, and its size field), capacity, fill ratio and a page of
   *  its entries (keys and values as objects, Strings' and boxed numbers' values read); null for any other object.
   *  Async: the collection is walked in the dump; the count is kept for the next pages. */
  collectionContents(index: ObjectIndex, offset: number, limit: number): Promise<CollectionContents | null>;
  /** Every recognised collection grouped by class: sizes, fill ratios, wasted bytes. A pass over the collection
   *  objects (one read each, in file order); computed once per analysis. */
  collections(): Promise<CollectionsReport>;
  /** What a selection keeps alive, by class: a page of its classes (largest shallow first) with the exact totals.
   *  A mark from the GC roots that does not enter the selection (a long pass); the last answers are kept. */
  retainedSet(selection: Selection, offset: number, limit: number): Promise<RetainedSet>;
  /** MAT's minimum retained size of each group of classes (a package, a class loader's classes): the retained
   *  sizes of the group's objects (a class object counts with its own class too) that have no dominator-tree
   *  ancestor in the group. Groups may overlap (nested packages). One pass over the dominator tree per layer of
   *  disjoint groups. */
  groupRetained(groups: ClassIndex[][]): Promise<number[]>;
  /** The objects the analysis removed as unreachable, by class, largest shallow first (empty when none were
   *  removed, or when they were kept as roots). */
  unreachableHistogram(): UnreachableClassRow[];
}

/** The analysis queries as every frontend asks them: all async, labels already filled (src/core/service.ts). */
export type AsyncQueries = {
  [K in keyof AnalysisQueries]: (...args: Parameters<AnalysisQueries[K]>) => Promise<Awaited<ReturnType<AnalysisQueries[K]>>>;
};

export type QueryName = keyof AnalysisQueries;

/** A long pass (duplicate strings, leak suspects, merged paths) as it runs beside the interactive queries. */
export interface PassState {
  /** The query it answers ("duplicateStrings"). */
  query: string;
  /** What it is, for a panel ("Finding duplicate strings"). */
  label: string;
  /** What it is doing now ("reading the Strings"). */
  step: string;
  done: number;
  total: number;
  status: 'running' | 'done' | 'cancelled' | 'failed';
}

/** A query's answer as data, so that a typed error keeps its code across a worker boundary. */
export type QueryOutcome<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string; offset?: number } };
