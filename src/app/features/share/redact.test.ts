// Redaction: values and strings go by default; application class names can be masked, JDK names stay.
import { describe, expect, it } from 'vitest';
import { collectSnapshot, DEFAULT_CHOICES } from './collect-snapshot.ts';
import { ClassNameMasker, DEFAULT_REDACTION, isPlatformClassName, redactSnapshot } from './redact.ts';
import { APP_CLASS_NAMES, fixtureSource, SECRET_STRINGS, SESSION_INDEX } from './test-fixture.ts';
import { validateSnapshot } from './validate-snapshot.ts';

const full = () =>
  collectSnapshot(
    fixtureSource(),
    { ...DEFAULT_CHOICES, dominators: { depth: 10, maxNodes: 100 }, title: 'billing.hprof.gz', objectIndex: SESSION_INDEX },
    1_800_000_000_000,
  );

describe('isPlatformClassName', () => {
  it('keeps JDK, platform, primitive and pseudo names', () => {
    for (const n of [
      'java.lang.String',
      'javax.net.ssl.SSLContext',
      'jdk.internal.misc.Unsafe',
      'sun.nio.ch.Util',
      'com.sun.proxy.$Proxy1',
      'kotlin.Unit',
      'scala.Some',
      'android.view.View',
      'dalvik.system.PathClassLoader',
      'byte[]',
      'int[][]',
      'java.lang.Object[]',
      '<system class loader>',
      'class java.lang.Thread',
    ]) {
      expect(isPlatformClassName(n)).toBe(true);
    }
    for (const n of ['com.acme.Foo', 'Basics', 'org.springframework.Bean', 'javaxx.Foo', 'com.sunny.Foo', 'com.acme.Foo[]']) {
      expect(isPlatformClassName(n)).toBe(false);
    }
  });
});

describe('ClassNameMasker', () => {
  it('gives consistent pseudonyms per class and per package, keeping array suffixes', () => {
    const m = new ClassNameMasker();
    expect(m.mask('com.acme.billing.Invoice')).toBe('app1.Class1');
    expect(m.mask('com.acme.billing.InvoiceCache')).toBe('app1.Class2');
    expect(m.mask('com.acme.auth.SessionToken')).toBe('app2.Class3');
    expect(m.mask('com.acme.billing.Invoice[][]')).toBe('app1.Class1[][]');
    expect(m.mask('class com.acme.billing.Invoice')).toBe('class app1.Class1');
    expect(m.mask('Basics')).toBe('Class4');
    expect(m.mask('java.util.HashMap$Node[]')).toBe('java.util.HashMap$Node[]');
    expect(m.mask('com.acme.billing.Invoice')).toBe('app1.Class1');
  });
});

describe('redactSnapshot', () => {
  it('by default drops labels, string contents and field values but keeps class names', async () => {
    const snap = await full();
    const json = JSON.stringify(snap);
    for (const s of SECRET_STRINGS) expect(json).toContain(s); // the unredacted snapshot does hold them
    const redacted = redactSnapshot(snap, DEFAULT_REDACTION);
    const text = JSON.stringify(redacted);
    for (const s of SECRET_STRINGS) expect(text).not.toContain(s);
    expect(text).not.toContain('customer-1');
    expect(text).not.toContain('"label"'); // the fixture has no class objects, whose label is kept
    expect(text).not.toContain('1790000000123'); // a long field value
    expect(redacted.object!.fields.every((f) => f.value === undefined)).toBe(true);
    expect(redacted.object!.fields.map((f) => f.name)).toEqual(['token', 'createdMillis', 'userId']);
    for (const c of APP_CLASS_NAMES) expect(text).toContain(c);
    expect(redacted.redaction).toEqual({ values: true, classNames: false });
    expect(validateSnapshot(JSON.parse(text))).toEqual(redacted);
    // The input is left as it was.
    expect(JSON.stringify(snap)).toBe(json);
  });

  it('masks application class names and their field names everywhere, consistently', async () => {
    const redacted = redactSnapshot(await full(), { values: true, classNames: true });
    const text = JSON.stringify(redacted);
    for (const c of [...APP_CLASS_NAMES, 'com.acme', 'acme']) expect(text).not.toContain(c);
    expect(text).toContain('java.util.HashMap$Node[]');
    const cacheAlias = redacted.dominators!.nodes[0].className;
    expect(cacheAlias).toMatch(/^app\d+\.Class\d+$/);
    expect(redacted.histogram!.some((h) => h.className === cacheAlias)).toBe(true);
    const tree = JSON.stringify(redacted.treemap);
    expect(tree).toContain(`"className":"${cacheAlias}"`);
    expect(redacted.object!.fields.map((f) => f.name)).toEqual(['field1', 'field2', 'field3']);
    expect(redacted.summary!.warnings).toEqual([]); // free text could name classes
  });

  it("masks a suspect's accumulation point: its path's application fields, its one-line path, its classes", async () => {
    const snap = await full();
    const point = snap.suspects!.suspects[0].point!;
    expect(point.chain).toBe('InvoiceCache.map → HashMap.table → HashMap$Node[16]');
    const masked = redactSnapshot(snap, { values: true, classNames: true }).suspects!.suspects[0].point!;
    expect(JSON.stringify(masked)).not.toContain('InvoiceCache');
    expect(masked.chain).toBe('');
    expect(masked.pathFromRoot!.map((s) => s.field)).toEqual(['field', 'table', null]);
    expect(masked.retainedByClass.map((c) => c.className)).toEqual([expect.stringMatching(/^app\d+\.Class\d+$/), 'java.util.HashMap$Node']);
    // Unmasked, the point survives the validator whole.
    expect(validateSnapshot(JSON.parse(JSON.stringify(snap))).suspects!.suspects[0].point).toEqual(point);
  });

  it('keeps the label of class objects (the class name) and masks it with the other names', async () => {
    const snap = await full();
    snap.dominators!.nodes.push(
      {
        index: 900,
        parent: -1,
        address: '0x900',
        className: 'java.lang.Class',
        label: 'class com.acme.billing.Invoice',
        shallowBytes: 8,
        retainedBytes: 8,
        dominatedCount: 0,
      },
      {
        index: 901,
        parent: -1,
        address: '0x901',
        className: 'java.lang.Class',
        label: 'class java.lang.System',
        shallowBytes: 8,
        retainedBytes: 8,
        dominatedCount: 0,
      },
    );
    const kept = redactSnapshot(snap, DEFAULT_REDACTION)
      .dominators!.nodes.slice(-2)
      .map((n) => n.label);
    expect(kept).toEqual(['class com.acme.billing.Invoice', 'class java.lang.System']);
    const masked = redactSnapshot(snap, { values: true, classNames: true });
    const invoiceAlias = masked.histogram!.find(
      (h) => h.classIndex === snap.histogram!.find((x) => x.className === 'com.acme.billing.Invoice')!.classIndex,
    )!.className;
    expect(masked.dominators!.nodes.slice(-2).map((n) => n.label)).toEqual([`class ${invoiceAlias}`, 'class java.lang.System']);
  });

  it('keeps values when asked to', async () => {
    const redacted = redactSnapshot(await full(), { values: false, classNames: false });
    expect(JSON.stringify(redacted)).toContain('payment-worker-7');
    expect(redacted.object!.fields[1].value).toBe('1790000000123');
  });
});
