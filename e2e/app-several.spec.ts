// Never lose work: a second dump opens beside the first (switchable, each keeping its analysis), and an open that
// fails leaves the current dump as it was.
import { expect, test } from '@playwright/test';
import { afterNextRun, corpus, openDumpReady, screenshot, waitForIdle } from './helpers.ts';

test('two dumps open at once, switching between them; a failed open keeps the current one', async ({ page }) => {
  await page.goto('/');
  await page.evaluate(() => sessionStorage.clear());
  await openDumpReady(page, corpus('references.hprof.gz'));
  const firstUsed = await page.locator('.file-title').textContent();
  await openDumpReady(page, corpus('basics.hprof.gz'));
  const switcher = page.getByTestId('dump-switcher');
  await expect(switcher.locator('option')).toHaveText(['references.hprof.gz', 'basics.hprof.gz']);
  await expect(page.locator('.file-title')).toContainText('basics.hprof.gz');
  await screenshot(page, 'several-two-open');

  // Back to the first: its own analysis (same used-heap figure as when it was opened), no new run.
  const runs = await page.evaluate(() => (window as unknown as { __heapdrop: { runs: number } }).__heapdrop.runs);
  await switcher.selectOption({ label: 'references.hprof.gz' });
  await waitForIdle(page);
  await expect(page.locator('.file-title')).toHaveText(firstUsed!);
  await page.getByTestId('tab-histogram').click();
  await expect(page.locator('.table-view').first()).toContainText('java.lang.ref.SoftReference');
  expect(await page.evaluate(() => (window as unknown as { __heapdrop: { runs: number } }).__heapdrop.runs)).toBe(runs);

  // A file that is not a dump: the open fails, the current dump stays as it was, the other one stays open.
  await afterNextRun(page, () =>
    page
      .locator('input[type=file][data-testid=dump-input]')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a heap dump at all\n') }),
  );
  await expect(page.getByTestId('open-failed')).toContainText('Could not open notes.txt');
  await expect(page.getByTestId('open-failed')).toContainText('references.hprof.gz is open as it was');
  await expect(page.getByTestId('analysis-ready')).toBeVisible();
  await expect(page.locator('.file-title')).toHaveText(firstUsed!);
  await expect(switcher.locator('option')).toHaveCount(2);
  await screenshot(page, 'several-failed-open');

  // Closing asks nothing and shows the other dump.
  await page.getByTestId('close-dump').click();
  await waitForIdle(page);
  await expect(page.locator('.file-title')).toContainText('basics.hprof.gz');
  await expect(page.getByTestId('dump-switcher')).toHaveCount(0);
});
