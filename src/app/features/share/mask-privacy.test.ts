// Masking end to end: a dump with an application name in every position a share can carry (package, class,
// instance field, static field, thread, String value, the file name that becomes the default title) is analysed
// by the core, gathered as the dialog gathers it, masked, sealed and opened again. The decrypted snapshot must
// hold none of the names. The class object is the largest top-level dominator and is the shared object, so its
// static field names are in the snapshot unless masked by the class it describes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { analyzeFile } from '../../../core/analysis.node.ts';
import { namedDump } from '../../../core/testing/named-dumps.ts';
import { collectSnapshot } from './collect-snapshot.ts';
import { openEnvelope, sealSnapshot } from './open-share.ts';
import { MASKED_TITLE, redactSnapshot } from './redact.ts';
import type { ShareSnapshot } from './snapshot.ts';
import { analysisSource } from './test-fixture.ts';

const NAMES = {
  packageName: 'com/zephyrcorp/payroll',
  className: 'SalaryLedgerRegistry',
  fieldName: 'employeeTaxRecord',
  staticFieldName: 'ACTIVE_LEDGER_SESSIONS',
  threadName: 'payroll-batch-runner',
  stringValue: 'ledger-secret-0042',
};
const FILE_NAME = 'zephyr-payroll-prod.hprof';
/** Every application name, and the parts of the package one could recognise on their own. */
const NEEDLES = [
  'zephyrcorp',
  'payroll',
  'SalaryLedgerRegistry',
  'employeeTaxRecord',
  'ACTIVE_LEDGER_SESSIONS',
  'payroll-batch-runner',
  'ledger-secret-0042',
  'zephyr',
];

/** Two shares of the dump: one showing the class object (static fields), one an instance (instance fields). */
let raws: ShareSnapshot[];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'heapdrop-mask-'));
  const path = join(dir, FILE_NAME);
  writeFileSync(path, namedDump(NAMES));
  const a = await analyzeFile(path);
  const top = a.dominatorChildren(-1, 0, 1).items[0];
  expect(top.className).toBe('java.lang.Class'); // the class object, holding its static registry
  const instance = a.instancesOf(a.histogram().find((h) => h.className.endsWith(NAMES.className))!.classIndex, 0, 1).items[0];
  const gather = (objectIndex: number) =>
    collectSnapshot(analysisSource(a), {
      title: FILE_NAME,
      summary: true,
      histogramTop: Infinity,
      dominators: { depth: 12, maxNodes: 5000 },
      treemap: { depth: 6, maxNodes: 2000 },
      objectIndex,
      suspects: true,
    });
  raws = [await gather(top.index), await gather(instance.index)];
}, 120_000);

const present = (json: string) => NEEDLES.filter((n) => json.includes(n));
const jsonOf = (options: { values: boolean; classNames: boolean }) =>
  raws.map((r) => JSON.stringify(redactSnapshot(r, options))).join('\n');

it('the unmasked snapshots hold the names where masking has to find them', () => {
  expect(present(jsonOf({ values: false, classNames: false }))).toEqual(NEEDLES);
  const [classShare, instanceShare] = raws;
  expect(classShare.title).toBe(FILE_NAME);
  expect(classShare.object?.kind).toBe('class');
  expect(classShare.object?.fields.map((f) => f.name)).toContain(NAMES.staticFieldName);
  expect(instanceShare.object?.fields.map((f) => f.name)).toContain(NAMES.fieldName);
  expect(classShare.histogram?.map((h) => h.className)).toContain('com.zephyrcorp.payroll.SalaryLedgerRegistry');
});

it('a masked share, once decrypted, holds none of the application names', async () => {
  for (const raw of raws) {
    const sealed = await sealSnapshot(redactSnapshot(raw, { values: true, classNames: true }));
    const opened = await openEnvelope(sealed.bytes, sealed.keyText);
    const json = JSON.stringify(opened);
    expect(present(json)).toEqual([]);
    expect(opened.title).toBe(MASKED_TITLE);
    // Still useful: the object's fields are there under neutral names, and JDK names stay.
    expect(opened.object?.fields.length).toBeGreaterThan(0);
    expect(opened.object?.fields.every((f) => /^field\d+$/.test(f.name))).toBe(true);
    expect(json).toContain('java.lang.Object[]');
  }
});

it('masking names but keeping values hides every name that is not a value', () => {
  // The String and the thread name are values the sharer chose to keep; every other name must be gone.
  const kept = present(jsonOf({ values: false, classNames: true }));
  expect(kept.filter((n) => !NAMES.stringValue.includes(n) && !NAMES.threadName.includes(n))).toEqual([]);
});
