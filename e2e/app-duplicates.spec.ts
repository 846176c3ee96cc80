// Duplicate strings on a heap with more Strings than the overview searches unasked (2,000,000): the panel says
// what the search costs and runs it on a click.
import { expect, test } from '@playwright/test';
import { HprofWriter } from '../src/core/testing/hprof-writer.ts';
import { openDumpReady, screenshot, tempDump } from './helpers.ts';

const STRINGS = 2_000_100;
const VALUES = 1_000;

/**
 * STRINGS java.lang.String objects (JDK 17's fields: value, hash, coder), each with its own Latin-1 byte[]
 * "value-<i mod VALUES>", all held by one Object[] that a JNI global roots. Records are written straight into
 * buffers.
 */
function stringsDump(): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const STRING = 0x120;
  const OBJECTS = 0x130;
  const HOLDER = 0x9_0000_0000;
  const stringId = (i: number) => 0x1_0000_0000 + i * 0x20;
  const arrayId = (i: number) => 0x3_0000_0000 + i * 0x20;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(STRING, 'java/lang/String');
  w.loadClass(OBJECTS, '[Ljava/lang/Object;');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({ id: STRING, superId: OBJECT, fields: [{ name: 'value', type: 2 }, { name: 'hash', type: 10 }, { name: 'coder', type: 8 }] });
  w.classDump({ id: OBJECTS, superId: OBJECT });
  const text = new TextEncoder();
  const STRING_RECORD = 1 + 8 + 4 + 8 + 4 + 13;
  const strings = new Uint8Array(STRINGS * STRING_RECORD);
  const sv = new DataView(strings.buffer);
  const arrays: Uint8Array[] = [];
  for (let i = 0, at = 0; i < STRINGS; i++, at += STRING_RECORD) {
    sv.setUint8(at, 0x21);
    sv.setBigUint64(at + 1, BigInt(stringId(i)));
    sv.setBigUint64(at + 13, BigInt(STRING));
    sv.setUint32(at + 21, 13);
    sv.setBigUint64(at + 25, BigInt(arrayId(i)));
    const value = text.encode(`value-${i % VALUES}`);
    const a = new Uint8Array(1 + 8 + 4 + 4 + 1 + value.length);
    const av = new DataView(a.buffer);
    av.setUint8(0, 0x23);
    av.setBigUint64(1, BigInt(arrayId(i)));
    av.setUint32(13, value.length);
    av.setUint8(17, 8); // byte
    a.set(value, 18);
    arrays.push(a);
  }
  w.rawSub(strings);
  const joined = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  for (let i = 0, at = 0; i < arrays.length; at += arrays[i].length, i++) joined.set(arrays[i], at);
  w.rawSub(joined);
  w.objectArray(HOLDER, OBJECTS, Array.from({ length: STRINGS }, (_, i) => stringId(i)));
  for (const c of [OBJECT, CLASS, STRING, OBJECTS]) w.root(0x05, c);
  w.root(0x01, HOLDER, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}

test('over 2 M Strings, duplicate strings are searched on a click', async ({ page }) => {
  test.setTimeout(240_000);
  const file = tempDump('strings.hprof', stringsDump());
  await page.setViewportSize({ width: 1400, height: 900 });
  await openDumpReady(page, file);
  const panel = page.getByTestId('duplicate-strings');
  await expect(panel).toContainText('2,000,100 Strings: the search reads each of them');
  await expect(page.getByTestId('duplicate-row')).toHaveCount(0);
  await page.getByTestId('find-duplicates').click();
  // 1,000 values, each held by 2,000 Strings, or 2,001 for "value-0" to "value-99"; all but one String per value
  // would go. The longer values waste the most (a bigger array each): "value-100" to "value-999" come first.
  const summary = page.getByTestId('duplicate-summary');
  await expect(summary).toContainText('2,000,100 Strings hold 1,000 distinct values. 1,000 values are held more than once');
  await expect(summary).toContainText('in 1,999,100 Strings and their arrays');
  const first = page.getByTestId('duplicate-row').first();
  await expect(first).toContainText('×2,000');
  await expect(first).toContainText(/“value-\d{3}”/);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'overview-duplicates-asked');
});
