// Every view's visible text against two rules a reader notices at once: numbers over 9,999 carry thousands
// separators (or a unit), and a count agrees with its noun ("1 object", "2 objects"). Dump strings shown as data
// (a String's value, a thread's name, array elements) are left out: they are the dump's text, not ours. The views:
// overview, histogram and its panes, dominator tree, treemap, inspector, threads, GC roots, diff.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { corpus, openDumpReady, repoRoot, screenshot } from './helpers.ts';

/** MAT's n-th dominator-tree root of basics.hprof.gz (0 = the largest). */
function matRoot(n: number): { address: string } {
  const line = readFileSync(corpus('basics.mat-dominator-roots.tsv'), 'utf8').split('\n')[1 + n];
  return { address: line.split('\t')[0] };
}

const NOUNS = [
  'object',
  'instance',
  'referrer',
  'reference',
  'class',
  'dominator',
  'top-level dominator',
  'String',
  'value',
  'child',
  'byte',
  'root',
  'thread',
  'frame',
  'entry',
  'element',
  'char',
  'node',
  'member',
  'path',
];
const pluralOf = (n: string) =>
  n.endsWith('s') ? n + 'es' : n === 'child' ? 'children' : n.endsWith('y') ? n.slice(0, -1) + 'ies' : n + 's';

/** The view's text with dump-owned spans (data-dump-text, <bdi>, labels and field values) removed. */
async function ownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const root = document.querySelector('main') ?? document.body;
    const copy = root.cloneNode(true) as HTMLElement;
    for (const el of copy.querySelectorAll(
      '[data-dump-text], bdi, .label, .addr, .value, .string-value, [data-testid="string-value"], .mono, code, input, textarea, select, svg title',
    ))
      el.remove();
    return copy.innerText;
  });
}

/** Breaks of the two rules in a text; empty when it reads right. */
export function textRuleBreaks(text: string): string[] {
  const out: string[] = [];
  // A run of 5+ digits standing alone (not part of a hex address, a name like Foo$12345 or a decimal fraction).
  for (const m of text.matchAll(/(?<![\w.,$+#@-])\d{5,}(?![\w,.])/g))
    out.push(`unformatted number "${m[0]}" in "…${text.slice(Math.max(0, m.index! - 30), m.index! + 30)}…"`);
  for (const noun of NOUNS) {
    const plural = pluralOf(noun);
    for (const m of text.matchAll(new RegExp(`(?<![\\w.,])1 ${plural}\\b`, 'g'))) out.push(`"${m[0]}" (one, plural)`);
    for (const m of text.matchAll(new RegExp(`(?<![\\w.,])(0|[2-9]|\\d{1,3}(?:,\\d{3})+|[1-9]\\d+) ${noun}(?![\\w-])`, 'g'))) {
      if (noun === 'byte' && /\d byte(?=\[\])/.test(text.slice(m.index!, m.index! + m[0].length + 2))) continue;
      out.push(`"${m[0]}" (many, singular)`);
    }
  }
  return out;
}

async function expectReadable(page: Page, view: string): Promise<void> {
  await screenshot(page, `text-${view}`);
  expect(textRuleBreaks(await ownText(page)), view).toEqual([]);
}

test('the rules themselves', () => {
  expect(textRuleBreaks('76,228 objects · 1 object · 12 classes · 0x7ff123456 · Foo$$Lambda$12345 · 20.4 MB')).toEqual([]);
  expect(textRuleBreaks('Dominates 1 objects')).toHaveLength(1);
  expect(textRuleBreaks('2 referrer')).toHaveLength(1);
  expect(textRuleBreaks('at offset 19563040')).toHaveLength(1);
});

test('every view of basics.hprof.gz reads right', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await expect(page.getByTestId('top-dominators')).toBeVisible();
  await expectReadable(page, 'overview');

  await page.goto('/#/histogram');
  await expect(page.getByTestId('histogram-row').first()).toBeVisible();
  await expectReadable(page, 'histogram');

  for (const mode of ['instances', 'held-by', 'paths']) {
    await page.goto('/#/histogram');
    await page.getByTestId('histogram-filter').fill('/^Basics\\$ListNode$/');
    await expect(page.getByTestId('histogram-row')).toHaveCount(1);
    await page.getByTestId('histogram-row').first().click();
    await page.getByTestId(`mode-${mode}`).click();
    const pane = page.getByTestId('instances-pane');
    if (mode === 'instances') await expect(pane).toContainText('largest retained first');
    else await expect(pane.getByTestId(mode === 'held-by' ? 'held-by-row' : 'merged-row').first()).toBeVisible();
    await expectReadable(page, `histogram-${mode}`);
  }

  await page.goto('/#/dominators');
  await expect(page.getByTestId('dominator-row').first()).toBeVisible();
  await expectReadable(page, 'dominators');

  await page.goto('/#/treemap');
  await expect(page.getByTestId('treemap-cell').first()).toBeVisible();
  await expectReadable(page, 'treemap');

  // MAT's second dominator root: the Thread that alone holds a 1,000,000-int array.
  await page.goto(`/#/object/${matRoot(1).address}`);
  await expect(page.getByTestId('path-to-roots')).toBeVisible();
  await expectReadable(page, 'inspector');

  // The largest thread opens with its stack; the stack-holder thread's frame holds the int array in a local.
  await page.goto('/#/threads');
  await expect(page.getByTestId('stack-frame').first()).toBeVisible();
  await expectReadable(page, 'threads');

  await page.goto('/#/roots?type=Thread');
  await expect(page.getByTestId('root-object').first()).toBeVisible();
  await expectReadable(page, 'roots');
});

test('the diff view of two dumps of one program reads right', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('/');
  await page.evaluate(() => sessionStorage.clear());
  await openDumpReady(page, path.join(repoRoot, 'test-fixtures/diff/before.hprof.gz'));
  const saved = () => page.evaluate(() => (window as unknown as { __heapdrop?: { saved?: string | null } }).__heapdrop?.saved ?? null);
  await expect.poll(saved).not.toBeNull();
  const before = await saved();
  await openDumpReady(page, path.join(repoRoot, 'test-fixtures/diff/after.hprof.gz'));
  await expect.poll(saved).not.toBe(before);
  await page.getByTestId('tab-diff').click();
  await expect(page.getByTestId('diff-baseline')).toHaveValue(before!);
  await page.getByTestId('diff-compare').click();
  await expect(page.getByTestId('diff-tree-row').first()).toBeVisible();
  await expectReadable(page, 'diff');
});

test('Esc closes the side pane and zooms the treemap out; Back returns to the pane', async ({ page }) => {
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await page.goto('/#/histogram');
  await page.getByTestId('histogram-filter').fill('/^Basics\\$ListNode$/');
  await expect(page.getByTestId('histogram-row')).toHaveCount(1);
  await page.getByTestId('histogram-row').first().click();
  await expect(page.getByTestId('instances-pane')).toBeVisible();
  await page.getByTestId('mode-held-by').click();
  await expect(page).toHaveURL(/pane=held-by/);
  await page.getByTestId('histogram-table').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('instances-pane')).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId('instances-pane')).toBeVisible();
  await expect(page.getByTestId('mode-held-by')).toHaveAttribute('aria-selected', 'true');
  await page.goBack();
  await expect(page.getByTestId('mode-instances')).toHaveAttribute('aria-selected', 'true');

  await page.goto('/#/treemap');
  await page.locator(`[data-testid=treemap-cell][data-address="${matRoot(0).address}"]`).click({ position: { x: 30, y: 5 } });
  await expect(page).toHaveURL(/#\/treemap\?root=/);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/#\/treemap$/);
});

test('a filter that matches nothing says so', async ({ page }) => {
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await page.goto('/#/histogram');
  await page.getByTestId('histogram-filter').fill('no-such-class-anywhere');
  await expect(page.getByTestId('histogram-empty')).toContainText('No class matches “no-such-class-anywhere”');
});

test('the command palette finds a class, a view and an object from the keyboard', async ({ page }) => {
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('ListNode');
  await expect(page.getByTestId('palette-item').first()).toContainText('Basics$ListNode');
  await screenshot(page, 'command-palette');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('instances-pane').locator('.pane-title')).toHaveText('Basics$ListNode');

  await page.keyboard.press('Escape'); // closes the pane
  await page.locator('body').press('/');
  await page.getByTestId('palette-input').fill('treemap');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/treemap$/);

  await page.keyboard.press('Control+k');
  await page.getByTestId('palette-input').fill('0x1234');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('command-palette')).toContainText('No object at 0x1234');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('command-palette')).toHaveCount(0);
});

test('the theme toggle cycles system, light and dark, and is kept across reloads', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
  expect(await theme()).toBe('light');
  await page.getByTestId('theme-toggle').click(); // light
  await page.getByTestId('theme-toggle').click(); // dark
  expect(await theme()).toBe('dark');
  await page.reload();
  expect(await theme()).toBe('dark');
  await screenshot(page, 'landing-dark');
  await page.getByTestId('theme-toggle').click(); // back to the system's (light)
  expect(await theme()).toBe('light');
});
