// The file reader of the analysis worker (read-ahead.ts): reads the File with Blob.stream() into a few large
// buffers in turn and transfers each, full, to the analysis worker, which sends it back when it wants the next.
// The read-ahead module is imported for types only (no bundling loop).
import type { ReadReply, ReadRequest } from './read-ahead.ts';

export interface ReadScope {
  postMessage(message: ReadReply, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: { data: ReadRequest }) => void): void;
}

/** Answers one read (a 'start' request, then the buffers handed back) on `scope`. */
export function serveReads(scope: ReadScope): void {
  const free: ArrayBuffer[] = [];
  let wake: (() => void) | null = null;
  const freeBuffer = async (): Promise<ArrayBuffer> => {
    while (free.length === 0) await new Promise<void>((resolve) => (wake = resolve));
    return free.pop()!;
  };
  const run = async (file: Blob, chunkBytes: number, buffers: number): Promise<void> => {
    for (let i = 0; i < buffers; i++) free.push(new ArrayBuffer(chunkBytes));
    const reader = file.stream().getReader();
    let out = new Uint8Array(await freeBuffer());
    let filled = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let p = 0;
      while (p < value.length) {
        const take = Math.min(value.length - p, out.length - filled);
        out.set(value.subarray(p, p + take), filled);
        filled += take;
        p += take;
        if (filled === out.length) {
          scope.postMessage({ type: 'chunk', buffer: out.buffer, length: filled }, [out.buffer]);
          out = new Uint8Array(await freeBuffer());
          filled = 0;
        }
      }
    }
    if (filled > 0) scope.postMessage({ type: 'chunk', buffer: out.buffer, length: filled }, [out.buffer]);
    scope.postMessage({ type: 'end' }, []);
  };
  scope.addEventListener('message', (e) => {
    const request = e.data;
    if (request.type === 'buffer') {
      free.push(request.buffer);
      wake?.();
      wake = null;
      return;
    }
    run(request.file, request.chunkBytes, request.buffers).catch((err: unknown) =>
      scope.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) }, []),
    );
  });
  scope.postMessage({ type: 'ready' }, []);
}

// Only inside a worker: tests import serveReads in Node, where there is no WorkerGlobalScope.
declare const WorkerGlobalScope: (abstract new () => unknown) | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  serveReads(self as unknown as ReadScope);
}
