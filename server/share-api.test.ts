// The share API over real HTTP on an ephemeral port: happy path, limits, bad ids, tokens, expiry, headers.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS } from './app.ts';
import { envelopeShaped, startTestServer } from './testing.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;
const servers: Server[] = [];
async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<Server> {
  const s = await startTestServer(options);
  servers.push(s);
  return s;
}
afterEach(async () => {
  while (servers.length) await servers.pop()!.close();
});

const octets = { 'Content-Type': 'application/octet-stream' };
/** Shaped like a sealed share: the server refuses anything else (see envelope tests below). */
const payload = (n: number) => envelopeShaped(n, 3);

async function create(url: string, body: Uint8Array<ArrayBuffer> = payload(1000)) {
  const r = await fetch(`${url}/api/shares`, { method: 'POST', headers: octets, body });
  expect(r.status).toBe(201);
  return (await r.json()) as { id: string; deleteToken: string; expiresAt: number };
}

describe('share API', () => {
  it('stores ciphertext and returns it unchanged, then deletes it with its token', async () => {
    const now = 1_800_000_000_000;
    const s = await start({ clock: () => now });
    const body = payload(300_000);
    const created = await create(s.url, body);
    expect(created.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.deleteToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.expiresAt).toBe(now + 30 * DAY_MS);

    const got = await fetch(`${s.url}/api/shares/${created.id}`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(body))).toBe(true);

    const del = await fetch(`${s.url}/api/shares/${created.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${created.deleteToken}` },
    });
    expect(del.status).toBe(204);
    const after = await fetch(`${s.url}/api/shares/${created.id}`);
    expect(after.status).toBe(410);
    expect(((await after.json()) as { state: string }).state).toBe('deleted');
  });

  it('gives each share a different id and token', async () => {
    const s = await start();
    const a = await create(s.url);
    const b = await create(s.url);
    expect(a.id).not.toBe(b.id);
    expect(a.deleteToken).not.toBe(b.deleteToken);
  });

  it('accepts the token in X-Delete-Token too', async () => {
    const s = await start();
    const c = await create(s.url);
    const del = await fetch(`${s.url}/api/shares/${c.id}`, { method: 'DELETE', headers: { 'X-Delete-Token': c.deleteToken } });
    expect(del.status).toBe(204);
  });

  it("refuses wrong, missing and other shares' tokens with 403/401 and keeps the share", async () => {
    const s = await start();
    const a = await create(s.url);
    const b = await create(s.url);
    const wrong = a.deleteToken.slice(0, -1) + (a.deleteToken.endsWith('A') ? 'B' : 'A');
    for (const token of [wrong, b.deleteToken, 'x', a.deleteToken + 'x']) {
      const r = await fetch(`${s.url}/api/shares/${a.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
      expect(r.status).toBe(403);
    }
    const none = await fetch(`${s.url}/api/shares/${a.id}`, { method: 'DELETE' });
    expect(none.status).toBe(401);
    expect((await fetch(`${s.url}/api/shares/${a.id}`)).status).toBe(200);
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const s = await start();
    expect((await fetch(`${s.url}/api/shares/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    for (const bad of ['short', 'A'.repeat(23), 'A'.repeat(21) + '!', '..%2F..%2Fetc', 'A'.repeat(21) + '%00', '']) {
      const r = await fetch(`${s.url}/api/shares/${bad}`);
      expect([400, 405]).toContain(r.status); // '' is the collection URL, which only takes POST
      if (bad !== '') expect(r.status).toBe(400);
    }
    const del = await fetch(`${s.url}/api/shares/not-an-id`, { method: 'DELETE', headers: { 'X-Delete-Token': 'x' } });
    expect(del.status).toBe(400);
  });

  it('refuses bodies that are not application/octet-stream with 415', async () => {
    const s = await start();
    for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
      const r = await fetch(`${s.url}/api/shares`, { method: 'POST', headers: { 'Content-Type': type }, body: 'abc' });
      expect(r.status).toBe(415);
    }
    const none = await fetch(`${s.url}/api/shares`, { method: 'POST', body: payload(100) });
    expect(none.status).toBe(415);
  });

  it('refuses bodies over the limit with 413, with or without a Content-Length', async () => {
    const s = await start({ maxUploadBytes: 1000 });
    expect((await fetch(`${s.url}/api/shares`, { method: 'POST', headers: octets, body: payload(1000) })).status).toBe(201);
    expect((await fetch(`${s.url}/api/shares`, { method: 'POST', headers: octets, body: payload(1001) })).status).toBe(413);
    // Chunked upload (no Content-Length): the server counts the bytes as they arrive.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${s.url}/api/shares`, { method: 'POST', headers: { ...octets, 'Transfer-Encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(payload(400));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('refuses the default 25 MB limit plus one byte', async () => {
    const s = await start();
    const r = await fetch(`${s.url}/api/shares`, { method: 'POST', headers: octets, body: new Uint8Array(25 * 1024 * 1024 + 1) });
    expect(r.status).toBe(413);
  });

  it('rate-limits uploads per client with 429 and Retry-After, and refills over time', async () => {
    let now = 1_800_000_000_000;
    const s = await start({ clock: () => now, ratePerMinute: 30 });
    for (let i = 0; i < 30; i++) await create(s.url, payload(100));
    const limited = await fetch(`${s.url}/api/shares`, { method: 'POST', headers: octets, body: payload(100) });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBe(2); // one token every 2 s at 30/min
    now += 2_000;
    await create(s.url, payload(100));
    expect((await fetch(`${s.url}/api/shares`, { method: 'POST', headers: octets, body: payload(100) })).status).toBe(429);
  });

  it('counts clients by X-Forwarded-For only when told to trust the proxy', async () => {
    const trusting = await start({ ratePerMinute: 1, trustProxy: true });
    const post = (url: string, ip: string) =>
      fetch(`${url}/api/shares`, { method: 'POST', headers: { ...octets, 'X-Forwarded-For': ip }, body: payload(100) });
    expect((await post(trusting.url, '10.0.0.1')).status).toBe(201);
    expect((await post(trusting.url, '10.0.0.1')).status).toBe(429);
    expect((await post(trusting.url, '10.0.0.2')).status).toBe(201);
    const direct = await start({ ratePerMinute: 1 });
    expect((await post(direct.url, '10.0.0.1')).status).toBe(201);
    expect((await post(direct.url, '10.0.0.2')).status).toBe(429);
  });

  it('expires shares after the TTL (410 expired) and purges them', async () => {
    let now = 1_800_000_000_000;
    const s = await start({ clock: () => now, ttlMs: 30 * DAY_MS });
    const c = await create(s.url);
    now += 30 * DAY_MS - 1;
    expect((await fetch(`${s.url}/api/shares/${c.id}`)).status).toBe(200);
    now += 1;
    const expired = await fetch(`${s.url}/api/shares/${c.id}`);
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { state: string }).state).toBe('expired');
    expect(await s.purge()).toBe(1);
    expect((await fetch(`${s.url}/api/shares/${c.id}`)).status).toBe(410);
    const del = await fetch(`${s.url}/api/shares/${c.id}`, { method: 'DELETE', headers: { 'X-Delete-Token': c.deleteToken } });
    expect(del.status).toBe(410);
  });

  it('sends the security headers on every response', async () => {
    const s = await start();
    for (const path of ['/api/health', '/api/shares/AAAAAAAAAAAAAAAAAAAAAA', '/api/nope', '/', '/assets/x.js']) {
      const r = await fetch(`${s.url}${path}`);
      const csp = r.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(r.headers.get('referrer-policy')).toBe('no-referrer');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
  });

  it('answers 405 for methods a route does not take', async () => {
    const s = await start();
    expect((await fetch(`${s.url}/api/shares`)).status).toBe(405);
    expect((await fetch(`${s.url}/api/shares/AAAAAAAAAAAAAAAAAAAAAA`, { method: 'PUT', body: 'x' })).status).toBe(405);
  });
});
