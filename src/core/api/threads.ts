// Wire types of threads and GC roots: stack frames with the objects their locals hold, thread rows, and the GC
// roots by type. Plain data (structured-clone safe), re-exported by ../api.ts.

import type { Bytes } from '../units.ts';
import type { ObjectRow } from './rows.ts';

/** One frame of a thread's stack (src/core/queries/threads.ts). */
export interface StackFrameRow {
  /** Position in the stack: 0 is the top (innermost) frame. */
  depth: number;
  className: string;
  method: string;
  /** JVM signature, e.g. `(Ljava/lang/String;)V`. */
  signature: string;
  /** '' when the dump names none. */
  sourceFile: string;
  /** > 0 a line; 0 none; -1 unknown; -2 compiled; -3 native (the STACK FRAME record's value). */
  line: number;
  /** As jstack prints it, without "at ": `java.lang.Thread.sleep(Native Method)`, `Foo.bar(Foo.java:12)`. */
  text: string;
  /** The objects this frame's local variables hold, largest retained first. */
  locals: ObjectRow[];
  /** The largest retained size among them (MAT's "Max. Locals' Retained Heap"); 0 without locals. */
  maxLocalRetainedBytes: Bytes;
}

/** One thread object (MAT's "Thread Overview and Stacks"). */
export interface ThreadRow {
  object: ObjectRow;
  /** null when the dump does not say (no such field, or the record cannot be read). */
  name: string | null;
  daemon: boolean | null;
  priority: number | null;
  /** java.lang.Thread.State decoded from `threadStatus`: RUNNABLE, BLOCKED, WAITING, TIMED_WAITING, NEW, TERMINATED. */
  state: string | null;
  /** The raw `threadStatus` (JVMTI state bits), or a virtual thread's `state`. */
  stateValue: number | null;
  /** A java.lang.VirtualThread (or other BaseVirtualThread). */
  virtual: boolean;
  /** A virtual thread's carrier, when it is mounted. */
  carrier?: ObjectRow;
  contextClassLoader?: ObjectRow;
  /** The stack, top frame first; null when the dump has no stack trace for this thread. */
  frames: StackFrameRow[] | null;
  /** Objects held by this thread's locals whose frame the dump does not name. */
  otherLocals: ObjectRow[];
}

export interface ThreadOverview {
  usedHeapBytes: Bytes;
  /** Largest retained first. */
  threads: ThreadRow[];
}

/** The GC roots of one type (MAT's GC Roots query; src/core/queries/gc-roots.ts). */
export interface GcRootTypeRow {
  /** MAT's name: "System Class", "Thread", "JNI Global", "Busy Monitor", "Java Local", ... */
  type: string;
  objects: number;
  shallowBytes: Bytes;
  /** What they keep alive together (MAT's minimum retained size of the set). */
  retainedBytes: Bytes;
}
