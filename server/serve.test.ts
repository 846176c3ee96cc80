// The `heapdrop serve` server on a real analysis (test-fixtures/graph): the token gate, the engine route, and the
// app's remote engine (src/app/remote-engine.ts) answering exactly as the analysis does.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchServedAnalysis, remoteEngine } from '../src/app/remote-engine.ts';
import { analyzeFile } from '../src/core/analysis.node.ts';
import type { HeapAnalysis } from '../src/core/analysis.ts';
import { labelledQueries } from '../src/core/labelled-queries.ts';
import { ENGINE_META, startServe, type RunningServe } from './serve.ts';
import { openSqliteStorage } from './storage/sqlite.ts';

const DUMP = fileURLToPath(new URL('../test-fixtures/graph/graph.hprof.gz', import.meta.url));

let analysis: HeapAnalysis;
let running: RunningServe;
let dir: string;

beforeAll(async () => {
  analysis = await analyzeFile(DUMP);
  dir = mkdtempSync(join(tmpdir(), 'heapdrop-serve-test-'));
  const dist = join(dir, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  writeFileSync(join(dist, 'app.js'), 'console.log(1)');
  running = await startServe({
    methods: labelledQueries(() => analysis),
    title: 'graph.hprof.gz',
    distDir: dist,
    storage: await openSqliteStorage(join(dir, 'data')),
    log: () => undefined,
  });
});

afterAll(async () => {
  await running.close();
  rmSync(dir, { recursive: true, force: true });
});

const withToken = (init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), 'X-Heapdrop-Token': running.token },
});
const post = (method: string, body: string, contentType = 'application/json') =>
  fetch(`${running.origin}/api/engine/${method}`, withToken({ method: 'POST', body, headers: { 'Content-Type': contentType } }));

describe('the token gate', () => {
  it('listens on 127.0.0.1 and refuses everything without the token', async () => {
    expect(running.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const p of ['/', '/index.html', '/app.js', '/api/engine', '/api/health', '/?token=' + 'x'.repeat(43)]) {
      const r = await fetch(running.origin + p, { redirect: 'manual' });
      expect(r.status, p).toBe(403);
      expect(await r.text()).not.toContain(running.token);
    }
    expect(
      (await fetch(`${running.origin}/api/engine/summary`, { method: 'POST', body: '[]', headers: { 'Content-Type': 'application/json' } }))
        .status,
    ).toBe(403);
  });

  it('the printed URL sets a cookie named after the port and drops the token; the cookie opens the app', async () => {
    const first = await fetch(running.url, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const port = new URL(running.origin).port;
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toBe(`heapdrop-serve-${port}=${running.token}; Path=/; HttpOnly; SameSite=Strict`);
    const page = await fetch(running.origin + '/', { headers: { Cookie: cookie.split(';')[0] } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(ENGINE_META);
    expect(html.indexOf(ENGINE_META)).toBeLessThan(html.indexOf('</head>'));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const asset = await fetch(running.origin + '/app.js', { headers: { Cookie: cookie.split(';')[0] } });
    expect(asset.status).toBe(200);
  });
});

describe('the engine route', () => {
  it('names the title and every query of the interface', async () => {
    const r = await fetch(`${running.origin}/api/engine`, withToken());
    expect(await r.json()).toEqual({ title: 'graph.hprof.gz', methods: Object.keys(labelledQueries(() => analysis)) });
  });

  it('answers a query with what the analysis answers; null stands for an omitted argument', async () => {
    const r = await post('summary', '[]');
    expect(r.status).toBe(200);
    expect((await r.json()).value).toEqual(JSON.parse(JSON.stringify(analysis.summary())));
    const top = analysis.dominatorChildren(-1, 0, 1).items[0];
    const path = await post('pathToRoots', JSON.stringify([top.index, null]));
    expect((await path.json()).value).toEqual(JSON.parse(JSON.stringify(await analysis.pathToRoots(top.index))));
  });

  it('refuses unknown queries, bodies that are not a JSON array, other content types; reports query errors', async () => {
    expect((await post('constructor', '[]')).status).toBe(404);
    expect((await post('__proto__', '[]')).status).toBe(404);
    expect((await post('summary', '{"a":1}')).status).toBe(400);
    expect((await post('summary', 'not json')).status).toBe(400);
    expect((await post('summary', '[]', 'text/plain')).status).toBe(415);
    expect((await post('summary', JSON.stringify(['x'.repeat(70_000)]))).status).toBe(413);
    const bad = await post('immediateDominators', JSON.stringify([1e9]));
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/class/i);
  });
});

describe("the app's remote engine", () => {
  it('calls every query by name and gets what the worker would answer (labels decoded)', async () => {
    const tokenFetch: typeof fetch = (input, init) => fetch(input, withToken(init));
    const base = `${running.origin}/api/engine`;
    const served = await fetchServedAnalysis(base, tokenFetch);
    const engine = remoteEngine(base, served, tokenFetch);
    expect(engine.title).toBe('graph.hprof.gz');
    expect(engine.readOnly).toBe(false);
    const local = labelledQueries(() => analysis);
    expect(await engine.dominatorChildren(-1, 0, 5)).toEqual(JSON.parse(JSON.stringify(await local.dominatorChildren(-1, 0, 5))));
    expect(await engine.histogram()).toEqual(JSON.parse(JSON.stringify(await local.histogram())));
    const top = analysis.dominatorChildren(-1, 0, 1).items[0];
    expect(await engine.findObject(top.address)).toBe(top.index);
    expect(await local.findObject('0x7ffffffff0')).toBeNull();
    expect(await engine.findObject('0x7ffffffff0')).toBeNull();
    await expect(engine.immediateDominators(1e9)).rejects.toThrow(/class/i);
  });
});

describe('heapdrop serve (the command)', () => {
  it('refuses to start without a built app, before analysing, in one line', async () => {
    const { serveDump } = await import('../src/cli/serve.ts');
    const empty = mkdtempSync(join(tmpdir(), 'heapdrop-nodist-'));
    const command = { dump: DUMP, port: 0, host: '127.0.0.1', dataDir: null, keepUnreachable: false };
    await expect(serveDump(command, process.stderr, empty)).rejects.toThrow(
      /^the app is not built \(no .*index\.html\): run npm run build first$/,
    );
    rmSync(empty, { recursive: true, force: true });
  });

  it('parses its options: 127.0.0.1 unless --host is given; bad ports and unknown options are usage errors', async () => {
    const { parseServeArgs } = await import('../src/cli/serve.ts');
    expect(parseServeArgs(['x.hprof'])).toMatchObject({ host: '127.0.0.1', port: 0, dataDir: null });
    expect(parseServeArgs(['x.hprof', '--port', '8123', '--host', '0.0.0.0'])).toMatchObject({ host: '0.0.0.0', port: 8123 });
    expect(() => parseServeArgs(['x.hprof', '--port', '99999'])).toThrow(/--port/);
    expect(() => parseServeArgs(['x.hprof', '--public'])).toThrow(/unknown option --public/);
    expect(() => parseServeArgs([])).toThrow(/usage: heapdrop serve/);
  });
});
