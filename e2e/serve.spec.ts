// `heapdrop serve` end to end: the CLI analyses a corpus dump in Node and serves the app with a token; Chromium
// opens the printed URL and the views read through the remote engine, with MAT's answers for that dump (the same
// figures as app-views.spec.ts in the tab). Every request without the token gets 403. Sharing works as in the tab.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { corpus, repoRoot, screenshot } from './helpers.ts';

let serve: ChildProcess | null = null;
let url = '';
let origin = '';

test.beforeAll(async () => {
  // Port 0: the system picks a free port, so parallel runs never collide.
  // One process (no re-exec for huge pages), so stopping it below stops the server itself.
  serve = spawn(process.execPath, [path.join(repoRoot, 'bin/heapdrop.mjs'), 'serve', corpus('basics.hprof.gz'), '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, HEAPDROP_NO_HUGEPAGES: '1' },
  });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    serve!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43})$/m.exec(out);
      if (m) resolve(m[1]);
    });
    serve!.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    serve!.on('exit', (code) => reject(new Error(`heapdrop serve exited (${code}): ${err}`)));
  });
  origin = new URL(url).origin;
});

test.afterAll(() => {
  serve?.kill('SIGTERM');
});

test('every request without the token is refused with 403', async ({ playwright }) => {
  const anonymous = await playwright.request.newContext();
  // The printed URL: its token becomes a cookie and the redirect drops it from the address.
  const first = await (await playwright.request.newContext()).get(url, { maxRedirects: 0 });
  expect(first.status()).toBe(303);
  expect(first.headers()['set-cookie']).toMatch(/HttpOnly; SameSite=Strict/);
  expect(first.headers()['location']).toBe('/');
  for (const p of [
    '/',
    '/index.html',
    '/favicon.svg',
    '/api/engine',
    '/api/health',
    '/api/shares/AAAAAAAAAAAAAAAAAAAAAA',
    '/assets/anything.js',
    '/?token=wrong',
  ]) {
    expect((await anonymous.get(origin + p, { maxRedirects: 0 })).status(), p).toBe(403);
  }
  const post = await anonymous.post(`${origin}/api/engine/summary`, { data: [] });
  expect(post.status()).toBe(403);
  const upload = await anonymous.post(`${origin}/api/shares`, {
    data: Buffer.from('x'),
    headers: { 'Content-Type': 'application/octet-stream' },
  });
  expect(upload.status()).toBe(403);
  // A wrong cookie or header is no better than none.
  expect(
    (await anonymous.get(`${origin}/api/engine`, { headers: { Cookie: `heapdrop-serve-${new URL(origin).port}=nope` } })).status(),
  ).toBe(403);
  expect((await anonymous.get(`${origin}/api/engine`, { headers: { 'X-Heapdrop-Token': 'nope' } })).status()).toBe(403);
  // The token itself lets a script in.
  const token = new URL(url).searchParams.get('token')!;
  const summary = await anonymous.post(`${origin}/api/engine/summary`, { data: [], headers: { 'X-Heapdrop-Token': token } });
  expect(summary.status()).toBe(200);
  expect((await summary.json()).value.objects).toBe(76228);
});

test('the served app: overview, dominator tree and inspector as MAT answers them, then a share', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const failures: string[] = [];
  page.on('pageerror', (e) => failures.push(e.message));
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) failures.push(m.text());
  });
  await page.goto(url);
  // The token went into a cookie and out of the address bar.
  await expect(page).toHaveURL(new RegExp(`^${origin}/#/overview$`));
  await expect(page.getByTestId('analysis-ready')).toBeVisible();
  await expect(page.locator('.file-title')).toContainText('basics.hprof.gz');
  const summary = page.getByTestId('summary');
  await expect(summary).toContainText('76,228'); // objects (MAT)
  await expect(summary).toContainText('26,335,624 bytes'); // used heap (MAT)
  const suspects = page.getByTestId('suspect');
  await expect(suspects).toHaveCount(2);
  await expect(suspects.nth(0)).toContainText('class Basics @ 0xc0e82320');
  await expect(suspects.nth(1)).toContainText('stack-holder');
  await screenshot(page, 'serve-overview');

  await page.getByTestId('tab-dominators').click();
  const row = page.getByTestId('dominator-row').first();
  await expect(row).toContainText('class Basics');
  await expect(row).toContainText('20.4 MB');
  await expect(row.locator('[title="21,339,848 bytes"]')).toHaveCount(1); // MAT's retained size, exact in the tooltip
  await expect(page.getByTestId('dominator-row').nth(1)).toContainText('stack-holder');
  await row.getByTestId('twisty').click();
  await expect(row).toHaveAttribute('aria-expanded', 'true');
  await screenshot(page, 'serve-dominators');

  await row.getByTestId('object-link').click();
  await expect(page).toHaveURL(/#\/object\/0xc0e82320/);
  await expect(page.getByTestId('inspector-address')).toContainText('0xc0e82320');
  await expect(page.getByTestId('inspector-retained')).toHaveAttribute('title', '21,339,848 bytes');
  await screenshot(page, 'serve-inspector');

  // Sharing goes through the same dialog, to the served process's share store; the link opens in this browser.
  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  await page.getByTestId('share-create').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(new RegExp(`^${origin}/#/s/[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{43}$`));
  const viewer = await page.context().newPage();
  await viewer.goto(link);
  await expect(viewer.getByTestId('readonly-banner')).toBeVisible();
  // The link opens where the sharer was: the shared object's page, which the banner links to as well.
  await expect(viewer).toHaveURL(`${link}/object/0xc0e82320`);
  await expect(viewer.getByTestId('inspector-address')).toContainText('0xc0e82320');
  await expect(viewer.getByTestId('banner-object')).toHaveAttribute('href', `${link.slice(link.indexOf('#'))}/object/0xc0e82320`);
  await viewer.getByTestId('tab-overview').click();
  await expect(viewer.getByTestId('summary')).toContainText('76,228');
  await screenshot(viewer, 'serve-shared');
  expect(failures).toEqual([]);
});

test("the landing page's how-to names capture and serve", async ({ page }) => {
  await page.goto('/');
  const howto = page.locator('.landing-howto');
  await expect(howto).toContainText('heapdrop capture <pid> -o app.hprof.gz');
  await expect(howto).toContainText('heapdrop capture --container <name> -o app.hprof.gz');
  await expect(howto).toContainText('heapdrop serve app.hprof.gz');
  await howto.scrollIntoViewIfNeeded();
  await screenshot(page, 'landing-howto');
});
