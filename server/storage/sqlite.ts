// SQLite storage for a single server process: one file under the data folder (layout and guarantees in
// sqlite-db.ts). The database lives in a worker thread, so a stalled disk blocks that thread only: static files
// and the health check keep being served, and every call here times out (StorageTimeoutError, answered 503)
// instead of hanging. Calls beyond `maxPending` waiting at once are refused (StorageBusyError) rather than queued.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CHUNK_BYTES, isDiskFull, SQLITE_FILE_NAME, type DbRecord } from './sqlite-db.ts';
import type { SqliteAnswer, SqliteOp } from './sqlite-worker.ts';
import {
  StorageBusyError,
  StorageFullError,
  StorageOpenError,
  StorageTimeoutError,
  type ShareMeta,
  type ShareRecord,
  type ShareStorage,
} from './types.ts';

export { CHUNK_BYTES, SQLITE_FILE_NAME };

export interface SqliteStorageOptions {
  /** A storage call not answered within this is abandoned with StorageTimeoutError (default 10 s). */
  callTimeoutMs?: number;
  /** Calls waiting at once before new ones are refused (default 256). */
  maxPending?: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export async function openSqliteStorage(dataDir: string, options: SqliteStorageOptions = {}): Promise<ShareStorage> {
  const file = join(dataDir, SQLITE_FILE_NAME);
  const timeoutMs = options.callTimeoutMs ?? 10_000;
  const maxPending = options.maxPending ?? 256;
  const worker = new Worker(new URL('./sqlite-worker.mjs', import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, Pending>();
  let next = 1;
  let stopped: Error | null = null;

  const toError = (code: string, message: string): Error =>
    isDiskFull({ code }) ? new StorageFullError(`no space left for ${file} (${code})`) : Object.assign(new Error(message), { code });

  await new Promise<void>((resolve, reject) => {
    const fail = (reason: string) => {
      void worker.terminate();
      reject(new StorageOpenError(file, reason));
    };
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs * 3} ms (is the disk stalled?)`), timeoutMs * 3);
    worker.once('message', (m: SqliteAnswer) => {
      clearTimeout(timer);
      if (m.ok) resolve();
      else fail(`${m.error.message} (${m.error.code})`);
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      fail(e.message);
    });
  });

  worker.on('message', (m: SqliteAnswer) => {
    const p = pending.get(m.n);
    if (!p) return; // timed out meanwhile
    pending.delete(m.n);
    if (m.ok) p.resolve(m.value);
    else p.reject(toError(m.error.code, m.error.message));
  });
  const stop = (e: Error) => {
    stopped = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('error', (e) => stop(new Error(`the SQLite worker failed: ${e.message}`)));
  worker.on('exit', (code) => stop(stopped ?? new Error(`the SQLite worker exited (${code})`)));
  worker.unref();

  function call<T>(op: SqliteOp, args: unknown[]): Promise<T> {
    if (stopped) return Promise.reject(stopped);
    if (pending.size >= maxPending) return Promise.reject(new StorageBusyError(pending.size));
    const n = next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(n);
        reject(new StorageTimeoutError(op, timeoutMs));
      }, timeoutMs);
      pending.set(n, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      worker.postMessage({ n, op, args });
    });
  }

  return {
    put: (id, bytes, meta) => call<void>('put', [id, bytes, meta]),
    async get(id, now): Promise<ShareRecord> {
      const r = await call<DbRecord>('get', [id, now]);
      if (r.state !== 'live') return r;
      return {
        state: 'live',
        meta: r.meta,
        size: r.size,
        async *chunks() {
          for (let seq = 0; seq < r.chunkCount; seq++) {
            const c = await call<Uint8Array | null>('chunk', [id, seq]);
            if (!c) throw new Error(`share ${id} was removed while it was being read`);
            yield c;
          }
        },
      };
    },
    meta: (id, now) => call<ShareMeta | 'deleted' | 'expired' | 'missing'>('meta', [id, now]),
    delete: (id) => call<boolean>('delete', [id]),
    purgeExpired: (now) => call<number>('purgeExpired', [now]),
    liveBytes: () => call<number>('liveBytes', []),
    probe: () => call<void>('probe', [Date.now()]),
    async close() {
      if (stopped) return;
      try {
        await call<void>('close', []);
      } finally {
        stopped = new Error('the share storage is closed');
        await worker.terminate();
      }
    },
  };
}
