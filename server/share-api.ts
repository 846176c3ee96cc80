// The share API: opaque ciphertext in, ciphertext out. The server never sees keys or plaintext.
//   POST   /api/shares        a sealed share envelope (<= 25 MB) -> 201 {id, deleteToken, expiresAt}
//   GET    /api/shares/:id    -> 200 ciphertext (streamed) | 404 unknown | 410 expired or deleted
//   DELETE /api/shares/:id    Authorization: Bearer <token> or X-Delete-Token -> 204 | 403 | 404 | 410
//   GET    /api/health        -> 200 when storage can write and read back | 503 when it cannot
// Limits (server/README.md): uploads per minute, upload bytes per client per day, a total storage quota, reads
// per minute, concurrent downloads per client and in total. Downloads stream chunk by chunk and wait for the
// client to take each one (backpressure), so a reader that never reads holds one chunk, not the share.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from './body.ts';
import { envelopeProblem } from './envelope-check.ts';
import { hashToken, isShareId, newDeleteToken, newShareId, tokenMatches } from './ids.ts';
import { rateLimitKey, type ByteBudget, type ConcurrencyGate, type RateLimiter } from './rate-limit.ts';
import { withTimeout, type ShareStorage } from './storage/types.ts';

export interface ShareApiOptions {
  storage: ShareStorage;
  clock: () => number;
  maxUploadBytes: number;
  ttlMs: number;
  limiter: RateLimiter;
  /** Upload bytes per client per day. */
  dailyBudget: ByteBudget;
  /** Bytes of live ciphertext the store may hold in total; Infinity for no quota. */
  maxStoreBytes: number;
  readLimiter: RateLimiter;
  downloads: ConcurrencyGate;
  /** A download that has not finished after this long is cut off. */
  downloadTimeoutMs: number;
  /** The health check's write probe must answer within this. */
  probeTimeoutMs: number;
  /** Behind a load balancer: take the client address from the last X-Forwarded-For entry. */
  trustProxy: boolean;
  log: (message: string) => void;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function clientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((s) => s.trim());
    const last = list.filter((s) => s !== '').pop();
    if (last) return rateLimitKey(last);
  }
  return rateLimitKey(req.socket.remoteAddress ?? 'unknown');
}

function presentedToken(req: IncomingMessage): string | null {
  const auth = req.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : null;
  }
  const header = req.headers['x-delete-token'];
  return typeof header === 'string' && header !== '' ? header : null;
}

function gone(res: ServerResponse, state: 'deleted' | 'expired'): void {
  json(res, 410, { error: state === 'deleted' ? 'this share was deleted' : 'this share has expired', state });
}

async function create(req: IncomingMessage, res: ServerResponse, o: ShareApiOptions): Promise<void> {
  const decision = o.limiter.take(clientAddress(req, o.trustProxy), o.clock());
  if (!decision.ok) {
    req.resume();
    json(res, 429, { error: 'too many shares from this address' }, { 'Retry-After': String(decision.retryAfterSeconds) });
    return;
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/octet-stream') {
    req.resume();
    json(res, 415, { error: 'the body must be application/octet-stream (encrypted bytes)' });
    return;
  }
  const client = clientAddress(req, o.trustProxy);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > 0 && declared <= o.maxUploadBytes) {
    // Refuse before reading a body that could not be kept anyway.
    if (await refusedForSpace(res, o, client, declared, req)) return;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBody(req, o.maxUploadBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      json(res, 413, { error: `the share is larger than ${o.maxUploadBytes} bytes` }, { Connection: 'close' });
      return;
    }
    throw e;
  }
  if (bytes.length === 0) {
    json(res, 400, { error: 'empty body' });
    return;
  }
  const problem = envelopeProblem(bytes);
  if (problem !== null) {
    json(res, 400, { error: `not a sealed heapdrop share: ${problem}` });
    return;
  }
  if (await refusedForSpace(res, o, client, bytes.length)) return;
  o.dailyBudget.take(client, bytes.length, o.clock());
  const id = newShareId();
  const deleteToken = newDeleteToken();
  const createdAt = o.clock();
  const expiresAt = createdAt + o.ttlMs;
  await o.storage.put(id, bytes, { createdAt, expiresAt, deleteTokenHash: hashToken(deleteToken) });
  usage.add(o.storage, bytes.length);
  json(res, 201, { id, deleteToken, expiresAt }, { Location: `/api/shares/${id}` });
}

/** Live bytes in the store, asked of storage at most every USAGE_TTL_MS and counted up by this process between. */
const USAGE_TTL_MS = 30_000;
const usage = {
  known: new WeakMap<ShareStorage, { bytes: number; atMs: number }>(),
  async get(storage: ShareStorage): Promise<number> {
    const k = this.known.get(storage);
    if (k && Date.now() - k.atMs < USAGE_TTL_MS) return k.bytes;
    const bytes = await storage.liveBytes();
    this.known.set(storage, { bytes, atMs: Date.now() });
    return bytes;
  },
  add(storage: ShareStorage, bytes: number): void {
    const k = this.known.get(storage);
    if (k) k.bytes += bytes;
  },
  /** After a delete or purge: ask storage again next time. */
  forget(storage: ShareStorage): void {
    this.known.delete(storage);
  },
};

/** Storage changed behind the usage count (a purge): ask it again next time. */
export function forgetUsage(storage: ShareStorage): void {
  usage.forget(storage);
}

/** Answers 429 (the client's daily bytes) or 507 (the store's quota) when `bytes` more do not fit. */
async function refusedForSpace(
  res: ServerResponse,
  o: ShareApiOptions,
  client: string,
  bytes: number,
  unread?: IncomingMessage,
): Promise<boolean> {
  const budget = o.dailyBudget.check(client, bytes, o.clock());
  if (!budget.ok) {
    unread?.resume();
    json(
      res,
      429,
      { error: 'this address has uploaded its bytes for the day' },
      { 'Retry-After': String(budget.retryAfterSeconds), ...(unread ? { Connection: 'close' } : {}) },
    );
    return true;
  }
  if (Number.isFinite(o.maxStoreBytes) && (await usage.get(o.storage)) + bytes > o.maxStoreBytes) {
    unread?.resume();
    json(
      res,
      507,
      { error: 'the share store is full; shares expire and free space over time' },
      { 'Retry-After': '3600', ...(unread ? { Connection: 'close' } : {}) },
    );
    return true;
  }
  return false;
}

async function read(req: IncomingMessage, res: ServerResponse, id: string, o: ShareApiOptions): Promise<void> {
  const client = clientAddress(req, o.trustProxy);
  const decision = o.readLimiter.take(client, o.clock());
  if (!decision.ok) {
    return json(res, 429, { error: 'too many reads from this address' }, { 'Retry-After': String(decision.retryAfterSeconds) });
  }
  const release = o.downloads.enter(client);
  if (release === 'client') {
    return json(res, 429, { error: 'too many downloads at once from this address' }, { 'Retry-After': '5' });
  }
  if (release === 'total') return json(res, 503, { error: 'too many downloads at once' }, { 'Retry-After': '5' });
  try {
    const record = await o.storage.get(id, o.clock());
    if (record.state === 'missing') return json(res, 404, { error: 'no such share' });
    if (record.state !== 'live') return gone(res, record.state);
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': record.size,
      'Cache-Control': 'no-store',
      'X-Share-Expires-At': String(record.meta.expiresAt),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await streamOut(res, record.chunks(), o.downloadTimeoutMs);
  } finally {
    release();
  }
}

/** Writes chunks as the client takes them; stops when the response closes or the deadline passes. */
async function streamOut(res: ServerResponse, chunks: AsyncIterable<Uint8Array>, deadlineMs: number): Promise<void> {
  const deadline = setTimeout(() => res.destroy(), deadlineMs);
  let closed = res.destroyed;
  const onClose = () => (closed = true);
  res.once('close', onClose);
  try {
    for await (const chunk of chunks) {
      if (closed) break; // leaving the loop releases what the iterator holds
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
    }
    if (!closed) res.end();
  } catch (e) {
    // The headers are sent: all that can be said now is that the body is cut short.
    res.destroy();
    throw e;
  } finally {
    clearTimeout(deadline);
    res.off('close', onClose);
  }
}

async function remove(req: IncomingMessage, res: ServerResponse, id: string, o: ShareApiOptions): Promise<void> {
  const token = presentedToken(req);
  if (!token) return json(res, 401, { error: 'a delete token is required' }, { 'WWW-Authenticate': 'Bearer' });
  const meta = await o.storage.meta(id, o.clock());
  if (meta === 'missing') return json(res, 404, { error: 'no such share' });
  if (meta === 'deleted' || meta === 'expired') return gone(res, meta);
  if (!tokenMatches(token, meta.deleteTokenHash)) return json(res, 403, { error: 'wrong delete token' });
  await o.storage.delete(id);
  usage.forget(o.storage);
  res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
}

/** Concurrent health checks share one probe. */
const probes = new WeakMap<ShareStorage, Promise<void>>();

async function health(res: ServerResponse, o: ShareApiOptions): Promise<void> {
  let probe = probes.get(o.storage);
  if (!probe) {
    probe = withTimeout(o.storage.probe(), o.probeTimeoutMs, 'the health probe').finally(() => probes.delete(o.storage));
    probes.set(o.storage, probe);
  }
  try {
    await probe;
    json(res, 200, { ok: true });
  } catch (e) {
    json(res, 503, { ok: false, error: `storage cannot write: ${e instanceof Error ? e.message : String(e)}` }, { 'Retry-After': '5' });
  }
}

/** Handles /api/*; returns after the response is sent. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, o: ShareApiOptions): Promise<void> {
  const method = req.method ?? 'GET';
  if (pathname === '/api/health') {
    if (method !== 'GET' && method !== 'HEAD') return json(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
    return health(res, o);
  }
  if (pathname === '/api/shares' || pathname === '/api/shares/') {
    if (method !== 'POST') return json(res, 405, { error: 'method not allowed' }, { Allow: 'POST' });
    return create(req, res, o);
  }
  const m = /^\/api\/shares\/([^/]*)$/.exec(pathname);
  if (m) {
    const id = m[1];
    if (!isShareId(id)) return json(res, 400, { error: 'malformed share id' });
    if (method === 'GET' || method === 'HEAD') return read(req, res, id, o);
    if (method === 'DELETE') return remove(req, res, id, o);
    return json(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD, DELETE' });
  }
  return json(res, 404, { error: 'no such API' });
}
