// The SQLite child process: owns the database (sqlite-db.ts) and answers one request at a time from sqlite.ts
// over the IPC channel (advanced serialization, so bytes cross as Uint8Array).
// Requests: { n, op, args }; answers: { n, ok: true, value } or { n, ok: false, error: { code, message } }.
// The data folder comes in HEAPDROP_SQLITE_DIR. The process ends when its parent goes away.
import { SqliteShares } from './sqlite-db.ts';

export type SqliteOp = 'put' | 'get' | 'chunk' | 'meta' | 'delete' | 'purgeExpired' | 'liveBytes' | 'probe' | 'close';
export interface SqliteRequest {
  n: number;
  op: SqliteOp;
  args: unknown[];
}
export type SqliteAnswer = { n: number; ok: true; value: unknown } | { n: number; ok: false; error: { code: string; message: string } };

const send = (answer: SqliteAnswer) => process.send!(answer);
process.on('disconnect', () => process.exit(0));

let store: SqliteShares;
try {
  store = new SqliteShares(process.env.HEAPDROP_SQLITE_DIR!);
  send({ n: 0, ok: true, value: 'ready' });
} catch (e) {
  process.send!({ n: 0, ok: false, error: describe(e) } satisfies SqliteAnswer, () => process.exit(0));
}

function describe(e: unknown): { code: string; message: string } {
  const err = e as { code?: unknown; message?: unknown };
  return { code: typeof err?.code === 'string' ? err.code : 'ERROR', message: String(err?.message ?? e) };
}

process.on('message', ({ n, op, args }: SqliteRequest) => {
  try {
    let value: unknown;
    switch (op) {
      case 'put':
        store.put(args[0] as string, args[1] as Uint8Array, args[2] as Parameters<SqliteShares['put']>[2]);
        break;
      case 'get':
        value = store.get(args[0] as string, args[1] as number);
        break;
      case 'chunk':
        value = store.chunk(args[0] as string, args[1] as number);
        break;
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
        process.send!({ n, ok: true, value: undefined } satisfies SqliteAnswer, () => process.exit(0));
        return;
    }
    send({ n, ok: true, value });
  } catch (e) {
    send({ n, ok: false, error: describe(e) });
  }
});
