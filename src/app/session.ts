// Drives one analysis: starts the worker, forwards progress to the store, installs the worker engine when done.
// Cancelling terminates the worker, which stops even a synchronous phase at once.
import type { AnalyzeOptions, FirstLook, SavedAnalysisInfo } from '../core/api.ts';
import type { AnalyzeResult } from '../worker/analysis.worker.ts';
import { startAnalysisWorker, workerEngine, type AnalysisWorker, type Engine } from './engine.ts';
import { fetchServedAnalysis, remoteEngine } from './remote-engine.ts';
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
  reanalyze({ keepUnreachable: true });
}

/** Options of an analysis the user can change: keep unreachable objects, which dump of several, which layout. */
export type RunOptions = Pick<AnalyzeOptions, 'keepUnreachable' | 'dump' | 'layout'>;
/** The options of the current analysis, kept when one of them is changed. */
let lastOptions: RunOptions = {};

/** Analyses the current file again with some options changed (another dump of the file, the JVM's layout). */
export function reanalyze(change: RunOptions): void {
  if (lastFile) void analyzeFile(lastFile, { ...lastOptions, ...change });
}

export async function analyzeFile(file: File, options: RunOptions = {}): Promise<void> {
  if (file !== lastFile) lastOptions = {};
  lastFile = file;
  options = { keepUnreachable: useAppStore.getState().keepUnreachable, ...options };
  lastOptions = options;
  stopWorker();
  // The dump open now stays open (beside the new one, or as it was if this one fails or is cancelled).
  useAppStore.getState().startRun(file.name, file.size);
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
      const engine = workerEngine(worker, file.name, result.key ?? undefined);
      useAppStore.setState({ lastSteps: result.steps });
      useAppStore.getState().openEngine(engine, { beside: true, summary: result.summary });
      if (result.key !== null) {
        rememberOpen({ key: result.key, name: file.name, size: file.size });
        if (!result.restored) persistWhenShown(engine, worker);
      }
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

/** What a reload of this tab reopens: the analysis shown last (sessionStorage is per tab and survives reloads). */
const OPEN_KEY = 'heapdrop:open';
type OpenInfo = Pick<SavedAnalysisInfo, 'key' | 'name' | 'size'>;

function rememberOpen(info: OpenInfo): void {
  try {
    sessionStorage.setItem(OPEN_KEY, JSON.stringify(info));
  } catch {
    // storage refused (private mode): a reload then shows the landing page
  }
}

/** Saves the analysis in the browser's storage once its first view is on screen and the main thread is idle,
 *  so that the save (in the worker) never delays that view. */
function persistWhenShown(engine: Engine, worker: AnalysisWorker): void {
  const start = () => {
    const idle = (globalThis as { requestIdleCallback?: (f: () => void, o?: { timeout: number }) => void }).requestIdleCallback;
    const run = () => {
      if (useAppStore.getState().engine !== engine) return;
      worker.call(worker.remote.persist()).then(
        (info) => {
          if (info !== null) useAppStore.getState().setSaved(info);
        },
        (e: unknown) =>
          console.warn(`heapdrop: the analysis could not be saved in this browser: ${e instanceof Error ? e.message : String(e)}`),
      );
    };
    if (idle) idle(run, { timeout: 2000 });
    else setTimeout(run, 0);
  };
  if (useAppStore.getState().summary !== null) return start();
  const unsubscribe = useAppStore.subscribe((state) => {
    if (state.engine !== engine) return unsubscribe();
    if (state.summary !== null) {
      unsubscribe();
      start();
    }
  });
}

/** Opens an analysis saved in this browser without its dump (a reload, or the landing page's list). */
export async function openSaved(info: OpenInfo): Promise<void> {
  stopWorker();
  useAppStore.getState().startRun(info.name, info.size);
  const worker = startAnalysisWorker('analysis');
  const token = nextToken++;
  active = { worker, token };
  const result = await worker.call<AnalyzeResult>(worker.remote.restore(info)).catch((e: unknown) => ({
    ok: false as const,
    error: { code: 'WORKER' as const, message: e instanceof Error ? e.message : String(e) },
  }));
  if (active?.token !== token) return;
  if (!result.ok) {
    stopWorker();
    try {
      sessionStorage.removeItem(OPEN_KEY);
    } catch {
      // nothing to forget
    }
    useAppStore.getState().fail({ ...result.error, fileName: info.name });
    return;
  }
  active = null;
  lastFile = null;
  rememberOpen(info);
  useAppStore.setState({ lastSteps: result.steps });
  useAppStore.getState().openEngine(workerEngine(worker, info.name, info.key), {
    beside: true,
    summary: result.summary,
    banner: `Restored from this browser's storage. The browser gives no access to ${info.name} after a reload: drop it again to read field values and strings.`,
  });
}

/** On start: reopens the analysis this tab showed before a reload, if it is saved. */
export function restoreAfterReload(): void {
  let info: OpenInfo | null;
  try {
    info = JSON.parse(sessionStorage.getItem(OPEN_KEY) ?? 'null') as OpenInfo | null;
  } catch {
    info = null;
  }
  if (info !== null && typeof info.key === 'string') void openSaved(info);
}

/** Opens the analysis of the `heapdrop serve` process that served this page (its queries answered over HTTP). */
export async function openServedAnalysis(base: string): Promise<void> {
  const store = useAppStore.getState();
  store.startRun('the served dump', 0);
  try {
    const served = await fetchServedAnalysis(base);
    useAppStore.getState().openEngine(remoteEngine(base, served));
  } catch (e) {
    useAppStore.getState().fail({ code: 'SERVE', message: e instanceof Error ? e.message : String(e) });
  }
}
