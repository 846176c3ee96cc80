// The diff view: a real program dumped twice (test-fixtures/diff: 4,000 more Sessions in InvoiceService.CACHE),
// both open in the tab; the current one compared with the first as baseline.
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { openDumpReady, repoRoot, screenshot } from './helpers.ts';

const fixture = (name: string) => path.join(repoRoot, 'test-fixtures/diff', name);
type Hook = { __heapdrop?: { saved?: string | null } };

test('the diff view puts the grown collection first', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => sessionStorage.clear());
  await openDumpReady(page, fixture('before.hprof.gz'));
  const firstSaved = await page.waitForFunction(() => (window as unknown as Hook).__heapdrop?.saved ?? null).then((h) => h.jsonValue());
  await openDumpReady(page, fixture('after.hprof.gz'));
  await page.waitForFunction((k) => {
    const s = (window as unknown as Hook).__heapdrop?.saved;
    return typeof s === 'string' && s !== k;
  }, firstSaved);
  await page.getByTestId('tab-diff').click();
  await expect(page.getByTestId('diff-baseline')).toHaveValue(firstSaved as string);
  await page.getByTestId('diff-compare').click();
  const first = page.getByTestId('diff-tree-row').first();
  await expect(first).toContainText('class DiffGrowth$InvoiceService → <static> CACHE: java.util.ArrayList');
  await expect(first).toContainText('+4,000 DiffGrowth$Session');
  await expect(page.getByTestId('diff-warning')).toHaveCount(0);
  await expect(page.getByTestId('diff-classes')).toContainText('DiffGrowth$Session');
  // The current dump's treemap, each box coloured by its growth since the baseline: some boxes grew.
  await expect(page.getByTestId('diff-treemap-cell').first()).toBeVisible();
  const shares = await page
    .getByTestId('diff-treemap-cell')
    .evaluateAll((cells) => cells.map((c) => Number((c as HTMLElement).dataset.growth || 'NaN')));
  expect(shares.some((x) => x > 0.3)).toBe(true);
  await screenshot(page, 'diff-view');
});
