// Analyses a baseline dump in a worker of its own, keeps only its class histogram, and ends the worker, so that the
// baseline's graph is never held beside the current analysis for longer than its own run.
import * as Comlink from 'comlink';
import type { Progress } from '../../../core/api.ts';
import type { AnalysisWorkerApi } from '../../../worker/analysis.worker.ts';
import type { Baseline } from '../../../core/histogram-diff.ts';

export interface BaselineRun {
  done: Promise<Baseline>;
  cancel(): void;
}

export function runBaseline(file: File, keepUnreachable: boolean, onProgress: (p: Progress) => void): BaselineRun {
  const worker = new Worker(new URL('../../../worker/analysis.worker.ts', import.meta.url), { type: 'module', name: 'heapdrop-baseline' });
  let cancel: (reason: Error) => void = () => {};
  const stopped = new Promise<never>((_, reject) => {
    cancel = reject;
    worker.addEventListener('error', (ev) => reject(new Error(ev.message || 'the baseline worker stopped (out of memory?)')));
  });
  const remote = Comlink.wrap<AnalysisWorkerApi>(worker);
  const work = async (): Promise<Baseline> => {
    const result = await remote.analyze(file, { keepUnreachable }, Comlink.proxy(onProgress));
    if (!result.ok) {
      const at = result.error.offset !== undefined ? ` (at byte ${result.error.offset.toLocaleString('en-US')})` : '';
      throw new Error(`${file.name}: ${result.error.message}${at}`);
    }
    const rows = (await remote.histogram()).map((r) => ({ className: r.className, instances: r.instances, shallowBytes: r.shallowBytes }));
    return { fileName: file.name, rows };
  };
  const done = Promise.race([work(), stopped]).finally(() => worker.terminate());
  done.catch(() => undefined);
  return {
    done,
    cancel: () => cancel(new Error('comparison cancelled')),
  };
}
