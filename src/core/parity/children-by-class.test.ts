// Group-by-class in the dominator tree on every corpus dump: for every node with children (the virtual root
// included), the classes and their count / shallow / retained sums equal a brute-force count made here from the
// idom column alone (not from the children lists the query reads), and the totals are the same on every page.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { ClassGroupRow } from '../api.ts';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));
const NO_NODE = 0xffffffff;
const DUMPS = [
  { dump: 'basics.hprof.gz', keep: false },
  { dump: 'basics-all.hprof.gz', keep: true },
  { dump: 'references.hprof.gz', keep: false },
  { dump: 'routes.hprof.gz', keep: false },
  { dump: 'external/hprof-32.bin', keep: false },
  { dump: 'external/hprof-64.bin', keep: false },
  { dump: 'external/more/sun_jdk6_32bit.hprof', keep: false },
  { dump: 'external/more/sun_jdk5_64bit.hprof', keep: false },
  { dump: 'external/more/RI.hprof', keep: false },
];
const PAGE = 7;

describe.skipIf(!existsSync(CORPUS))('dominatorChildrenByClass equals a brute-force count over all children', () => {
  for (const d of DUMPS) {
    it.skipIf(!existsSync(join(CORPUS, d.dump)))(d.dump, async () => {
      const a = await analyzeFile(join(CORPUS, d.dump), { keepUnreachable: d.keep });
      const g = a.graph;
      // parent (-1: virtual root) -> class -> [count, shallow, retained]
      const expected = new Map<number, Map<number, [number, number, number]>>();
      for (let v = 0; v < g.nodeCount; v++) {
        const p = g.idomByIndex[v] === NO_NODE ? -1 : g.idomByIndex[v];
        let byClass = expected.get(p);
        if (!byClass) expected.set(p, (byClass = new Map()));
        const c = g.classByIndex[v];
        const sums = byClass.get(c) ?? [0, 0, 0];
        byClass.set(c, [sums[0] + 1, sums[1] + g.shallowByIndex[v], sums[2] + g.retainedByIndex[v]]);
      }
      let checked = 0;
      let paged = 0;
      for (const [parent, byClass] of expected) {
        const first = a.dominatorChildrenByClass(parent, 0, PAGE);
        const rows: ClassGroupRow[] = [...first.page.items];
        for (let offset = PAGE; offset < first.page.total; offset += PAGE) {
          const next = a.dominatorChildrenByClass(parent, offset, PAGE);
          // The totals describe all children, whatever the page.
          expect([next.children, next.shallowBytes, next.retainedBytes, next.page.total]).toEqual([
            first.children,
            first.shallowBytes,
            first.retainedBytes,
            first.page.total,
          ]);
          rows.push(...next.page.items);
          paged++;
        }
        const want = [...byClass].map(([c, [n, s, r]]) => `${c} ${n} ${s} ${r}`).sort();
        expect(rows.map((r) => `${r.classIndex} ${r.count} ${r.shallowBytes} ${r.retainedBytes}`).sort(), `parent ${parent}`).toEqual(want);
        let n = 0;
        let s = 0;
        let r = 0;
        for (const [cn, cs, cr] of byClass.values()) {
          n += cn;
          s += cs;
          r += cr;
        }
        expect([first.children, first.shallowBytes, first.retainedBytes]).toEqual([n, s, r]);
        // Largest retained first.
        for (let i = 1; i < rows.length; i++) expect(rows[i - 1].retainedBytes).toBeGreaterThanOrEqual(rows[i].retainedBytes);
        checked++;
      }
      // The virtual root has many classes: the paging above really pages.
      expect(paged).toBeGreaterThan(0);
      expect(checked).toBe(expected.size);
      // A class's members under the root: all of them, in pages, each of that class.
      const top = a.dominatorChildrenByClass(-1, 0, 1).page.items[0];
      const members = a.dominatorChildrenOfClass(-1, top.classIndex, 0, top.count + 1);
      expect(members.total).toBe(top.count);
      expect(members.items.reduce((sum, m) => sum + m.retainedBytes, 0)).toBe(top.retainedBytes);
      expect(new Set(members.items.map((m) => m.className))).toEqual(new Set([top.className]));
    });
  }
});
