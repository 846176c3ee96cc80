// Every view at the two common laptop sizes, on a dump whose class names are long javac-style nested names
// (test-fixtures/screens: com.example.compiler.tree.JCTree$JCMethodInvocation$Builder$Inner and longer). The
// screenshots (test-results/screenshots/screens-<width>-<view>.png) are for reading; the assertions check what
// must hold at any width: the simple names are shown whole, the header's tabs sit on one line.
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import { openDumpReady, repoRoot, screenshot } from './helpers.ts';

const DUMP = path.join(repoRoot, 'test-fixtures/screens/nested-names.hprof.gz');
const INNER = 'com.example.compiler.tree.JCTree$JCMethodInvocation$Builder$Inner';
const CONTEXT = 'com.example.compiler.tree.JCTree$JCExpressionStatement$TypeAnnotationPositionResolver$DeferredAttributionContext';

/** The simple-name parts of the class names in view are never cut (their box is as wide as their text). */
async function expectSimpleNamesWhole(page: Page): Promise<void> {
  const cut = await page
    .locator('.clsname-simple')
    .evaluateAll((els) => els.filter((e) => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(cut).toEqual([]);
}

/** All tabs on one line: the same top, inside the header. */
async function expectTabsOnOneLine(page: Page): Promise<void> {
  const tops = await page.locator('.tabs .tab').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  const overflow = await page.locator('.tabs').evaluate((e) => e.scrollWidth - e.clientWidth);
  expect(overflow).toBe(0);
  // The header's right-hand items (file title, find, buttons) sit side by side without covering each other.
  const boxes = await page.locator('.topbar-right > *').evaluateAll((els) =>
    els
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0)
      .map((r) => [r.left, r.right]),
  );
  for (let i = 1; i < boxes.length; i++) expect(boxes[i][0]).toBeGreaterThanOrEqual(boxes[i - 1][1] - 1);
  // The file title's parts stay inside their boxes (the name's end does not run over the used size, which gives
  // way first).
  const spill = await page.getByTestId('file-title').evaluate((e) =>
    Math.max(
      ...[e, ...e.querySelectorAll('*')]
        // A part that clips its own text (an ellipsis) does not spill over its neighbours.
        .filter((x) => getComputedStyle(x).overflowX === 'visible')
        .map((x) => x.scrollWidth - x.clientWidth),
    ),
  );
  expect(spill).toBeLessThanOrEqual(1);
}

for (const [width, height] of [
  [1280, 800],
  [1440, 900],
] as const) {
  test(`every view at ${width}×${height}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    const shot = async (view: string) => {
      await expectSimpleNamesWhole(page);
      await screenshot(page, `screens-${width}-${view}`);
    };
    await page.goto('/');
    await shot('landing');
    await openDumpReady(page, DUMP);
    await expect(page.getByTestId('top-dominators')).toBeVisible();
    await expectTabsOnOneLine(page);
    await shot('overview');

    await page.goto('/#/histogram');
    await expect(page.getByTestId('histogram-row').first()).toBeVisible();
    await shot('histogram');
    await page.getByTestId('histogram-group').selectOption('package');
    await expect(page.locator('.group-row').first()).toBeVisible();
    await page.locator('.group-row', { hasText: 'com.example' }).first().click();
    await shot('histogram-packages');

    for (const mode of ['instances', 'held-by', 'paths']) {
      await page.goto(`/#/histogram`);
      await page.getByTestId('histogram-filter').fill(`/Builder\\$Inner$/`);
      await expect(page.getByTestId('histogram-row')).toHaveCount(1);
      await expect(page.getByTestId('histogram-row').getByTestId('class-name')).toHaveAttribute(
        'title',
        new RegExp(`^${INNER.replace(/\$/g, '\\$')} `),
      );
      await page.getByTestId('histogram-row').first().click();
      await page.getByTestId(`mode-${mode}`).click();
      const pane = page.getByTestId('instances-pane');
      if (mode === 'instances') await expect(pane.getByTestId('object-link').first()).toBeVisible();
      else await expect(pane.getByTestId(mode === 'held-by' ? 'held-by-row' : 'merged-row').first()).toBeVisible();
      await shot(`histogram-${mode}`);
    }

    await page.goto('/#/dominators');
    await expect(page.getByTestId('dominator-row').first()).toBeVisible();
    await page.getByTestId('twisty').first().click();
    await expect(page.getByTestId('dominator-row').first()).toHaveAttribute('aria-expanded', 'true');
    await shot('dominators');

    await page.goto('/#/treemap');
    await expect(page.getByTestId('treemap-cell').first()).toBeVisible();
    await shot('treemap');

    await page.goto('/#/threads');
    await expect(page.getByTestId('stack-local').first()).toBeVisible();
    await shot('threads');

    await page.goto('/#/roots?type=Thread');
    await expect(page.getByTestId('root-object').first()).toBeVisible();
    await shot('roots');

    await page.goto('/#/diff');
    await expect(page.getByTestId('diff-view')).toBeVisible();
    await shot('diff');

    // An object whose class has the longest name: the inspector's header.
    await page.goto('/#/histogram');
    await page.getByTestId('histogram-filter').fill('/DeferredAttributionContext$/');
    await page.getByTestId('histogram-row').first().click();
    await page.getByTestId('instances-pane').getByTestId('object-link').first().click();
    await expect(page.getByTestId('inspector-class')).toHaveText(CONTEXT);
    await expect(page.getByTestId('path-to-roots')).toBeVisible();
    await shot('inspector');
  });
}
