// Long passes (duplicate strings, leak suspects, merged paths) run as cooperative slices beside the interactive
// queries of the same analysis. A pass calls `checkpoint()` in its loops; the checkpoint
//   - waits while an interactive query is in flight (interactive calls have priority: a page asked for while a
//     pass runs is answered before the pass takes another slice),
//   - hands the event loop back once the slice has run SLICE_MS, so that a request that just arrived (a worker
//     message, a read completing) is taken at once,
//   - throws CancelledError once the pass is cancelled,
//   - and reports progress (at most every PROGRESS_MS, and on each change of step).
// One scheduler per analysis (QueryContext.passes). Nothing here knows about workers: in Node (CLI, tests) the
// checkpoints cost a clock read.

import type { PassState } from '../api.ts';
import { CancelledError } from '../errors.ts';

/** A pass hands the event loop back after running this long. */
export const SLICE_MS = 12;
/** Progress of a pass is reported at most this often. */
const PROGRESS_MS = 100;

export type PassListener = (state: PassState) => void;

/** A macrotask turn: setImmediate in Node, a MessageChannel message in a browser or worker (setTimeout(0) is
 *  clamped to 4 ms once nested). */
const nextTurn: () => Promise<void> = (() => {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === 'function') {
    const setImmediate = g.setImmediate;
    return () => new Promise<void>((resolve) => void setImmediate(resolve));
  }
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const queue: (() => void)[] = [];
    channel.port1.onmessage = () => queue.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        queue.push(resolve);
        channel.port2.postMessage(0);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
})();

/** The handle a long pass holds while it runs. */
export interface PassControl {
  /** Names what the pass is doing now and how far it is (a unit of the step's own: Strings, objects). */
  step(step: string, done: number, total: number): void;
  /** Yields to interactive queries and the event loop when due; throws CancelledError once cancelled. Cheap when
   *  nothing is due: call it as often as every object. */
  checkpoint(done?: number): Promise<void> | undefined;
}

/** For a pass run on its own (tests, the CLI): never yields, never cancelled. */
export const UNSCHEDULED: PassControl = { step: () => undefined, checkpoint: () => undefined };

class RunningPass implements PassControl {
  cancelled = false;
  private lastProgress = 0;
  readonly state: PassState;

  constructor(
    private readonly scheduler: PassScheduler,
    query: string,
    label: string,
  ) {
    this.state = { query, label, step: '', done: 0, total: 0, status: 'running' };
  }

  step(step: string, done: number, total: number): void {
    this.state.step = step;
    this.state.done = done;
    this.state.total = total;
    this.lastProgress = performance.now();
    this.scheduler.report(this.state);
  }

  checkpoint(done?: number): Promise<void> | undefined {
    if (this.cancelled) throw new CancelledError(`${this.state.label} cancelled`);
    if (done !== undefined) this.state.done = done;
    const now = performance.now();
    if (now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      this.scheduler.report(this.state);
    }
    return this.scheduler.due(now) ? this.scheduler.yieldTurn().then(() => this.checkCancelled()) : undefined;
  }

  private checkCancelled(): void {
    if (this.cancelled) throw new CancelledError(`${this.state.label} cancelled`);
  }
}

export class PassScheduler {
  private interactive = 0;
  private idle: (() => void)[] = [];
  private sliceStart = performance.now();
  private readonly running = new Map<string, RunningPass>();
  private readonly listeners = new Set<PassListener>();
  /** Turns handed back to the event loop, and waits for interactive queries (for tests and the bench). */
  readonly stats = { turns: 0, waits: 0 };

  /** Runs an interactive query: passes pause at their next checkpoint until it (and any other) has answered. */
  async interactiveCall<T>(work: () => Promise<T> | T): Promise<T> {
    this.interactive++;
    try {
      return await work();
    } finally {
      if (--this.interactive === 0) {
        const waiting = this.idle;
        this.idle = [];
        for (const wake of waiting) wake();
      }
    }
  }

  /** Holds the long passes at their next checkpoint until the returned function is called (once is enough), for a
   *  frontend that asks many interactive queries in a row (gathering a share snapshot). */
  hold(): () => void {
    let held = true;
    this.interactive++;
    return () => {
      if (!held) return;
      held = false;
      if (--this.interactive === 0) {
        const waiting = this.idle;
        this.idle = [];
        for (const wake of waiting) wake();
      }
    };
  }

  /** Runs `work` as the long pass `query` (one at a time per query: a second call while it runs is the caller's
   *  to avoid, as the cached queries do). Its state is reported to the listeners until it ends. */
  async run<T>(query: string, label: string, work: (pass: PassControl) => Promise<T>): Promise<T> {
    const pass = new RunningPass(this, query, label);
    this.running.set(query, pass);
    this.report(pass.state);
    try {
      const result = await work(pass);
      pass.state.status = 'done';
      pass.state.done = pass.state.total;
      return result;
    } catch (e) {
      pass.state.status = e instanceof CancelledError ? 'cancelled' : 'failed';
      throw e;
    } finally {
      if (this.running.get(query) === pass) this.running.delete(query);
      this.report(pass.state);
    }
  }

  /** Cancels the running pass of a query; false when none runs. */
  cancel(query: string): boolean {
    const pass = this.running.get(query);
    if (!pass) return false;
    pass.cancelled = true;
    return true;
  }

  /** The passes running now. */
  states(): PassState[] {
    return [...this.running.values()].map((p) => ({ ...p.state }));
  }

  /** Listens to the passes' progress; returns the function that stops listening. */
  listen(listener: PassListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** @internal */
  report(state: PassState): void {
    for (const l of this.listeners) l({ ...state });
  }

  /** @internal Whether a pass should hand over now: an interactive query waits, or the slice is used up. */
  due(now: number): boolean {
    return this.interactive > 0 || now - this.sliceStart >= SLICE_MS;
  }

  /** @internal One turn of the event loop, then wait until no interactive query is in flight. */
  async yieldTurn(): Promise<void> {
    this.stats.turns++;
    await nextTurn();
    while (this.interactive > 0) {
      this.stats.waits++;
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    this.sliceStart = performance.now();
  }
}
