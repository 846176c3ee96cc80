// Merged shortest paths on real dumps against the one-object search: for every object of a class, its depth in the
// merged tree (found by walking the whole tree through the paged query) equals the length of the path that
// pathToRoots finds for it alone (a breadth-first search backwards from the object, an independent algorithm),
// with weak references excluded and followed. Also: each node counts itself (when of the class) plus its children.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import { CORPUS } from '../testing/corpus.node.ts';

// Classes with up to this many objects are checked (each object costs one backward search).
const MAX_OBJECTS = 120;

/** Depth (1 for a GC root) of every object of the class in the merged tree. */
async function depths(analysis: HeapAnalysis, classIndex: number, excludeWeak: boolean): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const walk = async (parent: number, depth: number): Promise<number> => {
    const { page } = await analysis.mergedPaths(classIndex, parent, 0, 1_000_000, { excludeWeak });
    let sum = 0;
    for (const row of page.items) {
      const below = await walk(row.node, depth + 1);
      const own = analysis.graph.classByIndex[row.object.index] === classIndex ? 1 : 0;
      // A node's count: itself when it is of the class, plus its subtree's.
      expect(row.count).toBe(own + below);
      if (own) out.set(row.object.index, depth);
      sum += row.count;
    }
    return sum;
  };
  await walk(-1, 1);
  return out;
}

describe.skipIf(!existsSync(CORPUS))('merged paths: each object at the depth of its own shortest path', () => {
  for (const dump of ['basics.hprof.gz', 'references.hprof.gz']) {
    it(dump, async () => {
      const analysis = await analyzeFile(join(CORPUS, dump), {});
      const classes = analysis
        .histogram()
        .filter((r) => r.instances > 0 && r.instances <= MAX_OBJECTS && r.className !== 'java.lang.Class');
      let checked = 0;
      for (const excludeWeak of [true, false]) {
        for (const cls of classes.slice(0, 40)) {
          const found = await depths(analysis, cls.classIndex, excludeWeak);
          const first = await analysis.mergedPaths(cls.classIndex, -1, 0, 0, { excludeWeak });
          expect(first.objects).toBe(cls.instances);
          expect(found.size).toBe(first.reached);
          const all = analysis.instancesOf(cls.classIndex, 0, MAX_OBJECTS).items;
          for (const o of all) {
            const path = await analysis.pathToRoots(o.index, { excludeWeak });
            expect(found.get(o.index), `${cls.className} ${o.address}`).toBe(path === null ? undefined : path.length);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(500);
    });
  }
});
