// UI state (Zustand): the current route, the Engine the views read through, the analysis status shown by the
// landing page and progress bar. No analysis runs here: src/app/session.ts drives the worker.
import { create } from 'zustand';
import type { FirstLook, PassState, Progress, Summary } from '../core/api.ts';
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
  startRun(fileName: string, fileBytes: number): void;
  setProgress(p: Progress): void;
  setFirstLook(look: FirstLook): void;
  fail(failure: AnalysisFailure | null): void;
  setRoute(route: Route): void;
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
    get().engine?.dispose?.();
    const readOnly = options.readOnly ?? engine.readOnly;
    // Object.create, not a spread: a worker engine forwards its queries through a Proxy, which has no own keys.
    const installed: Engine = readOnly === engine.readOnly ? engine : Object.assign(Object.create(engine) as Engine, { readOnly });
    set({ engine: installed, banner: options.banner ?? null, summary: options.summary ?? null, passes: {}, running: null, failure: null, baseline: null });
    installed.passes?.watch((state) => {
      if (get().engine === installed) set({ passes: { ...get().passes, [state.query]: state } });
    });
    if (options.summary) return;
    installed.summary().then(
      (summary) => {
        if (get().engine === installed) set({ summary });
      },
      (e: unknown) => {
        if (get().engine === installed) set({ failure: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } });
      },
    );
  },
  closeEngine() {
    get().engine?.dispose?.();
    set({ engine: null, summary: null, passes: {}, banner: null, baseline: null });
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
}));
