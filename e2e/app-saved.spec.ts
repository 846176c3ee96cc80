// Analyse once: a reload brings the analysis, the route and the view back from the browser's storage (OPFS)
// without running the analysis steps again; the landing page lists the saved analyses.
import { expect, test, type Page } from '@playwright/test';
import { corpus, openDumpReady, screenshot, waitForIdle } from './helpers.ts';

type Hook = { __heapdrop?: { idle: boolean; runs: number; saved?: string | null; steps: Record<string, number> | null } };

/** The analysis steps the last opened dump ran (the engine's step timings; {} when it was reopened). */
const steps = (page: Page) => page.evaluate(() => (window as unknown as Hook).__heapdrop!.steps);

/** The worker's console lines about step timings, restores and saves. */
function engineLog(page: Page): string[] {
  const lines: string[] = [];
  page.on('console', (m) => {
    if (/^heapdrop (step timings|restored|saved)/.test(m.text())) lines.push(m.text());
  });
  return lines;
}

test('a reload restores the analysis, its route and view without analysing again', async ({ page }) => {
  const log = engineLog(page);
  await page.goto('/');
  await openDumpReady(page, corpus('references.hprof.gz'));
  expect(log.some((l) => l.startsWith('heapdrop step timings'))).toBe(true);
  expect(Object.keys((await steps(page)) ?? {})).toEqual(expect.arrayContaining(['read', 'index', 'dominators', 'retained']));
  // Saved once the first view is on screen.
  await page.waitForFunction(() => typeof (window as unknown as Hook).__heapdrop?.saved === 'string');
  expect(log.some((l) => l.startsWith('heapdrop saved the analysis'))).toBe(true);
  await page.getByTestId('tab-histogram').click();
  await page
    .getByPlaceholder(/filter/i)
    .first()
    .fill('java.lang.ref');
  await expect(page.locator('.table-view').first()).toContainText('java.lang.ref');
  const route = new URL(page.url()).hash;
  expect(route).toContain('histogram');

  log.length = 0;
  await page.reload();
  await expect(page.getByTestId('analysis-ready')).toBeVisible();
  await waitForIdle(page);
  // Restored, not analysed: no step ran.
  expect(await steps(page)).toEqual({});
  expect(log.some((l) => l.startsWith('heapdrop restored the saved analysis'))).toBe(true);
  expect(log.some((l) => l.startsWith('heapdrop step timings'))).toBe(false);
  expect(new URL(page.url()).hash).toBe(route);
  await expect(page.locator('.table-view').first()).toContainText('java.lang.ref');
  // The one sentence on what needs the file again.
  await expect(page.getByTestId('readonly-banner')).toContainText('drop it again to read field values and strings');
  await screenshot(page, 'saved-restored-histogram');

  // Dropping the same file again uses the saved analysis with the file for random reads: no step runs.
  log.length = 0;
  await openDumpReady(page, corpus('references.hprof.gz'));
  expect(await steps(page)).toEqual({});
  expect(log.some((l) => l.startsWith('heapdrop restored the saved analysis'))).toBe(true);
  expect(log.some((l) => l.startsWith('heapdrop step timings'))).toBe(false);
  await expect(page.getByTestId('readonly-banner')).toHaveCount(0);
  // It replaces the restored copy of the same dump rather than opening beside it.
  await expect(page.getByTestId('dump-switcher')).toHaveCount(0);

  // The landing page lists it, with its storage; delete and forget all empty the list.
  await page.goto('/#/');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await waitForIdle(page);
  const row = page.getByTestId('saved-analysis').filter({ hasText: 'references.hprof.gz' });
  await expect(row).toBeVisible();
  await expect(page.getByTestId('saved-analyses')).toContainText(
    /Kept in this browser's private storage, never uploaded: [\d.,]+ [KMG]?i?B/,
  );
  await screenshot(page, 'saved-landing-list');
  await row.getByTestId('open-saved').click();
  await expect(page.getByTestId('analysis-ready')).toBeVisible();
  await waitForIdle(page);
  await page.goto('/#/');
  await page.evaluate(() => sessionStorage.clear());
  await page.reload();
  await waitForIdle(page);
  await page.getByTestId('forget-all').click();
  await expect(page.getByTestId('saved-analyses')).toHaveCount(0);
});
