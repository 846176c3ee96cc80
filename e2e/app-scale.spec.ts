// The histogram with 50,000 classes (a hand-built dump): only visible rows are rendered, scrolling to the end and
// filtering stay responsive.
import { expect, test } from '@playwright/test';
import { HprofWriter } from '../src/core/testing/hprof-writer.ts';
import { openDumpReady, screenshot } from './helpers.ts';

const CLASSES = 50_000;

/** java.lang.Object, java.lang.Class, and CLASSES classes in 100 packages, each a GC root holding one instance. */
function manyClassesDump(): Buffer {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const classId = (i: number) => 0x10_0000 + i * 0x40;
  const instanceId = (i: number) => 0x1000_0000 + i * 0x20;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  for (let i = 0; i < CLASSES; i++) w.loadClass(classId(i), `com/example/p${i % 100}/Generated${i}`);
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  for (let i = 0; i < CLASSES; i++) {
    w.classDump({
      id: classId(i),
      superId: OBJECT,
      statics: [{ name: 'INSTANCE', type: 2, value: instanceId(i) }],
      fields: [{ name: 'n', type: 10 }],
    });
  }
  for (let i = 0; i < CLASSES; i++) w.instance(instanceId(i), classId(i), [[10, i]]);
  w.root(0x05, OBJECT);
  w.root(0x05, CLASS);
  for (let i = 0; i < CLASSES; i++) w.root(0x05, classId(i));
  w.endSegment();
  w.heapDumpEnd();
  return Buffer.from(w.bytes());
}

test('50,000 classes: virtualised rows, scroll to the end, filter', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await openDumpReady(page, { name: 'many-classes.hprof', mimeType: 'application/octet-stream', buffer: manyClassesDump() });
  await page.goto('/#/histogram');
  // The generated classes plus the few the analysis adds (java.lang.Object, java.lang.Class, the boot loader's class).
  await expect(page.getByTestId('histogram-count')).toContainText(/^50,00\d of 50,00\d classes/);
  const total = Number((await page.getByTestId('histogram-count').innerText()).split(' of ')[0].replace(/,/g, ''));
  expect(total).toBeGreaterThanOrEqual(CLASSES + 2);
  const rows = page.locator('[data-testid=histogram-table] .vrow');
  expect(await rows.count()).toBeLessThan(100);
  await page.getByTestId('histogram-table').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await expect(page.locator('.vrow.selected')).toHaveAttribute('data-row', String(total - 1));
  expect(await rows.count()).toBeLessThan(100);
  await page.getByTestId('histogram-filter').fill('/Generated4999\\d$/');
  await expect(page.getByTestId('histogram-count')).toContainText(`10 of ${total.toLocaleString('en-US')} classes`);
  await page.getByTestId('histogram-filter').fill('');
  await page.getByTestId('histogram-group').selectOption('package');
  await expect(page.locator('.group-row', { hasText: 'com.example' })).toBeVisible();
  await screenshot(page, 'histogram-50k');
});
