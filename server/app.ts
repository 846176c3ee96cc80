// The HTTP server: the share API under /api and the built app for everything else, one port, plain node:http.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setSecurityHeaders } from './headers.ts';
import { ByteBudget, ConcurrencyGate, RateLimiter } from './rate-limit.ts';
import { forgetUsage, handleApi, type ShareApiOptions } from './share-api.ts';
import { serveStatic } from './static.ts';
import { StorageBusyError, StorageFullError, StorageTimeoutError, type ShareStorage } from './storage/types.ts';

export interface AppOptions {
  storage: ShareStorage;
  distDir: string;
  /** ms since the epoch; injectable so tests can move time. */
  clock?: () => number;
  ttlMs?: number;
  maxUploadBytes?: number;
  ratePerMinute?: number;
  /** Upload bytes per client address per day (default 250 MB). */
  clientBytesPerDay?: number;
  /** Total bytes of live shares the store may hold (default: no quota). */
  maxStoreBytes?: number;
  /** Share reads (GET/HEAD) per client address per minute (default 120). */
  readsPerMinute?: number;
  /** Concurrent downloads per client address (default 4) and in total (default 64). */
  downloadsPerClient?: number;
  downloadsTotal?: number;
  /** A socket with no traffic either way for this long is closed (default 30 s). */
  idleTimeoutMs?: number;
  trustProxy?: boolean;
  /** Purge expired shares this often; 0 disables the timer. */
  purgeIntervalMs?: number;
  log?: (message: string) => void;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** Runs one purge now (the timer calls the same). */
  purge(): Promise<number>;
  close(): Promise<void>;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function createApp(options: AppOptions): { server: Server; purge: () => Promise<number>; stopTimers: () => void } {
  const log = options.log ?? ((m: string) => console.log(m));
  const clock = options.clock ?? Date.now;
  const api: ShareApiOptions = {
    storage: options.storage,
    clock,
    maxUploadBytes: options.maxUploadBytes ?? 25 * 1024 * 1024,
    ttlMs: options.ttlMs ?? 30 * DAY_MS,
    limiter: new RateLimiter({ perMinute: options.ratePerMinute ?? 30 }),
    dailyBudget: new ByteBudget(options.clientBytesPerDay ?? 250 * 1024 * 1024),
    maxStoreBytes: options.maxStoreBytes ?? Infinity,
    readLimiter: new RateLimiter({ perMinute: options.readsPerMinute ?? 120 }),
    downloads: new ConcurrencyGate(options.downloadsPerClient ?? 4, options.downloadsTotal ?? 64),
    downloadTimeoutMs: 10 * 60_000,
    probeTimeoutMs: 2_000,
    trustProxy: options.trustProxy ?? false,
    log,
  };

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      res.writeHead(400).end();
      return;
    }
    try {
      if (pathname === '/api' || pathname.startsWith('/api/')) await handleApi(req, res, pathname, api);
      else await serveStatic(req, res, options.distDir, pathname);
    } catch (e) {
      const answer = failure(e);
      log(`${answer.status === 500 ? 'error' : 'refused'} on ${req.method} ${pathname}: ${answer.logged}`);
      if (!res.headersSent && !res.destroyed && answer.status !== 0) {
        res
          .writeHead(answer.status, { 'Content-Type': 'application/json; charset=utf-8', ...answer.headers })
          .end(JSON.stringify({ error: answer.error }));
      } else {
        res.destroy();
      }
    }
  };
  const server = createServer((req, res) => void handler(req, res));
  // Uploads are small; a slow client should not hold a socket for minutes.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;
  // A socket with no traffic either way (a reader that stopped reading) is closed, and with it its download.
  server.timeout = options.idleTimeoutMs ?? 30_000;
  // Pipelined requests queue their answers in memory: bound how many one connection may send.
  server.maxRequestsPerSocket = 32;

  const purge = async () => {
    const n = await options.storage.purgeExpired(clock());
    forgetUsage(options.storage);
    if (n > 0) log(`purged ${n} expired share(s)`);
    return n;
  };
  let timer: NodeJS.Timeout | null = null;
  const interval = options.purgeIntervalMs ?? 60 * 60_000;
  if (interval > 0) {
    timer = setInterval(() => {
      purge().catch((e: unknown) => log(`purge failed: ${e instanceof Error ? e.message : String(e)}`));
    }, interval);
    timer.unref();
  }
  return { server, purge, stopTimers: () => timer && clearInterval(timer) };
}

/** How a failed request is answered and logged: storage trouble is 503/507 in one line; a client that went
 *  away is one line and no answer (status 0); anything else is a bug, 500, logged with its stack. */
function failure(e: unknown): { status: number; error: string; logged: string; headers?: Record<string, string> } {
  if (e instanceof StorageTimeoutError || e instanceof StorageBusyError) {
    return { status: 503, error: 'storage is not answering; try again shortly', logged: e.message, headers: { 'Retry-After': '5' } };
  }
  if (e instanceof StorageFullError) {
    return { status: 507, error: 'the share store is full', logged: e.message, headers: { 'Retry-After': '3600' } };
  }
  const code = (e as { code?: unknown })?.code;
  if (code === 'ECONNRESET' || code === 'ECONNABORTED' || (e instanceof Error && e.message === 'aborted')) {
    return { status: 0, error: '', logged: `the client went away (${e instanceof Error ? e.message : String(e)})` };
  }
  return { status: 500, error: 'internal error', logged: e instanceof Error ? (e.stack ?? e.message) : String(e) };
}

export async function startApp(options: AppOptions, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const { server, purge, stopTimers } = createApp(options);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}`,
    purge,
    async close() {
      stopTimers();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await options.storage.close();
    },
  };
}
