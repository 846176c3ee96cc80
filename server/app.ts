// The HTTP server: the share API under /api and the built app for everything else, one port, plain node:http.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setSecurityHeaders } from './headers.ts';
import { RateLimiter } from './rate-limit.ts';
import { handleApi, type ShareApiOptions } from './share-api.ts';
import { serveStatic } from './static.ts';
import type { ShareStorage } from './storage/types.ts';

export interface AppOptions {
  storage: ShareStorage;
  distDir: string;
  /** ms since the epoch; injectable so tests can move time. */
  clock?: () => number;
  ttlMs?: number;
  maxUploadBytes?: number;
  ratePerMinute?: number;
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
      log(`error on ${req.method} ${pathname}: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8' }).end('{"error":"internal error"}');
      } else {
        res.destroy();
      }
    }
  };
  const server = createServer((req, res) => void handler(req, res));
  // Uploads are small; a slow client should not hold a socket for minutes.
  server.requestTimeout = 120_000;
  server.headersTimeout = 30_000;

  const purge = async () => {
    const n = await options.storage.purgeExpired(clock());
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
