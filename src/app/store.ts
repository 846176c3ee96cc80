// UI state (Zustand): the current route, the Engine the views read through, the analysis status shown by the
// landing page and progress bar. No analysis runs here: src/app/session.ts drives the worker.
import { create } from 'zustand';
import type { FirstLook, PassState, Progress, SavedAnalysisInfo, Summary } from '../core/api.ts';
import type { Engine } from './engine.ts';
import type { Baseline } from '../core/histogram-diff.ts';
import { parseRoute, type Route } from './routes.ts';

export interface AnalysisFailure {
  code: string;
  message: string;
  offset?: number;
  fileName?: string;
}

export interface RunningAnalysis {
  fileName: string;
  fileBytes: number;
  startedMs: number;
  progress: Progress | null;
  /** Set when the 'read' phase ends, for the MB/s figure of later phases. */
  read?: { bytes: number; seconds: number };
  /** What the dump holds by class, shown while the rest of the analysis runs. */
  firstLook?: FirstLook;
}

export interface OpenEngineOptions {
  /** Keep the current dump open beside the new one (switchable) instead of closing it. */
  beside?: boolean;
  readOnly?: boolean;
  /** Text shown above the views (e.g. "Shared analysis, read-only"). */
  banner?: string;
  /** The summary when already known (the worker returns it with the analysis): not asked for again. */
  summary?: Summary;
}

export interface AppState {
  route: Route;
  engine: Engine | null;
  banner: string | null;
  summary: Summary | null;
  /** The engine's long passes (duplicate strings, leak suspects, merged paths) by query, as last reported. */
  passes: Record<string, PassState>;
  running: RunningAnalysis | null;
  failure: AnalysisFailure | null;
  /** Analyses started in this tab (a test hook waits for the next one to settle). */
  runs: number;
  /** A baseline dump's histogram the histogram compares with (core/histogram-diff.ts); cleared with
   *  the engine. */
  baseline: Baseline | null;
  setBaseline(baseline: Baseline | null): void;
  /** Landing-page option for the next analysis: MAT's keep_unreachable_objects. */
  keepUnreachable: boolean;
  setKeepUnreachable(keep: boolean): void;
  /** Installs an engine (worker-backed or the share viewer's snapshot) and loads its summary. */
  openEngine(engine: Engine, options?: OpenEngineOptions): void;
  closeEngine(): void;
  /** Dumps open beside the current one (`engine`), their workers kept, in the order they were opened. */
  others: Engine[];
  /** Makes one of `others` the current dump (the current one joins `others`). */
  switchEngine(engine: Engine): void;
  /** Closes the current dump (nothing to ask: it is saved) and shows the last other one, if any. */
  closeCurrent(): void;
  startRun(fileName: string, fileBytes: number): void;
  setProgress(p: Progress): void;
  setFirstLook(look: FirstLook): void;
  fail(failure: AnalysisFailure | null): void;
  setRoute(route: Route): void;
  /** The last analysis saved in the browser's storage (the landing page's list reloads when it changes). */
  saved: SavedAnalysisInfo | null;
  setSaved(info: SavedAnalysisInfo | null): void;
  /** The analysis steps the last opened dump ran, with their ms ({} when its saved analysis was reopened): the
   *  e2e tests' proof that a reopen analysed nothing. */
  lastSteps: Record<string, number> | null;
  /** Android: the heap the views are limited to ('all' for every heap), as last chosen for this dump; null until
   *  a view chooses (components/HeapSelect.tsx). */
  heapChoice: string | null;
  setHeapChoice(name: string | null): void;
}

/** Each open engine's banner, so that switching back to a dump shows its own. */
const banners = new WeakMap<Engine, string | null>();

/** Makes `engine` the current one and loads its summary (the views wait for it). */
function showEngine(engine: Engine, banner: string | null, summary?: Summary): void {
  banners.set(engine, banner);
  const { setState, getState } = useAppStore;
  setState({ engine, banner, summary: summary ?? null, passes: {}, running: null, failure: null, baseline: null, heapChoice: null });
  engine.passes?.watch((state) => {
    if (getState().engine === engine) setState({ passes: { ...getState().passes, [state.query]: state } });
  });
  if (summary) return;
  engine.summary().then(
    (summary) => {
      if (getState().engine === engine) setState({ summary });
    },
    (e: unknown) => {
      if (getState().engine === engine) setState({ failure: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } });
    },
  );
}

export const useAppStore = create<AppState>((set, get) => ({
  route: parseRoute(typeof location === 'undefined' ? '' : location.hash),
  engine: null,
  banner: null,
  summary: null,
  passes: {},
  running: null,
  failure: null,
  runs: 0,
  keepUnreachable: false,
  baseline: null,
  setBaseline(baseline) {
    set({ baseline });
  },
  setKeepUnreachable(keep) {
    set({ keepUnreachable: keep });
  },

  openEngine(engine, options = {}) {
    // The same dump opened again (e.g. re-dropped after a reload) replaces its earlier engine.
    const same = (e: Engine) => engine.key !== undefined && e.key === engine.key;
    for (const other of get().others.filter(same)) other.dispose?.();
    set({ others: get().others.filter((e) => !same(e)) });
    const current = get().engine;
    const keep = options.beside === true && current !== null && !current.readOnly && !engine.readOnly && !same(current);
    if (!keep) {
      current?.dispose?.();
      // A read-only snapshot replaces everything that was open.
      if (engine.readOnly || options.readOnly) {
        for (const other of get().others) other.dispose?.();
        set({ others: [] });
      }
    } else set({ others: [...get().others, current] });
    const readOnly = options.readOnly ?? engine.readOnly;
    // Object.create, not a spread: a worker engine forwards its queries through a Proxy, which has no own keys.
    const installed: Engine = readOnly === engine.readOnly ? engine : Object.assign(Object.create(engine) as Engine, { readOnly });
    showEngine(installed, options.banner ?? null, options.summary);
  },
  closeEngine() {
    get().engine?.dispose?.();
    set({ engine: null, summary: null, passes: {}, banner: null, baseline: null });
  },
  others: [],
  switchEngine(engine) {
    const current = get().engine;
    const others = get().others.filter((e) => e !== engine);
    set({ others: current !== null && current !== engine ? [...others, current] : others });
    showEngine(engine, banners.get(engine) ?? null);
  },
  closeCurrent() {
    const others = get().others;
    get().engine?.dispose?.();
    if (others.length === 0) {
      set({ engine: null, summary: null, banner: null, baseline: null, failure: null });
      return;
    }
    set({ engine: null, others: others.slice(0, -1) });
    showEngine(others[others.length - 1], banners.get(others[others.length - 1]) ?? null);
  },
  startRun(fileName, fileBytes) {
    set({ running: { fileName, fileBytes, startedMs: performance.now(), progress: null }, failure: null, runs: get().runs + 1 });
  },
  setProgress(p) {
    const running = get().running;
    if (!running) return;
    let read = running.read;
    const previous = running.progress;
    if (!read && previous?.phase === 'read' && p.phase !== 'read') {
      read = { bytes: previous.total, seconds: (performance.now() - running.startedMs) / 1000 };
    }
    set({ running: { ...running, progress: p, read } });
  },
  setFirstLook(look) {
    const running = get().running;
    if (running) set({ running: { ...running, firstLook: look } });
  },
  fail(failure) {
    set({ failure, running: null });
  },
  setRoute(route) {
    set({ route });
  },
  saved: null,
  setSaved(saved) {
    set({ saved });
  },
  lastSteps: null,
  heapChoice: null,
  setHeapChoice(heapChoice) {
    set({ heapChoice });
  },
}));
