// The acceptance test: on every corpus dump, heapdrop's objects, histogram and summary equal Eclipse MAT's answer
// files (../../shared/corpus, README "Files"), object for object, in default mode and in keep_unreachable mode.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import { objectsTsvChunks } from '../graph/objects-tsv.ts';
import { toHex } from '../units.ts';
import { diffLines, diffObjects, parseMatHistogram, parseMatSummary } from './mat-files.ts';
import { CORPUS } from '../testing/corpus.node.ts';

interface Case {
  /** Prefix of MAT's files. */
  mat: string;
  dump: string;
  keep: boolean;
}

const CASES: Case[] = [
  { mat: 'basics', dump: 'basics.hprof.gz', keep: false },
  { mat: 'basics-all', dump: 'basics-all.hprof.gz', keep: false },
  { mat: 'basics-all.keep', dump: 'basics-all.hprof.gz', keep: true },
  { mat: 'references', dump: 'references.hprof.gz', keep: false },
  { mat: 'routes', dump: 'routes.hprof.gz', keep: false },
  { mat: 'external/hprof-32', dump: 'external/hprof-32.bin', keep: false },
  { mat: 'external/hprof-64', dump: 'external/hprof-64.bin', keep: false },
];

function objectsText(a: HeapAnalysis): string {
  let text = '';
  for (const chunk of objectsTsvChunks(a.graph)) text += chunk;
  return text;
}

describe.skipIf(!existsSync(CORPUS))('parity with Eclipse MAT', () => {
  for (const c of CASES) {
    it(`${c.mat}: objects, histogram and summary equal MAT's`, async () => {
      const analysis = await analyzeFile(join(CORPUS, c.dump), { keepUnreachable: c.keep });

      const matObjects = gunzipSync(readFileSync(join(CORPUS, `${c.mat}.mat-objects.tsv.gz`))).toString('utf8');
      const diff = diffObjects(matObjects, objectsText(analysis));
      expect(diff.digest).toBe('');
      expect(diff.oursCount).toBe(diff.matCount);

      // Dominator-tree roots, in MAT's order (retained bytes descending, then address).
      const g = analysis.graph;
      const matRoots = readFileSync(join(CORPUS, `${c.mat}.mat-dominator-roots.tsv`), 'utf8')
        .split('\n')
        .slice(1)
        .filter(Boolean);
      const ourRoots = Array.from(g.sortedChildren(-1), (v) =>
        [toHex(g.idOf(v)), g.parsed.classes[g.classByIndex[v]].name, g.shallowByIndex[v], g.retainedByIndex[v]].join('\t'),
      );
      expect(diffLines(matRoots, ourRoots)).toBe('');
      expect(ourRoots.slice(0, 50)).toEqual(matRoots.slice(0, 50));

      // Histogram: one row per kept class (class names are not unique keys, so rows are compared as a multiset).
      const matRows = parseMatHistogram(readFileSync(join(CORPUS, `${c.mat}.mat-histogram.tsv`), 'utf8'));
      const ours = analysis.histogram();
      expect(
        diffLines(
          matRows.map((r) => `${r.className}\t${r.objects}\t${r.shallow}`),
          ours.map((r) => `${r.className}\t${r.instances}\t${r.shallowBytes}`),
        ),
      ).toBe('');
      // min_retained: MAT marks its quick value negative; the magnitude is what heapdrop computes (see
      // graph/class-retained.ts), so it is compared too.
      expect(
        diffLines(
          matRows.map((r) => `${r.className}\t${r.objects}\t${Math.abs(r.minRetained)}`),
          ours.map((r) => `${r.className}\t${r.instances}\t${r.retainedBytes}`),
        ),
      ).toBe('');
      // Sorted by shallow bytes descending.
      for (let i = 1; i < ours.length; i++) expect(ours[i - 1].shallowBytes).toBeGreaterThanOrEqual(ours[i].shallowBytes);

      const { values, rootTypes } = parseMatSummary(readFileSync(join(CORPUS, `${c.mat}.mat-summary.txt`), 'utf8'));
      const s = analysis.summary();
      expect({
        objects: s.objects,
        classes: s.classes,
        gcRoots: s.gcRoots,
        usedHeapBytes: s.usedHeapBytes,
        gcRootsByType: s.gcRootsByType,
      }).toEqual({
        objects: Number(values.number_of_objects),
        classes: Number(values.number_of_classes),
        gcRoots: Number(values.number_of_gc_roots),
        usedHeapBytes: Number(values.used_heap_size),
        gcRootsByType: rootTypes,
      });
      expect(s.objects).toBe(s.instances + s.arrays + s.classes + 1);
      // The top-level dominators' retained sizes add up to the used heap (corpus README, "Dominator tree").
      let topSum = 0;
      for (const v of analysis.graph.sortedChildren(-1)) topSum += analysis.graph.retainedByIndex[v];
      expect(topSum).toBe(s.usedHeapBytes);
    });
  }
});
