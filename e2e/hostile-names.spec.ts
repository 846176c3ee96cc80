// A dump whose names carry ESC, BEL, CR, TAB, LF, C1 and U+202E (RIGHT-TO-LEFT OVERRIDE), opened from a file whose
// name holds U+202E too: the page shows those characters as escapes and none of them raw, so nothing is
// reversed or hidden, the header and the switcher of open dumps included. Screenshots: the header and histogram,
// and the dominator tree.
import { expect, test } from '@playwright/test';
import { HOSTILE_NAMES } from '../src/core/testing/hostile-names.ts';
import { namedDump } from '../src/core/testing/named-dumps.ts';
import { openDumpReady, screenshot, tempDump } from './helpers.ts';

// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('control and bidi characters from the dump are shown as escapes, never raw', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  // The file name reads "invoice" + RLO + "fdp.hprof": raw, it would display as "invoicefphr.pdf"-like text.
  const file = tempDump('invoice\u202efdp.hprof', namedDump(HOSTILE_NAMES));
  await openDumpReady(page, file);
  await expect(page.locator('.file-title')).toContainText('invoice\\u202efdp.hprof');
  expect(await page.title()).toContain('invoice\\u202efdp.hprof');

  await page.goto('/#/histogram');
  await page.getByTestId('histogram-filter').fill('evil');
  const row = page.getByTestId('histogram-row').first();
  await expect(row).toContainText('evil.Red\\x1b[31mX\\x07Bell\\rCR\\tTab\\u202eevil');
  expect(await page.locator('body').innerText()).not.toMatch(RAW);
  await screenshot(page, 'hostile-names-histogram');

  await page.goto('/#/dominators');
  await expect(page.locator('.cls').filter({ hasText: 'class evil.Red\\x1b' }).first()).toBeVisible();
  expect(await page.locator('body').innerText()).not.toMatch(RAW);
  // The isolation is on: a name's element does not join the bidi run of the text around it.
  const bidi = await page
    .locator('.cls')
    .first()
    .evaluate((el) => getComputedStyle(el).unicodeBidi);
  expect(bidi).toBe('isolate');
  await screenshot(page, 'hostile-names-dominators');

  // A second dump open: the switcher lists both titles, escaped like every other dump string.
  await openDumpReady(page, tempDump('plain.hprof', namedDump({ ...HOSTILE_NAMES, packageName: 'plain' })));
  const options = page.getByTestId('dump-switcher').locator('option');
  await expect(options).toHaveText(['invoice\\u202efdp.hprof', 'plain.hprof']);
  for (const text of await options.allTextContents()) expect(text).not.toMatch(RAW);
});
