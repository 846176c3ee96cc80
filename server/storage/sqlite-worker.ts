// The SQLite worker thread: owns the database (sqlite-db.ts) and answers one request at a time from sqlite.ts.
// Requests: { n, op, args }; answers: { n, ok: true, value } or { n, ok: false, error: { code, message } }.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteShares } from './sqlite-db.ts';

export type SqliteOp = 'put' | 'get' | 'chunk' | 'meta' | 'delete' | 'purgeExpired' | 'liveBytes' | 'probe' | 'close';
export interface SqliteRequest {
  n: number;
  op: SqliteOp;
  args: unknown[];
}
export type SqliteAnswer =
  | { n: number; ok: true; value: unknown }
  | { n: number; ok: false; error: { code: string; message: string } };

const port = parentPort!;
let store: SqliteShares;
try {
  store = new SqliteShares((workerData as { dataDir: string }).dataDir);
  port.postMessage({ n: 0, ok: true, value: 'ready' } satisfies SqliteAnswer);
} catch (e) {
  port.postMessage({ n: 0, ok: false, error: describe(e) } satisfies SqliteAnswer);
  process.exit(0);
}

function describe(e: unknown): { code: string; message: string } {
  const err = e as { code?: unknown; message?: unknown };
  return { code: typeof err?.code === 'string' ? err.code : 'ERROR', message: String(err?.message ?? e) };
}

port.on('message', ({ n, op, args }: SqliteRequest) => {
  try {
    let value: unknown;
    const transfer: ArrayBuffer[] = [];
    switch (op) {
      case 'put':
        store.put(args[0] as string, args[1] as Uint8Array, args[2] as Parameters<SqliteShares['put']>[2]);
        break;
      case 'get':
        value = store.get(args[0] as string, args[1] as number);
        break;
      case 'chunk': {
        const c = store.chunk(args[0] as string, args[1] as number);
        // Copied out of SQLite's buffer into one the main thread can take over without another copy.
        value = c ? c.slice() : null;
        if (value) transfer.push((value as Uint8Array).buffer as ArrayBuffer);
        break;
      }
      case 'meta':
        value = store.meta(args[0] as string, args[1] as number);
        break;
      case 'delete':
        value = store.delete(args[0] as string);
        break;
      case 'purgeExpired':
        value = store.purgeExpired(args[0] as number);
        break;
      case 'liveBytes':
        value = store.liveBytes();
        break;
      case 'probe':
        store.probe(args[0] as number);
        break;
      case 'close':
        store.close();
        port.postMessage({ n, ok: true, value: undefined } satisfies SqliteAnswer);
        port.close();
        return;
    }
    port.postMessage({ n, ok: true, value } satisfies SqliteAnswer, transfer);
  } catch (e) {
    port.postMessage({ n, ok: false, error: describe(e) } satisfies SqliteAnswer);
  }
});
