// Unusual dumps in the tab: an Android dump opens with the app heap preselected and classes' static storage set
// apart (never a byte[] suspect); a damaged dump shows what came before the damage, with a warning counting the
// bytes lost; notes about a healthy dump stay out of the warning banner.
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { HprofWriter } from '../src/core/testing/hprof-writer.ts';
import { corpus, openDumpReady, screenshot, tempDump } from './helpers.ts';

const dialer = corpus('external/more/dialer.android-hprof');

test.describe('Android dump', () => {
  test.skip(!existsSync(dialer), 'needs the corpus (external/more)');
  test('the app heap is preselected; no class static storage among the suspects', async ({ page }) => {
    await openDumpReady(page, dialer);
    await expect(page.getByTestId('suspects')).toBeVisible();
    const suspects = page.getByTestId('suspect');
    await expect(suspects.first()).toBeVisible();
    const texts = await suspects.allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    // The 1,296 class static storage arrays are not counted as byte[]: no suspect names 1,296 or more byte[].
    for (const t of texts) expect(t).not.toMatch(/byte\[\] \(1,[2-9]\d\d/);
    await expect(page.getByTestId('truncated-banner')).toHaveCount(0);
    await expect(page.getByTestId('summary-notes')).toContainText('static storage');
    await screenshot(page, 'dumps-android-overview');

    await page.getByRole('link', { name: 'Histogram' }).click();
    const heap = page.getByTestId('histogram-heap');
    await expect(heap).toHaveValue('app');
    await expect(page.getByTestId('histogram-count')).toContainText('736 objects');
    await screenshot(page, 'dumps-android-histogram-app');
    await heap.selectOption('all');
    await expect(page.getByTestId('histogram-count')).not.toContainText('736 objects');
  });
});

test('a damaged dump: what came before, and a warning with the bytes lost', async ({ page }) => {
  const w = new HprofWriter(8);
  w.loadClass(0x100, 'java/lang/Object').loadClass(0x200, 'Holder');
  w.string('value');
  const first = w.out.length;
  w.beginSegment();
  w.classDump({ id: 0x100, superId: 0 }).classDump({ id: 0x200, superId: 0x100, fields: [{ name: 'value', type: 11 }] });
  w.root(0x05, 0x100).root(0x05, 0x200);
  for (let i = 0; i < 20; i++) w.instance(0x10000 + i * 0x20, 0x200, [[11, BigInt(i)]]).root(0xff, 0x10000 + i * 0x20);
  w.endSegment();
  const second = w.out.length;
  w.beginSegment();
  for (let i = 0; i < 200; i++) w.instance(0x20000 + i * 0x20, 0x200, [[11, BigInt(i)]]).root(0xff, 0x20000 + i * 0x20);
  w.endSegment();
  w.heapDumpEnd();
  const bytes = w.bytes();
  new DataView(bytes.buffer).setUint32(first + 5, 0xfffffff0); // the first segment's length field
  await openDumpReady(page, tempDump('damaged.hprof', bytes));
  const banner = page.getByTestId('truncated-banner');
  await expect(banner).toBeVisible();
  const lost = bytes.length - second;
  await expect(banner).toContainText(`The dump is damaged at byte offset ${second.toLocaleString('en-US')}`);
  await expect(banner).toContainText(`(${lost.toLocaleString('en-US')} bytes) after it could not be read`);
  await expect(banner).toContainText(`declares a length of 4,294,967,280 bytes`);
  await expect(page.getByTestId('summary')).toContainText('20 instances');
  await screenshot(page, 'dumps-damaged-overview');
});

test.describe('healthy and truncated JVM dumps', () => {
  test.skip(!existsSync(corpus('basics.hprof.gz')), 'needs the parity corpus');
  test('notes about a healthy dump sit under the figures, not in a banner', async ({ page }) => {
    await openDumpReady(page, corpus('basics.hprof.gz'));
    await expect(page.getByTestId('truncated-banner')).toHaveCount(0);
    await expect(page.getByTestId('summary-notes')).toContainText('references point to objects that are not in the dump');
  });

  test("a truncated dump's cards agree: the objects kept as Unreachable roots are counted as unreachable", async ({ page }) => {
    const whole = gunzipSync(readFileSync(corpus('basics.hprof.gz')));
    await openDumpReady(page, {
      name: 'basics-cut.hprof',
      mimeType: 'application/octet-stream',
      buffer: whole.subarray(0, Math.floor(whole.length * 0.7)),
    });
    const figures = page.getByTestId('summary');
    await expect(figures).toContainText('Unreachable');
    const unreachable = figures.locator('.figure', { hasText: /^Unreachable/ });
    await expect(unreachable).toContainText('objects kept');
    await expect(unreachable).not.toContainText(/\b0 objects kept/);
    await screenshot(page, 'dumps-truncated-cards');
  });
});
