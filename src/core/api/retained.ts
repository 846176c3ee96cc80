// Wire types of retained sets: a selection of objects, what it keeps alive by class, and the objects the analysis
// removed as unreachable. Plain data (structured-clone safe), re-exported by ../api.ts.

import type { Bytes, ClassIndex, ObjectIndex } from '../units.ts';
import type { Page } from './rows.ts';

/** One class among a set of objects: how many and their shallow bytes. */
export interface RetainedClassRow {
  classIndex: ClassIndex;
  className: string;
  objects: number;
  shallowBytes: Bytes;
}

/**
 * A set of objects as a description the analysis can resolve again (in the worker, on a saved analysis, in the
 * CLI): never a list of millions of indices on the wire. Resolved by queries/selection.ts.
 */
export type Selection =
  /** Objects named one by one (the inspector's object, a few rows). */
  | { kind: 'objects'; indices: ObjectIndex[] }
  /** The objects of a class (class objects count as java.lang.Class), optionally filtered: those retaining at
   *  least `minRetainedBytes`, and of those the `largest` by retained size. */
  | { kind: 'class'; classIndex: ClassIndex; minRetainedBytes?: Bytes; largest?: number }
  /** One row of "Held by" (immediateDominators of `classIndex` with `skip`): the objects of the class that
   *  dominators of class `holderClassIndex` hold (-1: the "<ROOT>" row), or those dominators themselves. */
  | { kind: 'held-by'; classIndex: ClassIndex; holderClassIndex: ClassIndex | -1; skip?: string; side: 'held' | 'holders' }
  /** One node of the merged shortest paths of `classIndex` (mergedPaths with `excludeWeak`): the objects of the
   *  class whose shortest path runs through it. */
  | { kind: 'merged-path'; classIndex: ClassIndex; node: number; excludeWeak?: boolean };

/** What a selection keeps alive (Eclipse MAT's "Show Retained Set" and precise retained size). */
export interface RetainedSet {
  /** The selection in words ("3,000 objects of com.acme.Session"). */
  description: string;
  /** The selected objects and their shallow bytes. */
  selected: { objects: number; shallowBytes: Bytes };
  /** The objects that would be freed if the selection were gone (the selection included): those every path from
   *  the GC roots to which runs through it. */
  objects: number;
  /** Their shallow bytes: the selection's precise retained size. */
  retainedBytes: Bytes;
  /** The retained set by class (class objects as java.lang.Class), largest shallow first. */
  classes: Page<RetainedClassRow>;
}

/** A class among the objects the analysis removed as unreachable (MAT's "Unreachable Objects Histogram"). */
export interface UnreachableClassRow {
  className: string;
  objects: number;
  shallowBytes: Bytes;
}
