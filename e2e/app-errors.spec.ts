// Bad input: random bytes and a truncated dump get their messages; a truncated dump still shows what was read.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { corpus, openDump, screenshot } from './helpers.ts';

test('random bytes are reported as not a heap dump', async ({ page }) => {
  // A fixed pseudo-random sequence, so the file is the same on every run.
  const buffer = Buffer.alloc(256 * 1024);
  let x = 0x2545f491;
  for (let i = 0; i < buffer.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buffer[i] = x & 0xff;
  }
  await page.goto('/');
  await openDump(page, { name: 'random.hprof', mimeType: 'application/octet-stream', buffer });
  const error = page.getByTestId('analysis-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'FORMAT');
  await expect(error).toContainText('not a readable HPROF heap dump');
  await expect(error).toContainText('random.hprof');
  await expect(page.getByTestId('analysis-ready')).toHaveCount(0);
  await screenshot(page, 'error-random');
});

test('a truncated dump shows a warning above the results of what was read', async ({ page }) => {
  const whole = gunzipSync(readFileSync(corpus('basics.hprof.gz')));
  const buffer = whole.subarray(0, Math.floor(whole.length * 0.7));
  await page.goto('/');
  await openDump(page, { name: 'basics-cut.hprof', mimeType: 'application/octet-stream', buffer });
  // The roots come last in a HotSpot dump, so a 70% cut has none: the engine keeps what was read (as MAT's
  // keep_unreachable_objects) and says so, rather than showing an empty heap.
  const banner = page.getByTestId('truncated-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('truncated');
  await expect(banner).toContainText('ends before its GC roots');
  await expect(page.getByTestId('summary')).toBeVisible();
  await expect(page.getByTestId('top-dominators').getByTestId('object-link').first()).toBeVisible();
  await screenshot(page, 'truncated');
});

test('the Cancel button stops an analysis and says so', async ({ page }) => {
  await page.goto('/');
  await page.locator('input[type=file][data-testid=dump-input]').setInputFiles(corpus('routes.hprof.gz'));
  await page.getByTestId('cancel').click();
  const error = page.getByTestId('analysis-error');
  await expect(error).toHaveAttribute('data-code', 'CANCELLED');
  await expect(error).toContainText('Analysis cancelled');
});
