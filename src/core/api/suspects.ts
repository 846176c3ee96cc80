// Wire types of MAT's leak suspects: a suspect, its accumulation point, the classes it keeps alive and a thread
// suspect's significant frames. Plain data (structured-clone safe), re-exported by ../api.ts.

import type { Bytes, ClassIndex } from '../units.ts';
import type { ObjectRow } from './rows.ts';
import type { PathStep } from './paths.ts';
import type { RetainedClassRow } from './retained.ts';
import type { ClassGroupRow } from './dominators.ts';
import type { StackFrameRow } from './threads.ts';

/** A class among the objects that only a leak suspect keeps alive. */
export interface SuspectConsumer {
  className: string;
  instances: number;
  shallowBytes: Bytes;
}

/** One of MAT's leak suspects (its `leakhunter` report's rules; see src/core/queries/suspects.ts). */
export interface LeakSuspect {
  /** A single top-level dominator (a class through its statics, a thread through its stack, a class loader, any
   *  other object), or a group: all the top-level dominators of one class, taken together. */
  kind: 'class' | 'thread' | 'classloader' | 'instance' | 'group';
  /** A single object: the top-level dominator. */
  object?: ObjectRow;
  /** A group: the class, and how many of its instances are top-level dominators. */
  group?: { className: string; classIndex: ClassIndex; instances: number };
  retainedBytes: Bytes;
  /** The classes of the objects that only the suspect keeps alive, by shallow bytes, at most three. */
  topConsumers: SuspectConsumer[];
  /** A single object: the dominator chain from it down to the accumulation point (it first, the point last).
   *  A group: the common path of its members' shortest paths from a GC root down to the point (the root first,
   *  the point last); absent when the paths part before one is found (MAT's "no accumulation point"). */
  accumulation?: ObjectRow[];
  /** Set when the chain is longer than `accumulation` holds (a linked list): `accumulation` then holds its first
   *  PATH_HEAD and last PATH_TAIL steps, and this is the whole chain's length. */
  accumulationLength?: number;
  /** A thread suspect: the thread's name, and MAT's significant stack frames and local variables (null when the
   *  dump has no stack for it; see queries/thread-suspect.ts). */
  thread?: { name: string | null; frames: SignificantFrame[] | null };
  /** The class loader of the suspect's class (a class suspect: of the class it stands for; MAT's "loaded by").
   *  MAT's pseudo boot loader is the row labelled "<system class loader>". */
  loader?: ObjectRow;
  /** Where there is an accumulation point, what MAT's report says of it. */
  point?: AccumulationPoint;
}

/** The accumulation point of a suspect, as MAT's leak report describes it. */
export interface AccumulationPoint {
  object: ObjectRow;
  /** The class loader of its class. */
  loader: ObjectRow;
  /** The shortest path from a GC root to it (the root first, the point last), each step with the field that
   *  holds the next, weak and soft referents not followed (MAT's "Shortest Paths To the Accumulation Point");
   *  null when no such path remains. */
  pathFromRoot: PathStep[] | null;
  /** Set when the path is longer than `pathFromRoot` holds: it then holds its first PATH_HEAD and last PATH_TAIL
   *  steps, and this is the whole path's length (`chain` reads `… N more …` between them). */
  pathLength?: number;
  /** That path as one readable line, short class names and fields: `LauncherHelper.appClass → Basics.CACHE →
   *  HashMap.table → HashMap$Node[512]` ('' without a path). */
  chain: string;
  /** Its children in the dominator tree by class, largest retained first (MAT's "Accumulated Objects by Class
   *  in Dominator Tree"). */
  childrenByClass: ClassGroupRow[];
  /** Everything it retains (itself included), by class, largest shallow first (MAT's "All Accumulated Objects
   *  by Class"); count and shallow sum to its retained set. */
  retainedByClass: RetainedClassRow[];
}
export interface LeakSuspects {
  usedHeapBytes: Bytes;
  /** A suspect retains more than this (10 % of the used heap). */
  thresholdBytes: Bytes;
  /** Largest first. */
  suspects: LeakSuspect[];
  /** Android: the heap they are limited to (sizes are parts in it; `usedHeapBytes` is its reachable bytes). */
  heap?: string;
}
/** A frame MAT's leak hunter names for a thread suspect, and the objects its locals hold that matter. */
export interface SignificantFrame {
  frame: Omit<StackFrameRow, 'locals' | 'maxLocalRetainedBytes'>;
  /** As MAT prints it: the method with its signature, then file and line: `Foo.bar(I)V (Foo.java:12)`. */
  matText: string;
  locals: ObjectRow[];
}
