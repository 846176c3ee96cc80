// The analysis Web Worker: one thin file exposing the core through Comlink. The File is read by blobSource
// (streamed slices, never copied whole; the pass reads ahead on a reader worker, read-ahead.ts); queries are forwarded by name to the core's QueryService, which holds
// every per-query rule (labels, long passes). Cancelling the analysis terminates the worker (src/app/session.ts),
// which also stops synchronous phases that could not poll a flag.
import * as Comlink from 'comlink';
import { analyzeDump, type HeapAnalysis, type StepTimings } from '../core/analysis.ts';
import type {
  TreemapNode,
  AnalyzeOptions,
  FirstLookCallback,
  PassState,
  Progress,
  ProgressCallback,
  QueryOutcome,
  SavedAnalysisInfo,
  Summary,
} from '../core/api.ts';
import { HeapdropError, isHeapdropError, type ErrorCode } from '../core/errors.ts';
import { blobSource } from '../core/io/blob-source.ts';
import type { DumpSource } from '../core/io/dump-source.ts';
import { dumpKey, engineVersion, loadAnalysis, saveAnalysis } from '../core/persist/analysis-file.ts';
import { version as packageVersion } from '../../package.json';
import { diffClasses, diffTrees, type ClassDiffRow, type TreeDiff } from '../core/tree-diff.ts';
import { deleteSavedAnalysis, openSavedAnalysis, storageAvailable, writeSavedAnalysis } from './analysis-store.ts';
import { QueryService } from '../core/service.ts';
import { createInflatePool } from './inflate-pool.ts';
import { opfsSpool } from './opfs-spool.ts';
import { readAheadSource } from './read-ahead.ts';

/** Comlink clones thrown errors without their `code`, so analyze() returns failures as data. `key`: the dump's
 *  key for the browser's saved analyses; `restored`: the saved analysis was used (no step ran). */
export type AnalyzeResult =
  | { ok: true; summary: Summary; key: string | null; restored: boolean; steps: StepTimings }
  | { ok: false; error: { code: ErrorCode | 'INTERNAL'; message: string; offset?: number } };

let analysis: HeapAnalysis | null = null;
/** The analysis made by analyze(), until persist() has saved it. */
let unsaved: { info: Omit<SavedAnalysisInfo, 'storedBytes' | 'savedAt'>; analysis: HeapAnalysis } | null = null;

const ENGINE = engineVersion(packageVersion);

function failed(e: unknown): AnalyzeResult {
  if (isHeapdropError(e)) return { ok: false, error: { code: e.code, message: e.message, offset: e.offset } };
  return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
}

/** The saved analysis of `key` with `dump` for its random reads, or null when there is none or it is unusable
 *  (then removed, with a one-line notice on the console). `defer` (a reload, where the dump cannot be analysed
 *  again anyway): the first views' columns are checked, and the references and offsets read, after the first
 *  answers (see loadAnalysis); should one fail its check, the entry is removed and every query fails with that
 *  reason. */
async function loadSaved(key: string, dump: DumpSource, defer = false): Promise<HeapAnalysis | null> {
  const t0 = performance.now();
  const file = await openSavedAnalysis(key);
  if (file === null) return null;
  const timings: Record<string, number> = {};
  const rounded = (): string => JSON.stringify(timings, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v));
  const unusable = async (e: unknown, after = false): Promise<void> => {
    const why = e instanceof Error ? e.message : String(e);
    console.warn(
      after
        ? `heapdrop: the saved analysis of ${dump.name} is damaged (${why}) and was removed; drop the dump to analyse it again`
        : `heapdrop: the saved analysis of ${dump.name} is ignored (${why}); analysing the dump again`,
    );
    file.close();
    await deleteSavedAnalysis(key);
  };
  let loaded: HeapAnalysis;
  try {
    loaded = await loadAnalysis(file, { engine: ENGINE, key }, dump, undefined, timings, { defer });
  } catch (e) {
    file.close();
    if (!isHeapdropError(e) || e.code !== 'CACHE') throw e;
    await unusable(e);
    return null;
  }
  console.debug(`heapdrop restored the saved analysis in ${Math.round(performance.now() - t0)} ms`);
  console.debug(`heapdrop restore timings (ms): ${rounded()}`);
  if (loaded.pending === null) {
    file.close();
  } else {
    loaded.pending.then(
      () => {
        file.close();
        console.debug(`heapdrop read the rest of the saved analysis by ${Math.round(performance.now() - t0)} ms: ${rounded()}`);
      },
      (e: unknown) => void unusable(e, true),
    );
  }
  return loaded;
}

/** A dump that is not at hand (a reload): its reads fail with one sentence saying what to do. */
function absentDump(name: string, size: number): DumpSource {
  const missing = (): never => {
    throw new HeapdropError('IO', `the browser gives no access to ${name} after a reload: drop it again to read field values and strings`);
  };
  return { name, size, stream: missing, readRange: async () => missing() };
}

function current(): HeapAnalysis {
  if (!analysis) throw new Error('no analysis loaded');
  return analysis;
}

/** The query surface of an analysis (one per analysis: it holds the pass holds). */
const services = new WeakMap<HeapAnalysis, QueryService>();
function serviceOf(a: HeapAnalysis): QueryService {
  let service = services.get(a);
  if (!service) services.set(a, (service = new QueryService(a)));
  return service;
}

/** Forwards progress at most every 100 ms (and on every phase change) so messages never flood the page. */
function throttled(onProgress: ProgressCallback): ProgressCallback {
  let lastMs = 0;
  let lastPhase = '';
  return (p: Progress) => {
    const now = performance.now();
    if (p.phase !== lastPhase || now - lastMs >= 100 || p.done >= p.total) {
      lastMs = now;
      lastPhase = p.phase;
      onProgress({ phase: p.phase, done: p.done, total: p.total });
    }
  };
}

const api = {
  async analyze(
    file: Blob,
    options: Pick<AnalyzeOptions, 'keepUnreachable' | 'dump' | 'layout'>,
    onProgress: ProgressCallback,
    onFirstLook?: FirstLookCallback,
  ): Promise<AnalyzeResult> {
    analysis = null;
    unsaved = null;
    const keepUnreachable = options.keepUnreachable === true;
    let key: string | null = null;
    try {
      if (storageAvailable()) {
        const source = blobSource(file);
        key = await dumpKey(source, (file as File).lastModified ?? 0, { keepUnreachable });
        const saved = await loadSaved(key, source);
        if (saved !== null) {
          analysis = saved;
          // A single-member gzip keeps no inflated copy with its saved analysis: say what that costs.
          const summary =
            saved.access?.compression === 'gzip-stream'
              ? {
                  ...saved.summary(),
                  notes: [
                    ...(saved.summary().notes ?? []),
                    "Reopened from this browser's storage without an inflated copy of this gzip file: each field value or string is read by inflating it from its start (slow); drop the uncompressed dump for fast reads.",
                  ],
                }
              : saved.summary();
          return { ok: true, summary, key, restored: true, steps: {} };
        }
      }
    } catch (e) {
      return failed(e);
    }
    // -gz members inflate on a pool of workers during the read; afterwards (inspector reads) on this thread.
    // Cancelling terminates this worker, and with it the pool's.
    const pool = createInflatePool();
    try {
      const timings: StepTimings = {};
      // The file is read ahead on a worker of its own (read-ahead.ts) while this thread parses.
      const result = await analyzeDump(readAheadSource(file), options, throttled(onProgress), {
        // A single-member gzip keeps its inflated bytes in OPFS for the inspector's reads (opfs-spool.ts).
        inflaters: { ...pool.inflaters, spool: opfsSpool },
        timings,
        onFirstLook,
      });
      // For DevTools' verbose level and bench/browser.ts: where the time went, per step.
      console.debug(
        `heapdrop step timings (ms): ${JSON.stringify(timings, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`,
      );
      const failure = pool.failure();
      if (failure !== null) return { ok: false, error: { code: 'INTERNAL', message: failure } };
      analysis = result;
      if (key !== null) {
        const f = file as File;
        unsaved = {
          info: { key, name: f.name ?? 'dump', size: f.size, lastModified: f.lastModified ?? 0, keepUnreachable },
          analysis: result,
        };
      }
      return { ok: true, summary: analysis.summary(), key, restored: false, steps: timings };
    } catch (e) {
      const failure = pool.failure(); // a crashed inflate worker explains a read error better than the reader can
      if (failure !== null) return { ok: false, error: { code: 'INTERNAL', message: failure } };
      return failed(e);
    } finally {
      pool.terminate();
    }
  },
  /** Saves the analysis made by the last analyze() in the browser's storage (called once its first view is on
   *  screen, so that saving never delays it). Null when there is nothing to save; throws when the save fails. */
  async persist(): Promise<SavedAnalysisInfo | null> {
    const pending = unsaved;
    unsaved = null;
    if (pending === null) return null;
    const t0 = performance.now();
    const info = await writeSavedAnalysis(pending.info, (sink) =>
      saveAnalysis(pending.analysis, sink, { engine: ENGINE, key: pending.info.key }),
    );
    console.debug(`heapdrop saved the analysis (${info.storedBytes} bytes) in ${Math.round(performance.now() - t0)} ms`);
    return info;
  },
  /** Opens a saved analysis without its dump (after a reload): every query answers but those that read the dump
   *  (field values, String values), which fail with a sentence asking for the file. */
  async restore(info: Pick<SavedAnalysisInfo, 'key' | 'name' | 'size'>): Promise<AnalyzeResult> {
    analysis = null;
    unsaved = null;
    try {
      const saved = await loadSaved(info.key, absentDump(info.name, info.size), true);
      if (saved === null) return { ok: false, error: { code: 'CACHE', message: `the saved analysis of ${info.name} is gone or unusable` } };
      analysis = saved;
      return { ok: true, summary: saved.summary(), key: info.key, restored: true, steps: {} };
    } catch (e) {
      return failed(e);
    }
  },
  /** The current analysis compared with a baseline saved in this browser (read here, without its dump): the
   *  change of each class and where in the dominator tree the heap grew. */
  async diffWith(
    baseline: Pick<SavedAnalysisInfo, 'key' | 'name' | 'size'>,
    top = 20,
  ): Promise<{ classes: ClassDiffRow[]; tree: TreeDiff; treemap: TreemapNode }> {
    const base = await loadSaved(baseline.key, absentDump(baseline.name, baseline.size));
    if (base === null) throw new Error(`the saved analysis of ${baseline.name} is gone or unusable: open it again`);
    const now = current();
    await now.pending;
    // The current dump's treemap, each box to be coloured by the growth of its path since the baseline.
    const treemap = now.treemap(-1, { depth: 3, maxNodes: 400 });
    const boxes: TreemapNode[] = [];
    const collect = (n: TreemapNode): void => {
      boxes.push(n);
      n.children?.forEach(collect);
    };
    collect(treemap);
    await now.fillLabels(boxes).catch(() => undefined);
    const tree = await diffTrees(
      base,
      now,
      top,
      boxes.filter((n) => n.index >= 0).map((n) => n.index),
    );
    return { classes: diffClasses(base.histogram(), now.histogram()).rows.slice(0, top), tree, treemap };
  },
  /** Any query of AnalysisQueries, by name (src/core/service.ts fills the labels and schedules long passes). */
  query: (name: string, args: unknown[]): Promise<QueryOutcome<unknown>> =>
    analysis
      ? serviceOf(analysis).ask(name, args)
      : Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'no analysis loaded' } }),
  /** Cancels the long pass answering `query` (its call rejects with CANCELLED); false when none runs. */
  cancelPass: (query: string): boolean => (analysis ? serviceOf(analysis).cancelPass(query) : false),
  /** Holds the long passes for a series of interactive queries; returns the hold to release. */
  holdPasses: (): number => (analysis ? serviceOf(analysis).holdPasses() : 0),
  releasePasses: (hold: number): void => {
    if (analysis) serviceOf(analysis).releasePasses(hold);
  },
  /** Reports the long passes' progress to the page (throttled in the core). */
  watchPasses: (listener: (state: PassState) => void): void => {
    if (analysis) serviceOf(analysis).watchPasses(listener);
  },
};

export type AnalysisWorkerApi = typeof api;

Comlink.expose(api);
