// The collections report in share snapshots: gathered when chosen (on by default, once its pass is done), clipped
// to the snapshot's limits, redacted like every other row (labels are values; application class names masked),
// accepted by the validator, and answered by the snapshot engine, so the viewer's Collections view and its HTML
// report show it.
import { describe, expect, it } from 'vitest';
import type { CollectionClassRow, CollectionsReport, ObjectRow } from '../../../core/api.ts';
import { buildHtmlReport, gatherReport } from '../../../core/report/html-report.ts';
import { collectSnapshot, DEFAULT_CHOICES } from './collect-snapshot.ts';
import { DEFAULT_REDACTION, redactSnapshot } from './redact.ts';
import { snapshotEngine } from './snapshot-engine.ts';
import { SNAPSHOT_LIMITS } from './snapshot.ts';
import { fixtureSource } from './test-fixture.ts';
import { validateSnapshot } from './validate-snapshot.ts';

const row = (index: number, className: string, label?: string): ObjectRow => ({
  index,
  address: `0x${(0x2000 + index * 16).toString(16)}`,
  className,
  shallowBytes: 48,
  retainedBytes: 4096,
  dominatedCount: 1,
  ...(label ? { label } : {}),
});

const classRow = (classIndex: number, className: string, wastedBytes: number, waste: ObjectRow[]): CollectionClassRow => ({
  classIndex,
  className,
  layout: 'HashMap',
  kind: 'map',
  objects: 3,
  shallowBytes: 144,
  retainedBytes: 12288,
  bySize: { empty: 2, one: 0, upTo10: 1, upTo100: 0, over100: 0 },
  entries: 4,
  averageFillRatio: 0.125,
  emptyWithArray: 2,
  wastedBytes,
  largestWaste: waste.map((object) => ({ object, size: 0, capacity: 16, wastedBytes: 64 })),
});

const REPORT: CollectionsReport = {
  collections: 3 + SNAPSHOT_LIMITS.maxCollectionClasses * 3,
  unreadable: 1,
  wastedBytes: 9000,
  classes: [
    classRow(7, 'com.acme.billing.InvoiceCache', 8000, [
      row(1, 'com.acme.billing.InvoiceCache', 'secret-label'),
      ...Array.from({ length: 9 }, (_, i) => row(10 + i, 'com.acme.billing.InvoiceCache')),
    ]),
    ...Array.from({ length: SNAPSHOT_LIMITS.maxCollectionClasses }, (_, i) => classRow(100 + i, 'java.util.HashMap', 1, [])),
  ],
};

const collect = (collections: boolean) =>
  collectSnapshot(
    { ...fixtureSource(), collections: async () => structuredClone(REPORT) },
    { ...DEFAULT_CHOICES, title: 't', objectIndex: null, collections },
    1_800_000_000_000,
  );

describe('the collections report in a share snapshot', () => {
  it('is taken when chosen, within the limits', async () => {
    expect(DEFAULT_CHOICES.collections).toBe(true);
    expect((await collect(false)).collections).toBeUndefined();
    const snap = await collect(true);
    expect(snap.collections!.classes).toHaveLength(SNAPSHOT_LIMITS.maxCollectionClasses);
    expect(snap.collections!.classes[0].largestWaste).toHaveLength(SNAPSHOT_LIMITS.maxCollectionWaste);
    expect(snap.collections!.wastedBytes).toBe(REPORT.wastedBytes);
  });

  it('loses labels by default and masks application class names on request', async () => {
    const plain = redactSnapshot(await collect(true), DEFAULT_REDACTION);
    expect(JSON.stringify(plain)).not.toContain('secret-label');
    expect(plain.collections!.classes[0].className).toBe('com.acme.billing.InvoiceCache');
    const masked = redactSnapshot(await collect(true), { values: true, classNames: true });
    const json = JSON.stringify(masked.collections);
    expect(json).not.toContain('acme');
    expect(masked.collections!.classes[0].className).toMatch(/^app\d+\.Class\d+$/);
    expect(masked.collections!.classes[0].largestWaste[0].object.className).toBe(masked.collections!.classes[0].className);
    expect(masked.collections!.classes[1].className).toBe('java.util.HashMap');
  });

  it('passes the validator, and the viewer answers the collections query and the report from it', async () => {
    const snap = redactSnapshot(await collect(true), DEFAULT_REDACTION);
    const checked = validateSnapshot(JSON.parse(JSON.stringify(snap)));
    expect(checked.collections).toEqual(snap.collections);
    const engine = snapshotEngine(checked);
    expect(await engine.collections()).toEqual(snap.collections);
    const html = buildHtmlReport(await gatherReport(engine, checked.title));
    expect(html).toContain('<section id="collections">');
    expect(html).toContain(
      '<td><span class="cls">com.acme.billing.InvoiceCache</span></td><td class="num">3</td><td class="num">2</td><td class="num">0.13</td>',
    );
    // Without the part, the viewer says it was not shared; a malformed part is refused.
    const without = snapshotEngine(validateSnapshot(JSON.parse(JSON.stringify({ ...snap, collections: undefined }))));
    await expect(without.collections()).rejects.toThrow(/not/);
    const bad = JSON.parse(JSON.stringify(snap));
    bad.collections.classes[0].kind = 'heap';
    expect(() => validateSnapshot(bad)).toThrow(/collections\.classes\[0\]\.kind/);
  });
});
