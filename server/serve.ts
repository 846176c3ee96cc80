// `heapdrop serve`: the app served next to a dump analysed in Node, for a dump too big to copy or too big for a
// tab. The app's views read through a remote engine (src/app/remote-engine.ts) that posts each query by name to
// `POST /api/engine/<query>`; the share API and the static app are the share server's own (app.ts), behind a gate.
//
// The gate: the server listens on 127.0.0.1 (unless told otherwise) and refuses every request without its random
// token (403). The printed URL carries the token once (`/?token=...`); that first page load answers with a
// session cookie (HttpOnly, SameSite=Strict, named after the port so two servers on one host do not collide) and
// a redirect that drops the token from the address bar. Assets, the worker scripts and API calls then carry the
// cookie. Scripts may send the token in an `X-Heapdrop-Token` header instead.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isHeapdropError } from '../src/core/errors.ts';
import { createApp } from './app.ts';
import { BodyTooLargeError, readBody } from './body.ts';
import { setSecurityHeaders } from './headers.ts';
import type { ShareStorage } from './storage/types.ts';

/** The queries the remote engine may call, by name (labelledQueries of the analysis). */
export type EngineMethods = Record<string, (...args: never[]) => unknown>;

export interface ServeOptions {
  methods: EngineMethods;
  /** Shown in the app's header: the dump's file name. */
  title: string;
  distDir: string;
  /** Where shares made from the served app are kept. */
  storage: ShareStorage;
  /** Random when not given (tests pass their own). */
  token?: string;
  port?: number;
  host?: string;
  log?: (message: string) => void;
}

export interface RunningServe {
  server: Server;
  /** The base URL, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The URL to open: the origin with the token. */
  url: string;
  token: string;
  close(): Promise<void>;
}

/** The tag the app looks for to read through the remote engine instead of analysing a file itself. */
export const ENGINE_META = '<meta name="heapdrop-engine" content="/api/engine" />';
const ENGINE_PREFIX = '/api/engine';
const MAX_ARGS_BYTES = 64 * 1024;

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** `POST /api/engine/<query>` with a JSON array of arguments; `GET /api/engine` names the queries and the title. */
async function engineRoute(req: IncomingMessage, res: ServerResponse, pathname: string, o: ServeOptions): Promise<void> {
  const names = Object.keys(o.methods);
  if (pathname === ENGINE_PREFIX) {
    if (req.method !== 'GET') return json(res, 405, { error: 'GET only' });
    return json(res, 200, { title: o.title, methods: names });
  }
  const name = decodeURIComponent(pathname.slice(ENGINE_PREFIX.length + 1));
  if (!Object.hasOwn(o.methods, name)) return json(res, 404, { error: `no query "${name.slice(0, 80)}"` });
  if (req.method !== 'POST') return json(res, 405, { error: 'POST only' });
  if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
    return json(res, 415, { error: 'Content-Type must be application/json' });
  let args: unknown;
  try {
    args = JSON.parse(Buffer.from(await readBody(req, MAX_ARGS_BYTES)).toString('utf8'));
  } catch (e) {
    return json(res, e instanceof BodyTooLargeError ? 413 : 400, {
      error: e instanceof BodyTooLargeError ? e.message : 'the body is not JSON',
    });
  }
  if (!Array.isArray(args)) return json(res, 400, { error: 'the body must be a JSON array of arguments' });
  // JSON has no undefined: a null argument stands for an omitted one.
  const values = args.map((a: unknown) => (a === null ? undefined : a));
  try {
    const value = await (o.methods[name] as (...a: unknown[]) => unknown)(...values);
    json(res, 200, { value: value ?? null });
  } catch (e) {
    const known = isHeapdropError(e) || e instanceof RangeError || e instanceof TypeError;
    json(res, known ? 400 : 500, { error: e instanceof Error ? e.message : String(e), code: isHeapdropError(e) ? e.code : undefined });
  }
}

export async function startServe(o: ServeOptions): Promise<RunningServe> {
  const token = o.token ?? randomBytes(32).toString('base64url');
  const log = o.log ?? ((m: string) => console.error(m));
  // The share API and the static app, as the share server serves them; reached only through the gate below.
  const inner = createApp({ storage: o.storage, distDir: o.distDir, purgeIntervalMs: 0, log });
  const indexHtml =
    (await readFile(join(o.distDir, 'index.html'), 'utf8').catch(() => null))?.replace('</head>', `  ${ENGINE_META}\n  </head>`) ?? null;
  let cookieName = 'heapdrop-serve';

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    setSecurityHeaders(res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const given = url.searchParams.get('token');
    if (given !== null && (req.method === 'GET' || req.method === 'HEAD') && sameSecret(given, token)) {
      url.searchParams.delete('token');
      res.writeHead(303, {
        'Set-Cookie': `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`,
        Location: url.pathname + url.search,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }
    const header = req.headers['x-heapdrop-token'];
    if (!sameSecret(cookieValue(req, cookieName), token) && !sameSecret(typeof header === 'string' ? header : undefined, token)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('forbidden: open the URL that heapdrop serve printed (it carries the token)\n');
      return;
    }
    const pathname = url.pathname;
    try {
      if (pathname === ENGINE_PREFIX || pathname.startsWith(ENGINE_PREFIX + '/')) {
        await engineRoute(req, res, pathname, o);
      } else if (
        (pathname === '/' || pathname === '/index.html') &&
        indexHtml !== null &&
        (req.method === 'GET' || req.method === 'HEAD')
      ) {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : indexHtml);
      } else {
        inner.server.emit('request', req, res);
      }
    } catch (e) {
      log(`error on ${req.method} ${pathname}: ${e instanceof Error ? e.stack : String(e)}`);
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      else res.destroy();
    }
  };

  const server = createServer((req, res) => void handler(req, res));
  const host = o.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  cookieName = `heapdrop-serve-${port}`;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    server,
    origin,
    url: `${origin}/?token=${token}`,
    token,
    async close() {
      inner.stopTimers();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await o.storage.close();
    },
  };
}
