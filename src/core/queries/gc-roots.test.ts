// GC roots by type on the corpus's basics dump: the counts equal MAT's (basics.mat-summary.txt: gc_root_type),
// and each type's retained size equals the shallow bytes of the dominator subtrees of its roots, walked down
// from them object by object.

import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';

const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

describe.skipIf(!existsSync(CORPUS + 'basics.hprof.gz'))('GC roots by type (corpus basics.hprof.gz)', () => {
  let a: HeapAnalysis;
  beforeAll(async () => {
    a = await analyzeFile(CORPUS + 'basics.hprof.gz');
  }, 120_000);

  it("has MAT's root types and counts", () => {
    const mat = [...readFileSync(CORPUS + 'basics.mat-summary.txt', 'utf8').matchAll(/^gc_root_type\t(.+)\t(\d+)$/gm)].map((m) => ({
      type: m[1],
      objects: Number(m[2]),
    }));
    expect(mat.length).toBe(3);
    expect(
      a
        .gcRoots()
        .map((r) => ({ type: r.type, objects: r.objects }))
        .sort((x, y) => x.type.localeCompare(y.type)),
    ).toEqual(mat);
    expect(a.gcRoots().map((r) => r.objects)).toEqual([552, 42, 8]); // the most objects first
  });

  it("each type's retained size is what lies below its roots in the dominator tree, counted object by object", () => {
    const g = a.graph;
    for (const row of a.gcRoots()) {
      const page = a.gcRootObjects(row.type, 0, 1_000_000);
      expect(page.total).toBe(row.objects);
      const members = new Set(page.items.map((r) => r.index));
      // Down the dominator tree from every member, each object counted once.
      let below = 0;
      let shallow = 0;
      const seen = new Set<number>();
      const stack = [...members];
      while (stack.length > 0) {
        const v = stack.pop()!;
        if (seen.has(v)) continue;
        seen.add(v);
        below += g.shallowByIndex[v];
        for (const c of g.sortedChildren(v)) stack.push(c);
      }
      for (const m of members) shallow += g.shallowByIndex[m];
      expect(row.retainedBytes, row.type).toBe(below);
      expect(row.shallowBytes, row.type).toBe(shallow);
      const retained = page.items.map((r) => r.retainedBytes);
      expect(retained).toEqual([...retained].sort((x, y) => y - x));
    }
    // The thread stack-holder's locals: its 4,000,304 bytes are among the Thread roots' retained size.
    expect(a.gcRoots().find((r) => r.type === 'Thread')!.retainedBytes).toBeGreaterThan(4_000_304);
  });

  it('a type with no roots is a RangeError', () => {
    expect(() => a.gcRootObjects('Busy Monitor', 0, 10)).toThrow(RangeError);
  });
});
