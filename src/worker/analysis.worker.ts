// The analysis Web Worker: one thin file exposing the core through Comlink. The File is read by blobSource
// (streamed slices, never copied whole); queries are forwarded by name to the core's QueryService, which holds
// every per-query rule (labels, long passes). Cancelling the analysis terminates the worker (src/app/session.ts),
// which also stops synchronous phases that could not poll a flag.
import * as Comlink from 'comlink';
import { analyzeDump, type StepTimings } from '../core/analysis.ts';
import type { AnalyzeOptions, FirstLookCallback, PassState, Progress, ProgressCallback, QueryOutcome, Summary } from '../core/api.ts';
import { isHeapdropError, type ErrorCode } from '../core/errors.ts';
import { blobSource } from '../core/io/blob-source.ts';
import { QueryService } from '../core/service.ts';
import { createInflatePool } from './inflate-pool.ts';

/** Comlink clones thrown errors without their `code`, so analyze() returns failures as data. */
export type AnalyzeResult =
  | { ok: true; summary: Summary }
  | { ok: false; error: { code: ErrorCode | 'INTERNAL'; message: string; offset?: number } };

let service: QueryService | null = null;

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
    service = null;
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
      service = new QueryService(result);
      return { ok: true, summary: result.summary() };
    } catch (e) {
      const failure = pool.failure(); // a crashed inflate worker explains a read error better than the reader can
      if (failure !== null) return { ok: false, error: { code: 'INTERNAL', message: failure } };
      if (isHeapdropError(e)) return { ok: false, error: { code: e.code, message: e.message, offset: e.offset } };
      return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
    } finally {
      pool.terminate();
    }
  },
  /** Any query of AnalysisQueries, by name (src/core/service.ts fills the labels and schedules long passes). */
  query: (name: string, args: unknown[]): Promise<QueryOutcome<unknown>> =>
    service ? service.ask(name, args) : Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'no analysis loaded' } }),
  /** Cancels the long pass answering `query` (its call rejects with CANCELLED); false when none runs. */
  cancelPass: (query: string): boolean => service?.cancelPass(query) ?? false,
  /** Holds the long passes for a series of interactive queries; returns the hold to release. */
  holdPasses: (): number => service?.holdPasses() ?? 0,
  releasePasses: (hold: number): void => service?.releasePasses(hold),
  /** Reports the long passes' progress to the page (throttled in the core). */
  watchPasses: (listener: (state: PassState) => void): void => {
    service?.watchPasses(listener);
  },
};

export type AnalysisWorkerApi = typeof api;

Comlink.expose(api);
