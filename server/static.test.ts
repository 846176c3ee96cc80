// The static side of the server: SPA fallback, content types, caching of hashed assets, no path traversal.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, tempDir } from './testing.ts';

let s: Awaited<ReturnType<typeof startTestServer>>;
beforeAll(async () => {
  const dist = tempDir('heapdrop-dist-');
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><title>heapdrop</title><script type="module" src="/assets/index-AbCd1234.js"></script>',
  );
  writeFileSync(join(dist, 'assets', 'index-AbCd1234.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'style-Zz_9-xYw.css'), 'body{}');
  writeFileSync(join(dist, 'sample.hprof.gz'), Buffer.from([0x1f, 0x8b]));
  writeFileSync(join(dist, '..', 'secret.txt'), 'outside dist');
  s = await startTestServer({ distDir: dist });
});
afterAll(async () => s.close());

it('serves index.html for / and for app routes, revalidated', async () => {
  for (const path of ['/', '/index.html', '/some/route']) {
    const r = await fetch(`${s.url}${path}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(r.headers.get('cache-control')).toBe('no-cache');
    expect(await r.text()).toContain('<title>heapdrop</title>');
  }
});

it('serves hashed assets with their type and immutable caching', async () => {
  const js = await fetch(`${s.url}/assets/index-AbCd1234.js`);
  expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await js.text()).toBe('console.log(1)');
  const css = await fetch(`${s.url}/assets/style-Zz_9-xYw.css`);
  expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  const sample = await fetch(`${s.url}/sample.hprof.gz`);
  expect(sample.headers.get('content-type')).toBe('application/gzip');
  expect(sample.headers.get('cache-control')).toBe('no-cache');
});

it('answers 404 for missing files and never serves outside dist', async () => {
  expect((await fetch(`${s.url}/assets/missing-12345678.js`)).status).toBe(404);
  for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
    const r = await fetch(`${s.url}${path}`);
    expect(await r.text()).not.toContain('outside dist');
  }
});

it('says how to build when dist/ is missing', async () => {
  const bare = await startTestServer();
  try {
    const r = await fetch(`${bare.url}/`);
    expect(r.status).toBe(503);
    expect(await r.text()).toContain('npm run build');
  } finally {
    await bare.close();
  }
});
