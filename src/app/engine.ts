// The one interface every view reads data through: the analysis queries as promises (core/api.ts AsyncQueries),
// plus metadata. Three implementations: the worker-backed engine below (a dump analysed in this tab), the share
// feature's read-only snapshot engine (a decrypted shared link) and the remote engine of `heapdrop serve`
// (remote-engine.ts, a dump analysed in a Node process). Views never talk to the worker directly.
//
// The worker engine forwards every query by name (the worker hands it to the core's QueryService), so a query
// added to AnalysisQueries needs no line here. A worker that dies (out of memory, a crash) makes every pending and
// later call reject with WorkerStoppedError: Comlink alone never settles a call to a dead worker.
import * as Comlink from 'comlink';
import type { AnalyzeOptions, AsyncQueries, FirstLookCallback, PassState, ProgressCallback, QueryOutcome } from '../core/api.ts';
import type { AnalysisWorkerApi, AnalyzeResult } from '../worker/analysis.worker.ts';

/** Long passes of a live analysis (duplicate strings, leak suspects, merged paths): progress and cancelling. */
export interface EnginePasses {
  /** Calls `listener` on every change of a long pass; returns the function that stops listening. */
  watch(listener: (state: PassState) => void): () => void;
  /** Cancels the pass answering `query`: its call rejects with CANCELLED, and asking again starts it anew. */
  cancel(query: string): void;
  /** Holds the long passes while `work` runs many interactive queries in a row (a share gather). `work` must not
   *  wait for a long pass. */
  holding<T>(work: () => Promise<T>): Promise<T>;
}

export type Engine = AsyncQueries & {
  /** True for a shared snapshot: no share button, queries may reject for data the snapshot does not hold. */
  readOnly: boolean;
  /** Shown in the header: the dump's file name or the shared analysis's title. */
  title: string;
  /** The dump's key for the analyses saved in the browser: a dump opened again replaces its earlier engine. */
  key?: string;
  /** The current dump compared with a baseline saved in this browser (worker engines only). */
  diffWith?: AnalysisWorkerApi['diffWith'];
  /** Releases the engine's resources (terminates the worker). */
  dispose?: () => void;
  /** Long passes, for an engine that runs them (absent for a snapshot, whose answers are all there). */
  passes?: EnginePasses;
};

/** A query answered with an error that carries its code (CANCELLED, OUT_OF_MEMORY, ...) across the worker. */
export class QueryError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'QueryError';
    this.code = code;
  }
}

/** The worker behind an engine stopped: every pending and later call rejects with this. */
export class WorkerStoppedError extends Error {
  readonly code = 'WORKER';
  constructor(message: string) {
    super(message);
    this.name = 'WorkerStoppedError';
  }
}

/** What the engine needs of a Worker (a MessagePort pair stands in for one in tests). */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

/** An analysis worker and the promise that rejects when it stops, whatever the cause. */
export interface AnalysisWorker {
  remote: Comlink.Remote<AnalysisWorkerApi>;
  /** Rejects with WorkerStoppedError once the worker has died or been stopped; never resolves. */
  stopped: Promise<never>;
  /** Stops the worker; pending calls reject with `reason`. */
  stop(reason: string): void;
  /** Races a call to the worker against its death. */
  call<T>(p: Promise<T>): Promise<T>;
  /** Analyses a file in the worker (the answer is data; the worker's death rejects). */
  analyze(
    file: Blob,
    options: Pick<AnalyzeOptions, 'keepUnreachable'>,
    onProgress: ProgressCallback,
    onFirstLook?: FirstLookCallback,
  ): Promise<AnalyzeResult>;
}

/** Watches a worker for its death ('error' with no Comlink call to carry it, or an undeliverable message). */
export function watchWorker(worker: WorkerLike): AnalysisWorker {
  let reject: (e: WorkerStoppedError) => void = () => undefined;
  let dead = false;
  const stopped = new Promise<never>((_, r) => (reject = r));
  stopped.catch(() => undefined); // observed through call(); a death with nothing pending is not an error
  const stop = (reason: string): void => {
    if (dead) return;
    dead = true;
    reject(new WorkerStoppedError(reason));
    worker.terminate();
  };
  worker.addEventListener('error', (ev) => {
    const message = (ev as ErrorEvent).message;
    stop(`the analysis stopped: ${message ? message : 'its worker ended (out of memory?)'}`);
  });
  worker.addEventListener('messageerror', () => stop('the analysis stopped: a message from its worker could not be read'));
  const remote = Comlink.wrap<AnalysisWorkerApi>(worker);
  const call = <T>(p: Promise<T>): Promise<T> => Promise.race([p, stopped]);
  return {
    remote,
    stopped,
    stop,
    call,
    analyze: (file, options, onProgress, onFirstLook) =>
      call<AnalyzeResult>(remote.analyze(file, options, Comlink.proxy(onProgress), onFirstLook ? Comlink.proxy(onFirstLook) : undefined)),
  };
}

/** Starts a worker for one analysis: the dump being looked at, or a baseline to compare with. The one place. */
export function startAnalysisWorker(role: 'analysis' | 'baseline'): AnalysisWorker {
  const worker = new Worker(new URL('../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: `heapdrop-${role}` });
  return watchWorker(worker);
}

function unwrap<T>(outcome: QueryOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new QueryError(outcome.error.code, outcome.error.message);
}

const ENGINE_FIELDS = new Set(['readOnly', 'title', 'key', 'diffWith', 'dispose', 'passes', 'then']);

/** An Engine over a worker that holds a finished analysis: every query forwarded by name. */
export function workerEngine(w: AnalysisWorker, title: string, key?: string): Engine {
  const listeners = new Set<(state: PassState) => void>();
  let watching = false;
  const passes: EnginePasses = {
    watch(listener) {
      listeners.add(listener);
      if (!watching) {
        watching = true;
        w.call(w.remote.watchPasses(Comlink.proxy((s: PassState) => listeners.forEach((l) => l(s))))).catch(() => undefined);
      }
      return () => listeners.delete(listener);
    },
    cancel(query) {
      w.call(w.remote.cancelPass(query)).catch(() => undefined);
    },
    async holding(work) {
      const hold = await w.call(w.remote.holdPasses());
      try {
        return await work();
      } finally {
        w.call(w.remote.releasePasses(hold)).catch(() => undefined);
      }
    },
  };
  const fields = {
    readOnly: false,
    title,
    key,
    diffWith: ((baseline, top) => w.call(w.remote.diffWith(baseline, top))) as AnalysisWorkerApi['diffWith'],
    dispose: () => w.stop('the analysis was closed'),
    passes,
  };
  const queries = new Map<string, (...args: unknown[]) => Promise<unknown>>();
  return new Proxy(fields, {
    get(target, name) {
      if (typeof name !== 'string' || ENGINE_FIELDS.has(name)) return (target as Record<string | symbol, unknown>)[name];
      let forward = queries.get(name);
      if (!forward) {
        forward = (...args: unknown[]) => w.call<QueryOutcome<unknown>>(w.remote.query(name, args)).then(unwrap);
        queries.set(name, forward);
      }
      return forward;
    },
  }) as unknown as Engine;
}
