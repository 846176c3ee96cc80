// The share snapshot: the versioned, plain-data document a share link decrypts to. The validator
// (validate-snapshot.ts) is the authority on what a v1 snapshot may contain; these types mirror it.
import type { CollectionsReport, HistogramRow, LeakSuspects, ObjectRow, Summary, TreemapNode } from '../../../core/api.ts';

export const SNAPSHOT_VERSION = 1;

/** A dominator tree node with its parent's index (-1: a top-level dominator under the virtual root). */
export interface SharedDominatorNode extends ObjectRow {
  parent: number;
}

/** A field of the shared object. `value` is absent when field values were redacted. */
export interface SharedField {
  name: string;
  type: string;
  value?: string | null;
  /** Class of the referenced object, for a non-null reference. */
  refClassName?: string;
  refAddress?: string;
  isStatic?: boolean;
}

export interface SharedObject {
  row: ObjectRow;
  kind: 'instance' | 'object-array' | 'primitive-array' | 'class';
  arrayLength?: number;
  fields: SharedField[];
  /** Dominator path from a top-level dominator down to the object. */
  dominatorPath?: ObjectRow[];
}

/** A frame of a shared thread; `text` is as jstack prints it (`a.B.run(B.java:12)`), masked with its names. */
export interface SharedFrame {
  className: string;
  method: string;
  sourceFile: string;
  line: number;
  text: string;
  /** The objects its locals hold, largest retained first. */
  locals: ObjectRow[];
}

/** A thread and its stack. `name` is a value: absent when values were redacted. */
export interface SharedThread {
  object: ObjectRow;
  name?: string;
  daemon: boolean | null;
  priority: number | null;
  state: string | null;
  /** null: the dump has no stack trace for the thread. */
  frames: SharedFrame[] | null;
}

export interface ShareSnapshotV1 {
  v: 1;
  /** ms since the epoch. */
  createdAt: number;
  title: string;
  /** What the sharer chose and how it was redacted, shown in the viewer's banner. */
  redaction?: { values: boolean; classNames: boolean };
  summary?: Summary;
  histogram?: HistogramRow[];
  /** `topLevel`: top-level dominators in the whole analysis (absent in snapshots made before it was recorded). */
  dominators?: { nodes: SharedDominatorNode[]; depth: number; topLevel?: number };
  treemap?: TreemapNode;
  object?: SharedObject;
  /** MAT's leak suspects; each suspect's accumulation chain is cut to its ends (the suspect, the point). */
  suspects?: LeakSuspects;
  /** The threads with their stacks, largest retained first (a choice in the share dialog, off by default). */
  threads?: SharedThread[];
  /** The collections by class with their possible memory waste (added within v1; an older viewer drops it). */
  collections?: CollectionsReport;
  /** The view the sharer was on (added within v1; an older viewer drops it): the link opens there. `object` is
   *  the shared object's page. */
  view?: SharedView;
}

/** The views a shared link can open on; anything else read from a link is ignored (the overview opens). */
export const SHARED_VIEWS = ['overview', 'histogram', 'dominators', 'treemap', 'threads', 'object'] as const;
export type SharedView = (typeof SHARED_VIEWS)[number];

export type ShareSnapshot = ShareSnapshotV1;

/** Upper bounds a snapshot must respect; the builder clips to them, the validator rejects beyond them. */
export const SNAPSHOT_LIMITS = {
  /** Decompressed JSON bytes accepted when opening a link (guards against gzip bombs). */
  maxJsonBytes: 96 * 1024 * 1024,
  /** Ciphertext bytes the server accepts. */
  maxUploadBytes: 25 * 1024 * 1024,
  maxStringChars: 4096,
  maxTitleChars: 200,
  maxHistogramRows: 200_000,
  maxDominatorNodes: 20_000,
  maxDominatorDepth: 64,
  maxTreemapNodes: 20_000,
  maxTreemapDepth: 32,
  maxFields: 10_000,
  maxWarnings: 1_000,
  maxMapEntries: 1_000,
  maxRootTypes: 16,
  maxSuspects: 100,
  maxSuspectConsumers: 10,
  maxThreads: 2_000,
  maxFrames: 1_024,
  maxFrameLocals: 64,
  /** Significant frames of a thread suspect. */
  maxSuspectFrames: 64,
  /** Steps of a suspect's path from a GC root to its accumulation point, and classes in its two by-class tables. */
  maxPointPath: 64,
  maxPointClasses: 20,
  /** Classes of the collections report, and the collections named per class as the largest waste. */
  maxCollectionClasses: 500,
  maxCollectionWaste: 5,
} as const;
