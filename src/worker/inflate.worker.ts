// One worker of the inflate pool (inflate-pool.ts): inflates gzip members with DecompressionStream, which checks
// CRC32 and ISIZE, and transfers the output back. The pool's module is imported for types only (no bundling loop).
import { inflateMemberPortable } from '../core/io/inflate.ts';
import type { InflateReply, InflateRequest } from './inflate-pool.ts';

export interface InflateScope {
  postMessage(message: InflateReply, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: { data: InflateRequest }) => void): void;
}

/** Inflates one member in this worker (the core's portable inflater: checks CRC32 and ISIZE). */
export const inflateMember = inflateMemberPortable;

/** Answers inflate requests on `scope` (the worker's global, or a MessagePort in tests). */
export function serveInflateRequests(scope: InflateScope): void {
  scope.addEventListener('message', (e) => {
    const { jobId, member } = e.data;
    inflateMember(member).then(
      (out) => scope.postMessage({ jobId, ok: true, out }, [out.buffer]),
      (err: unknown) => scope.postMessage({ jobId, ok: false, message: err instanceof Error ? err.message : String(err) }, []),
    );
  });
  scope.postMessage({ ready: true }, []);
}

// Only inside a worker: tests import serveInflateRequests in Node, where there is no WorkerGlobalScope.
declare const WorkerGlobalScope: (abstract new () => unknown) | undefined;
if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  serveInflateRequests(self as unknown as InflateScope);
}
