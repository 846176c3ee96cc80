// Duplicate strings on a heap with more Strings than the overview searches unasked (2,000,000): the panel says
// what the search costs and runs it on a click.
import { expect, test } from '@playwright/test';
import { openDumpReady, screenshot, tempDump } from './helpers.ts';
import { stringsDump } from './strings-dump.ts';

const STRINGS = 2_000_100;
const VALUES = 1_000;

test('over 2 M Strings, duplicate strings are searched on a click', async ({ page }) => {
  test.setTimeout(240_000);
  const file = tempDump('strings.hprof', stringsDump(STRINGS, VALUES));
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, file);
  const panel = page.getByTestId('duplicate-strings');
  await expect(panel).toContainText('2,000,100 Strings: the search reads each of them');
  await expect(page.getByTestId('duplicate-row')).toHaveCount(0);
  await page.getByTestId('find-duplicates').click();
  // 1,000 values, each held by 2,000 Strings, or 2,001 for "value-0" to "value-99"; all but one String per value
  // would go. The longer values waste the most (a bigger array each): "value-100" to "value-999" come first.
  const summary = page.getByTestId('duplicate-summary');
  await expect(summary).toContainText('2,000,100 Strings hold 1,000 distinct values. 1,000 values are held more than once');
  await expect(summary).toContainText('in 1,999,100 Strings and their arrays');
  const first = page.getByTestId('duplicate-row').first();
  await expect(first).toContainText('×2,000');
  await expect(first).toContainText(/“value-\d{3}”/);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'overview-duplicates-asked');
});
