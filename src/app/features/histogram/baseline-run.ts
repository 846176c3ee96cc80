// Analyses a baseline dump in a worker of its own, keeps only its class histogram, and ends the worker, so that the
// baseline's graph is never held beside the current analysis for longer than its own run.
import type { Progress } from '../../../core/api.ts';
import type { Baseline } from '../../../core/histogram-diff.ts';
import { startAnalysisWorker, workerEngine } from '../../engine.ts';

export interface BaselineRun {
  done: Promise<Baseline>;
  cancel(): void;
}

export function runBaseline(file: File, keepUnreachable: boolean, onProgress: (p: Progress) => void): BaselineRun {
  const worker = startAnalysisWorker('baseline');
  const work = async (): Promise<Baseline> => {
    const result = await worker.analyze(file, { keepUnreachable }, onProgress);
    if (!result.ok) {
      const at = result.error.offset !== undefined ? ` (at byte ${result.error.offset.toLocaleString('en-US')})` : '';
      throw new Error(`${file.name}: ${result.error.message}${at}`);
    }
    const rows = (await workerEngine(worker, file.name).histogram()).map((r) => ({
      className: r.className,
      instances: r.instances,
      shallowBytes: r.shallowBytes,
    }));
    return { fileName: file.name, rows };
  };
  const done = work().finally(() => worker.stop('the comparison has ended'));
  done.catch(() => undefined);
  return {
    done,
    cancel: () => worker.stop('comparison cancelled'),
  };
}
