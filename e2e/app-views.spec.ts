// Every view on a real corpus dump, against Eclipse MAT's answers for that file.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { corpus, openDumpReady, screenshot } from './helpers.ts';

/** Opens the histogram's side pane of the one class the filter matches, in a mode ('held-by', 'paths'). */
async function openClassPane(page: Page, filter: string, mode: string): Promise<void> {
  await page.goto('/#/histogram');
  await page.getByTestId('histogram-filter').fill(filter);
  await expect(page.getByTestId('histogram-row')).toHaveCount(1);
  await page.getByTestId('histogram-row').first().click();
  await page.getByTestId(`mode-${mode}`).click();
}

/** MAT's top dominator-tree root of basics.hprof.gz (first data line of the TSV). */
function matTopRoot(): { address: string; className: string; retained: number } {
  const [, first] = readFileSync(corpus('basics.mat-dominator-roots.tsv'), 'utf8').split('\n');
  const [address, className, , retained] = first.split('\t');
  return { address, className, retained: Number(retained) };
}

test.describe('basics.hprof.gz', () => {
  test.beforeEach(async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 900 });
    await openDumpReady(page, corpus('basics.hprof.gz'));
  });

  test('overview shows the summary and the top dominator as MAT does', async ({ page }) => {
    await expect(page).toHaveURL(/#\/overview$/);
    const summary = page.getByTestId('summary');
    await expect(summary).toContainText('76,228'); // objects (MAT)
    await expect(summary).toContainText('HPROF 1.0.2');
    await expect(summary).toContainText('26,335,624 bytes'); // used heap (MAT)
    await expect(summary).toContainText('601'); // GC roots (MAT)
    const first = page.getByTestId('top-dominators').getByTestId('object-link').first();
    await expect(first).toContainText('class Basics');
    await expect(page.getByTestId('callout')).toContainText('class Basics');
    // Basics.CACHE is a HashMap of 200 entries of 100,000-byte arrays (corpus programs/Basics.java).
    await expect(page.getByTestId('accumulation')).toContainText('java.util.HashMap$Node[]');
    // MAT's two leak suspects (corpus basics.mat-suspects.txt): class Basics, accumulating in the HashMap's table,
    // and the thread stack-holder, whose local int[1000000] holds 15%.
    const suspects = page.getByTestId('suspect');
    await expect(suspects).toHaveCount(2);
    await expect(suspects.nth(0)).toHaveAttribute('data-kind', 'class');
    await expect(suspects.nth(0)).toContainText('class Basics @ 0xc0e82320');
    await expect(suspects.nth(0)).toContainText('java.util.HashMap$Node[] @ 0xd79f5740');
    await expect(suspects.nth(0)).toContainText('byte[] (437,');
    await expect(suspects.nth(1)).toHaveAttribute('data-kind', 'thread');
    await expect(suspects.nth(1)).toContainText('stack-holder');
    await expect(suspects.nth(1)).toContainText('int[] @ 0xc0f00000');
    await screenshot(page, 'overview');
    // Duplicate strings: 7,471 Strings, 7,394 values, 61 held more than once (the same counts as decoding every
    // String one by one: src/core/parity/duplicate-strings.test.ts); the largest waste first.
    await expect(page.getByTestId('duplicate-summary')).toContainText(
      '7,471 Strings hold 7,394 distinct values. 61 values are held more than once',
    );
    const firstDuplicate = page.getByTestId('duplicate-row').first();
    await expect(firstDuplicate).toContainText('“reinvoke_L”');
    await expect(firstDuplicate).toContainText('×5');
    await expect(page.getByTestId('duplicate-row')).toHaveCount(10);
    await page
      .getByTestId('duplicate-strings')
      .getByRole('button', { name: /Show 50 more/ })
      .click();
    await expect(page.getByTestId('duplicate-row')).toHaveCount(60);
    await screenshot(page, 'overview-duplicates');
    await firstDuplicate.getByRole('link').click();
    await expect(page.getByTestId('inspector-class')).toHaveText('java.lang.String');
  });

  test("dominator tree: top row is MAT's class and retained size, rows expand", async ({ page }) => {
    const top = matTopRoot();
    await page.getByTestId('tab-dominators').click();
    await expect(page).toHaveURL(/#\/dominators$/);
    const row = page.getByTestId('dominator-row').first();
    await expect(row).toContainText('class Basics');
    await expect(row).toContainText('20.4 MB');
    await expect(row.locator('[title="21,339,848 bytes"]')).toHaveCount(1); // exact bytes in the tooltip
    expect(top.retained).toBe(21339848);
    await expect(row).toContainText(top.address);
    // Labels that need the dump's bytes (a thread's name) arrive with the page, as MAT's display column has them.
    await expect(page.getByTestId('dominator-row').nth(1)).toContainText('java.lang.Thread');
    await expect(page.getByTestId('dominator-row').nth(1)).toContainText('stack-holder');
    await row.getByTestId('twisty').click();
    await expect(page.getByTestId('dominator-row').nth(1)).toBeVisible();
    await expect(row).toHaveAttribute('aria-expanded', 'true');
    await screenshot(page, 'dominators');
  });

  test('dominator tree pages its children and groups them by class', async ({ page }) => {
    await page.goto('/#/dominators');
    const tree = page.getByTestId('dominator-tree');
    await expect(page.getByTestId('dominator-row').first()).toBeVisible();
    await tree.focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End'); // the last row: "Show 100 more" under the 3,366 top-level dominators (MAT)
    const more = page.getByTestId('show-more');
    await expect(more.locator('xpath=..')).toContainText('(100 of 3,366 shown)');
    await more.click();
    // The next "more" row is 100 rows further down: go to the end again once the page has arrived.
    await expect(async () => {
      await tree.focus();
      await page.keyboard.press('End');
      await expect(page.getByTestId('show-more').locator('xpath=..')).toContainText('(200 of 3,366 shown)', { timeout: 1000 });
    }).toPass();
    await page.getByTestId('group-by-class').check();
    await expect(page.locator('.group-row').first()).toContainText('java.lang.Class');
  });

  test('histogram sorts, filters and lists instances', async ({ page }) => {
    await page.goto('/#/histogram');
    await expect(page.getByTestId('histogram-row').first()).toBeVisible();
    await page.getByTestId('histogram-filter').fill('/^java\\.lang\\.String$/');
    await expect(page.getByTestId('histogram-row')).toHaveCount(1);
    await expect(page.getByTestId('histogram-count')).toContainText('1 of');
    await page.getByTestId('histogram-row').first().click();
    await expect(page.getByTestId('instances-pane').getByTestId('object-link').first()).toBeVisible();
    await screenshot(page, 'histogram');
    await page.getByTestId('histogram-filter').fill('');
    await page.getByTestId('histogram-group').selectOption('package');
    await expect(page.locator('.group-row').first()).toBeVisible();
    // Each package shows its own minimum retained size (the engine's groupRetained), with the exact bytes on hover.
    const groupRetained = page.locator('.group-row').first().getByTestId('group-retained');
    await expect(groupRetained).toHaveText(/^[\d.,]+ (B|KB|MB|GB)$/);
    await expect(groupRetained).toHaveAttribute('title', /^[\d,]+ bytes?$/);
    await screenshot(page, 'histogram-packages');
  });

  test('histogram: what holds a class’s objects (MAT’s immediate dominators)', async ({ page }) => {
    await openClassPane(page, '/^byte\\[\\]$/', 'held-by');
    const rows = page.getByTestId('held-by-row');
    // MAT's default skips JDK classes, class objects (java.lang.Class) included: Basics.CACHE's 200 arrays and
    // the strings' bytes end at the root. 7,743 of the 7,756 byte[] with MAT's current pattern (java, javax,
    // com.sun, sun, jdk; the same query on MAT's objects file: src/core/parity/immediate-dominators.test.ts).
    await expect(rows.first()).toContainText('<ROOT>');
    await expect(rows.first()).toContainText('7,743');
    await screenshot(page, 'held-by');
    // Nothing skipped: the cache's HashMap$Node entries hold 206 arrays, 20,003,488 bytes.
    await page.getByTestId('held-by-skip').uncheck();
    await expect(rows.first()).toContainText('java.util.HashMap$Node');
    await expect(rows.first()).toContainText('×206');
    await expect(rows.first().locator('[title="20,003,488 bytes"]')).toHaveCount(1);
    await rows.first().locator('.group-row').click();
    const largest = rows.first().getByTestId('object-link');
    await expect(largest).toHaveCount(5);
    await expect(largest.first()).toContainText('java.util.HashMap$Node @ 0x');
    await screenshot(page, 'held-by-unskipped');
    await largest.first().click();
    await expect(page).toHaveURL(/#\/object\/0x[0-9a-f]+$/);
    await expect(page.getByTestId('inspector-class')).toHaveText('java.util.HashMap$Node');
  });

  test('histogram: merged shortest paths from the GC roots to a class’s objects', async ({ page }) => {
    await openClassPane(page, '/^Basics\\$ListNode$/', 'paths');
    const rows = page.getByTestId('merged-row');
    // All 50,000 list nodes hang off Basics.LIST_HEAD (corpus programs/Basics.java): one chain, opened by itself.
    await expect(rows.first()).toContainText('50,000');
    const head = rows.filter({ hasText: '<static> LIST_HEAD →' });
    await expect(head).toHaveCount(1);
    await expect(head).toContainText('Basics$ListNode');
    await expect(head).toContainText('50,000');
    await expect(rows.filter({ hasText: 'next →' }).first()).toContainText('49,999');
    await screenshot(page, 'merged-paths');
    await page.getByTestId('merged-exclude-weak').uncheck();
    await expect(rows.filter({ hasText: '<static> LIST_HEAD →' })).toHaveCount(1);
    await expect(page.getByTestId('merged-unreached')).toHaveCount(0);
  });

  test('histogram compares with a baseline dump analysed in a worker of its own', async ({ page }) => {
    await page.goto('/#/histogram');
    await expect(page.getByTestId('histogram-row').first()).toBeVisible();
    await page.getByTestId('baseline-input').setInputFiles(corpus('references.hprof.gz'));
    // Totals: basics has 32,088 more objects and 23,137,256 more shallow bytes than references (both histograms
    // equal MAT's: src/core/parity/parity.test.ts).
    const chip = page.getByTestId('baseline-chip');
    await expect(chip).toContainText('vs references.hprof.gz: +32,088 objects, +22.1 MB');
    await page.getByRole('button', { name: '\u0394 Objects' }).click();
    const first = page.getByTestId('histogram-row').first();
    await expect(first).toContainText('Basics$ListNode');
    await expect(first).toContainText('+50,000');
    await expect(first).toContainText('+1,200,000');
    // byte[]: fewer arrays than in references, but 18 MB more.
    await page.getByTestId('histogram-filter').fill('/^byte\\[\\]$/');
    await expect(page.getByTestId('histogram-row').first()).toContainText('\u22121,752');
    await expect(page.getByTestId('histogram-row').first()).toContainText('+18,276,344');
    await screenshot(page, 'histogram-baseline');
    await page.getByRole('button', { name: 'Stop comparing' }).click();
    await expect(page.getByRole('button', { name: '\u0394 Objects' })).toHaveCount(0);
    await expect(page.getByTestId('compare')).toBeVisible();
  });

  test('histogram renders only the visible rows and exports CSV', async ({ page }) => {
    await page.goto('/#/histogram');
    await expect(page.getByTestId('histogram-count')).toContainText('650 of 650 classes');
    const rendered = await page.locator('[data-testid=histogram-table] .vrow').count();
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(100);
    await page.getByRole('button', { name: 'Objects' }).click();
    await expect(page.getByTestId('histogram-row').first()).toContainText('Basics$ListNode'); // 50,000 instances
    const download = page.waitForEvent('download');
    await page.getByTestId('export-csv').click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').split('\r\n');
    expect(lines[0]).toBe('class,instances,shallow_bytes,retained_bytes,class_address,loader_address');
    expect(lines[1]).toMatch(/^Basics\$ListNode,50000,/);
    expect(lines.filter((l) => l !== '')).toHaveLength(651);
  });

  test('keyboard: arrows move, Right expands, Left collapses, Enter opens the inspector', async ({ page }) => {
    await page.goto('/#/dominators');
    const tree = page.getByTestId('dominator-tree');
    await expect(page.getByTestId('dominator-row').first()).toBeVisible();
    await tree.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.locator('.vrow.selected')).toContainText('class Basics');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('dominator-row').first()).toHaveAttribute('aria-expanded', 'true');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    await expect(page.locator('.vrow.selected')).toContainText('class Basics');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('dominator-row').first()).toHaveAttribute('aria-expanded', 'false');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('inspector-class')).toHaveText('class Basics');
  });

  test('treemap draws cells and zooms', async ({ page }) => {
    await page.goto('/#/treemap');
    const cells = page.getByTestId('treemap-cell');
    await expect(cells.first()).toBeVisible();
    expect(await cells.count()).toBeGreaterThan(10);
    await screenshot(page, 'treemap');
    const top = matTopRoot();
    await page.locator(`[data-testid=treemap-cell][data-address="${top.address}"]`).click({ position: { x: 30, y: 5 } });
    await expect(page).toHaveURL(new RegExp(`#/treemap\\?root=${top.address}$`));
    await expect(page.getByTestId('treemap-breadcrumb')).toContainText('class Basics');
    await expect(cells.first()).toBeVisible();
    await screenshot(page, 'treemap-zoomed');
    await page.goBack();
    await expect(page).toHaveURL(/#\/treemap$/);
  });

  test('inspector shows fields and the path to GC roots', async ({ page }) => {
    const top = matTopRoot();
    await page.goto(`/#/object/${top.address}`);
    await expect(page.getByTestId('inspector-class')).toHaveText('class Basics');
    await expect(page.getByTestId('inspector-retained')).toHaveText('20.4 MB');
    await expect(page.getByTestId('inspector-retained')).toHaveAttribute('title', '21,339,848 bytes');
    await expect(page.getByTestId('path-to-roots').getByTestId('path-step').first()).toBeVisible();
    await screenshot(page, 'inspector');
    // MAT's second root: the Thread whose stack alone holds a 1,000,000-int array (docs/mat-semantics.md: stack-holder).
    const [, , second] = readFileSync(corpus('basics.mat-dominator-roots.tsv'), 'utf8').split('\n');
    const [address, , , retained] = second.split('\t');
    await page.goto(`/#/object/${address}`);
    await expect(page.getByTestId('inspector-class')).toHaveText('java.lang.Thread');
    await expect(page.getByTestId('inspector-retained')).toHaveAttribute('title', `${Number(retained).toLocaleString('en-US')} bytes`);
    await expect(page.getByTestId('dominated').getByTestId('object-link').first()).toContainText('int[]');
    await expect(page.getByTestId('outgoing')).toContainText('<Java Local>');
  });

  test('dark theme follows the OS', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/#/dominators');
    await expect(page.getByTestId('dominator-row').first()).toBeVisible();
    const bg = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    expect(bg).toBe('rgb(30, 31, 34)');
    await screenshot(page, 'dominators-dark');
    await page.goto('/#/treemap');
    await expect(page.getByTestId('treemap-cell').first()).toBeVisible();
    await screenshot(page, 'treemap-dark');
  });
});
