// The one interface every view reads data through: the analysis queries as promises, plus metadata.
// Three implementations: the worker-backed engine below (a dump analysed in this tab), the share feature's
// read-only snapshot engine (a decrypted shared link) and the remote engine of `heapdrop serve`
// (remote-engine.ts, a dump analysed in a Node process). Views never talk to the worker directly.
import type { Remote } from 'comlink';
import type { AnalysisQueries } from '../core/api.ts';
import type { AnalysisWorkerApi } from '../worker/analysis.worker.ts';

export type EngineQueries = {
  [K in keyof AnalysisQueries]: (
    ...args: Parameters<AnalysisQueries[K]>
  ) => Promise<Awaited<ReturnType<AnalysisQueries[K]>>>;
};

export type Engine = EngineQueries & {
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
};

/** An Engine over a worker that holds a finished analysis. */
export function workerEngine(remote: Remote<AnalysisWorkerApi>, worker: Worker, title: string): Engine {
  return {
    readOnly: false,
    title,
    dispose: () => worker.terminate(),
    diffWith: (baseline, top) => remote.diffWith(baseline, top),
    summary: () => remote.summary(),
    histogram: () => remote.histogram(),
    dominatorChildren: (parent, offset, limit) => remote.dominatorChildren(parent, offset, limit),
    dominatorChildrenByClass: (parent, offset, limit) => remote.dominatorChildrenByClass(parent, offset, limit),
    dominatorChildrenOfClass: (parent, classIndex, offset, limit) => remote.dominatorChildrenOfClass(parent, classIndex, offset, limit),
    referenceNames: (from, targets) => remote.referenceNames(from, targets),
    dominatorChain: (start) => remote.dominatorChain(start),
    dominatorPath: (index) => remote.dominatorPath(index),
    objectDetails: (index) => remote.objectDetails(index),
    outgoing: (index, offset, limit) => remote.outgoing(index, offset, limit),
    referrers: (index, offset, limit) => remote.referrers(index, offset, limit),
    pathToRoots: (index, options) => remote.pathToRoots(index, options),
    findObject: (address) => remote.findObject(address),
    instancesOf: (classIndex, offset, limit) => remote.instancesOf(classIndex, offset, limit),
    treemap: (root, options) => remote.treemap(root, options),
    leakSuspects: () => remote.leakSuspects(),
    immediateDominators: (classIndex, options) => remote.immediateDominators(classIndex, options),
    duplicateStrings: () => remote.duplicateStrings(),
    mergedPaths: (classIndex, parent, offset, limit, options) => remote.mergedPaths(classIndex, parent, offset, limit, options),
  };
}
