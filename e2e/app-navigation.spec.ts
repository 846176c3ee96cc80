// Routes, back/forward, the sample, the inspector's links, and main-thread responsiveness during analysis.
import { expect, test } from '@playwright/test';
import { afterNextRun, corpus, openDumpReady, screenshot } from './helpers.ts';

test('back and forward move between views, object pages included', async ({ page }) => {
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await expect(page).toHaveURL(/#\/overview$/);
  await page.getByTestId('tab-histogram').click();
  await expect(page.getByTestId('view-histogram')).toBeVisible();
  await page.getByTestId('tab-dominators').click();
  await expect(page.getByTestId('view-dominators')).toBeVisible();
  const first = page.getByTestId('dominator-row').first().getByTestId('object-link');
  await first.click();
  await expect(page).toHaveURL(/#\/object\/0x[0-9a-f]+$/);
  await expect(page.getByTestId('view-inspector')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('view-dominators')).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('view-histogram')).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('view-dominators')).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('view-inspector')).toBeVisible();
});

test('inspector: fields lead to other objects, path to roots toggles weak references, show in tree', async ({ page }) => {
  await openDumpReady(page, corpus('references.hprof.gz'));
  // Two classes named Widget come from two loaders (corpus README): grouping by loader names the URLClassLoader.
  await page.goto('/#/histogram?group=loader');
  await expect(page.getByTestId('view-histogram')).toContainText('java.net.URLClassLoader @ 0x');
  // The SoftReference that alone holds a 1 MB byte[] (corpus README): MAT follows referent, so it retains it.
  await page.goto('/#/histogram?q=%2F%5Ejava%5C.lang%5C.ref%5C.SoftReference%24%2F');
  await page.getByTestId('histogram-row').first().click();
  const biggest = page.getByTestId('instances-pane').getByTestId('object-link').first();
  await biggest.click();
  await expect(page.getByTestId('inspector-class')).toHaveText('java.lang.ref.SoftReference');
  await expect(page.getByTestId('inspector-retained')).toHaveAttribute('title', '1,048,632 bytes');
  const referent = page.getByTestId('inspector-fields').getByTestId('object-link').filter({ hasText: 'byte[]' }).first();
  await expect(referent).toBeVisible();
  await referent.click();
  await expect(page.getByTestId('inspector-class')).toHaveText('byte[]');
  // Only the soft reference holds the array: no strong path, one path when weak/soft references count.
  await expect(page.getByTestId('no-path')).toBeVisible();
  await page.getByTestId('exclude-weak').uncheck();
  await expect(page.getByTestId('path-step').first()).toBeVisible();
  await expect(page.getByTestId('path-to-roots')).toContainText('referent');
  await screenshot(page, 'inspector-path');
  await page.getByTestId('show-in-tree').click();
  await expect(page).toHaveURL(/#\/dominators\?focus=0x/);
  await expect(page.locator('.vrow.selected')).toContainText('byte[]');
  await screenshot(page, 'dominators-focus');
});

test('a group suspect links to where its objects are held; the side pane is in the URL', async ({ page }) => {
  await openDumpReady(page, corpus('references.hprof.gz'));
  // MAT's suspects on references (corpus references.mat-suspects.txt): ten top-level java.lang.Thread objects.
  const group = page.getByTestId('suspect').filter({ hasText: 'top-level instances of java.lang.Thread' });
  await expect(group).toHaveAttribute('data-kind', 'group');
  await group.getByRole('link', { name: 'their paths from the GC roots' }).click();
  await expect(page).toHaveURL(/#\/histogram\?class=0x[0-9a-f]+&pane=paths$/);
  const pane = page.getByTestId('instances-pane');
  await expect(pane.locator('.pane-title')).toHaveText('java.lang.Thread');
  await expect(page.getByTestId('mode-paths')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('merged-row').first()).toBeVisible();
  const classAddress = /class=(0x[0-9a-f]+)/.exec(page.url())![1];
  // Switching the pane's mode, or closing it, rewrites the URL in place.
  await page.getByTestId('mode-held-by').click();
  await expect(page).toHaveURL(new RegExp(`#/histogram\\?class=${classAddress}&pane=held-by$`));
  await expect(page.getByTestId('held-by-row').first()).toBeVisible();
  await page.getByRole('button', { name: 'Close instances' }).click();
  await expect(page).toHaveURL(/#\/histogram$/);
  // A link with the class and mode opens the same pane.
  await page.getByTestId('tab-overview').click();
  await page.goto(`/#/histogram?class=${classAddress}&pane=held-by`);
  await expect(page.getByTestId('instances-pane').locator('.pane-title')).toHaveText('java.lang.Thread');
  await expect(page.getByTestId('mode-held-by')).toHaveAttribute('aria-selected', 'true');
});

test('the sample opens from the landing page', async ({ page }) => {
  await page.goto('/');
  await screenshot(page, 'landing');
  await afterNextRun(page, () => page.getByTestId('try-sample').click());
  await expect(page.getByTestId('analysis-ready')).toBeVisible();
  await expect(page.getByTestId('top-dominators')).toContainText('SessionLeak');
  await screenshot(page, 'sample-overview');
});

test('strings from a dump are shown as text, never as HTML', async ({ page }) => {
  await page.goto('/');
  await afterNextRun(page, () => page.getByTestId('try-sample').click());
  // SessionLeak.LAST_USER_AGENT holds an <img onerror> tag (samples/SessionLeak.java).
  await page.getByTestId('top-dominators').getByTestId('object-link').filter({ hasText: 'class SessionLeak' }).first().click();
  const fields = page.getByTestId('inspector-fields');
  await expect(fields).toContainText('<img src=x onerror="window.__xss=1">Mozilla/5.0');
  await fields.getByTestId('object-link').filter({ hasText: 'Mozilla' }).click();
  await expect(page.getByTestId('string-value')).toHaveText('<img src=x onerror="window.__xss=1">Mozilla/5.0');
  expect(await page.locator('main img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
});

// The analysis runs in a worker: the page keeps drawing frames while it runs. The long tasks (reported from 50 ms)
// that overlap it are printed, not asserted: their length depends on the machine's load.
test('the main thread keeps drawing frames during analysis', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __frames: number[] };
    w.__longTasks = [];
    w.__frames = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    const tick = (t: number) => {
      w.__frames.push(t);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto('/');
  await page.waitForLoadState('load');
  await openDumpReady(page, corpus('routes.hprof.gz'));
  // Between the app's start and end marks of the analysis.
  const during = await page.evaluate(() => {
    const [start] = performance.getEntriesByName('heapdrop:analysis-start');
    const [end] = performance.getEntriesByName('heapdrop:analysis-end');
    const w = window as unknown as { __longTasks: { start: number; duration: number }[]; __frames: number[] };
    const within = (t: number) => t > start.startTime && t < end.startTime;
    return {
      marked: !!start && !!end,
      ms: end.startTime - start.startTime,
      frames: w.__frames.filter(within).length,
      tasks: w.__longTasks.filter((t) => t.start + t.duration > start.startTime && t.start < end.startTime),
    };
  });
  expect(during.marked).toBe(true);
  console.log(
    `analysis ${during.ms.toFixed(0)} ms: ${during.frames} frames drawn; long tasks: ` +
      (during.tasks.map((t) => `${t.duration.toFixed(0)} ms`).join(', ') || 'none'),
  );
  expect(during.frames).toBeGreaterThan(0);
});

test('a second dump replaces the first and leaves its object pages', async ({ page }) => {
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await page.getByTestId('top-dominators').getByTestId('object-link').first().click();
  await expect(page.getByTestId('inspector-class')).toHaveText('class Basics');
  await openDumpReady(page, corpus('references.hprof.gz'));
  await expect(page).toHaveURL(/#\/overview$/);
  await expect(page.getByTestId('summary')).toContainText('references.hprof.gz');
  await expect(page.getByTestId('summary')).toContainText('44,140'); // objects (MAT)
});

test('reloading a view restores it from the saved analysis; the dump dropped again gives its bytes back', async ({ page }) => {
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await page.waitForFunction(() => typeof (window as unknown as { __heapdrop?: { saved?: string | null } }).__heapdrop?.saved === 'string');
  await page.getByTestId('tab-dominators').click();
  await expect(page.getByTestId('view-dominators')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('view-dominators')).toBeVisible();
  await expect(page.getByTestId('readonly-banner')).toContainText('drop it again to read field values and strings');
  await expect(page.locator('input[type=file][data-testid=dump-input]')).toHaveCount(1);
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await expect(page).toHaveURL(/#\/dominators$/);
  await expect(page.getByTestId('dominator-row').first().locator('[title="21,339,848 bytes"]')).toHaveCount(1);
});
