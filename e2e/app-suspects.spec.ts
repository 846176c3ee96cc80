// A group leak suspect with an accumulation point (the corpus dumps' groups have none): twenty app.Entry objects,
// each a top-level dominator (two GC roots' arrays hold them all), whose shortest paths from the roots all run
// through the first root's array.
import { expect, test } from '@playwright/test';
import { HprofWriter } from '../src/core/testing/hprof-writer.ts';
import { openDumpReady, screenshot, tempDump } from './helpers.ts';

const ENTRIES = 20;

function groupDump(): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const ENTRY = 0x120;
  const HOLDER = 0x130;
  const OBJECTS = 0x140;
  const entryId = (i: number) => 0x1_0000 + i * 0x10;
  const payloadId = (i: number) => 0x10_0000 + i * 0x1000;
  const ARRAY_A = 0x20_0000;
  const ARRAY_B = 0x20_1000;
  const ROOT_A = 0x30_0000;
  const ROOT_B = 0x30_1000;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(ENTRY, 'app/Entry');
  w.loadClass(HOLDER, 'app/Holder');
  w.loadClass(OBJECTS, '[Ljava/lang/Object;');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({ id: ENTRY, superId: OBJECT, fields: [{ name: 'payload', type: 2 }] });
  w.classDump({ id: HOLDER, superId: OBJECT, fields: [{ name: 'slots', type: 2 }] });
  w.classDump({ id: OBJECTS, superId: OBJECT });
  for (let i = 0; i < ENTRIES; i++) {
    w.instance(entryId(i), ENTRY, [[2, payloadId(i)]]);
    w.primitiveArray(payloadId(i), 8, new Array<number>(2000).fill(i));
  }
  const all = Array.from({ length: ENTRIES }, (_, i) => entryId(i));
  w.objectArray(ARRAY_A, OBJECTS, all);
  w.objectArray(ARRAY_B, OBJECTS, all);
  w.instance(ROOT_A, HOLDER, [[2, ARRAY_A]]);
  w.instance(ROOT_B, HOLDER, [[2, ARRAY_B]]);
  for (const c of [OBJECT, CLASS, ENTRY, HOLDER, OBJECTS]) w.root(0x05, c);
  w.root(0x01, ROOT_A, 0);
  w.root(0x01, ROOT_B, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}

test('a group suspect shows where its objects’ paths from the GC roots meet', async ({ page }) => {
  const file = tempDump('group.hprof', groupDump());
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, file);
  const group = page.getByTestId('suspect').filter({ hasText: 'top-level instances of app.Entry' });
  await expect(group).toHaveAttribute('data-kind', 'group');
  await expect(group).toContainText('20 top-level instances of app.Entry');
  // Both roots' arrays hold every entry; the search meets the first root's array first: all 20 paths run through
  // it, and below it each path carries one entry (5% < 70%), so it is the accumulation point, one step below the
  // root.
  const point = group.getByTestId('group-point');
  await expect(point).toContainText('java.lang.Object[]');
  await expect(point).toContainText('@ 0x200000');
  await expect(point).toContainText('1 reference below a GC root');
  await group.scrollIntoViewIfNeeded();
  await screenshot(page, 'suspect-group-point');
});
