// The share API: opaque ciphertext in, ciphertext out. The server never sees keys or plaintext.
//   POST   /api/shares        application/octet-stream body (<= 25 MB) -> 201 {id, deleteToken, expiresAt}
//   GET    /api/shares/:id    -> 200 ciphertext | 404 unknown | 410 expired or deleted
//   DELETE /api/shares/:id    Authorization: Bearer <token> or X-Delete-Token -> 204 | 403 | 404 | 410
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from './body.ts';
import { hashToken, isShareId, newDeleteToken, newShareId, tokenMatches } from './ids.ts';
import { rateLimitKey, type RateLimiter } from './rate-limit.ts';
import type { ShareStorage } from './storage/types.ts';

export interface ShareApiOptions {
  storage: ShareStorage;
  clock: () => number;
  maxUploadBytes: number;
  ttlMs: number;
  limiter: RateLimiter;
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
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded ?? '').split(',').map((s) => s.trim());
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
  const id = newShareId();
  const deleteToken = newDeleteToken();
  const createdAt = o.clock();
  const expiresAt = createdAt + o.ttlMs;
  await o.storage.put(id, bytes, { createdAt, expiresAt, deleteTokenHash: hashToken(deleteToken) });
  json(res, 201, { id, deleteToken, expiresAt }, { Location: `/api/shares/${id}` });
}

async function read(req: IncomingMessage, res: ServerResponse, id: string, o: ShareApiOptions): Promise<void> {
  const record = await o.storage.get(id, o.clock());
  if (record.state === 'missing') return json(res, 404, { error: 'no such share' });
  if (record.state !== 'live') return gone(res, record.state);
  res.writeHead(200, {
    'Content-Type': 'application/octet-stream',
    'Content-Length': record.bytes.length,
    'Cache-Control': 'no-store',
    'X-Share-Expires-At': String(record.meta.expiresAt),
  });
  res.end(req.method === 'HEAD' ? undefined : record.bytes);
}

async function remove(req: IncomingMessage, res: ServerResponse, id: string, o: ShareApiOptions): Promise<void> {
  const token = presentedToken(req);
  if (!token) return json(res, 401, { error: 'a delete token is required' }, { 'WWW-Authenticate': 'Bearer' });
  const meta = await o.storage.meta(id, o.clock());
  if (meta === 'missing') return json(res, 404, { error: 'no such share' });
  if (meta === 'deleted' || meta === 'expired') return gone(res, meta);
  if (!tokenMatches(token, meta.deleteTokenHash)) return json(res, 403, { error: 'wrong delete token' });
  await o.storage.delete(id);
  res.writeHead(204, { 'Cache-Control': 'no-store' }).end();
}

/** Handles /api/*; returns after the response is sent. */
export async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, o: ShareApiOptions): Promise<void> {
  const method = req.method ?? 'GET';
  if (pathname === '/api/health') {
    if (method !== 'GET' && method !== 'HEAD') return json(res, 405, { error: 'method not allowed' }, { Allow: 'GET, HEAD' });
    return json(res, 200, { ok: true });
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
