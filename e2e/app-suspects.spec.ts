// A group leak suspect with an accumulation point (the corpus dumps' groups have none): twenty app.Entry objects,
// each a top-level dominator (two GC roots' arrays hold them all), whose shortest paths from the roots all run
// through the first root's array.
import { expect, test } from '@playwright/test';
import { openDumpReady, screenshot, tempDump } from './helpers.ts';
import { twoHoldersDump } from './leak-dumps.ts';

test('a group suspect shows where its objects’ paths from the GC roots meet', async ({ page }) => {
  const file = tempDump('group.hprof', twoHoldersDump(20));
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, file);
  const group = page.getByTestId('suspect').filter({ hasText: 'top-level instances of app.Entry' });
  await expect(group).toHaveAttribute('data-kind', 'group');
  await expect(group).toContainText('20 top-level instances of app.Entry');
  // Both roots' arrays hold every entry; the search meets the first root's array first: all 20 paths run through
  // it, and below it each path carries one entry (5% < 70%), so it is the accumulation point, one step below the
  // root.
  const point = group.getByTestId('group-point');
  await expect(point).toContainText('java.lang.Object[]');
  await expect(point).toContainText('@ 0x200000');
  await expect(point).toContainText('1 reference below a GC root');
  await group.scrollIntoViewIfNeeded();
  await screenshot(page, 'suspect-group-point');
});
