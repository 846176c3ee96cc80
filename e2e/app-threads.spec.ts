// The threads view on a real OutOfMemoryError dump (test-fixtures/threads/oom.hprof.gz: OomChain.java, whose
// Collector.collect holds the heap in a local ArrayList): the frame and its local's retained size are shown, and
// the local opens in the inspector, whose referrers name the frame.
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { analyzeFile } from '../src/core/analysis.node.ts';
import { exactBytes, formatBytes } from '../src/app/format.ts';
import { openDumpReady, repoRoot, screenshot } from './helpers.ts';

const OOM = path.join(repoRoot, 'test-fixtures/threads/oom.hprof.gz');
const FRAME = 'at OomChain$Collector.collect(OomChain.java:38)';

test('threads view: the OOM thread, the frame holding the list, its retained size, the inspector', async ({ page }) => {
  // What the core says the list retains (the same engine the worker runs), shown the way the app formats counts.
  const analysis = await analyzeFile(OOM);
  const main = (await analysis.threads()).threads[0];
  const list = main.frames!.find((f) => f.method === 'collect')!.locals[0];
  expect(list.className).toBe('java.util.ArrayList');

  await openDumpReady(page, OOM);
  await page.getByTestId('tab-threads').click();
  await expect(page).toHaveURL(/#\/threads$/);
  const view = page.getByTestId('view-threads');
  await expect(view.getByTestId('thread-name').first()).toHaveText('main');
  // The largest thread is open: its stack, top frame first, with the JVM's OutOfMemoryError frame on top.
  const frames = view.getByTestId('stack-frame');
  await expect(frames.first()).toContainText('at java.lang.OutOfMemoryError.<init>(OutOfMemoryError.java:48)');
  await expect(frames.nth(1)).toContainText(FRAME);
  const local = view.getByTestId('stack-local').first();
  await expect(local).toContainText('java.util.ArrayList');
  await expect(local).toContainText(`@ ${list.address}`);
  // Sizes read in the UI's one unit convention, the exact byte count in the tooltip.
  await expect(local).toContainText(formatBytes(list.retainedBytes));
  await expect(local.locator(`[title="${exactBytes(list.retainedBytes)}"]`)).toHaveCount(1);
  await screenshot(page, 'threads-oom');

  await local.getByTestId('object-link').click();
  await expect(page).toHaveURL(new RegExp(`#/object/${list.address}$`));
  await expect(page.getByText(`<Java Local> in OomChain$Collector.collect(OomChain.java:38)`).first()).toBeVisible();
  await screenshot(page, 'threads-oom-inspector');
});

test('threads view: a thread closes and opens; compiler threads say the dump has no stack for them', async ({ page }) => {
  await openDumpReady(page, OOM);
  await page.goto(page.url().replace(/#.*$/, '#/threads'));
  const view = page.getByTestId('view-threads');
  const compiler = view.getByTestId('thread-row').filter({ hasText: 'C2 CompilerThread0' });
  await compiler.getByTestId('thread-name').click();
  await expect(compiler.getByTestId('thread-stack')).toContainText('The dump has no stack trace for this thread.');
  const main = view.getByTestId('thread-row').filter({ has: page.getByTestId('thread-name').getByText('main', { exact: true }) });
  await main.getByTestId('thread-name').click();
  await expect(main.getByTestId('thread-stack')).toHaveCount(0);
});

test('GC roots view: the overview card lists every root type; one opens into its objects', async ({ page }) => {
  const analysis = await analyzeFile(OOM);
  const types = analysis.gcRoots();
  expect(types.length).toBeGreaterThanOrEqual(3);
  const threadType = types.find((t) => t.type === 'Thread')!;

  await openDumpReady(page, OOM);
  const card = page.getByTestId('root-types');
  for (const t of types) await expect(card).toContainText(`${t.objects.toLocaleString('en-US')} ${t.type}`);
  await card.getByRole('link', { name: `${threadType.objects.toLocaleString('en-US')} Thread` }).click();
  await expect(page).toHaveURL(/#\/roots\?type=Thread$/);
  const view = page.getByTestId('view-roots');
  await expect(view.getByTestId('root-type-name')).toHaveText(types.map((t) => t.type));
  const row = view.getByTestId('root-type').filter({ has: page.getByTestId('root-type-name').getByText('Thread', { exact: true }) });
  await expect(row).toContainText(threadType.retainedBytes.toLocaleString('en-US'));
  const objects = row.getByTestId('root-object');
  await expect(objects).toHaveCount(threadType.objects);
  await expect(objects.first()).toContainText('java.lang.Thread main');
  await screenshot(page, 'gc-roots-thread');
  await objects.first().getByTestId('object-link').click();
  await expect(page).toHaveURL(/#\/object\/0x/);
});
