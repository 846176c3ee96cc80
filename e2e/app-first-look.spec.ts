// The first look: while a big dump's graph and dominator tree are computed, the landing page shows the largest
// classes of everything read under the progress bar; the results replace it when the analysis ends.
import { expect, test } from '@playwright/test';
import { HprofWriter } from '../src/core/testing/hprof-writer.ts';
import { screenshot, tempDump, waitForIdle } from './helpers.ts';

const NODES = 1_500_000;
const ROOTS = 1_000;

/**
 * A random graph big enough for the analysis to take a few seconds after the read: NODES instances of
 * com.example.Node (three references each to random nodes, a long) and ROOTS JNI globals, plus 200 byte[] blobs
 * of 20 KB (the largest class by shallow size). The instances are written straight into one buffer.
 */
function randomGraphDump(): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const NODE = 0x120;
  const nodeId = (i: number) => 0x1_0000_0000 + i * 0x28;
  const blobId = (i: number) => 0x2_0000_0000 + i * 0x5000;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(NODE, 'com/example/Node');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({
    id: NODE,
    superId: OBJECT,
    fields: [
      { name: 'a', type: 2 },
      { name: 'b', type: 2 },
      { name: 'c', type: 2 },
      { name: 'id', type: 11 },
    ],
  });
  let state = 12345;
  const random = (n: number) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const RECORD = 1 + 8 + 4 + 8 + 4 + 32;
  const buf = new Uint8Array(NODES * RECORD);
  const view = new DataView(buf.buffer);
  for (let i = 0, at = 0; i < NODES; i++, at += RECORD) {
    view.setUint8(at, 0x21);
    view.setBigUint64(at + 1, BigInt(nodeId(i)));
    view.setUint32(at + 9, 0);
    view.setBigUint64(at + 13, BigInt(NODE));
    view.setUint32(at + 21, 32);
    for (let f = 0; f < 3; f++) view.setBigUint64(at + 25 + 8 * f, BigInt(nodeId(random(NODES))));
    view.setBigUint64(at + 49, BigInt(i));
  }
  w.rawSub(buf);
  for (let i = 0; i < 200; i++) w.primitiveArray(blobId(i), 8, new Array<number>(20_000).fill(i & 0x7f));
  w.root(0x05, OBJECT);
  w.root(0x05, CLASS);
  w.root(0x05, NODE);
  for (let i = 0; i < ROOTS; i++) w.root(0x01, nodeId(random(NODES)), 0);
  for (let i = 0; i < 200; i++) w.root(0x01, blobId(i), 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}

test('a big dump shows its largest classes while the dominator tree is computed', async ({ page }) => {
  const file = tempDump('random-graph.hprof', randomGraphDump());
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto('/');
  await page.locator('input[type=file][data-testid=dump-input]').setInputFiles(file);
  const look = page.getByTestId('first-look');
  await expect(look).toBeVisible();
  await expect(page.getByTestId('progress')).toBeVisible();
  // Everything read: the nodes (unreachable ones included), the blobs, and four class objects (Object, Class,
  // Node and the byte[] class the reader adds); three classes have instances (Node, byte[], java.lang.Class).
  await expect(page.getByTestId('first-look-totals')).toHaveText(/^1,500,204 objects · .* · 3 classes$/);
  const rows = look.locator('.first-look-row');
  await expect(rows.first()).toContainText('com.example.Node');
  await expect(rows.nth(1)).toContainText('byte[]');
  await screenshot(page, 'first-look');
  await waitForIdle(page);
  await expect(page.getByTestId('analysis-ready')).toBeVisible();
  await expect(look).toHaveCount(0);
});
