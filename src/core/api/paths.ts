// Wire types of paths from the GC roots: one path's steps and options, windows of a long path (head and tail) with
// the functions that read them, and the merged shortest paths of a class. Re-exported by ../api.ts.

import type { Bytes, ClassIndex } from '../units.ts';
import type { ObjectRow, Page } from './rows.ts';

export interface PathStep {
  object: ObjectRow;
  /** Name of the field of this object that holds the next step (null on the last step). */
  field: string | null;
}

export interface PathOptions {
  /** Skip java.lang.ref.Reference.referent, as MAT's "exclude weak/soft references". Default true. */
  excludeWeak?: boolean;
  /** Which path: 0 (the default) is the shortest; n the (n+1)-th GC root the backward search from the object
   *  meets, each by its own first-found route (MAT's "next path"). */
  nth?: number;
  /** References not to follow (MAT's "Path to GC roots with excludes"). */
  exclude?: PathExclude[];
}

/** A reference a path must not use: from objects of `className` (or a subclass), through `field` when given
 *  (as the path names it: `next`, `<static> CACHE`), else through any of their references. */
export interface PathExclude {
  className: string;
  field?: string;
}

/**
 * Which steps of a path to return. A path can be millions of steps long (a linked list is a chain of dominators
 * and of references), so an answer holds a bounded window of it: `head` steps from `offset`, and the path's last
 * `tail` steps. A path no longer than `offset + head + tail` comes whole.
 */
export interface PathWindowOptions {
  /** Position of the first head step. Default 0. */
  offset?: number;
  /** Steps from `offset` on. Default PATH_HEAD (64). */
  head?: number;
  /** The path's last steps (never overlapping the head). Default PATH_TAIL (64). */
  tail?: number;
}

export const PATH_HEAD = 64;
export const PATH_TAIL = 64;

/** A window of a path: steps [offset, offset + head.length) and [length - tail.length, length). */
export interface PathWindow<T> {
  /** Steps in the whole path. */
  length: number;
  offset: number;
  head: T[];
  tail: T[];
}

/** Steps of a window's path between its head and its tail, not in the answer (0 when it holds the rest whole). */
export function elidedSteps(w: PathWindow<unknown>): number {
  return w.length - w.offset - w.head.length - w.tail.length;
}
/** How mergedPaths searches. */
export interface MergedPathsOptions {
  /** Do not follow java.lang.ref.Reference.referent (MAT's "exclude weak/soft references"). Default true. */
  excludeWeak?: boolean;
}

/** A node of the merged shortest paths from the GC roots to the objects of a class. */
export interface MergedPathRow {
  /** The node's number in the merged tree, to ask for its children. */
  node: number;
  object: ObjectRow;
  /** Objects of the class whose shortest path runs through this object (itself included). */
  count: number;
  /** Their shallow bytes. */
  targetShallowBytes: Bytes;
  /** Children in the merged tree. */
  children: number;
  /** The field of the parent (one level up) that references this object; null at the GC roots. */
  field: string | null;
}

/** A page of the merged shortest paths of one class (MAT's "Merge Shortest Paths to GC Roots"). */
export interface MergedPaths {
  classIndex: ClassIndex;
  /** Objects of the class. */
  objects: number;
  /** Those with a path from the GC roots (all, unless weak references are excluded). */
  reached: number;
  /** Children of the asked node, largest count first. */
  page: Page<MergedPathRow>;
}
/** A window's steps in path order, head then tail: the whole path when it came whole (elidedSteps(w) === 0). */
export function windowSteps<T>(w: PathWindow<T>): T[] {
  return [...w.head, ...w.tail];
}

/** Which positions of a path of `length` steps a window holds: head [offset, headEnd), tail [tailStart, length). */
export interface WindowRanges {
  length: number;
  offset: number;
  headEnd: number;
  /** Never below headEnd. */
  tailStart: number;
}

const stepCount = (value: number | undefined, fallback: number): number =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value));

export function windowRanges(length: number, wanted: PathWindowOptions = {}): WindowRanges {
  const offset = Math.min(length, stepCount(wanted.offset, 0));
  const headEnd = Math.min(length, offset + stepCount(wanted.head, PATH_HEAD));
  const tailStart = Math.max(headEnd, length - stepCount(wanted.tail, PATH_TAIL));
  return { length, offset, headEnd, tailStart };
}

/** The window of a path held whole in memory (a share snapshot's). */
export function windowOf<T>(steps: T[], wanted?: PathWindowOptions): PathWindow<T> {
  const r = windowRanges(steps.length, wanted);
  return { length: r.length, offset: r.offset, head: steps.slice(r.offset, r.headEnd), tail: steps.slice(r.tailStart) };
}

/** A path that came whole (tests and short paths): its steps; throws when steps were left out. */
export function wholePath<T>(w: PathWindow<T>): T[];
export function wholePath<T>(w: PathWindow<T> | null): T[] | null;
export function wholePath<T>(w: PathWindow<T> | null): T[] | null {
  if (w === null) return null;
  if (elidedSteps(w) !== 0 || w.offset !== 0) throw new RangeError(`${w.length} steps, not all of them in the answer`);
  return windowSteps(w);
}
