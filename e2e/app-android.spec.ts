// An Android dump in the tab (Dalvik, HPROF 1.0.3, heaps zygote and app: corpus external/more, whose README gives
// perflib's and ahat's facts): the heap selector on the overview, the dominator tree and the leak suspects, the
// app heap chosen first and kept in the URL, each size a part in the chosen heap, Android's root kinds named, and
// the classes' static storage (byte[] records at a class's address + 1) never a suspect.
import { existsSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { corpus, openDumpReady, screenshot, waitForIdle } from './helpers.ts';

const dialer = corpus('external/more/dialer.android-hprof');
const missing = existsSync(dialer) ? null : `needs the corpus file ${dialer} (external/more; HEAPDROP_CORPUS moves the corpus)`;
if (missing) console.log(`app-android.spec.ts skipped: ${missing}`);

/** The hash's `heap` parameter (null when the URL leaves it out: the default). */
async function heapParam(page: Page): Promise<string | null> {
  return page.evaluate(() => new URLSearchParams(location.hash.split('?')[1] ?? '').get('heap'));
}

test.describe('Android dump: one heap at a time', () => {
  test.skip(missing !== null, missing ?? '');

  test('overview, dominator tree and suspects limited to the app heap first, every heap on demand', async ({ page }) => {
    await page.setViewportSize({ width: 1400, height: 1000 });
    await openDumpReady(page, dialer);

    // The overview: the app heap is preselected; the URL leaves the default out.
    const select = page.getByTestId('overview-heap');
    await expect(select).toHaveValue('app');
    await expect(select.locator('option')).toHaveText(['zygote (42,188 objects)', 'app (736 objects)', 'every heap']);
    expect(await heapParam(page)).toBeNull();
    await expect(page.getByTestId('overview-heap-figures')).toContainText('The app heap: 736 objects, 30.0 KB');
    // Android's root kinds are named (perflib's facts: 7,286 interned strings, 1 finalizing, 3 debugger roots).
    const roots = page.getByTestId('root-types');
    for (const kind of ['7,286 Interned String', '1 Finalizable', '3 Debugger', '212 JNI Global']) await expect(roots).toContainText(kind);
    await expect(roots).not.toContainText('Unknown');
    // The biggest objects are those retaining the most app bytes: a class whose statics hold 2,160 of them.
    const bars = page.getByTestId('top-dominators');
    await expect(bars.locator('.bar-row').first()).toContainText('0xb0d36010');
    await expect(bars.locator('.bar-value').first()).toHaveText('2.11 KB');
    // The suspects over the app heap: MAT's rules on app bytes (10% of 30,760 is 3,076).
    const suspects = page.getByTestId('suspects');
    await expect(suspects).toHaveAttribute('data-heap', 'app');
    await expect(suspects.getByRole('heading')).toContainText('Leak suspects in the app heap');
    const each = suspects.getByTestId('suspect');
    await expect(each).toHaveCount(2);
    await expect(each.nth(0)).toContainText('42 top-level instances of java.lang.Class retain 12.2 KB in the app heap');
    await expect(each.nth(1)).toContainText('89 top-level instances of java.lang.String retain 5.98 KB in the app heap');
    // The classes' static storage is kept alive by the classes (22 arrays in the app heap), never a suspect itself.
    await expect(each.nth(0)).toContainText('<class static storage> (22, 5.45 KB)');
    for (const title of await suspects.locator('.suspect-title').allInnerTexts()) {
      expect(title).not.toContain('byte[]');
      expect(title).not.toContain('<class static storage>');
    }
    await suspects.scrollIntoViewIfNeeded();
    await screenshot(page, 'android-overview-app');

    // Every heap: the whole dump's suspects (the zygote's classes, strings and nine-patch bitmaps); the URL says so.
    await select.selectOption('all');
    await expect(suspects).toHaveAttribute('data-heap', 'all');
    await expect(page.getByTestId('overview-heap-figures')).toHaveCount(0);
    await expect(suspects.getByTestId('suspect')).toHaveCount(3);
    await expect(suspects.getByTestId('suspect').nth(2)).toContainText('top-level instances of android.graphics.NinePatch');
    expect(await heapParam(page)).toBe('all');
    await waitForIdle(page);
    await screenshot(page, 'android-overview-all');
    // A reload keeps the choice.
    await page.reload();
    await expect(page.getByTestId('analysis-ready')).toBeVisible();
    await expect(page.getByTestId('overview-heap')).toHaveValue('all');
    await page.getByTestId('overview-heap').selectOption('app');
    expect(await heapParam(page)).toBeNull();

    // The dominator tree limited to the app heap: the ActivityThread class retains 592 app bytes (perflib, with
    // its header-less sizes: 576) of its 1,264; the HtmlParser class retains none there (perflib: 0).
    await page.getByRole('link', { name: 'Dominators' }).first().click();
    const heapSelect = page.getByTestId('dominators-heap');
    await expect(heapSelect).toHaveValue('app');
    await expect(page.getByTestId('tree-status')).toContainText('222 top-level dominators retaining bytes in the app heap');
    await expect(page.getByTestId('group-by-class')).toBeDisabled();
    const tree = page.getByTestId('dominator-tree');
    await expect(tree.getByTestId('dominator-row').first()).toContainText('0xb0d36010');
    await expect(tree.getByTestId('dominator-row').first()).toContainText('2.11 KB');
    await screenshot(page, 'android-dominators-app');
    await page.goto(page.url().split('#')[0] + '#/dominators?focus=0xb0d99630');
    const focused = tree.getByTestId('dominator-row').filter({ hasText: '0xb0d99630' });
    await expect(focused).toContainText('592 B');
    // A shared link to the zygote heap opens it there: the HtmlParser class retains 126,632 zygote bytes (perflib,
    // header-less: 116,492).
    await page.goto(page.url().split('#')[0] + '#/dominators?heap=zygote&focus=0xb0e3c2f8');
    await expect(page.getByTestId('dominators-heap')).toHaveValue('zygote');
    await expect(tree.getByTestId('dominator-row').filter({ hasText: '0xb0e3c2f8' })).toContainText('124 KB');
    await screenshot(page, 'android-dominators-zygote');
    // Every heap: the whole retained sizes, and grouping by class offered again.
    await page.getByTestId('dominators-heap').selectOption('all');
    await expect(page.getByTestId('group-by-class')).toBeEnabled();
    await expect(page.getByTestId('tree-status')).not.toContainText('retaining bytes in');
    expect(await heapParam(page)).toBe('all');
  });
});

test('a dump without heaps shows no heap selector', async ({ page }) => {
  const plain = corpus('basics.hprof.gz');
  test.skip(!existsSync(plain), `needs the parity corpus file ${plain}`);
  await openDumpReady(page, plain);
  await expect(page.getByTestId('suspects')).toHaveAttribute('data-heap', 'all');
  await expect(page.getByTestId('overview-heap')).toHaveCount(0);
  await page.getByRole('link', { name: 'Dominators' }).first().click();
  await expect(page.getByTestId('dominator-tree')).toBeVisible();
  await expect(page.getByTestId('dominators-heap')).toHaveCount(0);
});
