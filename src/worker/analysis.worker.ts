// The analysis Web Worker: one thin file exposing the core through Comlink. The File is read by blobSource
// (streamed slices, never copied whole); queries forward to the finished HeapAnalysis. Cancelling terminates
// the worker (src/app/session.ts), which also stops synchronous phases that could not poll a flag.
import * as Comlink from 'comlink';
import { analyzeDump, type HeapAnalysis, type StepTimings } from '../core/analysis.ts';
import type { AnalysisQueries, AnalyzeOptions, FirstLookCallback, ObjectRow, Progress, ProgressCallback, Summary, TreemapNode } from '../core/api.ts';
import { isHeapdropError, type ErrorCode } from '../core/errors.ts';
import { blobSource } from '../core/io/blob-source.ts';
import { suspectRows } from '../core/queries/index.ts';
import { createInflatePool } from './inflate-pool.ts';

/** Comlink clones thrown errors without their `code`, so analyze() returns failures as data. */
export type AnalyzeResult =
  | { ok: true; summary: Summary }
  | { ok: false; error: { code: ErrorCode | 'INTERNAL'; message: string; offset?: number } };

let analysis: HeapAnalysis | null = null;

function current(): HeapAnalysis {
  if (!analysis) throw new Error('no analysis loaded');
  return analysis;
}

async function labelled<T extends { items: ObjectRow[] }>(page: T): Promise<T> {
  await current().fillLabels(page.items);
  return page;
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
    options: Pick<AnalyzeOptions, 'keepUnreachable'>,
    onProgress: ProgressCallback,
    onFirstLook?: FirstLookCallback,
  ): Promise<AnalyzeResult> {
    analysis = null;
    // -gz members inflate on a pool of workers during the read; afterwards (inspector reads) on this thread.
    // Cancelling terminates this worker, and with it the pool's.
    const pool = createInflatePool();
    try {
      const timings: StepTimings = {};
      const result = await analyzeDump(blobSource(file), options, throttled(onProgress), {
        inflaters: pool.inflaters,
        timings,
        onFirstLook,
      });
      // For DevTools' verbose level and bench/browser.ts: where the time went, per step.
      console.debug(`heapdrop step timings (ms): ${JSON.stringify(timings, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}`);
      const failure = pool.failure();
      if (failure !== null) return { ok: false, error: { code: 'INTERNAL', message: failure } };
      analysis = result;
      return { ok: true, summary: analysis.summary() };
    } catch (e) {
      const failure = pool.failure(); // a crashed inflate worker explains a read error better than the reader can
      if (failure !== null) return { ok: false, error: { code: 'INTERNAL', message: failure } };
      if (isHeapdropError(e)) return { ok: false, error: { code: e.code, message: e.message, offset: e.offset } };
      return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
    } finally {
      pool.terminate();
    }
  },
  summary: () => current().summary(),
  histogram: () => current().histogram(),
  // The synchronous pages carry a String's value or a thread's name only once decoded: decode them before replying.
  dominatorChildren: (...a: Parameters<AnalysisQueries['dominatorChildren']>) => labelled(current().dominatorChildren(...a)),
  dominatorChildrenByClass: (...a: Parameters<AnalysisQueries['dominatorChildrenByClass']>) => current().dominatorChildrenByClass(...a),
  dominatorChildrenOfClass: (...a: Parameters<AnalysisQueries['dominatorChildrenOfClass']>) => labelled(current().dominatorChildrenOfClass(...a)),
  referenceNames: (...a: Parameters<AnalysisQueries['referenceNames']>) => current().referenceNames(...a),
  dominatorChain: async (...a: Parameters<AnalysisQueries['dominatorChain']>) => {
    const chain = current().dominatorChain(...a);
    await current().fillLabels([chain.start, chain.end]);
    return chain;
  },
  dominatorPath: async (...a: Parameters<AnalysisQueries['dominatorPath']>) => {
    const rows = current().dominatorPath(...a);
    await current().fillLabels(rows);
    return rows;
  },
  objectDetails: (...a: Parameters<AnalysisQueries['objectDetails']>) => current().objectDetails(...a),
  outgoing: (...a: Parameters<AnalysisQueries['outgoing']>) => current().outgoing(...a),
  referrers: (...a: Parameters<AnalysisQueries['referrers']>) => current().referrers(...a),
  pathToRoots: (...a: Parameters<AnalysisQueries['pathToRoots']>) => current().pathToRoots(...a),
  findObject: (...a: Parameters<AnalysisQueries['findObject']>) => current().findObject(...a),
  instancesOf: (...a: Parameters<AnalysisQueries['instancesOf']>) => labelled(current().instancesOf(...a)),
  treemap: async (...a: Parameters<AnalysisQueries['treemap']>) => {
    const root = current().treemap(...a);
    const nodes: TreemapNode[] = [];
    for (const stack = [root]; stack.length > 0; ) {
      const node = stack.pop()!;
      if (node.index >= 0) nodes.push(node);
      if (node.children) stack.push(...node.children);
    }
    await current().fillLabels(nodes);
    return root;
  },
  leakSuspects: async () => {
    const result = await current().leakSuspects();
    await current().fillLabels(suspectRows(result));
    return result;
  },
  mergedPaths: (...a: Parameters<AnalysisQueries['mergedPaths']>) => current().mergedPaths(...a),
  duplicateStrings: async () => {
    const result = await current().duplicateStrings();
    await current().fillLabels(result.groups.map((g) => g.sample));
    return result;
  },
  immediateDominators: async (...a: Parameters<AnalysisQueries['immediateDominators']>) => {
    const result = current().immediateDominators(...a);
    await current().fillLabels(result.rows.flatMap((r) => r.largest));
    return result;
  },
};

export type AnalysisWorkerApi = typeof api;

Comlink.expose(api);
