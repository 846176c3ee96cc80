// Reads a File ahead of the parser on a worker of its own (read.worker.ts), so that the file's bytes keep coming
// while the analysis thread parses. The analysis worker's own event loop is held by the parser for each chunk, so
// a Blob stream read there only moves between chunks, at the pace of its small pipe; the reader's loop is free.
// The reader fills a few large buffers in turn and transfers each to the analysis worker, which hands it back
// (transfer again, no copy and no allocation) when it asks for the next chunk: DumpSource.transientStream's
// contract. Without Worker, or when the reader cannot start, the bytes come from Blob.stream() on this thread;
// should the reader fail later, the rest of the file is read here from where it stopped.

import { blobSource, streamChunks } from '../core/io/blob-source.ts';
import type { DumpSource } from '../core/io/dump-source.ts';

/** Bytes per chunk handed to the parser (the Node file source uses the same). */
export const READ_CHUNK_BYTES = 8 * 1024 * 1024;
/** Chunks in circulation: one with the parser, the rest being filled. */
export const READ_BUFFERS = 4;

export type ReadRequest =
  | { type: 'start'; file: Blob; chunkBytes: number; buffers: number }
  /** A chunk's buffer handed back for the next bytes. */
  | { type: 'buffer'; buffer: ArrayBuffer };

export type ReadReply =
  { type: 'ready' } | { type: 'chunk'; buffer: ArrayBuffer; length: number } | { type: 'end' } | { type: 'error'; message: string };

/** What the reader needs of a Worker (a real one, or a MessagePort in tests). */
export interface ReadWorkerLike {
  postMessage(message: ReadRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: { data: ReadReply }) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (e: unknown) => void): void;
  terminate(): void;
}

export interface ReadAheadOptions {
  /** Creates the reader; default: a module Worker on read.worker.ts (null: read on this thread). */
  createWorker?: (() => ReadWorkerLike) | null;
  chunkBytes?: number;
  buffers?: number;
  /** A reader that has not said it is ready by then is dropped and the file read on this thread. */
  startTimeoutMs?: number;
}

function defaultCreateWorker(): (() => ReadWorkerLike) | null {
  if (typeof Worker === 'undefined') return null;
  // This exact `new Worker(new URL(...), ...)` shape is what Vite recognises to bundle the worker.
  return () => new Worker(new URL('./read.worker.ts', import.meta.url), { type: 'module' }) as unknown as ReadWorkerLike;
}

/** blobSource with a transientStream read ahead on a worker of its own. */
export function readAheadSource(file: Blob, options: ReadAheadOptions = {}): DumpSource {
  return { ...blobSource(file), transientStream: () => readAhead(file, options) };
}

function startWorker(createWorker: (() => ReadWorkerLike) | null): ReadWorkerLike | null {
  try {
    return createWorker?.() ?? null;
  } catch {
    return null; // e.g. nested workers not allowed here
  }
}

type Event = ReadReply | { type: 'failed'; message: string };

/** The file's bytes in order; each chunk is valid until the next one is asked for. */
export async function* readAhead(file: Blob, options: ReadAheadOptions = {}): AsyncIterable<Uint8Array> {
  const createWorker = options.createWorker === undefined ? defaultCreateWorker() : options.createWorker;
  let worker = startWorker(createWorker);
  if (worker === null) {
    yield* streamChunks(file.stream());
    return;
  }
  const events: Event[] = [];
  let wake: (() => void) | null = null;
  const push = (e: Event): void => {
    events.push(e);
    wake?.();
    wake = null;
  };
  const next = async (): Promise<Event> => {
    while (events.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return events.shift()!;
  };
  worker.addEventListener('message', (e) => push(e.data));
  const onError = (e: unknown): void => push({ type: 'failed', message: (e as { message?: string } | null)?.message || 'worker error' });
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onError);
  const timer = setTimeout(() => push({ type: 'failed', message: 'it did not start' }), options.startTimeoutMs ?? 15_000);
  let delivered = 0;
  try {
    worker.postMessage(
      { type: 'start', file, chunkBytes: options.chunkBytes ?? READ_CHUNK_BYTES, buffers: options.buffers ?? READ_BUFFERS },
      [],
    );
    for (;;) {
      const e = await next();
      if (e.type === 'ready') {
        clearTimeout(timer);
        continue;
      }
      if (e.type === 'chunk') {
        clearTimeout(timer);
        delivered += e.length;
        yield new Uint8Array(e.buffer, 0, e.length);
        // Asked for the next chunk: this one's buffer goes back to be filled again.
        worker.postMessage({ type: 'buffer', buffer: e.buffer }, [e.buffer]);
        continue;
      }
      if (e.type === 'end') return;
      // The reader failed (or never started): the rest of the file from here, on this thread.
      clearTimeout(timer);
      worker.terminate();
      worker = null;
      yield* streamChunks(file.slice(delivered).stream());
      return;
    }
  } finally {
    clearTimeout(timer);
    worker?.terminate();
  }
}
