// Wire types of the basic answers: the summary, histogram rows, objects as rows, pages, an object's fields and its
// references. Plain data (structured-clone safe), re-exported by ../api.ts.

import type { Bytes, ClassIndex, HexAddress, ObjectIndex } from '../units.ts';

export interface Summary {
  /** e.g. "JAVA PROFILE 1.0.2" */
  format: string;
  idSize: 4 | 8;
  /** Dump time in ms since the epoch, from the header. */
  timestamp: number;
  /** Bytes of (decompressed) dump read. */
  bytesRead: number;
  compressed: boolean;
  /** Objects kept, as MAT counts them: instances + arrays + class objects (+ the pseudo boot loader). */
  objects: number;
  instances: number;
  arrays: number;
  classes: number;
  gcRoots: number;
  gcRootsByType: Record<string, number>;
  /** Sum of the shallow sizes of the kept objects (MAT's "used heap"). */
  usedHeapBytes: Bytes;
  unreachable: { objects: number; shallowBytes: Bytes };
  keepUnreachable: boolean;
  compressedRefs: boolean;
  /** Object alignment in bytes (GCD of address gaps, 8..256). */
  alignment: number;
  /** Count of each top-level record type and heap sub-record type read, by name ("UTF8", "INSTANCE DUMP", ...). */
  recordCounts: Record<string, number>;
  truncated: boolean;
  /** Losses of data: the results may be incomplete (shown as a warning). */
  warnings: string[];
  /** Facts about a healthy dump, not a loss of data (shown with the summary's details, not as a warning). */
  notes?: string[];
  /** Set when a structural error stopped the reading: where, the bytes after it not read, and why. */
  damage?: { offset: number; lostBytes: number; message: string };
  /** Heap dumps the file holds and which one is analysed (1-based); absent in older share snapshots. */
  dumps?: { count: number; analysed: number };
  /** Set when MAT's size model is known to differ from the JVM's layout for this dump: which one the sizes
   *  follow, and a note saying so. */
  layout?: { used: 'mat' | 'jvm'; note: string };
  /** Android: the heaps the dump names (HEAP DUMP INFO: app, image, zygote, ...), with what each holds. Views
   *  can be limited to one; "app" is the one to show first, as Android Studio and ahat do. */
  heaps?: { name: string; objects: number; shallowBytes: Bytes }[];
}

export interface HistogramRow {
  classIndex: ClassIndex;
  /** MAT's display name: `byte[]`, `java.lang.Object[]`, `a.b.Outer$Inner`. Not unique (two loaders). */
  className: string;
  classAddress: HexAddress;
  loaderAddress: HexAddress;
  /** The class of the loader object (e.g. `jdk.internal.loader.ClassLoaders$AppClassLoader`); absent for the
   *  boot loader and a loader missing from the dump. */
  loaderClassName?: string;
  instances: number;
  shallowBytes: Bytes;
  /** MAT's minimum retained size of the class's instances; absent until dominators are computed. */
  retainedBytes?: Bytes;
  /** Android: objects and shallow bytes in each heap (index as in Summary.heaps), when the dump names heaps. */
  byHeap?: { instances: number; shallowBytes: Bytes }[];
}

/** One object as a row in a table or tree. */
export interface ObjectRow {
  index: ObjectIndex;
  address: HexAddress;
  className: string;
  shallowBytes: Bytes;
  retainedBytes: Bytes;
  /** Number of objects it immediately dominates. */
  dominatedCount: number;
  /** Short text to show after the class name: a String's value (clipped), a thread's name, an array's length. */
  label?: string;
  /** GC root types if this object is a root ("System Class", "Thread", ...). */
  rootTypes?: string[];
}

export interface Page<T> {
  offset: number;
  total: number;
  items: T[];
  /** Items that exist beyond `total` but that this engine does not hold: a shared analysis carries only part of
   *  the dominator tree, and says how many children of a node were left out. Absent when nothing is. */
  omitted?: number;
}

/** A field or array element with its value. */
export interface FieldValue {
  /** Field name, or `[i]` for an array element, or a pseudo name such as `<Java Local>`. */
  name: string;
  /** 'object' | 'boolean' | 'char' | 'float' | 'double' | 'byte' | 'short' | 'int' | 'long' */
  type: string;
  /** Primitive value as text, or null for a null reference. */
  value: string | null;
  /** For a non-null reference to an object in the dump. */
  ref?: ObjectRow;
  /** Declared on a class: static field. */
  isStatic?: boolean;
}

export interface ObjectDetails {
  row: ObjectRow;
  kind: 'instance' | 'object-array' | 'primitive-array' | 'class';
  /** Instance fields, most-derived class first; for a class object: its static fields. */
  fields: FieldValue[];
  arrayLength?: number;
  /** First elements of an array (a page). */
  elements?: FieldValue[];
  /** Decoded java.lang.String value (clipped to a few thousand chars). */
  stringValue?: string;
  /** For class objects: superclass and loader. */
  superclass?: ObjectRow;
  classLoader?: ObjectRow;
  /** Immediate dominator, or undefined when it is the virtual root. */
  dominator?: ObjectRow;
}

/** A reference between two objects: `from.field -> to`. Used for outgoing references and for referrers. */
export interface ReferenceRow {
  /** Field name (`next`, `[3]`, `<class>`, `<static> NAME`, `<Java Local>`...). */
  field: string;
  /** The other end: the target for outgoing references, the referrer for referrers. */
  object: ObjectRow;
}
