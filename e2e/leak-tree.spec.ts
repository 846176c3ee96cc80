// The dominator tree on generated leak shapes: group-by-class totals over all children (not the loaded page),
// each class paging its members, and the parent's field shown before each child.
import { expect, test, type Page } from '@playwright/test';
import { corpus, openDumpReady, screenshot, tempDump } from './helpers.ts';
import { deepListDump } from '../src/core/testing/deep-dumps.ts';
import { fanOutDump } from './leak-dumps.ts';

/** The text of the last "show more" row of the tree (the virtual list draws only what is in view: go to the end). */
async function lastMore(page: Page, text: string): Promise<void> {
  await expect(async () => {
    await page.getByTestId('dominator-tree').focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('show-more').last().locator('xpath=..')).toContainText(text, { timeout: 1000 });
  }).toPass();
}

test('group by class counts every child of a node, whatever page is loaded; rows name the parent’s field', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, tempDump('fan-out.hprof', fanOutDump(250, 150)));
  await page.goto(page.url().replace(/#.*$/, '') + '#/dominators');
  const holder = page.getByTestId('dominator-row').filter({ hasText: 'app.Holder' });
  await holder.getByTestId('twisty').click();
  const array = page.getByTestId('dominator-row').filter({ hasText: 'java.lang.Object[]' });
  await expect(array.getByTestId('dominator-field')).toHaveText('items');
  await array.getByTestId('twisty').click();
  // Ungrouped: the first 100 of the array's 400 children, each named by its element index.
  await expect(page.getByTestId('dominator-row').filter({ hasText: 'app.A' }).first().getByTestId('dominator-field')).toHaveText('[0]');
  await lastMore(page, '(100 of 400 shown)');

  await page.getByTestId('group-by-class').check();
  const groups = page.getByTestId('dominator-group');
  // The open objects stay open inside their class groups.
  await groups.filter({ hasText: 'app.Holder' }).click();
  await groups.filter({ hasText: 'java.lang.Object[]' }).click();
  // Under the array: all 250 A (retaining more) then all 150 B, though only 100 children were loaded above.
  await expect(groups.filter({ hasText: 'app.A' })).toContainText('×250');
  await expect(groups.filter({ hasText: 'app.B' })).toContainText('×150');
  await groups.filter({ hasText: 'app.A' }).click();
  await lastMore(page, '(100 of 250 shown)');
  await page.getByTestId('show-more').last().click();
  await lastMore(page, '(200 of 250 shown)');
  // The totals did not move with the page.
  await page.keyboard.press('Home');
  await expect(groups.filter({ hasText: 'app.A' })).toContainText('×250');
  await screenshot(page, 'dominators-group-by-class');
});

test('a suspect card gives the path from a GC root, the loaders and the accumulated objects by class', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1100 });
  await openDumpReady(page, corpus('basics.hprof.gz'));
  // MAT's report for basics (corpus basics.mat-suspects.txt, suspect 1).
  const card = page.getByTestId('suspect').first();
  await expect(card.getByTestId('suspect-loader')).toContainText('jdk.internal.loader.ClassLoaders$AppClassLoader @ 0xffe56098');
  const chain = card.getByTestId('suspect-chain');
  await expect(chain).toContainText('LauncherHelper.appClass → Basics.CACHE → HashMap.table → HashMap$Node[512]');
  await expect(chain).toContainText('<system class loader>');
  const table = card.getByTestId('suspect-accumulated');
  await expect(table.locator('tbody tr')).toHaveCount(4);
  await expect(table.locator('tbody tr').first()).toContainText('byte[]');
  await expect(table.locator('tbody tr').first()).toContainText('400');
  await card.scrollIntoViewIfNeeded();
  await screenshot(page, 'suspect-card-chain');
  await chain.getByRole('link').first().click();
  await expect(page).toHaveURL(/#\/object\/0xd79f5740$/);
});

test('a 5,000-deep linked list folds to one row that opens to its end in one click', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 700 });
  await openDumpReady(page, tempDump('list.hprof', deepListDump(5000)));
  await page.goto(page.url().replace(/#.*$/, '') + '#/dominators');
  await page.getByTestId('dominator-row').filter({ hasText: 'app.ListHolder' }).getByTestId('twisty').click();
  // The holder's only child, the head, starts the chain: 5,000 nodes of one child each (the last one's is its
  // payload), opening to the payload.
  const chain = page.getByTestId('dominator-chain');
  await expect(chain).toContainText('app.ListNode × 5,000 → …');
  await expect(chain).toContainText('byte[] [1000] @ 0x800000');
  // No list node is drawn as a row of its own.
  await expect(page.getByTestId('dominator-row').filter({ hasText: /app\.ListNode @ 0x1[0-9a-f]{5}/ })).toHaveCount(0);
  await screenshot(page, 'dominators-chain-folded');
  await chain.click();
  await expect(page.getByTestId('dominator-row').filter({ hasText: '0x800000' })).toContainText('byte[] [1000]');
  await expect(page.getByTestId('dominator-row').filter({ hasText: /app\.ListNode @ 0x1[0-9a-f]{5}/ })).toHaveCount(0);
  await screenshot(page, 'dominators-chain-open');
});
