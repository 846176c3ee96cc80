// Drives one analysis: starts the worker, forwards progress to the store, installs the worker engine when done.
// Cancelling terminates the worker, which stops even a synchronous phase at once.
import type { FirstLook } from '../core/api.ts';
import { startAnalysisWorker, workerEngine, type AnalysisWorker } from './engine.ts';
import { useAppStore } from './store.ts';

let active: { worker: AnalysisWorker; token: number } | null = null;
let nextToken = 1;
/** The file of the current analysis, to analyse it again with other options. */
let lastFile: File | null = null;

export function canReanalyze(): boolean {
  return lastFile !== null;
}

/** Analyses the current file again, keeping unreachable objects (MAT's keep_unreachable_objects). */
export function reanalyzeKeepingUnreachable(): void {
  if (lastFile) void analyzeFile(lastFile, { keepUnreachable: true });
}

export async function analyzeFile(file: File, options: { keepUnreachable?: boolean } = {}): Promise<void> {
  lastFile = file;
  options = { keepUnreachable: useAppStore.getState().keepUnreachable, ...options };
  stopWorker();
  const store = useAppStore.getState();
  store.closeEngine();
  store.startRun(file.name, file.size);
  const worker = startAnalysisWorker('analysis');
  const token = nextToken++;
  active = { worker, token };
  const isCurrent = () => active?.token === token;
  // Marks bracket the analysis proper (not the rendering of its results), for the e2e long-task check.
  performance.mark('heapdrop:analysis-start');
  try {
    const result = await worker.analyze(
      file,
      options,
      (p) => {
        if (isCurrent()) useAppStore.getState().setProgress(p);
      },
      (look: FirstLook) => {
        if (isCurrent()) useAppStore.getState().setFirstLook(look);
      },
    );
    performance.mark('heapdrop:analysis-end');
    if (!isCurrent()) return;
    if (result.ok) {
      active = null; // the engine owns the worker from now on
      useAppStore.getState().openEngine(workerEngine(worker, file.name), { summary: result.summary });
    } else {
      stopWorker();
      useAppStore.getState().fail({ ...result.error, fileName: file.name });
    }
  } catch (e) {
    if (!isCurrent()) return;
    stopWorker();
    // A worker that dies without answering has usually run out of memory.
    useAppStore.getState().fail({ code: 'WORKER', message: e instanceof Error ? e.message : String(e), fileName: file.name });
  }
}

export function cancelAnalysis(): void {
  if (!active) return;
  const fileName = useAppStore.getState().running?.fileName;
  stopWorker();
  useAppStore.getState().fail({ code: 'CANCELLED', message: 'analysis cancelled', fileName });
}

function stopWorker(): void {
  active?.worker.stop('the analysis was stopped');
  active = null;
}

/** Fetches the shipped sample dump and analyses it like a dropped file. */
export async function analyzeSample(): Promise<void> {
  const url = new URL('sample.hprof.gz', document.baseURI);
  let blob: Blob;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    blob = await response.blob();
  } catch (e) {
    useAppStore.getState().fail({ code: 'IO', message: `could not download the sample: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  await analyzeFile(new File([blob], 'sample.hprof.gz'));
}
