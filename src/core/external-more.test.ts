// Real dumps written by other tools' authors (corpus external/more, see its README): each fact their own
// projects' tests assert, checked on the full analysis. Eclipse MAT's DominatorTreeTest, OQLTest and
// TestInstanceSizes; perflib's and ahat's tests on Android and hprof-agent dumps; py-hprof's acceptance tests.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from './analysis.node.ts';
import type { HeapAnalysis } from './analysis.ts';
import type { ObjectRow } from './api.ts';
import { isHeapdropError } from './errors.ts';
import { readHprofFile } from './hprof/read-file.node.ts';
import { CLASS_STATIC_STORAGE } from './model/parsed-heap.ts';
import { corpusFile, haveCorpus } from './testing/corpus.node.ts';

const MORE = corpusFile('external', 'more');
const have = (f: string) => haveCorpus('external', 'more', f);

function row(a: HeapAnalysis, className: string) {
  const r = a.histogram().filter((h) => h.className === className);
  expect(r.length, className).toBe(1);
  return r[0];
}

function instances(a: HeapAnalysis, className: string): ObjectRow[] {
  const r = row(a, className);
  return a.instancesOf(r.classIndex, 0, 100_000).items;
}

/** Every object in the dominator subtree of `index` (itself included). */
function retainedSet(a: HeapAnalysis, index: number): ObjectRow[] {
  const out: ObjectRow[] = [];
  const visit = (i: number) => {
    for (const c of a.dominatorChildren(i, 0, 100_000).items) {
      out.push(c);
      visit(c.index);
    }
  };
  visit(index);
  return out;
}

const simple = (name: string) => name.slice(name.lastIndexOf('$') + 1);

describe('MAT DominatorTreeTest', () => {
  for (const [file, retained] of [
    ['sun_jdk6_32bit.hprof', 224],
    ['sun_jdk5_64bit.hprof', 376],
  ] as const) {
    it.skipIf(!have(file))(`${file}: R retains ${retained} bytes, dominates A B C D E H I K; C: F G, D: L, G: J`, async () => {
      const a = await analyzeFile(`${MORE}/${file}`);
      const prefix = 'org.eclipse.mat.tests.CreateSampleDump$DominatorTestData$';
      const [r] = instances(a, `${prefix}R`);
      expect(r.retainedBytes).toBe(retained);
      const children = a.dominatorChildren(r.index, 0, 100).items;
      expect(children.map((c) => simple(c.className)).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'H', 'I', 'K']);
      expect(retainedSet(a, r.index).length + 1).toBe(13);
      const under = (name: string) => {
        const c = children.find((x) => simple(x.className) === name) ?? retainedSet(a, r.index).find((x) => simple(x.className) === name)!;
        return a
          .dominatorChildren(c.index, 0, 100)
          .items.map((x) => simple(x.className))
          .sort();
      };
      expect(under('C')).toEqual(['F', 'G']);
      expect(under('D')).toEqual(['L']);
      expect(under('G')).toEqual(['J']);
      if (file === 'sun_jdk6_32bit.hprof') {
        // testImmDomQuerySunJdk6_32: char[]'s immediate dominators with MAT's skip pattern: 2 rows.
        const imm = a.immediateDominators(row(a, 'char[]').classIndex, { skip: 'java\\..*|javax\\..*|com\\.sun\\..*|sun\\..*|jdk\\..*' });
        expect(imm.rows.length).toBe(2);
      }
    });
  }
});

describe.skipIf(!have('sun_jdk5_64bit.hprof'))('MAT OQLTest on sun_jdk5_64bit', () => {
  it('492 Strings, 465 dominate their value char[] and 27 do not; java.lang.* classes have 1,198 instances', async () => {
    const a = await analyzeFile(`${MORE}/sun_jdk5_64bit.hprof`);
    const strings = instances(a, 'java.lang.String');
    expect(strings.length).toBe(492);
    let dominating = 0;
    for (const s of strings) {
      const value = (await a.objectDetails(s.index)).fields.find((f) => f.name === 'value')?.ref;
      if (value && (await a.objectDetails(value.index)).dominator?.index === s.index) dominating++;
    }
    expect(dominating).toBe(465);
    expect(strings.length - dominating).toBe(27);
    // OQL `select * from "java.lang.*"`: the class pattern is a regular expression over the class name.
    const javaLang = a.histogram().filter((h) => /^java.lang.*$/.test(h.className));
    expect(javaLang.reduce((n, h) => n + h.instances, 0)).toBe(1198);
  });
});

describe('MAT TestInstanceSizes: instance sizes and array totals equal jmap -histo', () => {
  for (const variant of ['compressedOops', 'nocompressedOops']) {
    const file = `sun_jdk6_30_x64_${variant}`;
    it.skipIf(!have(`${file}.hprof`))(variant, async () => {
      const a = await analyzeFile(`${MORE}/${file}.hprof`, { keepUnreachable: true });
      const ours = new Map(a.histogram().map((h) => [h.className, h]));
      let compared = 0;
      for (const line of readFileSync(`${MORE}/${file}.notes.txt`, 'utf8').split('\n')) {
        const m = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)$/.exec(line);
        if (!m || m[3].startsWith('<') || m[3] === 'java.lang.Class') continue; // VM-internal klasses; class mirrors
        const [count, bytes, jvmName] = [Number(m[1]), Number(m[2]), m[3]];
        const h = ours.get(matName(jvmName));
        if (h === undefined || h.instances === 0) continue;
        if (jvmName.startsWith('[')) {
          if (h.instances === count) expect(h.shallowBytes, jvmName).toBe(bytes);
        } else expect(h.shallowBytes / h.instances, jvmName).toBe(bytes / count);
        compared++;
      }
      expect(compared).toBeGreaterThan(100);
    });
  }
});

/** A JVM class name as jmap prints it (`[C`, `[Ljava.lang.String;`) in MAT's form (`char[]`, `java.lang.String[]`). */
function matName(jvm: string): string {
  const prim: Record<string, string> = { Z: 'boolean', C: 'char', F: 'float', D: 'double', B: 'byte', S: 'short', I: 'int', J: 'long' };
  let dims = 0;
  while (jvm[dims] === '[') dims++;
  if (dims === 0) return jvm;
  const base = jvm.slice(dims);
  const name = base.startsWith('L') ? base.slice(1, -1) : prim[base];
  return name + '[]'.repeat(dims);
}

describe.skipIf(!have('oracle_jdk7_21_hprofagent.hprof'))('two heap dumps in one file (hprof agent)', () => {
  it('analyses the last dump alone, with one warning; --dump 1 the first', async () => {
    const last = await analyzeFile(`${MORE}/oracle_jdk7_21_hprofagent.hprof`);
    const s = last.summary();
    expect(s.dumps).toEqual({ count: 2, analysed: 2 });
    expect(s.warnings).toEqual([
      'this file holds 2 heap dumps; dump 2 of 2 is analysed (the last, the most recent state of the heap: each dump is a whole heap of its own, and merging them would show a heap that never existed)',
    ]);
    expect(s.objects).toBe(3255);
    const first = await analyzeFile(`${MORE}/oracle_jdk7_21_hprofagent.hprof`, { dump: 1 });
    expect(first.summary().dumps).toEqual({ count: 2, analysed: 1 });
    expect(first.summary().objects).toBe(3286);
    expect(first.summary().warnings).toHaveLength(1);
    await expect(analyzeFile(`${MORE}/oracle_jdk7_21_hprofagent.hprof`, { dump: 3 })).rejects.toThrow(
      'heap dump 3 was asked for, but the file holds 2 heap dumps',
    );
    // Serial ids, not addresses: the summary says MAT's model sizes objects as on a 32-bit VM.
    expect(s.layout?.used).toBe('mat');
    expect(s.layout?.note).toMatch(/serial numbers, not addresses/);
    const jvm = await analyzeFile(`${MORE}/oracle_jdk7_21_hprofagent.hprof`, { layout: 'jvm' });
    expect(jvm.summary().layout?.used).toBe('jvm');
    expect(jvm.summary().usedHeapBytes).toBeGreaterThan(s.usedHeapBytes);
  });
});

describe.skipIf(!have('dialer.android-hprof'))('perflib on dialer.android-hprof (Dalvik, 1.0.3)', () => {
  it("perflib's counts, class static storage set apart, app and zygote heaps, Android roots named", async () => {
    const { parsed } = await readHprofFile(`${MORE}/dialer.android-hprof`);
    const records = new Map<string, number>();
    for (let o = 0; o < parsed.objectCount; o++) {
      const name = parsed.classes[parsed.classByOrdinal[o]].name;
      records.set(name, (records.get(name) ?? 0) + 1);
    }
    // 1,406 byte[] records: 1,296 hold classes' static storage, 110 are byte[].
    expect(records.get(CLASS_STATIC_STORAGE)).toBe(1296);
    expect(records.get('byte[]')).toBe(110);
    expect(parsed.classOverhead).toMatchObject({ arrays: 1296 });
    expect(records.get('int[][]')).toBe(37);
    expect(records.get('java.lang.String[]')).toBe(1396);
    // perflib's "instances" are every object record (instances and arrays), plus the classes.
    expect(parsed.objectCount + parsed.recordCounts['CLASS DUMP']).toBe(43687);
    const at = [...parsed.idByOrdinal].indexOf(0xb0d60401);
    expect(parsed.arrayLengthByOrdinal[at]).toBe(43224);
    expect(parsed.classes[parsed.classByOrdinal[at]].name).toBe(CLASS_STATIC_STORAGE); // at a class's address + 1

    const a = await analyzeFile(`${MORE}/dialer.android-hprof`, { keepUnreachable: true });
    const s = a.summary();
    expect(s.heaps?.map((h) => h.name)).toEqual(['zygote', 'app']);
    expect(s.heaps!.reduce((n, h) => n + h.objects, 0)).toBeLessThanOrEqual(s.objects);
    expect(row(a, 'java.lang.Thread$State').instances).toBe(6);
    const app = row(a, 'com.android.dialer.DialerApplication');
    const cls = await a.objectDetails(a.findObject(app.classAddress)!);
    expect(cls.classLoader?.className).toBe('dalvik.system.PathClassLoader');
    expect(cls.classLoader?.address).toBe('0xb1009af0');
    expect(s.gcRootsByType['Interned String']).toBe(7286);
    expect(s.gcRootsByType['Finalizable']).toBe(1);
    expect(s.gcRootsByType['Debugger']).toBe(3);
    expect(s.gcRootsByType['Unknown']).toBeUndefined();
    // The storage is dominated by its class: none is a top-level dominator, and byte[] is no longer the biggest class.
    const storage = row(a, CLASS_STATIC_STORAGE);
    const tops = a.dominatorChildren(-1, 0, 100_000).items;
    expect(tops.some((t) => t.className === CLASS_STATIC_STORAGE)).toBe(false);
    expect(storage.instances).toBe(1296);
    expect(row(a, 'byte[]').instances).toBe(110);
    // The app heap holds few objects; each row says how many of its objects are there.
    const appHeap = s.heaps!.findIndex((h) => h.name === 'app');
    const inApp = a.histogram().reduce((n, h) => n + (h.byHeap?.[appHeap].instances ?? 0), 0);
    expect(inApp).toBe(s.heaps![appHeap].objects);
    expect(s.heaps![appHeap].objects).toBeGreaterThan(0);
    // Android 4.2 keeps Bitmap pixels in the Java heap (mBuffer): the label shows the size and the array.
    const bitmaps = instances(a, 'android.graphics.Bitmap');
    await a.fillLabels(bitmaps);
    const withPixels = bitmaps.filter((b) => /^\d+×\d+, pixels in the dump: byte\[\d+\] mBuffer$/.test(b.label ?? ''));
    expect(withPixels.length).toBeGreaterThan(0);
    for (const b of withPixels) {
      const [, w, h, n] = /^(\d+)×(\d+), pixels in the dump: byte\[(\d+)\]/.exec(b.label!)!;
      expect(Number(n)).toBeGreaterThanOrEqual(Number(w) * Number(h)); // at least a byte per pixel
    }
  });
});

describe.skipIf(!have('RI.hprof'))("ahat's reference-implementation dump", () => {
  it('InstanceTest.nullValueString: 0x500001a8 is a String whose value is null', async () => {
    const a = await analyzeFile(`${MORE}/RI.hprof`, { keepUnreachable: true });
    const index = a.findObject('0x500001a8');
    expect(index).not.toBeNull();
    const d = await a.objectDetails(index!);
    expect(d.row.className).toBe('java.lang.String');
    expect(d.fields.find((f) => f.name === 'value')?.value).toBeNull();
  });
});

describe.skipIf(!have('example-java.hprof.bz2'))('py-hprof example-java (bzip2)', () => {
  it('the bzip2 file is refused with a typed error naming bzip2, not read as HPROF', async () => {
    let caught: unknown;
    try {
      await readHprofFile(`${MORE}/example-java.hprof.bz2`);
    } catch (e) {
      caught = e;
    }
    expect(isHeapdropError(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/compressed with bzip2/); // named, not "does not start with JAVA PROFILE"
  });

  const python = spawnSync('python3', ['-c', 'import bz2'], { stdio: 'ignore' }).status === 0;
  it.skipIf(!python)("decompressed: py-hprof's counts, and Cars dominates its vehicles", async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'heapdrop-')), 'example-java.hprof');
    const r = spawnSync(
      'python3',
      ['-c', 'import bz2,sys; sys.stdout.buffer.write(bz2.open(sys.argv[1]).read())', `${MORE}/example-java.hprof.bz2`],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    writeFileSync(out, r.stdout);
    const a = await analyzeFile(out);
    const count = (name: string) => a.histogram().find((h) => h.className === name)?.instances ?? 0;
    expect(count('com.example.Cars')).toBe(1);
    expect(count('com.example.cars.Car')).toBe(2);
    expect(count('com.example.cars.Limo')).toBe(1);
    expect(count('com.example.cars.Bike')).toBe(2);
    expect(count('com.example.cars.Vehicle')).toBe(0);
    const [array] = instances(a, 'com.example.cars.Vehicle[]');
    expect((await a.objectDetails(array.index)).arrayLength).toBe(5);
    const [cars] = instances(a, 'com.example.Cars');
    const held = retainedSet(a, cars.index).map((o) => o.className);
    for (const name of ['com.example.cars.Car', 'com.example.cars.Limo', 'com.example.cars.Bike']) {
      expect(held.filter((n) => n === name).length).toBe(count(name));
    }
    expect(held).toContain('com.example.cars.Vehicle[]');
  });
});
