// Wire types of an analysis's life: its phases and progress, the first look before it ends, its options, and an
// analysis saved in the browser's storage. Plain data (structured-clone safe), re-exported by ../api.ts.

import type { Bytes } from '../units.ts';
import type { HistogramRow } from './rows.ts';

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
