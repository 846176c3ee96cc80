// Wire types between the analysis core and its frontends (worker/UI, CLI, share snapshots).
// Everything here is plain data (structured-clone safe). Large per-object data never crosses this boundary:
// frontends ask for pages and summaries.

import type { Bytes, ClassIndex, HexAddress, ObjectIndex } from './units.ts';

export type PhaseName =
  | 'read' // reading and decoding records (progress in bytes of input)
  | 'index' // id -> index map, references resolved to indices
  | 'roots' // GC roots, thread-local edges
  | 'reachability' // marking from the roots; unreachable objects removed or kept
  | 'dominators'
  | 'retained' // retained sizes, per-class minimum retained
  | 'histogram';

export interface Progress {
  phase: PhaseName;
  /** Work done and total in the phase's own unit (bytes for 'read', objects elsewhere). */
  done: number;
  total: number;
}

export type ProgressCallback = (p: Progress) => void;

/**
 * What the dump holds by class, known as soon as it is read (before the graph, the dominators and the removal of
 * unreachable objects): the largest classes by shallow size. Frontends show it while the analysis goes on.
 */
export interface FirstLook {
  /** Objects read, unreachable ones included, class objects among them (in the java.lang.Class row, as MAT counts). */
  objects: number;
  /** Sum of their shallow sizes (MAT's model). */
  shallowBytes: Bytes;
  /** Classes with at least one instance. */
  classes: number;
  /** The largest classes by shallow bytes, at most FIRST_LOOK_ROWS. */
  rows: Array<Pick<HistogramRow, 'className' | 'instances' | 'shallowBytes'>>;
}

export type FirstLookCallback = (look: FirstLook) => void;

export interface AnalyzeOptions {
  /** As MAT's keep_unreachable_objects: unreachable objects become "Unreachable" roots instead of being removed. */
  keepUnreachable?: boolean;
  /** Polled between steps and every few MB; when it returns true the analysis throws CancelledError. */
  isCancelled?: () => boolean;
  /** Which heap dump to analyse when the file holds several (1-based); default: the last. */
  dump?: number;
  /** Shallow sizes: MAT's model (the default, for parity with MAT) or the JVM's real object layout. */
  layout?: 'mat' | 'jvm';
}

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

export interface TreemapNode {
  /** -1 for the virtual root, -2 for a folded "N others" node, -3 for a class box (the children of one class). */
  index: ObjectIndex;
  address?: HexAddress;
  className: string;
  label?: string;
  retainedBytes: Bytes;
  /** Its own shallow bytes (for a folded node: 0). */
  shallowBytes: Bytes;
  /** For a folded node or a class box: how many objects it stands for. */
  foldedCount?: number;
  /** For a folded node or a class box: the node whose children it stands for (-1: the virtual root). */
  parent?: ObjectIndex;
  /** For a class box: the class of the children it stands for (an "N others" box inside a class box: theirs). */
  classIndex?: ClassIndex;
  /** A chain of single children starting at this object, folded into its box: the box's children are the end's. */
  chain?: TreemapChain;
  children?: TreemapNode[];
}

/** A node of the current dump in a diff with the retained bytes of its dominator-tree path in each dump, in the
 *  node's share (its retained size over its path's in the current dump): what a treemap box coloured by growth
 *  shows (src/core/tree-diff.ts). */
export interface NodeGrowth {
  index: ObjectIndex;
  baseline: Bytes;
  current: Bytes;
}

/** A chain of single children in a treemap box: from the box's object down to its end, `length` objects. */
export interface TreemapChain {
  length: number;
  /** Whether they are all of the start's class. */
  sameClass: boolean;
  /** The first node with no child or several, and its dominator (the chain's last object) for zooming. */
  end: TreemapNode;
  last: { index: ObjectIndex; address: HexAddress };
}

export interface TreemapOptions {
  /** Levels below the root to include. Default 4. */
  depth?: number;
  /** Total nodes at most. Default 2,000. */
  maxNodes?: number;
  /** Children under this fraction of the root's retained size are folded into "N others", or into one box per
   *  class where a class's small children together reach it. Default 0.002. */
  minFraction?: number;
  /** Only the root's children of this class (the root box is then the class box, index -3). */
  ofClass?: ClassIndex;
  /** The root's children all as class boxes, one per class (what an "N others" box stands for, opened). */
  byClass?: boolean;
}

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

export interface LeakSuspects {
  usedHeapBytes: Bytes;
  /** A suspect retains more than this (10 % of the used heap). */
  thresholdBytes: Bytes;
  /** Largest first. */
  suspects: LeakSuspect[];
  /** Android: the heap they are limited to (sizes are parts in it; `usedHeapBytes` is its reachable bytes). */
  heap?: string;
}

/** The children of one dominator-tree node that are of one class. */
export interface ClassGroupRow {
  classIndex: ClassIndex;
  className: string;
  /** Children of this class. */
  count: number;
  shallowBytes: Bytes;
  /** Summed retained sizes (exact: dominator subtrees are disjoint). */
  retainedBytes: Bytes;
}

/** A node's children in the dominator tree grouped by class, over all of them (MAT's "Group by class"). */
export interface ChildrenByClass {
  /** -1: the virtual root. */
  parent: ObjectIndex;
  /** All children of the node, whatever page of classes is asked: these totals never change with the page. */
  children: number;
  shallowBytes: Bytes;
  retainedBytes: Bytes;
  /** Classes, largest summed retained first. */
  page: Page<ClassGroupRow>;
}

/** A chain of single children in the dominator tree (a linked list, a wrapper around a wrapper...): from the
 *  only child of a node down while each node has exactly one child. */
/** The largest part of the dominator tree within a depth: every node carries its parent (-1 for a top-level
 *  dominator), parents come before their children, and nodes are in order of retained size, largest first. */
export interface DominatorTop {
  nodes: (ObjectRow & { parent: ObjectIndex | -1 })[];
  /** How many top-level dominators the whole analysis has. */
  topLevel: number;
}

export interface DominatorChain {
  /** The chain's first node (the asked object). */
  start: ObjectRow;
  /** Nodes from the start down to, not including, the end. */
  length: number;
  /** Whether they are all of the start's class. */
  sameClass: boolean;
  /** The first node with no child or several: where the chain opens to. */
  end: ObjectRow;
}

/** How immediateDominators groups. */
export interface ImmediateDominatorsOptions {
  /** Dominators whose class name matches this regular expression (the whole name, as Java's matches()) are
   *  passed over for their own dominator. Default MAT's `java\..*|javax\..*|com\.sun\..*|sun\..*|jdk\..*`; '' skips nothing. */
  skip?: string;
}

/** One row of immediateDominators: the dominators of one class (or the virtual root) and what they hold. */
export interface ImmediateDominatorRow {
  /** The dominators' class; MAT's "<ROOT>" for objects with no dominator outside the skipped classes. */
  className: string;
  /** -1 for the "<ROOT>" row. */
  classIndex: ClassIndex | -1;
  /** Distinct dominators (0 in the "<ROOT>" row). */
  dominators: number;
  /** Objects of the asked class that these dominators hold. */
  dominated: number;
  dominatorShallowBytes: Bytes;
  dominatedShallowBytes: Bytes;
  /** The largest of the dominators by retained size, at most five. */
  largest: ObjectRow[];
}

/** MAT's Immediate Dominators query over all objects of one class: what keeps them alive, by class. */
export interface ImmediateDominators {
  classIndex: ClassIndex;
  className: string;
  /** Objects of the class (class objects count as instances of java.lang.Class). */
  objects: number;
  /** The skip pattern used. */
  skip: string;
  /** Largest dominated shallow bytes first. */
  rows: ImmediateDominatorRow[];
}

/** One value held by several java.lang.String objects. */
export interface DuplicateStringGroup {
  /** The value, clipped to 200 characters, control characters escaped (\u000a). */
  value: string;
  /** Its length in characters. */
  chars: number;
  /** Strings with this value. */
  strings: number;
  /** What keeping one String of this value would free: the others, and their arrays unless a String that stays
   *  uses them too (an array freed by several values counts for one). */
  wastedBytes: Bytes;
  /** The String that would stay (the one at the lowest address). */
  sample: ObjectRow;
}

/** java.lang.String objects grouped by value (src/core/queries/duplicate-strings.ts). */
export interface DuplicateStrings {
  strings: number;
  /** Strings whose value could not be read (null, or an array missing from the dump). */
  unreadable: number;
  /** Distinct values. */
  distinct: number;
  /** Values held by two Strings or more. */
  duplicatedValues: number;
  /** Strings beyond the first of each value. */
  duplicates: number;
  wastedBytes: Bytes;
  /** The duplicated values, largest waste first, at most 1,000. */
  groups: DuplicateStringGroup[];
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

/** A frame MAT's leak hunter names for a thread suspect, and the objects its locals hold that matter. */
export interface SignificantFrame {
  frame: Omit<StackFrameRow, 'locals' | 'maxLocalRetainedBytes'>;
  /** As MAT prints it: the method with its signature, then file and line: `Foo.bar(I)V (Foo.java:12)`. */
  matText: string;
  locals: ObjectRow[];
}

/** A reference a collection holds, with the value of a String or a boxed number (src/core/queries/collections.ts). */
export interface CollectionValue {
  /** The id held; null for a null reference (or the JDK's placeholder for a null key). */
  address: HexAddress | null;
  /** The object, when it is in the dump. */
  object?: ObjectRow;
  /** A String's value (clipped to 200 characters, control characters escaped) or a boxed primitive's value
   *  (`42`, `true`, `x`). */
  text?: string;
}

/** One entry of a collection. */
export interface CollectionEntry {
  /** Its position in the walk (storage order; the iteration order for all but Hashtable and WeakHashMap, walked
   *  from the last slot down as their iterators do, and the List.of/Set.of/Map.of tables). */
  position: number;
  /** A map's key; absent for the element of a list, set or queue. */
  key?: CollectionValue;
  /** A map's value, or the element of a list, set or queue. */
  value: CollectionValue;
}

export type CollectionKind = 'map' | 'set' | 'list' | 'queue';

/** A recognised collection and a page of its entries. */
export interface CollectionContents {
  collection: ObjectRow;
  kind: CollectionKind;
  /** The JDK layout read (`HashMap` for a LinkedHashMap or a program's subclass of HashMap; `ListN` for
   *  `java.util.ImmutableCollections$ListN`). */
  layout: string;
  /** Entries found by walking the table, chains, tree, list or array (nulls in a list's range count). */
  size: number;
  /** The size the collection records (HashMap.size, Hashtable.count; ConcurrentHashMap: baseCount plus its
   *  counter cells); null for layouts that keep none. Differs from `size` only in a damaged or racing dump. */
  sizeField: number | null;
  /** Entry slots of the backing array (a table's length; key-value pairs for IdentityHashMap and Map.of);
   *  null for linked and tree layouts. */
  capacity: number | null;
  /** size / capacity; null without a backing array or with an empty one. */
  fillRatio: number | null;
  /** The backing array (HashMap.table, ArrayList.elementData ...). */
  backing?: ObjectRow;
  page: Page<CollectionEntry>;
}

/** The collections of one class (src/core/queries/collections-report.ts). */
export interface CollectionClassRow {
  classIndex: ClassIndex;
  className: string;
  /** The JDK layout read (see CollectionContents.layout). */
  layout: string;
  kind: CollectionKind;
  objects: number;
  /** Shallow bytes of the collection objects alone, and what they retain. */
  shallowBytes: Bytes;
  retainedBytes: Bytes;
  /** How many hold 0, 1, 2-10, 11-100 and more than 100 entries. */
  bySize: { empty: number; one: number; upTo10: number; upTo100: number; over100: number };
  /** Entries in all. */
  entries: number;
  /** Mean of size / capacity over those with a backing array of non-zero length; null when none has one. */
  averageFillRatio: number | null;
  /** Empty collections with a backing array of their own (sized up front, or grown then cleared). */
  emptyWithArray: number;
  /** The rule of docs/collections.md: unused slots of arrays the collection owns, whole arrays of empty ones. */
  wastedBytes: Bytes;
  /** The collections of the class that waste the most, at most 5. */
  largestWaste: { object: ObjectRow; size: number; capacity: number | null; wastedBytes: Bytes }[];
}

/** Every recognised collection of the heap, by class: sizes, fill ratios and wasted bytes (MAT's "Collection
 *  Fill Ratio", "Collections grouped by size" and the component report's empty collections). Plain data. */
export interface CollectionsReport {
  /** Collections counted (a set's or a Properties' inner map is counted with it, not again on its own). */
  collections: number;
  /** Collections whose record could not be read (a truncated dump). */
  unreadable: number;
  wastedBytes: Bytes;
  /** Largest waste first, then most objects. */
  classes: CollectionClassRow[];
}

/** An analysis saved in the browser's storage (the Origin Private File System), as the landing page lists it. */
export interface SavedAnalysisInfo {
  /** The dump's key (src/core/persist: size, modification time, hash of its ends, options); names the entry. */
  key: string;
  /** The dump's file name, size in bytes and modification time (ms since the epoch). */
  name: string;
  size: number;
  lastModified: number;
  /** When the analysis was saved (ms since the epoch) and the bytes it takes in storage. */
  savedAt: number;
  storedBytes: number;
  keepUnreachable: boolean;
}

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
