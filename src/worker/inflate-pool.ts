// A pool of dedicated workers inflating the members of a JVM `-gz` dump in parallel, so that inflation leaves the
// analysis worker's thread to the parser. Members and their output cross by transfer, never by copy.
// The reader (src/core/io/gzip-members.ts) keeps `readAhead` members in flight and consumes them in order.

import type { Inflaters, MemberInflater } from '../core/io/dump-source.ts';
import { inflateMemberPortable, portableInflaters } from '../core/io/inflate.ts';

/** What the pool needs of a Worker (a real one, or a MessagePort in tests). */
export interface InflateWorkerLike {
  postMessage(message: InflateRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: { data: InflateReply }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (e: unknown) => void): void;
  terminate(): void;
}

export interface InflateRequest {
  jobId: number;
  member: Uint8Array;
}

export type InflateReply = { ready: true } | { jobId: number; ok: true; out: Uint8Array } | { jobId: number; ok: false; message: string };

export interface InflatePoolOptions {
  /** Workers in the pool. Default: hardware threads minus the analysis thread, between 1 and 4. */
  size?: number;
  /** Members the reader keeps in flight. Default: twice the pool size, at least 3 (the reader's own default). */
  readAhead?: number;
  /** Creates one worker; default: a module Worker on inflate.worker.ts (null when Worker is not available). */
  createWorker?: (() => InflateWorkerLike) | null;
  /** A worker that has not answered its ready message by then is dropped (its jobs run elsewhere). */
  startTimeoutMs?: number;
}

export interface InflatePool {
  /** The inflaters to pass to readHprof/analyzeDump. After terminate(), members inflate on the calling thread. */
  inflaters: Inflaters & { readAhead: number };
  size: number;
  /** Why a worker failed after it started, if one did: its in-flight members were rejected. */
  failure(): string | null;
  /** Stops every worker; pending members are rejected, later ones inflate on the calling thread. */
  terminate(): void;
}

/** clamp(hardwareConcurrency - 1, 1, 4): the analysis thread keeps one hardware thread for the parser. */
export function defaultPoolSize(hardwareConcurrency: number | undefined): number {
  const n = (hardwareConcurrency ?? 2) - 1;
  return Math.max(1, Math.min(4, Number.isFinite(n) ? Math.floor(n) : 1));
}

function defaultCreateWorker(): (() => InflateWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  // This exact `new Worker(new URL(...), ...)` shape is what Vite recognises to bundle the worker.
  return () => new Worker(new URL('./inflate.worker.ts', import.meta.url), { type: 'module' }) as unknown as InflateWorkerLike;
}

interface Job {
  jobId: number;
  member: Uint8Array;
  resolve: (out: Uint8Array) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: InflateWorkerLike;
  state: 'starting' | 'ready' | 'dead';
  inFlight: Map<number, Job>;
  startTimer: ReturnType<typeof setTimeout> | null;
}

/** The member's bytes in a buffer the pool may transfer (the reader hands over a fresh copy per member). */
function transferable(member: Uint8Array): Uint8Array<ArrayBuffer> {
  if (member.buffer instanceof ArrayBuffer && member.byteOffset === 0 && member.byteLength === member.buffer.byteLength) {
    return member as Uint8Array<ArrayBuffer>;
  }
  return member.slice();
}

/**
 * Workers are started on the first member, so a plain dump never starts any. A member's buffer is transferred
 * to the worker: the caller must not use it afterwards. A worker that fails to start is dropped and its members
 * go to the others (or to the calling thread when none is left); one that fails later rejects its members.
 */
export function createInflatePool(options: InflatePoolOptions = {}): InflatePool {
  const size = options.size ?? defaultPoolSize(globalThis.navigator?.hardwareConcurrency);
  const readAhead = options.readAhead ?? Math.max(3, 2 * size);
  const createWorker = options.createWorker === undefined ? defaultCreateWorker() : options.createWorker;
  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  let slots: Slot[] | null = null;
  let waiting: Job[] = []; // jobs no ready worker has taken yet
  let nextJobId = 1;
  let terminated = false;
  let failureMessage: string | null = null;

  const runInThread = (job: Job): void => {
    inflateMemberPortable(job.member).then(job.resolve, (e: unknown) => job.reject(e instanceof Error ? e : new Error(String(e))));
  };

  const dispatch = (): void => {
    if (slots === null) return;
    const live = slots.filter((s) => s.state !== 'dead');
    if (live.length === 0) {
      const jobs = waiting;
      waiting = [];
      for (const job of jobs) runInThread(job);
      return;
    }
    const ready = live.filter((s) => s.state === 'ready');
    // A fair share each, counting workers still starting: the first one ready must not take every member.
    const share = Math.ceil(readAhead / live.length);
    while (waiting.length > 0 && ready.length > 0) {
      let slot = ready[0];
      for (const s of ready) if (s.inFlight.size < slot.inFlight.size) slot = s;
      if (slot.inFlight.size >= share) return; // dispatched again when a member comes back or a worker starts
      const job = waiting.shift()!;
      slot.inFlight.set(job.jobId, job);
      slot.worker.postMessage({ jobId: job.jobId, member: job.member }, [job.member.buffer]);
    }
  };

  const kill = (slot: Slot, why: string): void => {
    if (slot.state === 'dead') return;
    const wasReady = slot.state === 'ready';
    slot.state = 'dead';
    if (slot.startTimer !== null) clearTimeout(slot.startTimer);
    slot.worker.terminate();
    if (wasReady && slot.inFlight.size > 0) {
      // Their bytes were transferred away with the worker: nothing left to retry with.
      failureMessage ??= `an inflate worker failed: ${why}`;
      for (const job of slot.inFlight.values()) job.reject(new Error(failureMessage));
    }
    slot.inFlight.clear();
    dispatch();
  };

  const start = (): Slot[] => {
    const started: Slot[] = [];
    for (let i = 0; i < size && createWorker !== null; i++) {
      let worker: InflateWorkerLike;
      try {
        worker = createWorker();
      } catch {
        continue; // e.g. nested workers not allowed here: the others, or the calling thread, inflate instead
      }
      const slot: Slot = { worker, state: 'starting', inFlight: new Map(), startTimer: null };
      slot.startTimer = setTimeout(() => kill(slot, 'it did not start'), startTimeoutMs);
      worker.addEventListener('message', (e) => {
        const reply = e.data;
        if ('ready' in reply) {
          if (slot.state !== 'starting') return;
          slot.state = 'ready';
          if (slot.startTimer !== null) clearTimeout(slot.startTimer);
          slot.startTimer = null;
          dispatch();
          return;
        }
        const job = slot.inFlight.get(reply.jobId);
        if (job === undefined) return;
        slot.inFlight.delete(reply.jobId);
        if (reply.ok) job.resolve(reply.out);
        else job.reject(new Error(reply.message));
        dispatch();
      });
      const onError = (e: unknown) => kill(slot, (e as { message?: string } | null)?.message || 'worker error');
      worker.addEventListener('error', onError);
      worker.addEventListener('messageerror', onError);
      started.push(slot);
    }
    return started;
  };

  const member: MemberInflater = (bytes) => {
    if (terminated || createWorker === null) return inflateMemberPortable(bytes);
    slots ??= start();
    return new Promise<Uint8Array>((resolve, reject) => {
      waiting.push({ jobId: nextJobId++, member: transferable(bytes), resolve, reject });
      dispatch();
    });
  };

  return {
    inflaters: { member, stream: portableInflaters.stream, readAhead },
    size,
    failure: () => failureMessage,
    terminate() {
      if (terminated) return;
      terminated = true;
      const cancelled = new Error('the inflate pool was stopped');
      for (const job of waiting) job.reject(cancelled);
      waiting = [];
      for (const slot of slots ?? []) {
        if (slot.startTimer !== null) clearTimeout(slot.startTimer);
        slot.state = 'dead';
        slot.worker.terminate();
        for (const job of slot.inFlight.values()) job.reject(cancelled);
        slot.inFlight.clear();
      }
    },
  };
}
