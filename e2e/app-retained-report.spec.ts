// A selection's retained set, and the HTML report download. The dump: two app.Holder roots, each holding an array
// of the same twenty app.Entry objects (each with a 2,000-byte payload). Neither holder alone frees an entry (the
// other still holds it), but both together free everything below them: the retained set of the class app.Holder
// is 45 objects (the holders, arrays, entries, payloads, and byte[]'s class object, which only the payloads
// reference), far more than the sum of the two holders' retained sizes.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { corpus, openDumpReady, screenshot, tempDump } from './helpers.ts';
import { twoHoldersDump } from './leak-dumps.ts';

test('the retained set of a class frees what its objects hold together', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, tempDump('shared.hprof', twoHoldersDump(20)));
  await page.goto('/#/histogram?q=%2F%5Eapp%5C.Holder%24%2F');
  await page.getByTestId('histogram-row').first().click();
  await page.getByTestId('class-retained-set').click();
  await expect(page.getByTestId('view-retained')).toBeVisible();
  await expect(page.getByTestId('retained-description')).toHaveText('all 2 objects of app.Holder');
  await expect(page.getByTestId('retained-figures')).toContainText('in 45 objects');
  const rows = page.getByTestId('retained-row');
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText('byte[]');
  await expect(rows.filter({ hasText: 'app.Entry' })).toContainText('20');
  await screenshot(page, 'retained-set-class');

  // The entries (Held by's <ROOT> row: two paths hold each) free themselves, their payloads and byte[]'s class.
  await page.goto('/#/histogram?q=%2F%5Eapp%5C.Entry%24%2F');
  await page.getByTestId('histogram-row').first().click();
  await page.getByTestId('mode-held-by').click();
  await page.getByTestId('held-by-retained-set').first().click();
  await expect(page.getByTestId('retained-description')).toHaveText('20 objects of app.Entry held by <ROOT>');
  await expect(page.getByTestId('retained-figures')).toContainText('in 41 objects');
  await screenshot(page, 'retained-set-held-by');

  // A filtered instance list: the entries that each retain at least 1 KB (all twenty, with their payloads).
  await page.goto('/#/histogram?q=%2F%5Eapp%5C.Entry%24%2F');
  await page.getByTestId('histogram-row').first().click();
  await page.getByTestId('min-retained').fill('1 KB');
  await page.getByTestId('min-retained-set').click();
  await expect(page.getByTestId('retained-description')).toHaveText('20 objects of app.Entry (retaining at least 1,024 bytes)');
  await expect(page.getByTestId('retained-figures')).toContainText('in 41 objects');
});

test('the report downloads as one self-contained HTML file', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, tempDump('shared.hprof', twoHoldersDump(20)));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report').click()]);
  expect(download.suggestedFilename()).toBe('shared.report.html');
  const html = readFileSync((await download.path())!, 'utf8');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain('<title>Heap report: shared.hprof</title>');
  expect(html).toContain('<section id="suspects">');
  expect(html).toContain('app.Entry');
  expect(html).not.toMatch(/<script|https?:/i);
  await screenshot(page, 'overview-report-button');
  // The file opens on its own (as a local file, styled by its inline CSS), with nothing else to fetch.
  const copy = tempDump('shared.report.html', Buffer.from(html));
  const url = pathToFileURL(copy).href;
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.goto(url);
  await expect(page.locator('h1')).toHaveText('Heap report: shared.hprof');
  await expect(page.locator('th').first()).toHaveCSS('text-align', 'left');
  expect(requests).toEqual([]);
  await screenshot(page, 'report-page');
});

test('the inspector walks to the next path and leaves out a field', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openDumpReady(page, tempDump('shared.hprof', twoHoldersDump(20)));
  await page.goto('/#/object/0x10000');
  const steps = page.getByTestId('path-step');
  // Shortest: the first holder's array (the search meets referrers in address order).
  await expect(steps).toHaveCount(3);
  await expect(steps.nth(1)).toContainText('0x200000');
  await page.getByTestId('next-path').click();
  await expect(page.getByTestId('path-number')).toContainText('Path 2');
  await expect(steps.nth(1)).toContainText('0x201000');
  await page.getByTestId('next-path').click();
  await expect(page.getByTestId('no-path')).toContainText('No further path');
  await page.getByTestId('previous-path').click();
  await page.getByTestId('previous-path').click();
  // Leaving out Holder.slots leaves no path at all.
  await page.getByTestId('exclude-field').first().click();
  await expect(page.getByTestId('path-excludes')).toContainText('app.Holder.slots');
  await expect(page.getByTestId('no-path')).toBeVisible();
  await screenshot(page, 'inspector-path-excludes');
});

test('the overview leads to the unreachable objects by class', async ({ page }) => {
  const dump = corpus('basics-all.hprof.gz');
  test.skip(!existsSync(dump), 'the corpus is not here');
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, dump);
  await page.getByTestId('unreachable-link').click();
  await expect(page.getByTestId('view-unreachable')).toBeVisible();
  await expect(page.getByTestId('unreachable-row').filter({ hasText: 'Basics$GarbageNode' })).toContainText('100');
  await screenshot(page, 'unreachable-histogram');
});
