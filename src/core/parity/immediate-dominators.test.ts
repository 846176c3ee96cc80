// "Held by" (MAT's Immediate Dominators query) on the corpus dumps, against the same query worked out in the test
// from MAT's own objects file: each object's class, shallow size and immediate dominator as MAT computed them,
// walked up past dominators whose class matches MAT's default skip pattern, with no shortcut. Every class whose
// name is unique in the dump is asked for (same-named classes cannot be told apart in MAT's file).

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import { CORPUS } from '../testing/corpus.node.ts';

const CASES = [
  { mat: 'basics', dump: 'basics.hprof.gz', keep: false },
  { mat: 'basics-all.keep', dump: 'basics-all.hprof.gz', keep: true },
  { mat: 'references', dump: 'references.hprof.gz', keep: false },
  { mat: 'routes', dump: 'routes.hprof.gz', keep: false },
  { mat: 'external/hprof-64', dump: 'external/hprof-64.bin', keep: false },
];
const MAT_SKIP = /^(?:java\..*|javax\..*|com\.sun\..*|sun\..*|jdk\..*)$/;

interface Row {
  dominators: Set<string>;
  dominated: number;
  dominatorShallow: number;
  dominatedShallow: number;
}

/** For every class name: the rows "holder class -> counts" as MAT's getDominatorsOf builds them. */
function expectedFromMat(text: string): Map<string, Map<string, Row>> {
  const objects = new Map<string, { cls: string; shallow: number; idom: string }>();
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const [address, cls, shallow, , idom] = line.split('\t');
    objects.set(address, { cls, shallow: Number(shallow), idom });
  }
  const byClass = new Map<string, Map<string, Row>>();
  for (const o of objects.values()) {
    // "0x0" in the idom column is the virtual root (the corpus README), even though the pseudo boot loader also
    // sits at 0x0.
    let d = o.idom;
    while (d !== '0x0' && MAT_SKIP.test(objects.get(d)!.cls)) d = objects.get(d)!.idom;
    const holderClass = d === '0x0' ? '<ROOT>' : objects.get(d)!.cls;
    let rows = byClass.get(o.cls);
    if (!rows) byClass.set(o.cls, (rows = new Map()));
    let row = rows.get(holderClass);
    if (!row) rows.set(holderClass, (row = { dominators: new Set(), dominated: 0, dominatorShallow: 0, dominatedShallow: 0 }));
    row.dominated++;
    row.dominatedShallow += o.shallow;
    if (d !== '0x0' && !row.dominators.has(d)) {
      row.dominators.add(d);
      row.dominatorShallow += objects.get(d)!.shallow;
    }
  }
  return byClass;
}

describe.skipIf(!existsSync(CORPUS))('held by (immediate dominators) equals the query run on MAT’s dominator tree', () => {
  for (const c of CASES) {
    it(c.mat, async () => {
      const analysis = await analyzeFile(join(CORPUS, c.dump), { keepUnreachable: c.keep });
      const expected = expectedFromMat(gunzipSync(readFileSync(join(CORPUS, `${c.mat}.mat-objects.tsv.gz`))).toString('utf8'));
      const classes = analysis.graph.parsed.classes;
      const nameCount = new Map<string, number>();
      for (const k of classes) nameCount.set(k.name, (nameCount.get(k.name) ?? 0) + 1);
      let asked = 0;
      let objects = 0;
      for (const row of analysis.histogram()) {
        if (nameCount.get(row.className) !== 1 || row.instances === 0) continue;
        const ours = analysis.immediateDominators(row.classIndex);
        const want = expected.get(row.className);
        expect(want, row.className).toBeDefined();
        const wantRows = [...want!]
          .map(([name, r]) => [name, r.dominators.size, r.dominated, r.dominatorShallow, r.dominatedShallow].join(' '))
          .sort();
        const ourRows = ours.rows
          .map((r) => [r.className, r.dominators, r.dominated, r.dominatorShallowBytes, r.dominatedShallowBytes].join(' '))
          .sort();
        expect(ourRows, row.className).toEqual(wantRows);
        // Largest dominated bytes first.
        for (let i = 1; i < ours.rows.length; i++) {
          expect(ours.rows[i - 1].dominatedShallowBytes).toBeGreaterThanOrEqual(ours.rows[i].dominatedShallowBytes);
        }
        asked++;
        objects += ours.objects;
      }
      // Most of the dump is covered (every class but the few with a duplicated name).
      expect(asked).toBeGreaterThan(100);
      expect(objects).toBeGreaterThan(0.9 * analysis.summary().objects);
    });
  }
});

// MAT's DominatorTreeTest.testImmDomQuerySunJdk6_32: `immediate_dominators char[]` on MAT's own 32-bit Sun JDK 6
// dump gives 2 rows with the default skip pattern (18 with the older `java.*|com\.sun\..*`, which let
// sun.* holders through).
const SUN_JDK6_32 = join(CORPUS, 'external/more/sun_jdk6_32bit.hprof');
describe.skipIf(!existsSync(SUN_JDK6_32))('held by on sun_jdk6_32bit.hprof, as MAT’s DominatorTreeTest', () => {
  it('char[] gives MAT’s 2 rows', async () => {
    const analysis = await analyzeFile(SUN_JDK6_32);
    const charArray = analysis.histogram().find((r) => r.className === 'char[]')!;
    const result = analysis.immediateDominators(charArray.classIndex);
    expect(result.rows).toHaveLength(2);
    expect(result.rows.map((r) => r.className).sort()).toEqual(['<ROOT>', 'org.eclipse.mat.tests.CreateSampleDump$ReferenceTestData']);
    expect(result.rows.reduce((n, r) => n + r.dominated, 0)).toBe(result.objects);
    // The old pattern passes sun.* dominators through as holders: many more rows.
    expect(analysis.immediateDominators(charArray.classIndex, { skip: 'java.*|com\\.sun\\..*' }).rows.length).toBeGreaterThan(2);
  });
});
