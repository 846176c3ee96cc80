// Duplicate strings on real dumps (JDK 17 compact strings in the corpus's own dumps; the external dumps come from
// an older JVM), against the slow way: every String's value decoded one by one through the inspector's
// objectDetails, grouped in a Map, the waste counted from its `value` field's array. Values are compared in full
// up to the inspector's clip (a few thousand characters), with the clip marker as part of the key.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import { KIND_INSTANCE } from '../model/parsed-heap.ts';
import { escapeControls } from '../queries/labels.ts';
import { CORPUS } from '../testing/corpus.node.ts';

const DUMPS = ['basics.hprof.gz', 'references.hprof.gz', 'routes.hprof.gz', 'external/hprof-32.bin', 'external/hprof-64.bin'];

describe.skipIf(!existsSync(CORPUS))('duplicate strings equal a String-by-String decode', () => {
  for (const dump of DUMPS) {
    it(dump, async () => {
      const analysis = await analyzeFile(join(CORPUS, dump), {});
      const g = analysis.graph;
      const stringClasses = new Set(
        analysis
          .histogram()
          .filter((r) => r.className === 'java.lang.String')
          .map((r) => r.classIndex),
      );
      // Index order is address order: the first String met of each value is the one that stays.
      const byValue = new Map<string, { strings: number; wasted: number }>();
      const keptArrays = new Set<number>();
      const others: { key: string; string: number; array: number }[] = [];
      let strings = 0;
      let unreadable = 0;
      for (let v = 0; v < g.nodeCount; v++) {
        if (!stringClasses.has(g.classByIndex[v]) || g.kindByIndex[v] !== KIND_INSTANCE) continue;
        strings++;
        const details = await analysis.objectDetails(v);
        const array = details.fields.find((f) => f.name === 'value')?.ref?.index;
        if (details.stringValue === undefined || array === undefined) {
          unreadable++;
          continue;
        }
        const key = escapeControls(details.stringValue);
        const entry = byValue.get(key);
        if (entry) {
          entry.strings++;
          others.push({ key, string: v, array });
        } else {
          byValue.set(key, { strings: 1, wasted: 0 });
          keptArrays.add(array);
        }
      }
      // An array is freed when no staying String uses it; counted once.
      const freed = new Set<number>();
      for (const o of others) {
        const entry = byValue.get(o.key)!;
        entry.wasted += g.shallowByIndex[o.string];
        if (!keptArrays.has(o.array) && !freed.has(o.array)) {
          freed.add(o.array);
          entry.wasted += g.shallowByIndex[o.array];
        }
      }
      const r = await analysis.duplicateStrings();
      expect(r.strings).toBe(strings);
      expect(r.unreadable).toBe(unreadable);
      expect(r.distinct).toBe(byValue.size);
      const duplicated = [...byValue].filter(([, e]) => e.strings > 1);
      expect(r.duplicatedValues).toBe(duplicated.length);
      expect(r.duplicates).toBe(duplicated.reduce((sum, [, e]) => sum + e.strings - 1, 0));
      expect(r.wastedBytes).toBe(duplicated.reduce((sum, [, e]) => sum + e.wasted, 0));
      // Every group: the same count and waste as the decode found for its value (values here are short).
      for (const group of r.groups) {
        const e = byValue.get(group.value);
        expect(e, group.value).toBeDefined();
        expect([group.strings, group.wastedBytes], group.value).toEqual([e!.strings, e!.wasted]);
      }
      expect(r.groups.length).toBe(Math.min(duplicated.length, 1000));
      expect(duplicated.length).toBeGreaterThan(0);
    });
  }
});
