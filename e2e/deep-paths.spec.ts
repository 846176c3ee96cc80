// Long paths in the views, on a generated linked list a million nodes deep: the treemap zoomed into its middle,
// the dominator tree focused on its last node and the inspector's path from the GC roots each draw the ends of
// the path and one "… N more …" for the rest. Times are measured inside the page (performance.now()) and printed,
// not asserted. And a map's 2,000 small entries as one class box in the treemap.
import { expect, test, type Page } from '@playwright/test';
import { openDumpReady, screenshot, tempDump } from './helpers.ts';
import { DEEP_LIST, deepListDump, MAP_LEAK, mapLeakDump } from '../src/core/testing/deep-dumps.ts';

const N = 1_000_000;
const hex = (id: number): string => '0x' + id.toString(16);
const count = (n: number): string => n.toLocaleString('en-US');

/** Sets the hash (null: leaves it to `ready`), waits until `ready` holds, and returns the milliseconds between
 *  the two, taken in the page. */
async function timed(page: Page, hash: string | null, ready: () => Promise<void>): Promise<number> {
  await page.evaluate((h) => {
    (window as unknown as { __t0: number }).__t0 = performance.now();
    if (h !== null) location.hash = h;
  }, hash);
  await ready();
  return page.evaluate(() => performance.now() - (window as unknown as { __t0: number }).__t0);
}

test(`a ${count(N)}-deep list: treemap zoom, dominator focus and path from the GC roots stay bounded`, async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, tempDump('deep-list.hprof', deepListDump(N)));
  const middle = hex(DEEP_LIST.node(N / 2));
  const last = hex(DEEP_LIST.node(N - 1));

  // The treemap zoomed into the middle node: its path (the holder and N/2 + 1 nodes) reads Heap › ListHolder ›
  // ListNode › … › the four levels above and the node itself; the rest of the list is one chain box.
  const crumbs = page.getByTestId('treemap-breadcrumb');
  const chainBox = page.locator(`[data-testid=treemap-cell][data-address="${hex(DEEP_LIST.node(N / 2 + 1))}"]`);
  const zoomMs = await timed(page, `#/treemap?root=${middle}`, async () => {
    await expect(chainBox).toContainText(`ListNode × ${count(N / 2 - 1)} → …`);
  });
  await expect(crumbs.getByTestId('treemap-crumb-elided')).toHaveText(`… ${count(N / 2 + 2 - 6)} more …`);
  await expect(crumbs.getByTestId('treemap-crumb')).toHaveCount(6);
  await expect(crumbs.getByTestId('treemap-crumb').first()).toHaveText('ListHolder');
  await expect(crumbs.getByTestId('treemap-crumb').last()).toHaveAttribute('title', `app.ListNode @ ${middle}`);
  await screenshot(page, 'deep-treemap-middle');
  // The chain box zooms to the chain's end in one click: the last node, which holds the payload.
  const endMs = await timed(page, null, async () => {
    await chainBox.click();
    await expect(page.locator(`[data-testid=treemap-cell][data-address="${hex(DEEP_LIST.payload)}"]`)).toBeVisible();
  });
  await expect(page).toHaveURL(new RegExp(`root=${last}`));
  await expect(crumbs.getByTestId('treemap-crumb-elided')).toHaveText(`… ${count(N + 1 - 6)} more …`);
  await screenshot(page, 'deep-treemap-end');

  // The dominator tree focused on the last node: the holder and the first levels, one row for the levels between,
  // the levels above the node, the node selected.
  const focusMs = await timed(page, `#/dominators?focus=${last}`, async () => {
    await expect(page.getByTestId('dominator-tree').locator('[aria-selected=true]')).toContainText(last);
  });
  const elided = page.getByTestId('dominator-elided');
  await expect(elided).toContainText(`… ${count(N + 1 - 16)} more levels …`);
  await expect(page.getByTestId('dominator-row').filter({ hasText: hex(DEEP_LIST.holder) })).toBeVisible();
  await screenshot(page, 'deep-dominators-focus');
  await elided.click();
  await expect(elided).toContainText(`… ${count(N + 1 - 36)} more levels …`);

  // The inspector on the last node: its path from the GC roots has N + 1 steps; the first and last 12 are drawn.
  const pathMs = await timed(page, `#/object/${last}`, async () => {
    await expect(page.getByTestId('path-elided')).toHaveText(`… ${count(N + 1 - 24)} more steps …`);
  });
  const steps = page.getByTestId('path-step');
  await expect(steps).toHaveCount(24);
  await expect(page.getByTestId('path-length')).toHaveText(`${count(N + 1)} steps from a GC root`);
  await expect(steps.first()).toContainText('app.ListHolder');
  await expect(steps.first()).toContainText('.head');
  await expect(steps.last()).toContainText(last);
  await page.getByTestId('path-elided').click();
  await expect(page.getByTestId('path-elided')).toHaveText(`… ${count(N + 1 - 74)} more steps …`);
  await screenshot(page, 'deep-inspector-path');
  console.log(
    `deep list of ${count(N)}: treemap zoom to the middle ${zoomMs.toFixed(0)} ms, to the chain's end ${endMs.toFixed(0)} ms, ` +
      `dominator focus on the last node ${focusMs.toFixed(0)} ms, inspector path ${pathMs.toFixed(0)} ms`,
  );
});

test('a map’s 2,000 small entries are one class box that zooms into them, listed in pages', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, tempDump('map-leak.hprof', mapLeakDump(2000)));
  await page.goto(page.url().replace(/#.*$/, '') + `#/treemap?root=${hex(MAP_LEAK.table)}`);
  const box = page.getByTestId('treemap-cell').filter({ hasText: '2,000 × LeakMap$Entry — ' });
  await expect(box).toHaveCount(1);
  await screenshot(page, 'treemap-class-box');
  await box.click();
  await expect(page).toHaveURL(/of=0x800000&class=\d+/);
  await expect(page.getByTestId('treemap-crumb-group')).toHaveText('2,000 × LeakMap$Entry');
  const list = page.getByTestId('treemap-members');
  await expect(list).toContainText('50 of 2,000 objects of this class');
  await expect(page.getByTestId('treemap-member')).toHaveCount(50);
  await expect(page.getByTestId('treemap-member').first()).toContainText('app.LeakMap$Entry');
  await page.getByTestId('treemap-members-more').click();
  await expect(page.getByTestId('treemap-member')).toHaveCount(100);
  // The entries themselves fill the zoomed box.
  expect(await page.getByTestId('treemap-cell').count()).toBeGreaterThan(100);
  await screenshot(page, 'treemap-class-zoom');

  // "N others" under the cache (its small listeners' array) opens the cache's children by class.
  await page.goto(page.url().replace(/#.*$/, '') + `#/treemap?root=${hex(MAP_LEAK.cache)}`);
  // The cache's own boxes (the class zoom also has an "others" box: wait until it is gone).
  await expect(page.getByTestId('treemap-crumb-group')).toHaveCount(0);
  await expect(page.locator(`[data-testid=treemap-cell][data-address="${hex(MAP_LEAK.map)}"]`)).toBeVisible();
  const others = page.locator('[data-testid=treemap-cell][data-kind=others]');
  await expect(others).toHaveCount(1);
  await others.click();
  await expect(page).toHaveURL(new RegExp(`of=${hex(MAP_LEAK.cache)}&by=class`));
  const rows = page.getByTestId('treemap-class-row');
  await expect(rows).toHaveCount(3);
  await expect(page.getByTestId('treemap-classes')).toContainText('3 children in 3 classes');
  await expect(rows.nth(2)).toContainText('1 × java.lang.Object[]');
  await screenshot(page, 'treemap-others-by-class');
  await rows.nth(2).getByRole('link').click();
  await expect(page.getByTestId('treemap-member')).toHaveCount(1);
  await expect(page.getByTestId('treemap-member')).toContainText(`java.lang.Object[]`);
});
