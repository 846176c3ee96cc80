// SQLite storage for a single server process: one file under the data folder (layout and guarantees in
// sqlite-db.ts). The database lives in a child process (sqlite-worker.ts), not a thread: SQLite maps the WAL
// index (`-shm`) into memory, and a write fault on that mapping while the data folder's file system is frozen or
// stalled holds the faulting process's memory-map lock, which every thread of that process needs. In a child
// process only the child stops; static files and the health check keep being served, and every call here times
// out (StorageTimeoutError, answered 503) instead of hanging. Calls beyond `maxPending` waiting at once are
// refused (StorageBusyError) rather than queued. A child that exits is started again at the next call; a child
// that hangs is left alone (a process waiting on a frozen file system cannot be killed until it thaws) and
// answers again once its disk does.
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHUNK_BYTES, isDiskFull, SQLITE_FILE_NAME, type DbRecord } from './sqlite-db.ts';
import type { SqliteAnswer, SqliteOp, SqliteRequest } from './sqlite-worker.ts';
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
  const pending = new Map<number, Pending>();
  let next = 1;
  let closed: Error | null = null;

  const toError = (code: string, message: string): Error =>
    isDiskFull({ code }) ? new StorageFullError(`no space left for ${file} (${code})`) : Object.assign(new Error(message), { code });

  /** Forks the child and waits for it to open the database; rejects with StorageOpenError when it cannot. */
  function start(): Promise<ChildProcess> {
    const child = fork(fileURLToPath(new URL('./sqlite-worker.mjs', import.meta.url)), [], {
      env: { ...process.env, HEAPDROP_SQLITE_DIR: dataDir },
      execArgv: [],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    return new Promise<ChildProcess>((resolve, reject) => {
      const fail = (reason: string) => {
        child.kill('SIGKILL');
        reject(new StorageOpenError(file, reason));
      };
      const timer = setTimeout(() => fail(`no answer within ${timeoutMs * 3} ms (is the disk stalled?)`), timeoutMs * 3);
      const early = (code: number | null) => {
        clearTimeout(timer);
        fail(`the SQLite process exited (${code}) before opening the database`);
      };
      child.once('exit', early);
      child.once('message', (m: SqliteAnswer) => {
        clearTimeout(timer);
        child.off('exit', early);
        if (!m.ok) return fail(`${m.error.message} (${m.error.code})`);
        child.on('message', (a: SqliteAnswer) => {
          const p = pending.get(a.n);
          if (!p) return; // timed out meanwhile
          pending.delete(a.n);
          if (a.ok) p.resolve(a.value);
          else p.reject(toError(a.error.code, a.error.message));
        });
        child.once('exit', (code, signal) => {
          if (live === child) {
            live = null;
            current = null; // the next call starts another
          }
          const e = closed ?? new Error(`the SQLite process exited (${signal ?? code})`);
          for (const p of pending.values()) p.reject(e);
          pending.clear();
        });
        child.unref();
        child.channel?.unref();
        live = child;
        resolve(child);
      });
    });
  }

  let live: ChildProcess | null = null;
  let current: Promise<ChildProcess> | null = start();
  await current;

  function child(): Promise<ChildProcess> {
    current ??= start();
    return current;
  }

  async function call<T>(op: SqliteOp, args: unknown[]): Promise<T> {
    if (closed) throw closed;
    if (pending.size >= maxPending) throw new StorageBusyError(pending.size);
    const proc = await child();
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
      proc.send({ n, op, args } satisfies SqliteRequest);
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
      if (closed) return;
      const proc = current ? await current.catch(() => null) : null;
      try {
        if (proc && proc.exitCode === null && proc.signalCode === null) {
          const exited = new Promise<void>((r) => proc.once('exit', () => r()));
          await call<void>('close', []);
          await exited;
        }
      } finally {
        closed = new Error('the share storage is closed');
        if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      }
    },
  };
}
