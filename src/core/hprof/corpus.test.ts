// The reader, size model and histogram against the parity corpus (real JDK 17 dumps with Eclipse MAT's answers)
// and the external dumps from other projects' test suites.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { classHistogram } from '../histogram.ts';
import { sizeModel } from '../model/sizes.ts';
import { parseBytes, parsedDigest } from '../testing/chunking.ts';
import { CORPUS } from '../testing/corpus.node.ts';
import { readHprofFile } from './read-file.node.ts';

const haveCorpus = existsSync(`${CORPUS}basics.hprof.gz`);

function matHistogram(file: string): { className: string; instances: number; shallowBytes: number }[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [className, objects, shallow] = line.split('\t');
      return { className, instances: Number(objects), shallowBytes: Number(shallow) };
    });
}

function multiset(rows: { className: string; instances: number; shallowBytes: number }[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) {
    const k = `${r.className}\t${r.instances}\t${r.shallowBytes}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

describe.skipIf(!haveCorpus)('corpus', () => {
  it('basics-all: the histogram of every object equals MAT keep_unreachable_objects, class for class', async () => {
    const { parsed } = await readHprofFile(`${CORPUS}basics-all.hprof.gz`);
    const rows = classHistogram(parsed, sizeModel(parsed));
    const mat = matHistogram(`${CORPUS}basics-all.keep.mat-histogram.tsv`);
    expect(rows.length).toBe(mat.length);
    expect(multiset(rows)).toEqual(multiset(mat));
    expect(rows.reduce((s, r) => s + r.instances, 0)).toBe(83190);
    expect(rows.reduce((s, r) => s + r.shallowBytes, 0)).toBe(28374224);
    expect(parsed.compressedRefs).toBe(true);
    expect(parsed.alignment).toBe(8);
  });

  for (const name of ['basics', 'references', 'routes']) {
    it(`${name}: every class count is at least MAT's (MAT drops unreachable objects)`, async () => {
      const { parsed } = await readHprofFile(`${CORPUS}${name}.hprof.gz`);
      const rows = classHistogram(parsed, sizeModel(parsed));
      const byName = (list: { className: string; instances: number }[]) => {
        const m = new Map<string, number>();
        for (const r of list) m.set(r.className, (m.get(r.className) ?? 0) + r.instances);
        return m;
      };
      const mine = byName(rows);
      for (const [cls, count] of byName(matHistogram(`${CORPUS}${name}.mat-histogram.tsv`))) {
        expect(mine.get(cls) ?? 0, cls).toBeGreaterThanOrEqual(count);
      }
      expect(parsed.truncated).toBe(false);
      expect(parsed.warnings).toEqual([]);
      if (name === 'basics') expect(parsed.objectCount).toBe(75793); // corpus README: instances and arrays in the file
    });
  }

  it('64 KiB and 1 MiB chunks give the same result as one buffer (basics)', () => {
    const bytes = new Uint8Array(gunzipSync(readFileSync(`${CORPUS}basics.hprof.gz`)));
    const whole = parsedDigest(parseBytes(bytes));
    expect(parsedDigest(parseBytes(bytes, 65536))).toEqual(whole);
    expect(parsedDigest(parseBytes(bytes, 1024 * 1024))).toEqual(whole);
    expect(parsedDigest(parseBytes(bytes, 65536 + 7))).toEqual(whole);
  });

  it('a plain copy and the -gz file give the same result (references)', async () => {
    const gz = await readHprofFile(`${CORPUS}references.hprof.gz`);
    const plain = parseBytes(new Uint8Array(gunzipSync(readFileSync(`${CORPUS}references.hprof.gz`))), 1 << 20);
    const a = parsedDigest(gz.parsed);
    const b = parsedDigest(plain);
    expect(gz.parsed.compressed).toBe(true);
    expect(a).toEqual(b);
  });
});

const EXTERNAL = `${CORPUS}external`;

/** Record counts from hprof-slurp's summary ("UTF-8 Strings: 1496", "..GC instance dump: 1293"). */
function peerCounts(file: string): Record<string, number> {
  const text = readFileSync(file, 'utf8');
  const get = (label: string) =>
    Number(new RegExp(`^\\.*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    UTF8: get('UTF-8 Strings'),
    'LOAD CLASS': get('Classes loaded'),
    'UNLOAD CLASS': get('Classes unloaded'),
    'STACK TRACE': get('Stack traces'),
    'STACK FRAME': get('Stack frames'),
    'START THREAD': get('Start threads'),
    'ALLOC SITES': get('Allocation sites'),
    'END THREAD': get('End threads'),
    'CONTROL SETTINGS': get('Control settings'),
    'CPU SAMPLES': get('CPU samples'),
    'HEAP SUMMARY': get('Heap summaries'),
    'ROOT UNKNOWN': get('GC root unknown'),
    'ROOT THREAD OBJECT': get('GC root thread objects'),
    'ROOT JNI GLOBAL': get('GC root JNI global'),
    'ROOT JNI LOCAL': get('GC root JNI local'),
    'ROOT JAVA FRAME': get('GC root Java frame'),
    'ROOT NATIVE STACK': get('GC root native stack'),
    'ROOT STICKY CLASS': get('GC root sticky class'),
    'ROOT THREAD BLOCK': get('GC root thread block'),
    'ROOT MONITOR USED': get('GC root monitor used'),
    'PRIMITIVE ARRAY DUMP': get('GC primitive array dump'),
    'OBJECT ARRAY DUMP': get('GC object array dump'),
    'CLASS DUMP': get('GC class dump'),
    'INSTANCE DUMP': get('GC instance dump'),
  };
}

for (const name of ['hprof-32', 'hprof-64']) {
  describe.skipIf(!existsSync(`${EXTERNAL}/${name}.bin`))(`external ${name}.bin`, () => {
    it('record counts equal the peer summary, at 1, 7 and 65536-byte chunks', () => {
      const bytes = new Uint8Array(readFileSync(`${EXTERNAL}/${name}.bin`));
      const parsed = parseBytes(bytes);
      const expected = peerCounts(`${EXTERNAL}/${name}-result.txt`);
      for (const [record, count] of Object.entries(expected)) {
        // hprof-slurp's "Classes loaded" counts distinct classes; hprof-64.bin repeats some LOAD CLASS records.
        if (record === 'LOAD CLASS') expect(parsed.recordCounts[record]).toBeGreaterThanOrEqual(count);
        else expect(parsed.recordCounts[record] ?? 0, record).toBe(count);
      }
      expect(parsed.classes.length).toBe(expected['LOAD CLASS']);
      expect(parsed.truncated).toBe(false);
      expect(parsed.format).toBe('JAVA PROFILE 1.0.1');
      // MAT (default mode) drops unreachable objects: our counts are at least MAT's, and where equal, so are bytes
      // (4-byte ids: 8-byte headers; hprof-64: compressed references detected from array addresses).
      const sizes = sizeModel(parsed);
      const mine = new Map<string, [number, number]>();
      for (const r of classHistogram(parsed, sizes)) {
        const m = mine.get(r.className) ?? [0, 0];
        mine.set(r.className, [m[0] + r.instances, m[1] + r.shallowBytes]);
      }
      let sameCount = 0;
      for (const row of matHistogram(`${EXTERNAL}/${name}.mat-histogram.tsv`)) {
        const [count, bytes] = mine.get(row.className) ?? [0, 0];
        expect(count, row.className).toBeGreaterThanOrEqual(row.instances);
        if (count === row.instances && count > 0) {
          expect(bytes, row.className).toBe(row.shallowBytes);
          sameCount++;
        }
      }
      expect(sameCount).toBeGreaterThan(100);
      expect(parsed.compressedRefs).toBe(name === 'hprof-64');
      const whole = parsedDigest(parsed);
      for (const size of [1, 7, 65536]) expect(parsedDigest(parseBytes(bytes, size)), `chunk ${size}`).toEqual(whole);
    });
  });
}
